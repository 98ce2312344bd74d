"""A bar chart as data for HTML: £ by supplier decile, each bar labelled with its £ and share."""

from __future__ import annotations

import math
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
    top = max((v for v in values if v > 0), default=0.0)
    bars = tuple(
        Bar(
            label=str(bucket),
            value=value,
            text=f"{format_money(value)} · {format_share(share)}",
            fraction=(value / top) if top > 0 and value > 0 else 0.0,
            colour=str(colour),
        )
        for bucket, value, share, colour in zip(
            frame["bucket"], values, frame["share"], frame["colour"], strict=True
        )
    )
    v = levels.imd(imd)
    caption = (
        f"{v.label} decile of the supplier's LSOA ({v.lsoa_vintage}; 1 = the 10% most deprived): "
        "£ net, and its share of all spend in the selection."
    )
    return BarChart(caption, bars)
