"""Where the real public spend files are (../shared/data/spend from the checkout, found upwards)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def spend_dir() -> Path:
    env = os.environ.get("SPEND_GEO_SHARED_SPEND")
    if env:
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "data" / "spend"
        if candidate.is_dir():
            return candidate
    pytest.skip("the shared real spend files (shared/data/spend) are not on this machine")
    raise AssertionError  # unreachable


def real_sets() -> dict[str, list[Path]]:
    """Each real dataset as the list of files an officer would give together."""
    d = spend_dir()
    return {
        "trafford": [d / "trafford-supplier-spend-2024-25.zip"],
        "contracts_finder": [d / "contracts_finder_awarded_substance_misuse_2015-2024_notices.csv"],
        "manchester": sorted((d / "council_2021-22" / "manchester").glob("*.csv")),
        "calderdale": sorted((d / "council_2021-22" / "calderdale").glob("*.csv")),
        "defra": sorted((d / "defra_over_25k_2025-26").glob("*.csv")),
    }
