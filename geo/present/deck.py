"""Deck.gl map specs built directly as compact JSON (not pydeck's to_json): layers, deck, tooltip."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from geo import levels
from geo.present import palette
from geo.present.geojson import PRECISION_AREA, PRECISION_POINT, clean, dumps, feature_collection
from geo.present.views import MAX_VIEW_ZOOM, View, fit_view

# Tooltip template shared by every layer: each object/feature carries n (name), c (code), x (detail),
# because Streamlit's tooltip leaves unknown {fields} as literal text.
# The tooltip is pinned inside the map's top-left corner: deck.gl places it at the cursor with an
# inline transform and then applies this style, so our transform wins. At the cursor it was cut
# off near the right and bottom edges (and on a phone the finger hides it); in the corner it is
# always whole, and it wraps long supplier names within maxWidth.
TOOLTIP = {
    "html": "<b>{n}</b><br/>{c}<br/>{x}",
    "style": {
        "backgroundColor": "rgba(31,31,31,0.94)",
        "color": "#ffffff",
        "fontSize": "14px",
        "lineHeight": "1.35",
        "padding": "6px 8px",
        "borderRadius": "4px",
        "maxWidth": "min(320px, 70%)",
        "whiteSpace": "normal",
        "overflowWrap": "anywhere",
        "transform": "translate(8px, 8px)",
        "pointerEvents": "none",
        "zIndex": "2",
    },
}

# Value the Streamlit frontend reads as "no map style requested": with it, no basemap tiles are
# fetched (a missing mapStyle makes Streamlit fall back to a Carto basemap). It is pydeck's own
# sentinel for map_provider=None.
NO_BASEMAP = "__MAP_STYLE__"
BASEMAP_ENV = "SPENDGEO_BASEMAP_URL"


@dataclass(frozen=True)
class Layer:
    """One deck.gl layer: its JSON props (camelCase) and its data already serialised as JSON text."""

    id: str
    props: Mapping[str, object]
    data_json: str

    @property
    def n_bytes(self) -> int:
        return len(self.data_json)


@dataclass(frozen=True)
class DeckSpec:
    """A complete deck: the JSON string Streamlit's frontend parses, and the tooltip it applies."""

    json: str
    tooltip: Mapping[str, object] = field(default_factory=lambda: TOOLTIP)
    layer_ids: tuple[str, ...] = ()

    @property
    def n_bytes(self) -> int:
        return len(self.json.encode("utf-8"))


def _colour_lists(colours: np.ndarray, alpha: int) -> list[list[int]]:
    arr = np.asarray(colours, dtype=int)
    return [[int(r), int(g), int(b), alpha] for r, g, b in arr[:, :3]]


def outline_layer(
    level: str,
    frame: pd.DataFrame,
    *,
    code: str = "code",
    name: str = "name",
    detail: Sequence[str] | None = None,
    precision: int = PRECISION_AREA,
    pickable: bool = True,
) -> Layer:
    """Boundary overlay: outlines only, with a near-invisible fill so the area is clickable.

    Fill alpha 1/255 (not 0) keeps polygons in deck.gl's picking pass; when the area is selected
    Streamlit raises its alpha to 255, which turns the chosen area solid — a clear highlight.
    """
    colour = palette.OUTLINES[palette.outline_key(level)]  # lad24 draws as lad, ca25 as ca
    n = len(frame)
    data = feature_collection(
        frame.geometry.values,
        {
            "n": frame[name].astype(str).tolist(),
            "c": frame[code].astype(str).tolist(),
            "x": list(detail) if detail is not None else [levels.get(level).label] * n,
        },
        precision,
    )
    return Layer(
        id=f"{level}-outline",
        props={
            "@@type": "GeoJsonLayer",
            "id": f"{level}-outline",
            "stroked": True,
            "filled": True,
            "getFillColor": palette.rgba(colour, 1),
            "getLineColor": palette.rgba(colour, 230),
            "lineWidthUnits": "pixels",
            "getLineWidth": palette.OUTLINE_WIDTH_PX[palette.outline_key(level)],
            "lineWidthMinPixels": palette.OUTLINE_WIDTH_PX[palette.outline_key(level)],
            "pickable": pickable,
        },
        data_json=data,
    )


def fill_layer(
    layer_id: str,
    geometries: Sequence[object] | np.ndarray,
    colours: np.ndarray,
    names: Sequence[object],
    codes: Sequence[object],
    details: Sequence[object],
    *,
    alpha: int = 220,
    line_colour: Sequence[int] = palette.OUTLINES["lsoa"],
    line_width_px: float = 0.3,
    precision: int = PRECISION_AREA,
    pickable: bool = True,
) -> Layer:
    """Choropleth: each feature carries its own fill colour `f` (computed here from a palette)."""
    data = feature_collection(
        geometries,
        {
            "n": list(names),
            "c": list(codes),
            "x": list(details),
            "f": _colour_lists(colours, alpha),
        },
        precision,
    )
    return Layer(
        id=layer_id,
        props={
            "@@type": "GeoJsonLayer",
            "id": layer_id,
            "stroked": line_width_px > 0,
            "filled": True,
            "getFillColor": "@@=properties.f",
            "getLineColor": palette.rgba(line_colour, 160),
            "lineWidthUnits": "pixels",
            "getLineWidth": line_width_px,
            "pickable": pickable,
        },
        data_json=data,
    )


# The mask's outer ring: far beyond anything the map shows (minZoom 4 over England), so only its
# hole, the focused area's outline, is ever on screen.
_MASK_BOX = (-170.0, -80.0, 170.0, 84.0)
MASK_ALPHA = 165  # white veil over the rest of England: its deciles stay legible as context


def focus_layer(
    frame: pd.DataFrame, *, code: str = "code", name: str = "name", mask: bool = False
) -> Layer:
    """Heavy black outline of the area zoomed to (not pickable: it must not steal clicks).

    With `mask`, the one feature is the world with the area cut out, filled with a white veil and
    stroked: the decile tiles (which draw every LSOA of England) read as "this area", the rest
    faded, and the hole's edge is the outline, so the area's geometry is sent once (a few kB).
    """
    geoms = frame.geometry.values
    if mask:
        area = shapely.union_all(np.asarray(geoms, dtype=object))
        geoms = np.asarray([shapely.difference(shapely.box(*_MASK_BOX), area)], dtype=object)
        frame = frame.iloc[:1]
    data = feature_collection(
        geoms,
        {
            "n": frame[name].astype(str).tolist(),
            "c": frame[code].astype(str).tolist(),
            "x": ["Selected area"] * len(frame),
        },
        PRECISION_AREA,
    )
    return Layer(
        id="focus",
        props={
            "@@type": "GeoJsonLayer",
            "id": "focus",
            "stroked": True,
            "filled": mask,
            "getFillColor": palette.rgba((255, 255, 255), MASK_ALPHA),
            "getLineColor": palette.rgba(palette.OUTLINES["focus"]),
            "lineWidthUnits": "pixels",
            "getLineWidth": palette.OUTLINE_WIDTH_PX["focus"],
            "pickable": False,
        },
        data_json=data,
    )


def points_layer(
    points: pd.DataFrame,
    colours: np.ndarray,
    radii: np.ndarray,
    *,
    layer_id: str = "suppliers",
    alpha: int = 215,
    line_colour: Sequence[int] = palette.POINT_OUTLINE,
    line_width_px: float = 0.75,
) -> Layer:
    """Supplier locations: lon/lat, radius (px), colour, and n/c/x tooltip fields plus row key `k`.

    `points` needs columns lon, lat, name, code (postcode or id), detail, key.
    """
    lon = np.round(points["lon"].to_numpy(dtype="float64"), PRECISION_POINT)
    lat = np.round(points["lat"].to_numpy(dtype="float64"), PRECISION_POINT)
    rad = np.round(np.asarray(radii, dtype="float64"), 1)
    cols = np.asarray(colours, dtype=int)
    names = points["name"].astype(str).tolist()
    codes = points["code"].astype(str).tolist()
    details = points["detail"].astype(str).tolist()
    keys = points["key"].tolist()
    records = [
        {
            "p": [float(lon[i]), float(lat[i])],
            "r": float(rad[i]),
            "f": [int(cols[i, 0]), int(cols[i, 1]), int(cols[i, 2]), alpha],
            "n": names[i],
            "c": codes[i],
            "x": details[i],
            "k": clean(keys[i]),
        }
        for i in range(len(points))
    ]
    return Layer(
        id=layer_id,
        props={
            "@@type": "ScatterplotLayer",
            "id": layer_id,
            "getPosition": "@@=p",
            "getRadius": "@@=r",
            "radiusUnits": "pixels",
            "getFillColor": "@@=f",
            "stroked": True,
            "getLineColor": palette.rgba(line_colour, 230),
            "lineWidthUnits": "pixels",
            "getLineWidth": line_width_px,
            "pickable": True,
        },
        data_json=dumps(records),
    )


def basemap_style() -> str:
    """Map style for the deck: none by default (offline); a MapLibre style URL from the environment.

    SPENDGEO_BASEMAP_URL must point at a MapLibre/Mapbox GL *style JSON* (for example a self-hosted
    tileserver's style.json). A raster {z}/{x}/{y} TileLayer is not possible through deck.gl's JSON
    API: its tiles would need a BitmapLayer built by a JavaScript renderSubLayers callback.
    """
    url = os.environ.get(BASEMAP_ENV, "").strip()
    return url or NO_BASEMAP


def deck_spec(
    layers: Sequence[Layer],
    view: View,
    *,
    map_style: str | None = None,
    tooltip: Mapping[str, object] | None = None,
) -> DeckSpec:
    """Assemble the deck JSON by hand: a small skeleton, with each layer's pre-serialised data spliced in."""
    skeleton_layers = []
    for i, layer in enumerate(layers):
        props = dict(layer.props)
        props["data"] = f"@@RAW{i}@@"
        skeleton_layers.append(props)
    skeleton = {
        "initialViewState": {
            "latitude": view.latitude,
            "longitude": view.longitude,
            "zoom": view.zoom,
            "pitch": 0,
            "bearing": 0,
            "minZoom": 4,
            "maxZoom": MAX_VIEW_ZOOM,
        },
        "layers": skeleton_layers,
        "mapStyle": map_style if map_style is not None else basemap_style(),
        "views": [{"@@type": "MapView", "controller": True}],
    }
    raw = {f'"@@RAW{i}@@"': layer.data_json for i, layer in enumerate(layers)}
    # One pass over the small skeleton only: spliced-in data is never rescanned.
    text = re.sub(r'"@@RAW\d+@@"', lambda m: raw[m.group(0)], dumps(skeleton))
    return DeckSpec(text, dict(tooltip or TOOLTIP), tuple(layer.id for layer in layers))


def focus_for(
    areas: pd.DataFrame, code: str | None, *, mask: bool = False
) -> tuple[Layer, View] | None:
    """Outline (with `mask`, the veil over the rest of England) and fitted view for one area
    code, or None if the code is not in the table."""
    if not code:
        return None
    row = areas.loc[areas["code"] == code]
    if row.empty:
        return None
    return focus_layer(row, mask=mask), fit_view(row.total_bounds)
