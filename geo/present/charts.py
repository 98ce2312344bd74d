"""Vega-Lite chart specs as data: the decile bars and the Growth Deals scatter the pages draw."""

from __future__ import annotations

from geo.present import palette


def _bars(category: str, title: str, value: str, value_title: str, *, horizontal: bool) -> dict:
    cat_axis = {"field": category, "type": "ordinal", "sort": None, "title": title}
    val_axis = {"field": value, "type": "quantitative", "title": value_title}
    if horizontal:
        cat_axis["axis"] = {"labelOverlap": False}
    else:
        cat_axis["axis"] = {"labelAngle": 0}
    return {
        "mark": {"type": "bar"},
        "encoding": {
            "y" if horizontal else "x": cat_axis,
            "x" if horizontal else "y": val_axis,
            # Colours come with the data (a `colour` column from the decile palette), not a scale.
            "color": {"field": "colour", "type": "nominal", "scale": None, "legend": None},
        },
    }


def spend_by_decile(imd_label: str = "IMD 2019") -> dict:
    """Horizontal bars of £ by supplier decile (frame: bucket, gbp, share, colour)."""
    spec = _bars("bucket", None, "gbp", "£ (net)", horizontal=True)  # type: ignore[arg-type]
    spec["encoding"]["tooltip"] = [
        {"field": "bucket", "title": f"{imd_label} decile"},
        {"field": "gbp", "title": "£", "format": ",.0f"},
        {"field": "share", "title": "Share of all spend", "format": ".1%"},
    ]
    return spec


def lsoas_by_decile(imd_label: str = "IMD 2019") -> dict:
    """Vertical bars of LSOA counts by decile (frame: decile, lsoas, share, colour)."""
    spec = _bars(
        "decile", f"{imd_label} decile (1 = most deprived)", "lsoas", "LSOAs", horizontal=False
    )
    spec["encoding"]["tooltip"] = [
        {"field": "decile", "title": "Decile"},
        {"field": "lsoas", "title": "LSOAs"},
        {"field": "share", "title": "Share", "format": ".1%"},
    ]
    return spec


def per_head_against_deprivation(imd_label: str = "IMD 2019") -> dict:
    """Scatter of Growth Deal £ per head (y) against the share of LSOAs in decile 1 (x), one dot per LEP."""
    return {
        # A LEP with no complete figure is listed under the chart with its reason, not plotted at 0.
        "transform": [{"filter": "isValid(datum.gd_per_head_gbp)"}],
        "mark": {
            "type": "circle",
            "size": 140,
            "opacity": 0.85,
            "stroke": "#222",
            "strokeWidth": 0.6,
        },
        "encoding": {
            "x": {
                "field": "share_decile1",
                "type": "quantitative",
                "title": f"Share of LSOAs in {imd_label} decile 1",
                "axis": {"format": "%"},
            },
            "y": {
                "field": "gd_per_head_gbp",
                "type": "quantitative",
                "title": "Growth Deal £ per head",
            },
            "color": {"value": palette.hex_colour(palette.PER_HEAD_RAMP[-1])},
            "tooltip": [
                {"field": "name", "title": "LEP"},
                {"field": "code", "title": "Code"},
                {"field": "gd_per_head_gbp", "title": "£ per head", "format": ",.0f"},
                {"field": "share_decile1", "title": "Share in decile 1", "format": ".1%"},
            ],
        },
    }
