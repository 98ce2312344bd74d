"""Buyer → own authority: names matched only when they ARE an authority's name, and the benchmark on each buyer's own area."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.analysis import buyers as bm
from geo.analysis.benchmark import NO_OWN_AREA, benchmark
from geo.analysis.index import prepare_spend
from tests.analysis.test_summary import ROWS, TRAFFORD, frame

MANCHESTER = "E08000003"
LADS = {  # real LAD names and codes, including the awkward official spellings
    MANCHESTER: "Manchester",
    TRAFFORD: "Trafford",
    "E06000023": "Bristol, City of",
    "E06000047": "County Durham",
    "E08000014": "Sefton",
    "E06000010": "Kingston upon Hull, City of",
    "E06000004": "Stockton-on-Tees",
    "E08000013": "St. Helens",
    "E06000003": "Redcar and Cleveland",
    "E09000001": "City of London",
}
CAS = {"E47000001": "Greater Manchester"}
COUNTIES = {"E10000017": "Lancashire", "E10000016": "Kent"}  # UTLA 2024 counties (E10)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Manchester City Council", "manchester"),
        ("Redcar & Cleveland Borough Council", "redcar and cleveland"),
        ("Bristol, City of", "bristol"),
        ("Bristol City Council", "bristol"),
        ("County Durham", "durham"),
        ("Durham County Council", "durham"),
        ("St. Helens", "st helens"),
        ("London Borough Of Bromley Council", "bromley"),
        ("The Royal Borough of Kingston upon Thames", "kingston upon thames"),
        ("Coventry City Council (COV)", "coventry"),
        ("Rotherham MBC", "rotherham"),
        ("Stockton-on-Tees Borough Council", "stockton on tees"),
        ("Council", "council"),  # nothing but a council word: kept, so it matches nothing
        (None, ""),
    ],
)
def test_authority_key_keeps_the_place_only(name, key):
    assert bm.authority_key(name) == key


@pytest.mark.parametrize(
    ("buyer", "status", "code"),
    [
        ("Manchester City Council", bm.MATCHED, MANCHESTER),
        ("Trafford Council", bm.MATCHED, TRAFFORD),
        ("Bristol City Council", bm.MATCHED, "E06000023"),
        ("Durham County Council", bm.MATCHED, "E06000047"),
        ("City of London Corporation", bm.MATCHED, "E09000001"),
        ("Greater Manchester Combined Authority", bm.MATCHED, "E47000001"),
        # Never a guess: Hull's council is not called Kingston upon Hull; a county is not a
        # district; an NHS trust or a ministry is no authority; "Manchester Airport" is not Manchester.
        ("Hull City Council", bm.NOT_MATCHED, None),
        ("Lancashire County Council", bm.NOT_MATCHED, None),
        ("NHS England", bm.NOT_MATCHED, None),
        ("Manchester Airport Group", bm.NOT_MATCHED, None),
        ("Greater Manchester Police", bm.NOT_MATCHED, None),
    ],
)
def test_match_buyers_is_positive_or_says_why(buyer, status, code):
    row = bm.match_buyers([buyer], LADS, CAS).iloc[0]
    assert row["status"] == status
    assert (None if pd.isna(row["code"]) else row["code"]) == code
    assert row["why"]  # the reason is always shown
    if status == bm.NOT_MATCHED:
        assert "choose one" in row["why"]


@pytest.mark.parametrize(
    ("buyer", "kind", "code"),
    [
        # With the counties known, a county council is its county (upper-tier, UTLA 2024)...
        ("Lancashire County Council", "utla24", "E10000017"),
        ("Kent County Council", "utla24", "E10000016"),
        # ...a unitary county council stays its district, and a place name alone is no county.
        ("Durham County Council", "lad", "E06000047"),
        ("Kent Police", "", None),
    ],
)
def test_county_councils_match_their_county(buyer, kind, code):
    row = bm.match_buyers([buyer], LADS, CAS, COUNTIES).iloc[0]
    assert row["kind"] == kind
    assert (None if pd.isna(row["code"]) else row["code"]) == code
    if code:
        assert bm.own_localities(bm.match_buyers([buyer], LADS, CAS, COUNTIES))[buyer].codes == (
            code,
        )


def test_a_county_can_be_chosen_by_hand():
    m = bm.match_buyers(["Lancs CC"], LADS, CAS, COUNTIES)
    out = bm.with_overrides(m, {"Lancs CC": "E10000017"}, LADS, CAS, COUNTIES).iloc[0]
    assert (out["kind"], out["code"], out["status"]) == ("utla24", "E10000017", bm.OVERRIDDEN)


def test_two_authorities_with_one_name_is_ambiguous_not_a_guess():
    row = bm.match_buyers(["Newtown Council"], {"E1": "Newtown", "E2": "Newtown"}).iloc[0]
    assert row["status"] == bm.AMBIGUOUS and pd.isna(row["code"])


def test_overrides_set_clear_and_ignore_unknown_codes():
    m = bm.match_buyers(["Hull City Council", "Trafford Council", "Sefton Council"], LADS, CAS)
    out = bm.with_overrides(
        m, {"Hull City Council": "E06000010", "Trafford Council": None, "Sefton Council": "X"}, LADS, CAS
    )  # fmt: skip
    t = out.set_index("buyer")
    assert t.loc["Hull City Council", "code"] == "E06000010"
    assert t.loc["Hull City Council", "status"] == bm.OVERRIDDEN
    assert pd.isna(t.loc["Trafford Council", "code"])  # cleared
    assert t.loc["Sefton Council", "code"] == "E08000014"  # unknown code: the match stands
    locs = bm.own_localities(out)
    assert set(locs) == {"Hull City Council", "Sefton Council"}
    assert locs["Hull City Council"].spec == "lad:E06000010"


def _renamed_rows():
    # The hand-checked frame of test_summary with its two buyers renamed to real councils.
    names = {"Council A": "Manchester City Council", "Council B": "Trafford Council"}
    return [(names[r[0]], *r[1:]) for r in ROWS]


def test_benchmark_each_buyer_local_to_its_own_authority():
    """Council A = Manchester: of its £900 net, Beta Services (£300) is in Manchester → 300/900.
    Council B = Trafford: its Trafford suppliers Acme £100 + Zeta £400 → 500/900.
    Pooled: (300 + 500) / (900 + 900); simple mean: (1/3 + 5/9) / 2."""
    sf = prepare_spend(frame(_renamed_rows()), imd="2019")
    m = bm.match_buyers([str(b) for b in sf.buyers], LADS, CAS)
    assert set(m["status"]) == {bm.MATCHED}
    b = benchmark(sf, None, bm.own_localities(m))
    t = b.table.set_index("name")
    assert t.loc["Manchester City Council", "local_share"] == pytest.approx(300 / 900)
    assert t.loc["Trafford Council", "local_share"] == pytest.approx(500 / 900)
    assert "Manchester" in t.loc["Manchester City Council", "locality"]
    avg = b.averages.set_index("average")
    assert avg.loc["Pooled (spend-weighted)", "local_share"] == pytest.approx(800 / 1800)
    assert avg.loc["Simple mean of buyers", "local_share"] == pytest.approx(
        (300 / 900 + 500 / 900) / 2
    )
    assert "each buyer's own boundary" in b.labels["local_pooled"]


def test_an_unmatched_buyer_says_so_and_stays_out_of_both_averages():
    rows = [
        ("NHS Trust" if r[0] == "Council B" else "Manchester City Council", *r[1:]) for r in ROWS
    ]
    sf = prepare_spend(frame(rows), imd="2019")
    m = bm.match_buyers([str(b) for b in sf.buyers], LADS, CAS)
    b = benchmark(sf, None, bm.own_localities(m))
    t = b.table.set_index("name")
    assert t["local_share"].isna()["NHS Trust"]  # missing, never 0
    assert t.loc["NHS Trust", "locality"] == NO_OWN_AREA
    avg = b.averages.set_index("average")
    # Only Manchester has a share: pooled and simple mean are both its 300/900.
    assert avg.loc["Pooled (spend-weighted)", "local_share"] == pytest.approx(300 / 900)
    assert avg.loc["Simple mean of buyers", "local_share"] == pytest.approx(300 / 900)
