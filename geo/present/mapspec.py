"""Supplier points on the map (aggregation, layer, fixed £ size scale) and the front door to map specs.

The deck skeleton and generic layers live in geo.present.deck, choropleths in
geo.present.choropleths, MVT (vector tile) layers in geo.present.tiled, tables in
geo.present.tables and the camera in geo.present.views. Their names are re-exported here so
existing callers (ui/data.py, pages) keep working while they move to the new homes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.analysis.points import (  # noqa: F401 — point aggregation lives in geo.analysis.points
    local_point_gbp,
    supplier_points,
)
from geo.analysis.points import point_rows_by_name as point_rows  # noqa: F401
from geo.present import palette
from geo.present.choropleths import decile_layer as decile_layer
from geo.present.choropleths import decile_layer_for as decile_layer_for
from geo.present.choropleths import per_head_layers as per_head_layers
from geo.present.choropleths import per_head_scale as per_head_scale
from geo.present.choropleths import share_layer as share_layer
from geo.present.deck import BASEMAP_ENV as BASEMAP_ENV
from geo.present.deck import NO_BASEMAP as NO_BASEMAP
from geo.present.deck import TOOLTIP as TOOLTIP
from geo.present.deck import DeckSpec as DeckSpec
from geo.present.deck import Layer as Layer
from geo.present.deck import basemap_style as basemap_style
from geo.present.deck import deck_spec as deck_spec
from geo.present.deck import fill_layer as fill_layer
from geo.present.deck import focus_for as focus_for
from geo.present.deck import focus_layer as focus_layer
from geo.present.deck import outline_layer as outline_layer
from geo.present.deck import points_layer
from geo.present.geojson import PRECISION_AREA as PRECISION_AREA
from geo.present.geojson import PRECISION_NATIONAL as PRECISION_NATIONAL
from geo.present.geojson import PRECISION_POINT as PRECISION_POINT
from geo.present.geojson import feature_collection as feature_collection
from geo.present.tables import area_table_plain as area_table_plain
from geo.present.tables import decile_distribution as decile_distribution
from geo.present.tables import growth_deals_missing as growth_deals_missing
from geo.present.tables import growth_deals_table as growth_deals_table
from geo.present.tables import lsoas_in as lsoas_in
from geo.present.tables import ranked_by_decile1 as ranked_by_decile1
from geo.present.views import ENGLAND_BOUNDS as ENGLAND_BOUNDS
from geo.present.views import ENGLAND_VIEW as ENGLAND_VIEW
from geo.present.views import View as View
from geo.present.views import fit_view as fit_view

# --- spend points ---------------------------------------------------------------------------------

POINT_COLOUR_BY = ("decile", "local")


def size_scale_max(points_all: pd.DataFrame) -> float:
    """The fixed £ of the largest circle for a dataset: its largest |£| per supplier location, rounded up.

    `points_all` is supplier_points of the WHOLE dataset (no filter). The page passes this one
    number to supplier_layer and size_legend for every filtered view, so a circle of a given size
    means the same £ in every view of that dataset and two views can be compared.
    """
    amounts = pd.to_numeric(points_all.get("amount"), errors="coerce") if len(points_all) else None
    top = (
        float(np.nanmax(np.abs(amounts.to_numpy(dtype="float64")))) if amounts is not None else 0.0
    )
    if not np.isfinite(top) or top <= 0:
        return 0.0
    return palette.nice_ceiling(top)


def supplier_layer(
    points: pd.DataFrame,
    colour_by: str = "decile",
    *,
    max_amount: float | None = None,
    over_fill: bool = False,
) -> Layer:
    """ScatterplotLayer of supplier points, sized by |£| (sqrt) and coloured by decile or local flag.

    `max_amount` fixes the £ scale (size_scale_max of the dataset); without it circles rescale to
    the selection's largest point. `over_fill` (the IMD layer is drawn underneath): decile-coloured
    points would melt into the same colours below, so they get a thick white ring.
    """
    if colour_by == "local":
        colours = palette.local_colours(points["is_local"].tolist())
    else:
        colours = palette.decile_colours(points["decile"].tolist())
    radii = palette.sqrt_radius(points["amount"].to_numpy(dtype="float64"), max_amount=max_amount)
    if over_fill:
        return points_layer(
            points, colours, radii, alpha=255, line_colour=palette.POINT_RING, line_width_px=2.0
        )
    return points_layer(points, colours, radii)
