"""Private individuals named in the real Contracts Finder file, found by hash at test time (no private name is written here)."""

from __future__ import annotations

import functools

from tests.conftest import SHARED_DATA
from tests.spend.privacy_sample import name_hash

CONTRACTS_FINDER = (
    SHARED_DATA / "spend" / "contracts_finder_awarded_substance_misuse_2015-2024_notices.csv"
)
# The two sole traders in that file that geo.spend.privacy withholds (SHA-256 of the exact name).
CF_PEOPLE_HASHES = ("#6465be1cbee12552", "#181a26f3fd86fdab")


@functools.cache
def contracts_finder_people() -> tuple[str, ...]:
    """Their names, read from the file itself (the tests must search for and look for them)."""
    from geo.spend.ingest import read_spend

    names = set(read_spend(CONTRACTS_FINDER).frame["supplier_name"].dropna().astype(str))
    by_hash = {name_hash(n): n for n in names}
    found = tuple(by_hash[h] for h in CF_PEOPLE_HASHES if h in by_hash)
    assert len(found) == len(CF_PEOPLE_HASHES), "the Contracts Finder file no longer names them"
    return found
