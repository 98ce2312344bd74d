"""Side by side: two areas and two periods on hand-checked frames, every figure paired with its difference."""

from __future__ import annotations

import pytest

from geo.analysis.compare import compare_areas, compare_chart_frame, compare_periods
from geo.analysis.filters import Filters, Locality
from geo.analysis.index import prepare_spend
from tests.analysis.test_summary import GMCA, TRAFFORD, frame


@pytest.mark.parametrize(
    ("a", "b", "figure", "va", "vb", "change", "unit"),
    [
        # Trafford 900 vs Greater Manchester 1200 of all £1,800 (test_summary's working).
        (Locality("lad", (TRAFFORD,)), Locality("ca", (GMCA,)), "local_gbp", 900, 1200, 300, "gbp"),
        (Locality("lad", (TRAFFORD,)), Locality("ca", (GMCA,)), "local_share", 0.5, 1200 / 1800, (1200 / 1800 - 0.5) * 100, "pp"),
        (Locality("lad", (TRAFFORD,)), Locality("ca", (GMCA,)), "total_gbp", 1800, 1800, 0, "gbp"),
        # Local-deprived shares are of local £: Trafford 500/900, GM (500 + Beta 300 is decile 2) 500/1200.
        (Locality("lad", (TRAFFORD,)), Locality("ca", (GMCA,)), "local_decile1_share", 500 / 900, 500 / 1200, (500 / 1200 - 500 / 900) * 100, "pp"),
        (Locality("lep", ("E37000016",)), Locality("lep", ("E37000017",)), "local_gbp", 200, 200, 0, "gbp"),
    ],
)  # fmt: skip
def test_compare_areas(a, b, figure, va, vb, change, unit) -> None:
    sf = prepare_spend(frame(), imd="2019")
    r = compare_areas(sf, Filters(), a, b)
    row = r.table.set_index("figure").loc[figure]
    assert (row["a"], row["b"], row["change"]) == pytest.approx((va, vb, change))
    assert row["change_unit"] == unit
    assert r.kind == "areas" and r.to_dict()["a"] == a.name
    assert a.description in r.basis and b.description in r.basis


def test_compare_areas_with_own_filters_per_side() -> None:
    sf = prepare_spend(frame(), imd="2019")
    r = compare_areas(
        sf, Filters(buyers=("Council A",)), Locality("lad", (TRAFFORD,)), Locality("lad", (TRAFFORD,)),
        filters_b=Filters(buyers=("Council B",)),
    )  # fmt: skip
    t = r.table.set_index("figure")
    # Council A: Acme 500 − 100 = 400 local of 900; Council B: Acme 100 + Zeta 400 = 500 of 900.
    assert (t.loc["local_gbp", "a"], t.loc["local_gbp", "b"]) == (400, 500)
    assert "each side's own selection" in r.basis


def test_compare_periods_still_pairs_every_figure() -> None:
    sf = prepare_spend(frame(), imd="2019")
    r = compare_periods(sf, Filters(), "2024-25", "2023-24", Locality("lad", (TRAFFORD,)))
    assert len(r.table) == len(r.a.headline()) and r.kind == "periods"
    chart = compare_chart_frame(r)
    assert set(chart["side"]) == {"A: 2024-25", "B: 2023-24"}
    assert set(chart["figure"]) == set(r.table.loc[r.table["unit"] == "share", "figure"])
