"""Deck.gl map specs built directly as compact JSON (not pydeck's pretty-printed to_json): layers, view, tooltip."""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from geo.analysis.points import (  # noqa: F401 — point aggregation lives in geo.analysis.points
    local_point_gbp,
    supplier_points,
)
from geo.analysis.points import point_rows_by_name as point_rows  # noqa: F401
from geo.present import palette

# England at a zoom that fits a ~900×560 px map; used whenever no area is chosen so the view is
# stable across filter changes (never derived from the filtered data).
ENGLAND_BOUNDS = (-6.4, 49.85, 1.8, 55.85)

# Coordinate decimals: 4 ≈ 11 m (finer than the store's simplified boundaries); 3 ≈ 110 m is
# invisible at national zoom and keeps the all-England LSOA layer small.
PRECISION_AREA = 4
PRECISION_NATIONAL = 3
PRECISION_POINT = 5

# Tooltip template shared by every layer: each object/feature carries n (name), c (code), x (detail),
# because Streamlit's tooltip leaves unknown {fields} as literal text.
TOOLTIP = {
    "html": "<b>{n}</b><br/>{c}<br/>{x}",
    "style": {
        "backgroundColor": "#1f1f1f",
        "color": "#ffffff",
        "fontSize": "14px",
        "padding": "6px 8px",
        "maxWidth": "320px",
    },
}

# Value the Streamlit frontend reads as "no map style requested": with it, no basemap tiles are
# fetched (a missing mapStyle makes Streamlit fall back to a Carto basemap). It is pydeck's own
# sentinel for map_provider=None.
NO_BASEMAP = "__MAP_STYLE__"
BASEMAP_ENV = "SPENDGEO_BASEMAP_URL"


@dataclass(frozen=True)
class View:
    """Map camera: centre and zoom (Web Mercator zoom level)."""

    latitude: float
    longitude: float
    zoom: float

    def to_param(self) -> str:
        return f"{self.latitude:.4f},{self.longitude:.4f},{self.zoom:.2f}"

    @classmethod
    def from_param(cls, text: str | None) -> View | None:
        """'lat,lon,zoom' → View, or None if absent or not a plausible view (never raises)."""
        if not text:
            return None
        try:
            lat, lon, zoom = (float(p) for p in str(text).split(","))
        except ValueError:
            return None
        if not (-85 <= lat <= 85 and -180 <= lon <= 180 and 0 <= zoom <= 20):
            return None
        return cls(lat, lon, zoom)


def fit_view(
    bounds: Sequence[float], width_px: int = 900, height_px: int = 560, padding: float = 0.08
) -> View:
    """View that fits lon/lat bounds (minx, miny, maxx, maxy) in a viewport, in Web Mercator."""
    minx, miny, maxx, maxy = (float(b) for b in bounds)

    def merc_y(lat: float) -> float:
        s = math.sin(math.radians(max(min(lat, 85.0), -85.0)))
        return 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)

    dx = max((maxx - minx) / 360.0, 1e-9)
    dy = max(abs(merc_y(miny) - merc_y(maxy)), 1e-9)
    usable_w = width_px * (1 - 2 * padding)
    usable_h = height_px * (1 - 2 * padding)
    # deck.gl's world is 512 px wide at zoom 0.
    zoom = math.log2(min(usable_w / (512 * dx), usable_h / (512 * dy)))
    y_c = (merc_y(miny) + merc_y(maxy)) / 2
    lat_c = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y_c))))
    return View(round(lat_c, 4), round((minx + maxx) / 2, 4), round(max(min(zoom, 16.0), 3.0), 2))


ENGLAND_VIEW = fit_view(ENGLAND_BOUNDS)


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


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _dumps(obj: object) -> str:
    return _ENCODER.encode(obj)


def _value_json(v: object) -> str:
    """One property value as JSON; numpy scalars, NaN and NA go through _clean only when needed."""
    try:
        return _ENCODER.encode(v)
    except (TypeError, ValueError):
        return _ENCODER.encode(_clean(v))


def _round_geoms(geoms: np.ndarray, precision: int) -> np.ndarray:
    return shapely.transform(geoms, lambda c: np.round(c, precision))


def _clean(v: object) -> object:
    """JSON-safe scalar: numpy → Python, NaN/NA → None."""
    if v is None:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    try:
        if pd.isna(v):  # type: ignore[arg-type]
            return None
    except (TypeError, ValueError):
        pass
    return v


def feature_collection(
    geometries: Sequence[object] | np.ndarray,
    properties: Mapping[str, Sequence[object] | np.ndarray],
    precision: int = PRECISION_AREA,
) -> str:
    """Compact GeoJSON FeatureCollection text: rounded coordinates, only the given properties.

    Geometry text comes from GEOS (shapely.to_geojson, vectorised); per-feature properties are
    small dicts, so the whole thing is one join of pre-serialised strings. Features omit
    `"type":"Feature"`: deck.gl's GeoJsonLayer takes a FeatureCollection's `features` as they are
    and reads only `geometry` and `properties` (0.56 MB saved on the all-England LSOA layer).
    """
    geoms = np.asarray(geometries, dtype=object)
    if geoms.size == 0:
        return '{"type":"FeatureCollection","features":[]}'
    geo_text = shapely.to_geojson(_round_geoms(geoms, precision))
    # Serialise each property column once (value by value), then splice strings per feature:
    # several times faster than building and dumping a dict per feature on 32,844 LSOAs.
    columns = [[f'"{key}":' + _value_json(v) for v in properties[key]] for key in properties]
    parts = [
        '{"geometry":' + g + ',"properties":{' + ",".join(props) + "}}"
        for g, *props in zip(geo_text, *columns, strict=True)
        if g is not None
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


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
    colour = palette.OUTLINES[level]
    n = len(frame)
    data = feature_collection(
        frame.geometry.values,
        {
            "n": frame[name].astype(str).tolist(),
            "c": frame[code].astype(str).tolist(),
            "x": list(detail) if detail is not None else [_LEVEL_NAMES.get(level, level)] * n,
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
            "getLineWidth": palette.OUTLINE_WIDTH_PX[level],
            "lineWidthMinPixels": palette.OUTLINE_WIDTH_PX[level],
            "pickable": pickable,
        },
        data_json=data,
    )


_LEVEL_NAMES = {
    "lad": "Local authority district (2021)",
    "lep": "Local Enterprise Partnership (2021)",
    "ca": "Combined Authority (2024)",
    "ca24": "Combined Authority (2024)",
}


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


def decile_layer(
    lsoa: pd.DataFrame,
    *,
    layer_id: str = "lsoa-imd",
    precision: int = PRECISION_AREA,
    alpha: int = 210,
) -> Layer:
    """IMD 2019 decile choropleth of LSOAs (store columns lsoa11cd, lsoa11nm, imd_decile, geometry)."""
    deciles = lsoa["imd_decile"].tolist()
    details = [
        f"IMD decile {int(d)}{' (most deprived 10%)' if int(d) == 1 else ''}"
        if d is not None and not pd.isna(d)
        else "IMD decile not available"
        for d in deciles
    ]
    # Thin white edges only when zoomed to an area; nationally they would grey out the map.
    edge = 0.3 if precision >= PRECISION_AREA else 0.0
    return fill_layer(
        layer_id,
        lsoa.geometry.values,
        palette.decile_colours(deciles),
        lsoa["lsoa11nm"].tolist(),
        lsoa["lsoa11cd"].tolist(),
        details,
        alpha=alpha,
        line_width_px=edge,
        precision=precision,
    )


def focus_layer(frame: pd.DataFrame, *, code: str = "code", name: str = "name") -> Layer:
    """Heavy black outline of the area zoomed to (not pickable: it must not steal clicks)."""
    data = feature_collection(
        frame.geometry.values,
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
            "filled": False,
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
            "k": _clean(keys[i]),
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
            "getLineColor": palette.rgba(palette.POINT_OUTLINE, 200),
            "lineWidthUnits": "pixels",
            "getLineWidth": 0.75,
            "pickable": True,
        },
        data_json=_dumps(records),
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
            "maxZoom": 16,
        },
        "layers": skeleton_layers,
        "mapStyle": map_style if map_style is not None else basemap_style(),
        "views": [{"@@type": "MapView", "controller": True}],
    }
    raw = {f'"@@RAW{i}@@"': layer.data_json for i, layer in enumerate(layers)}
    # One pass over the small skeleton only: spliced-in data is never rescanned.
    text = re.sub(r'"@@RAW\d+@@"', lambda m: raw[m.group(0)], _dumps(skeleton))
    return DeckSpec(text, dict(tooltip or TOOLTIP), tuple(layer.id for layer in layers))


# --- spend points ---------------------------------------------------------------------------------

POINT_COLOUR_BY = ("decile", "local")


def supplier_layer(points: pd.DataFrame, colour_by: str = "decile") -> Layer:
    """ScatterplotLayer of supplier points, sized by |£| (sqrt) and coloured by decile or local flag."""
    if colour_by == "local":
        colours = palette.local_colours(points["is_local"].tolist())
    else:
        colours = palette.decile_colours(points["imd_decile"].tolist())
    radii = palette.sqrt_radius(points["amount"].to_numpy(dtype="float64"))
    return points_layer(points, colours, radii)


# --- area layers ----------------------------------------------------------------------------------

# LSOA column holding each boundary level's code (LEP also has lep21cd2 for the 7 shared LADs).
_LSOA_LEVEL_COLUMNS = {
    "lad": ("lad21cd",),
    "lep": ("lep21cd", "lep21cd2"),
    "ca": ("ca24cd",),
    "ca24": ("ca24cd",),
}


def lsoas_in(lsoa: pd.DataFrame, level: str | None, code: str | None) -> pd.DataFrame:
    """LSOAs inside one LAD / LEP / CA (all of them when level or code is None)."""
    if not level or not code:
        return lsoa
    keep = np.zeros(len(lsoa), dtype=bool)
    for col in _LSOA_LEVEL_COLUMNS.get(level, ()):
        if col in lsoa.columns:
            keep |= (lsoa[col] == code).fillna(False).to_numpy(dtype=bool)
    return lsoa.loc[keep]


def decile_layer_for(
    lsoa: pd.DataFrame,
    level: str | None,
    code: str | None,
    detail: pd.DataFrame | None = None,
) -> Layer:
    """Decile choropleth for one area's LSOAs or all England.

    All England uses the store's national display geometry (180 m coverage simplification) at
    coarse coordinates. An area uses `detail` (the store's 20 m layer: lsoa11cd + geometry) for
    its LSOAs when given, so zoomed maps follow the streets while only that area is sent.
    """
    subset = lsoas_in(lsoa, level, code)
    if subset is lsoa:
        return decile_layer(lsoa, precision=PRECISION_NATIONAL)
    if detail is not None and len(detail):
        finer = detail.set_index("lsoa11cd").geometry
        subset = subset.copy()
        subset["geometry"] = finer.reindex(subset["lsoa11cd"]).fillna(subset.geometry).to_numpy()
    return decile_layer(subset, precision=PRECISION_AREA)


def focus_for(areas: pd.DataFrame, code: str | None) -> tuple[Layer, View] | None:
    """Outline and fitted view for one area code, or None if the code is not in the table."""
    if not code:
        return None
    row = areas.loc[areas["code"] == code]
    if row.empty:
        return None
    return focus_layer(row), fit_view(row.total_bounds)


def per_head_scale(lep: pd.DataFrame) -> palette.ClassedScale:
    return palette.quantile_scale(lep["gd_per_head_gbp"].tolist(), palette.PER_HEAD_RAMP)


def per_head_layers(lep: pd.DataFrame) -> tuple[list[Layer], palette.ClassedScale]:
    """Growth Deal £/head choropleth; LEPs with no figure are grey (never £0), their reason in the tooltip.

    A missing figure is never drawn as £0: it gets the 'no figure' grey, and its
    tooltip carries the reason (gd_missing_reason).
    """
    scale = per_head_scale(lep)
    values = pd.to_numeric(lep["gd_per_head_gbp"], errors="coerce")
    details = []
    for v, reason, total in zip(
        values,
        lep.get("gd_missing_reason", pd.Series([None] * len(lep))),
        lep.get("gd_total_gbp_m", pd.Series([None] * len(lep))),
        strict=True,
    ):
        if pd.isna(v):
            why = str(reason) if reason is not None and not pd.isna(reason) else "no figure"
            details.append(f"No figure: {why}")
        else:
            t = (
                f" (total £{float(total):,.1f}m)"
                if total is not None and not pd.isna(total)
                else ""
            )
            details.append(f"Growth Deal £{float(v):,.0f} per head{t}")
    names = lep["name"].astype(str).tolist()
    codes = lep["code"].astype(str).tolist()
    colours = scale.colours_for(values.tolist())
    main = fill_layer(
        "lep-per-head",
        lep.geometry.values,
        colours,
        names,
        codes,
        details,
        alpha=235,
        line_colour=(255, 255, 255),
        line_width_px=1.0,
    )
    # A pattern fill (deck.gl FillStyleExtension) drew nothing in Chromium through deck.gl's JSON
    # API, so "no figure" is the legend's grey alone, with the reason in the tooltip and table.
    return [main], scale


def share_layer(areas: pd.DataFrame, level: str = "lad") -> Layer:
    """Share of LSOAs in IMD decile 1 per area (fixed 0–100% classes so maps compare)."""
    scale = palette.share_scale()
    shares = pd.to_numeric(areas["share_decile1"], errors="coerce")
    details = [
        f"{s * 100:.1f}% of LSOAs in IMD decile 1 ({int(n1)} of {int(n)})"
        if not pd.isna(s)
        else "No LSOAs"
        for s, n1, n in zip(shares, areas["n_decile1"], areas["n_lsoa"], strict=True)
    ]
    return fill_layer(
        f"{level}-share-decile1",
        areas.geometry.values,
        scale.colours_for(shares.tolist()),
        areas["name"].astype(str).tolist(),
        areas["code"].astype(str).tolist(),
        details,
        alpha=235,
        line_colour=(255, 255, 255),
        line_width_px=0.5,
    )


# --- tables behind the maps (the accessible alternative to each map) ------------------------------


def decile_distribution(lsoa: pd.DataFrame, level: str | None, code: str | None) -> pd.DataFrame:
    """LSOAs by IMD decile (1–10, every decile listed) in an area, or in England when none is given."""
    subset = lsoas_in(lsoa, level, code)
    deciles = pd.to_numeric(subset["imd_decile"], errors="coerce").dropna().astype(int)
    counts = (
        np.bincount(deciles.clip(1, 10) - 1, minlength=10) if len(deciles) else np.zeros(10, int)
    )
    total = int(counts.sum())
    return pd.DataFrame(
        {
            "decile": [str(d) for d in range(1, 11)],
            "lsoas": counts.astype(int),
            "share": counts / total if total else np.full(10, np.nan),
            "colour": [palette.hex_colour(c) for c in palette.DECILE_COLOURS],
        }
    )


def ranked_by_decile1(areas: pd.DataFrame) -> pd.DataFrame:
    """Areas ranked by share of LSOAs in decile 1 (most deprived first); no geometry."""
    cols = [
        c
        for c in (
            "code",
            "name",
            "n_lsoa",
            "n_decile1",
            "share_decile1",
            "n_decile12",
            "share_decile12",
            "population",
        )
        if c in areas.columns
    ]
    out = pd.DataFrame(areas[cols]).sort_values(
        ["share_decile1", "name"], ascending=[False, True], kind="stable"
    )
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out.reset_index(drop=True)


def growth_deals_table(lep: pd.DataFrame) -> pd.DataFrame:
    """Per-LEP Growth Deal figures beside deprivation; a missing £ figure stays missing, with its reason."""
    cols = [
        c
        for c in (
            "code",
            "name",
            "population",
            "gd_round1_gbp_m",
            "gd_round2_gbp_m",
            "gd_round3_gbp_m",
            "gd_total_gbp_m",
            "gd_per_head_gbp",
            "share_decile1",
            "n_lsoa",
            "n_decile1",
            "gd_confidence",
            "gd_missing_reason",
            "gd_notes",
        )
        if c in lep.columns
    ]
    out = pd.DataFrame(lep[cols]).sort_values("name", kind="stable").reset_index(drop=True)
    return out


def growth_deals_missing(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of the Growth Deals table with no £ per head figure (never plotted as £0)."""
    return table.loc[pd.to_numeric(table["gd_per_head_gbp"], errors="coerce").isna()]


def area_table_plain(areas: pd.DataFrame) -> pd.DataFrame:
    """An area table without geometry, for st.dataframe."""
    return pd.DataFrame(areas.drop(columns=[c for c in ("geometry",) if c in areas.columns]))


def decile_chart_frame(by_decile: pd.DataFrame) -> pd.DataFrame:
    """Spend-by-decile table with the legend colour of each bucket, for a bar chart that matches the map."""
    out = pd.DataFrame(by_decile).copy()
    colours = [palette.hex_colour(c) for c in palette.DECILE_COLOURS]
    out["colour"] = colours + [palette.hex_colour(palette.NO_DATA)] * (len(out) - len(colours))
    out["bucket"] = ["1 (most deprived)" if b == "1" else str(b) for b in out["bucket"].astype(str)]
    return out
