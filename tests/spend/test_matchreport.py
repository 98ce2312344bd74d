"""Postcode slips repaired against the index, and the match report an officer can act on (unplaced suppliers by £)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.spend.combine import read_spend_files
from geo.spend.geocode import PostcodeLookup
from geo.spend.matchreport import locate, located_share, match_summary, unplaced_suppliers
from geo.spend.postcode import repair, repair_variants
from geo.store.read import read_postcodes
from tests.spend.realdata import real_sets


@pytest.mark.parametrize(
    ("raw", "variants"),
    [
        ("MI 1AA", ["M11AA"]),  # A9 outward: the second place is a digit
        ("0L1 1AA", ["OL11AA"]),  # the first place is always a letter
        ("M1 IAA", ["M11AA"]),  # the inward code starts with a digit
        ("CB4 OWZ", ["CB40WZ"]),
        ("WA14 1AO", []),  # O is a letter where a letter belongs: nothing to repair
        ("M1O 1AA", []),  # third place of a 3-character outward code may be either
        ("SW1A 1AA", []),
        ("not a postcode", []),
    ],
)
def test_repair_variants(raw, variants):
    assert repair_variants(raw) == variants


def test_repair_only_to_a_known_postcode():
    known = {"CB40WZ", "M11AA"}
    values = pd.Series(["CB4 OWZ", "M1 IAA", "MI 1AB", "CB4 0WZ", None], dtype="string")
    out = repair(values, lambda keys: keys.isin(known).to_numpy())
    assert out.tolist()[:3] == ["CB40WZ", "M11AA", pd.NA]
    assert out.isna().tolist()[3:] == [True, True]  # already right, or missing: untouched


@pytest.fixture(scope="module")
def lookup(store_path):
    return PostcodeLookup.from_index(read_postcodes())


@pytest.mark.slow
def test_repaired_postcodes_are_located_flagged_and_counted(lookup):
    frame = pd.DataFrame(
        {
            "supplier_name": ["1Spatial", "1Spatial", "Nowhere Ltd"],
            "amount": [100.0, 50.0, 25.0],
            "postcode_raw": pd.Series(["CB4 OWZ", "CB4 0WZ", "ZZ9 9ZZ"], dtype="string"),
        }
    )
    g = locate(frame, lookup)
    assert g["status"].astype(str).tolist() == ["matched", "matched", "unknown_postcode"]
    assert g["flags"].tolist() == ["postcode_repaired", "", ""]
    report = match_summary(g).set_index("status")
    assert report.loc["of which postcode_repaired", "rows"] == 1
    assert report.loc["of which postcode_repaired", "amount"] == 100.0
    assert located_share(g) == pytest.approx(150 / 175)
    unplaced = unplaced_suppliers(g)
    assert unplaced[["supplier_name", "reason", "rows", "amount"]].to_dict("records") == [
        {"supplier_name": "Nowhere Ltd", "reason": "unknown_postcode", "rows": 1, "amount": 25.0}
    ]


@pytest.mark.slow
def test_defra_match_report_by_pounds(lookup):
    g = locate(read_spend_files(real_sets()["defra"]).frame, lookup)
    share = located_share(g)
    assert 0.5 < share < 1.0
    unplaced = unplaced_suppliers(g)
    assert unplaced["amount"].is_monotonic_decreasing
    assert unplaced["rows"].sum() == int((~g["status"].astype(str).str.startswith("matched")).sum())
    assert unplaced["amount"].sum() == pytest.approx((1 - share) * g["amount"].sum())
