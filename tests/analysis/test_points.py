"""Map points counted over the spend index: aggregation, grouping, and local £ on the map = local £ on the card."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.analysis.filters import Filters, Locality, apply_filters
from geo.analysis.index import prepare_spend
from geo.analysis.points import local_point_gbp, point_rows, supplier_points
from geo.analysis.summary import summarise
from geo.paths import store_dir

TRAFFORD, MANCHESTER, LEEDS = "E08000009", "E08000003", "E08000035"


def _small() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "buyer": ["Council"] * 5,
            "date": ["2024-05-01"] * 5,
            "status": ["matched", "matched", "matched", "no_postcode", "matched"],
            "supplier_name": ["A Ltd", "a  ltd", "B Ltd", "C Ltd", "A Ltd"],
            "postcode": ["M1 1AA", "M1 1AA", "LS1 1AA", None, "WA14 1AA"],
            "amount": [100.0, 50.0, 400.0, 30.0, -20.0],
            "lat": [53.48, 53.48, 53.8, np.nan, 53.39],
            "lon": [-2.24, -2.24, -1.55, np.nan, -2.35],
            "imd_decile": pd.array([1, 1, 6, pd.NA, 9], dtype="Int8"),
            "lad21cd": [MANCHESTER, MANCHESTER, LEEDS, None, TRAFFORD],
            "lep21cd": ["E37000015", "E37000015", "E37000062", None, "E37000015"],
            "lep21cd2": [None] * 5,
            "ca24cd": ["E47000001", "E47000001", "E47000003", None, "E47000001"],
        }
    )


@pytest.mark.parametrize(
    ("locality", "mask", "expected"),
    [
        # (name, postcode) → (£, rows, local); A Ltd spelled two ways is one supplier.
        (
            Locality("lad", (MANCHESTER,)),
            None,
            {("B Ltd", "LS1 1AA"): (400, 1, False), ("A Ltd", "M1 1AA"): (150, 2, True),
             ("A Ltd", "WA14 1AA"): (-20, 1, False)},
        ),
        (
            Locality("ca", ("E47000001",)),
            None,
            {("B Ltd", "LS1 1AA"): (400, 1, False), ("A Ltd", "M1 1AA"): (150, 2, True),
             ("A Ltd", "WA14 1AA"): (-20, 1, True)},
        ),
        (None, [False, True, True, True, False], {("B Ltd", "LS1 1AA"): (400, 1, None), ("a  ltd", "M1 1AA"): (50, 1, None)}),
        (None, [False] * 5, {}),
    ],
)  # fmt: skip
def test_points_by_supplier_location(locality, mask, expected) -> None:
    sf = prepare_spend(_small(), imd="2019")
    m = None if mask is None else np.array(mask)
    pts = supplier_points(sf, m, locality)
    got = {
        (n.casefold().replace("  ", " "), c): (a, r, None if pd.isna(lo) else bool(lo))
        for n, c, a, r, lo in zip(pts["name"], pts["code"], pts["amount"], pts["rows"], pts["is_local"], strict=True)
    }  # fmt: skip
    want = {(n.casefold().replace("  ", " "), c): v for (n, c), v in expected.items()}
    assert got == want
    assert list(pts["amount"]) == sorted(pts["amount"], reverse=True)  # biggest drawn first


def test_point_rows_by_key() -> None:
    df = _small()
    sf = prepare_spend(df, imd="2019")
    pts = supplier_points(sf, None, None)
    key = int(pts.loc[pts["code"] == "M1 1AA", "key"].iloc[0])
    assert point_rows(df, sf, None, key)["amount"].tolist() == [100.0, 50.0]
    assert point_rows(df, sf, np.array([True, False, True, True, True]), key)[
        "amount"
    ].tolist() == [100.0]


def test_grouping_keeps_money_decile_and_local() -> None:
    sf = prepare_spend(_small(), imd="2019")
    loc = Locality("lad", (MANCHESTER,))
    grouped = supplier_points(sf, None, loc, max_points=1)
    assert (grouped["key"] == -1).all() and grouped["amount"].sum() == pytest.approx(530)
    # Grid groups never mix deciles or local flags: both colourings stay exact.
    assert local_point_gbp(grouped) == pytest.approx(150)
    assert sorted(grouped["decile"].dropna().astype(int)) == [1, 6, 9]


# --- the map's local £ equals the card's local £, for many localities, on real data ----------


def _localities() -> list[Locality]:
    try:
        lad = pd.read_parquet(
            store_dir() / "lad.parquet", columns=["code", "lep21cd", "lep21cd2", "ca24cd"]
        )
    except (OSError, ValueError):
        return []
    # Every third LAD (103 of 309: every kind of LAD code), every LEP and CA, and LAD sets.
    out = [Locality("lad", (c,)) for c in lad["code"].astype(str)[::3]]
    leps = set(lad["lep21cd"].dropna().astype(str)) | set(lad["lep21cd2"].dropna().astype(str))
    out += [Locality("lep", (c,)) for c in sorted(leps)]
    out += [Locality("ca", (c,)) for c in sorted(set(lad["ca24cd"].dropna().astype(str)))]
    two_lep = lad.loc[lad["lep21cd2"].notna(), "code"].astype(str).tolist()
    codes = lad["code"].astype(str).tolist()
    out += [
        Locality("lads", tuple(two_lep)),  # the 7 LADs that sit in two LEPs
        Locality("lads", (TRAFFORD, MANCHESTER)),
        Locality("lads", tuple(codes[::25])),
    ]
    # Upper-tier authorities (2024): every county (E10) and every fourth of the rest, with
    # Manchester (its own upper tier).
    try:
        utla = pd.read_parquet(store_dir() / "utla24.parquet", columns=["code"])["code"].astype(str)
    except (OSError, ValueError):
        return out
    picked = [c for i, c in enumerate(utla) if c.startswith("E10") or i % 4 == 0]
    out += [Locality("utla24", (c,)) for c in dict.fromkeys([*picked, MANCHESTER])]
    return out  # fmt: skip


LOCALITIES = _localities()


@pytest.mark.slow
@pytest.mark.parametrize("locality", LOCALITIES, ids=lambda x: x.spec[:40])
def test_local_points_equal_local_card_on_postcodes(postcode_index_frame, locality) -> None:
    sf = postcode_index_frame
    for filters in (Filters(), Filters(buyers=("Council A",)), Filters(deciles=(1, 2, 3))):
        mask = apply_filters(sf, filters)
        card = summarise(sf, mask, locality).local_gbp
        # Each point drawn, and (60) points grouped into grid cells: the same local £.
        for max_points in (4000, 60):
            pts = supplier_points(sf, mask, locality, max_points=max_points)
            assert local_point_gbp(pts) == pytest.approx(card, abs=0.01)


@pytest.mark.slow
@pytest.mark.parametrize("locality", LOCALITIES[::7], ids=lambda x: x.spec[:40])
def test_local_points_equal_local_card_on_contracts_finder(cf_index, locality) -> None:
    card = summarise(cf_index, None, locality).local_gbp
    assert local_point_gbp(supplier_points(cf_index, None, locality)) == pytest.approx(
        card, abs=0.01
    )


@pytest.mark.slow
def test_contracts_finder_points_hold_all_located_money(cf_index, cf_geocoded) -> None:
    pts = supplier_points(cf_index, None, None)
    s = summarise(cf_index, None, None)
    # Every geocoded row has a position, so the map holds all located £ (and no other).
    assert pts["amount"].sum() == pytest.approx(s.geocoded_gbp, abs=0.01)
    assert pts["rows"].sum() == s.geocoded_rows > 800


@pytest.mark.slow
def test_two_lep_lads_are_local_to_both_leps(postcode_index_frame, lad_table) -> None:
    sf = postcode_index_frame
    for row in lad_table[lad_table["lep21cd2"].notna()].itertuples():
        only = apply_filters(sf, Filters(lads=(row.code,)))
        assert only.any(), row.code
        for lep in (row.lep21cd, row.lep21cd2):
            pts = supplier_points(sf, only, Locality("lep", (lep,)))
            assert pts["is_local"].all(), (row.code, lep)
