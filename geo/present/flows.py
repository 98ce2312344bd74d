"""Leakage flow map: deck.gl ArcLayer from the local area's centre to each destination, width by £, and its legend."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from geo.present import palette
from geo.present.deck import Layer
from geo.present.fmt import format_gbp, format_money, format_share
from geo.present.geojson import PRECISION_POINT, dumps
from geo.present.legend import Legend, LegendItem

FLOW_LAYER_ID = "leakage-flows"
ORIGIN_LAYER_ID = "leakage-origin"
MIN_WIDTH_PX = 1.5
MAX_WIDTH_PX = 14.0
# Arcs run from the local colour (what stays) to the not-local colour (where it goes), so the
# direction reads without arrowheads (deck.gl's ArcLayer has none).
SOURCE_COLOUR = palette.LOCAL
TARGET_COLOUR = palette.NOT_LOCAL
LEVEL_WORDS = {"lad": "LAD", "ca": "Combined Authority", "region": "region"}


def arc_widths(gbp: np.ndarray, max_gbp: float | None = None) -> np.ndarray:
    """Pixel width per arc, linear in £ (MIN_WIDTH_PX .. MAX_WIDTH_PX at the largest flow).

    Negative or missing £ (a destination whose credits exceed its payments) draw at the minimum.
    """
    g = np.nan_to_num(np.asarray(gbp, dtype="float64"), nan=0.0).clip(min=0.0)
    top = float(max_gbp) if max_gbp else (float(g.max()) if len(g) else 0.0)
    if top <= 0:
        return np.full(len(g), MIN_WIDTH_PX)
    return np.round(MIN_WIDTH_PX + (MAX_WIDTH_PX - MIN_WIDTH_PX) * np.minimum(g / top, 1.0), 1)


def flow_layer(
    flows: pd.DataFrame, names: Mapping[str, str] | None = None, *, level: str = "lad"
) -> Layer:
    """ArcLayer from geo.analysis.leakage.leakage_flows (origin/dest lon-lat, code, name, gbp, share).

    Pickable, id 'leakage-flows'; each arc carries n (destination name), c (code), x (£ and share
    of the leaked £) for the shared tooltip. `names` replaces a destination's name when it has one
    (the centroid table names Combined Authorities by code).
    """
    nm = names or {}
    widths = arc_widths(flows["gbp"].to_numpy(dtype="float64")) if len(flows) else np.array([])
    records = []
    for i, row in enumerate(flows.itertuples(index=False)):
        code = str(row.code)
        records.append(
            {
                "s": [
                    round(float(row.origin_lon), PRECISION_POINT),
                    round(float(row.origin_lat), PRECISION_POINT),
                ],  # fmt: skip
                "t": [
                    round(float(row.dest_lon), PRECISION_POINT),
                    round(float(row.dest_lat), PRECISION_POINT),
                ],  # fmt: skip
                "w": float(widths[i]),
                "n": str(nm.get(code, row.name)),
                "c": code,
                "x": f"{format_gbp(row.gbp)} leaked to this {LEVEL_WORDS.get(level, level)} "
                f"({format_share(row.share, 'n/a')} of the leaked £)",
            }
        )
    return Layer(
        id=FLOW_LAYER_ID,
        props={
            "@@type": "ArcLayer",
            "id": FLOW_LAYER_ID,
            "getSourcePosition": "@@=s",
            "getTargetPosition": "@@=t",
            "getWidth": "@@=w",
            "widthUnits": "pixels",
            "getSourceColor": palette.rgba(SOURCE_COLOUR, 200),
            "getTargetColor": palette.rgba(TARGET_COLOUR, 230),
            "pickable": True,
            "autoHighlight": True,
        },
        data_json=dumps(records),
    )


def origin_layer(origin: tuple[float, float], label: str, detail: str) -> Layer:
    """A ring at the local area's centre, where every arc starts (not pickable: arcs take clicks)."""
    record = {
        "p": [round(origin[0], PRECISION_POINT), round(origin[1], PRECISION_POINT)],
        "n": label,
        "c": "",
        "x": detail,
    }
    return Layer(
        id=ORIGIN_LAYER_ID,
        props={
            "@@type": "ScatterplotLayer",
            "id": ORIGIN_LAYER_ID,
            "getPosition": "@@=p",
            "getRadius": 9,
            "radiusUnits": "pixels",
            "getFillColor": palette.rgba(SOURCE_COLOUR, 255),
            "stroked": True,
            "getLineColor": [255, 255, 255, 255],
            "lineWidthUnits": "pixels",
            "getLineWidth": 2.5,
            "pickable": False,
        },
        data_json=dumps([record]),
    )


def flow_legend(flows: pd.DataFrame, locality_description: str, level: str) -> Legend:
    """Arc widths for three rounded £ amounts, and what the two arc colours mean."""
    word = LEVEL_WORDS.get(level, level)
    if not len(flows):
        return Legend(
            "Where the non-local £ goes",
            (),
            note=f"No leaked £ to a mapped {word} in this selection.",
            key="flows",
        )
    top = float(np.nanmax(flows["gbp"].to_numpy(dtype="float64")))
    amounts = sorted({palette.nice_number(top * f) for f in (1.0, 0.3, 0.05)}, reverse=True)
    widths = arc_widths(np.array(amounts), top)
    items = [
        LegendItem(f"{format_money(a)} leaked", "#7f7f7f", "line", size=float(w))
        for a, w in zip(amounts, widths, strict=True)
        if a > 0
    ]
    items += [
        LegendItem("Arc starts: the local area", palette.hex_colour(SOURCE_COLOUR), "line", 4),
        LegendItem(f"Arc ends: destination {word}", palette.hex_colour(TARGET_COLOUR), "line", 4),
    ]
    return Legend(
        f"Where the non-local £ goes, by destination {word} (arc width ∝ £)",
        tuple(items),
        note=(
            f"Local means {locality_description}. Arcs join the local area's centre to each "
            f"destination {word}'s centre; spend outside England, outside any Combined Authority "
            "or with unlocated suppliers is in the tables, not drawn."
        ),
        key="flows",
    )


def flow_map(
    leak: object,
    level: str,
    centroids: pd.DataFrame,
    origin: tuple[float, float],
    names: Mapping[str, str] | None = None,
) -> tuple[list[Layer], Legend]:
    """Layers (arcs, then the origin ring on top) and legend for a Leakage at one level."""
    from geo.analysis.leakage import leakage_flows

    flows = leakage_flows(leak, level, centroids, origin)  # type: ignore[arg-type]
    where = leak.locality  # type: ignore[attr-defined]
    layers = [
        flow_layer(flows, names, level=level),
        origin_layer(origin, where.name, f"Local area: {where.description}"),
    ]
    return layers, flow_legend(flows, where.description, level)
