"""Vega-Lite chart specs as functions (pages pass a table and one of these to st.vega_lite_chart)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from geo import levels
from geo.fmt import MONEY_LABEL_EXPR
from geo.present import palette

Spec = dict[str, object]


# A legend under a chart, one entry per line: in one row, two long entries ran past the right
# edge of a phone-width chart ('Share in 10% mc'); labels are never cut ('… most depri…').
_BOTTOM_LEGEND = {"orient": "bottom", "direction": "vertical", "labelLimit": 0}
# Category names beside horizontal bars: up to 220 px, but at most 40% of the chart's container,
# so on a phone the bars (and a legend aligned under them) keep the rest; the full name is in the
# tooltip. containerSize() is the container's own width, not the plot's (no layout loop).
_NAME_LIMIT = {"expr": "clamp(containerSize()[0] * 0.4, 90, 220)"}


# Axis, legend and title text in the page's own text colour: Streamlit's chart theme draws it
# #808495 on white, 3.7:1, under the 4.5:1 WCAG 2.2 AA asks of small text (public walk).
TEXT_COLOUR = "#31333F"
_TEXT_CONFIG: dict[str, dict[str, str]] = {
    "axis": {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR},
    "legend": {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR},
    "header": {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR},
    "title": {"color": TEXT_COLOUR},
}


def _legible(build: Callable[..., Spec]) -> Callable[..., Spec]:
    """Every chart spec gets the text colours above (a spec's own config wins)."""

    @functools.wraps(build)
    def wrapper(*args, **kwargs) -> Spec:
        spec = build(*args, **kwargs)
        config = dict(spec.get("config") or {})  # type: ignore[arg-type]
        for key, colours in _TEXT_CONFIG.items():
            config[key] = {**colours, **(config.get(key) or {})}
        return {**spec, "config": config}

    return wrapper


def _gbp_axis() -> dict[str, object]:
    """A £ axis labels its ticks as people read money: '£200m', not '200,000,000' (a fresh
    dict each time: a spec is the caller's to change)."""
    return {"labelExpr": MONEY_LABEL_EXPR}


def _decile_title(imd: str | int | None) -> list[str]:
    """Two lines: on one, a vertical axis title ran past the top of a 260 px chart and was cut."""
    v = levels.imd(imd)
    return [f"{v.label} decile ({v.lsoa_vintage})", "1 = most deprived"]


@_legible
def lsoa_decile_chart(imd: str | int | None = None) -> Spec:
    """Bars of LSOAs per IMD decile of vintage `imd` (default 2025) (table:
    mapspec.decile_distribution — lsoa_decile, lsoas, share_of_lsoas, colour)."""
    return {
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "lsoa_decile", "type": "ordinal", "sort": None, "title": _decile_title(imd),
                  "axis": {"labelAngle": 0}},
            "y": {"field": "lsoas", "type": "quantitative", "title": "LSOAs"},
            "color": {"field": "colour", "type": "nominal", "scale": None, "legend": None},
            "tooltip": [
                {"field": "lsoa_decile", "title": "Decile"},
                {"field": "lsoas", "title": "LSOAs"},
                {"field": "share_of_lsoas", "title": "Share of LSOAs", "format": ".1%"},
            ],
        },
    }  # fmt: skip


@_legible
def growth_deals_scatter(imd: str | int | None = None) -> Spec:
    """£ per head against share of LSOAs in decile 1, per LEP; LEPs without a figure are not
    plotted (never drawn at £0). Table: mapspec.growth_deals_table."""
    return {
        "transform": [{"filter": "isValid(datum.gd_per_head_gbp)"}],
        "mark": {"type": "circle", "size": 140, "opacity": 0.85, "stroke": "#222",
                 "strokeWidth": 0.6},
        "encoding": {
            "x": {"field": "share_decile1", "type": "quantitative",
                  "title": f"Share of LSOAs in {levels.imd(imd).label} decile 1",
                  "axis": {"format": "%"}},
            "y": {"field": "gd_per_head_gbp", "type": "quantitative",
                  "title": "Growth Deal £ per head"},
            "color": {"value": palette.hex_colour(palette.PER_HEAD_RAMP[-1])},
            "tooltip": [
                {"field": "name", "title": "LEP"},
                {"field": "code", "title": "Code"},
                {"field": "gd_per_head_gbp", "title": "£ per head", "format": ",.0f"},
                {"field": "share_decile1", "title": "Share in decile 1", "format": ".1%"},
            ],
        },
    }  # fmt: skip


@_legible
def spend_by_month_chart() -> Spec:
    """£ per calendar month (table: summary.by_month — month, gbp, rows; 'no date' excluded)."""
    return {
        "transform": [{"filter": "datum.month !== 'no date'"}],
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "month", "type": "ordinal", "title": None},
            "y": {"field": "gbp", "type": "quantitative", "title": "£ (net)", "axis": _gbp_axis()},
            "tooltip": [
                {"field": "month", "title": "Month"},
                {"field": "gbp", "title": "£", "format": ",.0f"},
                {"field": "rows", "title": "Transactions", "format": ","},
            ],
        },
    }  # fmt: skip


@_legible
def leakage_chart(top_n: int = 15) -> Spec:
    """Ranked bars of leaked £ by destination (table: one of Leakage.by_lad / by_ca / by_region)."""
    return {
        "transform": [{"filter": f"datum.rank <= {int(top_n)}"}],
        "mark": {"type": "bar", "color": palette.hex_colour(palette.DECILE_COLOURS[-1])},
        "encoding": {
            "y": {"field": "name", "type": "nominal", "sort": "-x", "title": None,
                  "axis": {"labelOverlap": False, "labelLimit": 220}},
            "x": {"field": "gbp", "type": "quantitative", "title": "£ leaked (net)",
                  "axis": _gbp_axis()},
            "tooltip": [
                {"field": "name", "title": "Destination"},
                {"field": "code", "title": "Code"},
                {"field": "gbp", "title": "£", "format": ",.0f"},
                {"field": "share", "title": "Share of leaked £", "format": ".1%"},
            ],
        },
    }  # fmt: skip


@_legible
def retained_leaked_chart() -> Spec:
    """One stacked bar: retained / leaked / unlocated £ (table: retained_frame(leakage))."""
    return {
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "gbp", "type": "quantitative", "stack": "normalize",
                  "title": "Share of spend", "axis": {"format": "%"}},
            "color": {"field": "part", "type": "nominal", "sort": None, "title": None,
                      "scale": {"range": [palette.hex_colour(palette.LOCAL),
                                          palette.hex_colour(palette.NOT_LOCAL),
                                          palette.hex_colour(palette.NO_DATA)]}},
            "tooltip": [
                {"field": "part", "title": "Part"},
                {"field": "gbp", "title": "£", "format": ",.0f"},
            ],
        },
    }  # fmt: skip


@_legible
def benchmark_chart() -> Spec:
    """Grouped bars per buyer and the two averages (table: Benchmark.chart_frame())."""
    return {
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "name", "type": "nominal", "title": None, "sort": None,
                  "axis": {"labelLimit": _NAME_LIMIT}},
            "yOffset": {"field": "measure"},
            "x": {"field": "share", "type": "quantitative", "title": "Share of spend",
                  "axis": {"format": "%"}},
            "color": {"field": "measure", "type": "nominal", "title": None,
                      "legend": _BOTTOM_LEGEND},
            "tooltip": [
                {"field": "name", "title": "Buyer"},
                {"field": "measure", "title": "Measure"},
                {"field": "share", "title": "Share", "format": ".1%"},
            ],
        },
    }  # fmt: skip


@_legible
def side_by_side_chart() -> Spec:
    """A vs B for the share figures of a comparison (table: share rows of SideBySide.table,
    melted to figure/label/side/value — see compare_chart_frame)."""
    return {
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "title": None, "sort": None,
                  "axis": {"labelLimit": _NAME_LIMIT}},
            "yOffset": {"field": "side"},
            "x": {"field": "value", "type": "quantitative", "title": "Share",
                  "axis": {"format": "%"}},
            "color": {"field": "side", "type": "nominal", "title": None,
                      "legend": _BOTTOM_LEGEND},
            "tooltip": [
                {"field": "side", "title": "Side"},
                {"field": "label", "title": "Figure"},
                {"field": "value", "title": "Share", "format": ".1%"},
            ],
        },
    }  # fmt: skip


_WORDS = "split(split(datum.label, ': ')[1], ' ')"
_LM3_LABEL_LINES = f"[split(datum.label, ': ')[0], join(slice({_WORDS}, 0, 2), ' '), join(slice({_WORDS}, 2), ' ')]"


@_legible
def lm3_chart() -> Spec:
    """The three LM3 rounds as bars (table: lm3_frame(estimate)); round 3 marked as assumed."""
    return {
        "mark": {"type": "bar"},
        "encoding": {
            # Each name on up to three lines ("Round 2" / "with local" / "suppliers"): on one, the
            # names ran together under a phone-width chart and Vega dropped "Round 2" (public walk).
            "x": {"field": "round", "type": "ordinal", "sort": None, "title": None,
                  "axis": {"labelAngle": 0, "labelLimit": 0, "labelOverlap": False,
                           "labelExpr": _LM3_LABEL_LINES}},
            "y": {"field": "gbp", "type": "quantitative", "title": "£", "axis": _gbp_axis()},
            "opacity": {"field": "basis", "type": "nominal", "title": None,
                        "scale": {"domain": ["from the data", "assumed"], "range": [1, 0.45]},
                        "legend": _BOTTOM_LEGEND},
            "tooltip": [
                {"field": "round", "title": "Round"},
                {"field": "gbp", "title": "£", "format": ",.0f"},
                {"field": "basis", "title": "Basis"},
            ],
        },
    }  # fmt: skip
