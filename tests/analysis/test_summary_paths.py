"""The filter path's counting shortcuts give the same figures as the plain computation, on real postcodes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.analysis import index
from geo.analysis.filters import Filters, Locality, apply_filters
from geo.analysis.index import prepare_spend
from geo.analysis.points import supplier_points
from geo.analysis.summary import summarise

TRAFFORD = "E08000009"
FILTERS = (
    Filters(),
    Filters(buyers=("Council A",)),
    Filters(deciles=(1, 2, 3)),
    Filters(supplier_query="supplier 00"),
)


@pytest.mark.slow
@pytest.mark.parametrize("imd", ["2019", "2025"])
@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: repr(f)[:40])
def test_supplier_and_month_tables_agree_with_and_without_the_grid(
    postcode_geocoded, monkeypatch, imd, filters
) -> None:
    # One bincount over the supplier × month grid when it is small, two small ones otherwise
    # (index._MAX_GRID): the tables must not depend on which ran.
    monkeypatch.setattr(index, "_MAX_GRID", 1 << 30)
    grid = prepare_spend(postcode_geocoded, imd=imd)
    monkeypatch.setattr(index, "_MAX_GRID", 0)
    plain = prepare_spend(postcode_geocoded, imd=imd)
    assert grid.supplier_month is not None and plain.supplier_month is None
    a = summarise(grid, apply_filters(grid, filters), None, top_n=25)
    b = summarise(plain, apply_filters(plain, filters), None, top_n=25)
    assert a.suppliers == b.suppliers > 0
    for name in ("top_suppliers", "by_month", "by_financial_year"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=False)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("table", "columns"),
    [("by_lad", ("lad21cd",)), ("by_lep", ("lep21cd", "lep21cd2")), ("by_ca", ("ca24cd",))],
)
@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: repr(f)[:40])
def test_area_tables_equal_a_groupby_of_the_rows(
    postcode_geocoded, postcode_index_frame, table, columns, filters
) -> None:
    # The area tables sum per place, then per code; a pandas groupby over the kept rows (a
    # two-LEP LAD's rows counted under both LEPs) must give the same £, rows and order.
    sf = postcode_index_frame  # IMD 2019: LAD 2021, CA 2024
    mask = apply_filters(sf, filters)
    got = getattr(summarise(sf, mask, None), table)
    rows = postcode_geocoded.loc[mask]
    parts = [rows[[c, "amount"]].rename(columns={c: "code"}) for c in columns]
    long = pd.concat(parts).dropna(subset=["code"])
    long["amount"] = pd.to_numeric(long["amount"], errors="coerce").fillna(0.0)
    want = long.groupby("code", observed=True)["amount"].agg(["sum", "size"]).reset_index()
    want = want.sort_values(["sum", "code"], ascending=[False, True], kind="stable")
    assert got["code"].tolist() == want["code"].astype(str).tolist()
    assert got["gbp"].to_numpy() == pytest.approx(want["sum"].to_numpy(), abs=1e-6)
    assert got["rows"].tolist() == want["size"].tolist()


@pytest.mark.slow
@pytest.mark.parametrize("max_points", [60, 500, 4000])
@pytest.mark.parametrize("locality", [None, Locality("lad", (TRAFFORD,))], ids=["none", "lad"])
def test_grid_level_is_the_finest_with_few_enough_groups(
    postcode_index_frame, max_points, locality
) -> None:
    # The points step picks the finest grid whose merged groups (cell × decile × local) fit in
    # max_points; counted here with np.unique over the occupied groups, as before the scatter.
    sf = postcode_index_frame
    pts = supplier_points(sf, None, locality, max_points=max_points)
    local_place = None if locality is None else sf.local_places(locality)
    point_rows = np.bincount(sf.point_slots, minlength=len(sf.points) + 1)[:-1]
    counts = []
    for g in sf.points.grids:
        occ = np.flatnonzero(np.bincount(g.row_group, minlength=g.n + 1)[:-1])
        flag = 2 if local_place is None else local_place[g.place[occ]]
        counts.append(len(np.unique(g.cell[occ].astype(np.int64) * 3 + flag)))
    if np.count_nonzero(point_rows) <= max_points:
        assert (pts["key"] >= 0).all()
        return
    fits = [i for i, c in enumerate(counts) if c <= max_points]
    level = fits[0] if fits else len(counts) - 1
    assert (pts["key"] == -1).all() and len(pts) == counts[level]
