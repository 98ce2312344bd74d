"""Exact and fuzzy name matching, table-driven on real supplier-name pairs from Trafford, Manchester and Contracts Finder."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from geo.spend.match import Reference, _conflict, decide, exact_matches, fuzzy_candidates
from geo.spend.names import normalise_name


def _ref(names: list[str], postcodes: list[str] | None = None) -> Reference:
    keys = normalise_name(pd.Series(names, dtype="string"))
    table = pa.table(
        {
            "id": [f"T{i:07d}" for i in range(len(names))],
            "name": names,
            "name_key": pa.array(keys.astype(object).where(keys.notna(), None), pa.string()),
            "postcode": postcodes or ["M1 1AA"] * len(names),
            "status": ["Active"] * len(names),
        }
    )
    return Reference.from_table("companies", table, "id", "name")


# Both names in each pair are written in real files (source in the comment). The pairs were found
# by scoring every real name against every other: they score ≥ 90 with fuzz.ratio on the keys.
SAME_ORGANISATION = [
    ("Framework Housing Assocation", "Framework Housing Association"),  # CF / CF
    ("BANNISTER PRESTON SOLICTORS", "Bannister Preston Solicitors"),  # M / T
    ("Turning Point Service Ltd", "Turning Point Services Ltd"),  # CF / T
    ("Pheonix Futures", "Phoenix Futures"),  # CF / CF
    ("Thamesreach", "Thames Reach"),  # CF / CF
    ("Catch 22 Charity Limited", "Catch22 Charity Limited"),  # M / CF
    ("MERSEYCARE NHS TRUST", "Mersey Care NHs trust"),  # CF / CF
    ("Central and North West London NHS Foundation Trust (CNWL)", "Central and North West London NHS Foundation Trust"),  # CF
    ("Kirwin McLean Associates", "Kirwin Maclean Associates"),  # M / M
    ("Women Arise", "Woman Arise"),  # M / M
]  # fmt: skip

# Different organisations that share most of their words: must NEVER be offered as a match.
DIFFERENT_ORGANISATIONS = [
    ("University of Chester", "University of Manchester"),  # T / T
    ("Warrington Borough Council", "Darlington Borough Council"),  # T / T
    ("Carrington Parish Council", "Partington Parish Council"),  # T / T
    ("Maxwell Bond Ltd - Perm Placements", "Maxwell Bond Ltd - Temp Placements"),  # T / T
    ("Greater Manchester West Mental Health NHS Foundation Trust", "Greater Manchester Mental Health NHS Foundation Trust"),  # CF / CF
    ("HCRG Care Services Ltd", "HG Care Services Ltd"),  # T / T
    ("Manchester Cars", "Manchester Cares"),  # M / M
    ("Ashberry Recruitment Ltd", "Berry Recruitment Ltd"),  # M / T
    ("News UK", "NES UK Limited"),  # M / M
    ("St Clare’s Catholic Primary School", "St Mary’s Catholic Primary School"),  # T / T
    ("MP Training and Consultancy Ltd", "APT Training and Consultancy Ltd"),  # CF / T
    ("HMG Consulting Ltd", "FMG Consulting Limited"),  # T / T
    ("Lanes Group Plc", "ANS Group Ltd"),  # M / T
    ("18 St John Street Chambers", "St John Street Chambers"),  # M / T
]  # fmt: skip


@pytest.mark.parametrize(("reference", "supplier"), SAME_ORGANISATION)
def test_fuzzy_offers_the_same_organisation(reference: str, supplier: str) -> None:
    ref = _ref([reference, "Unrelated Holdings Ltd"])
    key = normalise_name(pd.Series([supplier], dtype="string"))
    review = fuzzy_candidates(key, ref)
    assert len(review) == 1, review
    row = review.iloc[0]
    assert row["ref_name"] == reference and row["score"] >= 90 and row["decision"] == "pending"


@pytest.mark.parametrize(("reference", "supplier"), DIFFERENT_ORGANISATIONS)
def test_fuzzy_never_offers_a_different_organisation(reference: str, supplier: str) -> None:
    ref = _ref([reference])
    key = normalise_name(pd.Series([supplier], dtype="string"))
    assert fuzzy_candidates(key, ref, threshold=80).empty
    a, b = normalise_name(pd.Series([reference, supplier], dtype="string"))
    assert _conflict(a, b)


def test_exact_match_and_ambiguity() -> None:
    # "SMITH & CO LIMITED" and "SMITH LTD" share the key "smith" at different postcodes.
    ref = _ref(
        ["AMEY LG LIMITED", "SMITH & CO LIMITED", "SMITH LTD", "CREATIVE SUPPORT LIMITED"],
        ["EC4A 1AB", "LS1 1AA", "M1 1AA", "M1 2FB"],
    )
    keys = normalise_name(pd.Series(["Amey LG Ltd", "Smith", "Creative Support Ltd", "Nobody"]))
    found = exact_matches(keys, ref).set_index("supplier_key")
    assert found.loc["amey lg", "postcode"] == "EC4A 1AB" and found.loc["amey lg", "postcodes"] == 1
    assert found.loc["smith", "candidates"] == 2 and found.loc["smith", "postcodes"] == 2
    assert "nobody" not in found.index


def test_bulk_decisions() -> None:
    ref = _ref(["FRAMEWORK HOUSING ASSOCIATION", "PHOENIX FUTURES"])
    keys = normalise_name(pd.Series(["Framework Housing Assocation", "Pheonix Futures"]))
    review = fuzzy_candidates(keys, ref)
    assert set(review["decision"]) == {"pending"}
    done = decide(review, accept_at_or_above=95, reject=["pheonix futures"])
    assert dict(zip(done["supplier_key"], done["decision"], strict=True)) == {
        "framework housing assocation": "accepted",
        "pheonix futures": "rejected",
    }
