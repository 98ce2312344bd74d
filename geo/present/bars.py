"""A bar chart as data for HTML: £ by supplier decile, each bar labelled with its £ and share."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from geo import levels
from geo.fmt import format_money, format_share
from geo.present.tables import decile_chart_frame


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (£ net), the words beside it, its length as a fraction of the
    longest bar (0 for a net credit: a bar is never drawn below zero) and its colour (#rrggbb)."""

    label: str
    value: float
    text: str
    fraction: float
    colour: str


@dataclass(frozen=True)
class BarChart:
    """Bars under a caption that names what they measure (the vintage, the £, the share's base)."""

    caption: str
    bars: tuple[Bar, ...]


def decile_bars(by_decile: pd.DataFrame, imd: str | int | None = None) -> BarChart:
    """£ by supplier decile (Summary.by_decile: bucket, gbp, share), one bar per bucket in order
    (deciles 1–10, outside England, not geocoded), coloured as the map's points. Each bar says its
    £ and its share of all spend in the selection, so the chart reads without hovering, on a
    projector and to a screen reader. (It replaced a Vega-Lite chart: the Spend map then loads no
    Vega, 0.85 MB of JavaScript on a first visit, and draws its map sooner: bench_browser_maps.py.)"""
    frame = decile_chart_frame(by_decile)
    values = [float(v) if pd.notna(v) else math.nan for v in frame["gbp"]]
    texts = [
        f"{format_money(value)} · {format_share(share)}"
        for value, share in zip(values, frame["share"], strict=True)
    ]
    v = levels.imd(imd)
    caption = (
        f"{v.label} decile of the supplier's LSOA ({v.lsoa_vintage}; 1 = the 10% most deprived): "
        "£ net, and its share of all spend in the selection."
    )
    return _chart(caption, frame["bucket"], values, texts, frame["colour"])


def _chart(
    caption: str,
    labels: Iterable[object],
    values: Sequence[float],
    texts: Sequence[str],
    colours: Iterable[object],
) -> BarChart:
    """Bars in order, each `fraction` of the longest positive value (0 below zero or missing)."""
    top = max((x for x in values if x > 0), default=0.0)
    bars = tuple(
        Bar(
            label=str(label),
            value=value,
            text=text,
            fraction=(value / top) if top > 0 and value > 0 else 0.0,
            colour=str(colour),
        )
        for label, value, text, colour in zip(labels, values, texts, colours, strict=True)
    )
    return BarChart(caption, bars)
