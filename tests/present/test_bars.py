"""The Spend map's £-by-decile bars: every bucket in order, labelled with its £ and share, on real data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from geo.analysis.summary import prepare_spend, summarise
from geo.present import palette
from geo.present.bars import decile_bars


@pytest.fixture(scope="module")
def contracts_finder(store_path):
    """The bundled Contracts Finder awards (962 notices), placed as the app places them."""
    from geo.paths import raw_dir
    from geo.spend import pipeline
    from geo.spend.geocode import PostcodeLookup
    from geo.store import catalogue, read

    lookup = PostcodeLookup.from_index(read.read_postcodes())
    return pipeline.build_dataset([raw_dir() / catalogue.get("spend_cf").path], lookup).geocoded


@pytest.mark.parametrize(
    ("imd", "caption_starts"),
    [("2025", "IMD 2025 decile of the supplier's LSOA (LSOA 2021"),
     ("2019", "IMD 2019 decile of the supplier's LSOA (LSOA 2011")],
)  # fmt: skip
def test_contracts_finder_bars_say_each_deciles_spend(contracts_finder, imd, caption_starts):
    s = summarise(prepare_spend(contracts_finder, imd=imd), None, None, "all")
    chart = decile_bars(s.by_decile, imd)
    assert chart.caption.startswith(caption_starts)
    assert "share of all spend in the selection" in chart.caption
    labels = [b.label for b in chart.bars]
    assert labels == [
        "1 (most deprived)",
        *map(str, range(2, 11)),
        "outside England",
        "not geocoded",
    ]
    # Every bar's words are the summary's own figures; the shares add up to all the spend.
    total = float(s.by_decile["gbp"].sum())
    assert total == pytest.approx(s.total_gbp)
    assert sum(float(x) for x in s.by_decile["share"]) == pytest.approx(1.0)
    longest = max(chart.bars, key=lambda b: b.value)
    assert longest.fraction == 1.0
    for bar, row in zip(chart.bars, s.by_decile.itertuples(), strict=True):
        assert bar.value == pytest.approx(row.gbp)
        assert bar.fraction == pytest.approx(max(row.gbp, 0) / longest.value)
    # The bars are the map's point colours: decile 1 the darkest, the catch-alls grey.
    assert chart.bars[0].colour == palette.hex_colour(palette.DECILE_COLOURS[0])
    assert chart.bars[-1].colour == palette.hex_colour(palette.NO_DATA)


def test_imd2025_figures_as_printed(contracts_finder):
    s = summarise(prepare_spend(contracts_finder, imd="2025"), None, None, "all")
    texts = {b.label: b.text for b in decile_bars(s.by_decile, "2025").bars}
    # Decile 5 holds the most (£1.14bn, 23.7% of £4.8bn); "outside England" a sliver.
    assert texts["5"] == "£1.1bn · 23.7%"
    assert texts["1 (most deprived)"] == "£131.6m · 2.7%"
    assert texts["outside England"] == "£2.4m · 0.1%"


def _frame(values):
    """A Summary.by_decile of these £ for the first buckets and £0 for the rest."""
    buckets = [*map(str, range(1, 11)), "outside England", "not geocoded"]
    gbp = [*values, *[0.0] * (len(buckets) - len(values))]
    total = sum(v for v in gbp if not math.isnan(v))
    return pd.DataFrame(
        {"bucket": buckets, "gbp": gbp, "share": [v / total if total else math.nan for v in gbp]}
    )


@pytest.mark.parametrize(
    ("values", "fractions", "texts"),
    [
        ([100.0, 50.0, 0.0], [1.0, 0.5, 0.0], ["£100", "£50", "£0"]),
        # A net credit is not drawn below zero: its bar is empty and its words say the minus.
        ([200.0, -50.0], [1.0, 0.0], ["£200", "-£50"]),
        # No spend at all: no bar has a length, and nothing is divided by zero.
        ([0.0, 0.0], [0.0, 0.0], ["£0", "£0"]),
        # A missing figure reads as missing, never as £0.
        ([10.0, math.nan], [1.0, 0.0], ["£10", "n/a"]),
    ],
)
def test_bar_lengths_and_words(values, fractions, texts):
    bars = decile_bars(_frame(values), "2025").bars[: len(values)]
    assert [b.fraction for b in bars] == pytest.approx(fractions)
    assert [b.text.split(" · ")[0] for b in bars] == texts
