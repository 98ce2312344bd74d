"""Benchmark table: each buyer's local and deprived-area shares, pooled and simple-mean both labelled."""

from __future__ import annotations

import pytest

from geo.analysis.benchmark import benchmark
from geo.analysis.filters import Locality
from geo.analysis.index import prepare_spend
from tests.analysis.test_summary import TRAFFORD, frame


def test_hand_checked_benchmark() -> None:
    sf = prepare_spend(frame(), imd="2019")
    b = benchmark(sf, None, Locality("lad", (TRAFFORD,)))
    t = b.table.set_index("name")
    # Council A: 400 local of 900 (Acme 500 − 100, Beta 300, Gamma 200); decile 1 = 400; 1-2 = 700.
    # Council B: 500 local of 900 (Delta 150, Epsilon 250, Acme 100, Zeta 400); decile 1 = 100.
    assert t.loc["Council A", "local_share"] == pytest.approx(400 / 900)
    assert t.loc["Council B", "local_share"] == pytest.approx(500 / 900)
    assert t.loc["Council A", "decile12_share"] == pytest.approx(700 / 900)
    assert t.loc["Council B", "decile1_share"] == pytest.approx(100 / 900)
    avg = b.averages.set_index("average")
    assert avg.loc["Pooled (spend-weighted)", "local_share"] == pytest.approx(900 / 1800)
    assert avg.loc["Simple mean of buyers", "local_share"] == pytest.approx(
        (400 / 900 + 500 / 900) / 2
    )
    assert (
        "Spend-weighted" in b.labels["local_pooled"] and "Simple mean" in b.labels["local_simple"]
    )
    long = b.chart_frame()
    assert set(long["name"]) == {
        "Council A",
        "Council B",
        "Pooled (spend-weighted)",
        "Simple mean of buyers",
    }
    assert len(long) == 4 * 3


def test_each_buyer_its_own_boundary_and_no_locality() -> None:
    sf = prepare_spend(frame(), imd="2019")
    b = benchmark(sf, None, {"Council A": Locality("lad", ("E08000003",))})
    t = b.table.set_index("name")
    assert t.loc["Council A", "local_share"] == pytest.approx(300 / 900)  # Beta in Manchester
    assert t["local_share"].isna()["Council B"]  # no boundary given: missing, never 0
    without = benchmark(sf, None, None)
    assert "local_share" not in without.table.columns


@pytest.mark.parametrize("cap", [0, 10**9])
def test_shared_buyer_cell_totals_give_the_same_figures(postcode_index_frame, monkeypatch, cap):
    """The cards' per-cell totals come from the buyer × cell table when it is small enough (one
    pass over the rows shared with the buyer comparison) or from the cells alone: same figures."""
    import numpy as np

    from geo.analysis import index
    from geo.analysis.compare import compare_buyers
    from geo.analysis.filters import Filters, apply_filters
    from geo.analysis.index import select
    from geo.analysis.summary import summarise

    sf = postcode_index_frame
    mask = apply_filters(sf, Filters(amount_min=100.0))
    loc = Locality("lad", ("E08000009",))
    fresh = summarise(sf, mask, loc)
    monkeypatch.setattr(index, "GROUP_CELL_MAX", cap)
    sel = select(sf, mask)
    shared = summarise(sf, sel, loc)
    assert ("buyer" in sel.memo) == (cap > 0)
    for figure in ("total_gbp", "transactions", "local_gbp", "decile1_gbp", "share_geocoded_gbp"):
        assert getattr(shared, figure) == pytest.approx(getattr(fresh, figure)), figure
    a = compare_buyers(sf, sel, loc, "local").table
    b = compare_buyers(sf, mask, loc, "local").table
    assert np.allclose(a["numerator_gbp"], b["numerator_gbp"]) and a["rows"].equals(b["rows"])
