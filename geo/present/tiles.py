"""Mapbox vector tiles of area layers (LSOA deciles, LAD, LEP, CA), built once from the store for deck.gl's MVTLayer."""

from __future__ import annotations

import json
import math
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.paths import PROJECT_ROOT
from geo.present.tilegrid import HALF as _HALF
from geo.present.tilegrid import tile_range as _tile_range
from geo.present.tilegrid import tile_span as _tile_span
from geo.present.tilegrid import to_mercator as _to_mercator

EXTENT = 4096  # MVT integer grid per tile side (the format's usual extent)
BUFFER = 64  # grid units kept beyond each tile edge so strokes do not end at tile seams
# deck.gl draws a tile 512 CSS px wide at its own zoom (TileLayer tileSize 512); simplify to half
# a CSS pixel, which the eye cannot see, rather than to the 4096 grid, which would keep ~8× the
# vertices for no visible gain. This holds at a source's deepest zoom, which the maps enlarge up
# to 4× (view zoom 14 on z12 tiles).
SIMPLIFY_PX = 0.5
# Coarser zooms of a coverage (the LSOAs) are never drawn enlarged past 1.4× (deck.gl switches tile
# zoom half a level either side), so they drop detail under 2 px (Visvalingam–Whyatt: triangles
# under ~4 px²). Why it matters: software WebGL (a projector laptop without a GPU, and this
# machine) spends its frame time per vertex. Measured on the Greater Manchester view (z9 tiles):
# 94k → 48k vertices in the busiest tile, GPU time per map frame ~650 → ~285 ms (Chrome trace,
# panning); screenshots side by side at CA, district and England zoom show no difference.
COVERAGE_SIMPLIFY_PX = 2.0
TILE_PX = 512
# The LSOA coverage's own detail (the store's 20 m layer) is reached at zoom 12 (19 m per CSS
# pixel at 512 px tiles); deeper zooms over-zoom the z12 tiles instead of repeating the same shapes.
MAX_ZOOM = 12
MIN_ZOOM = 4
# lon/lat box of England's LSOAs (2011 and 2021 alike) with a small margin: Scilly to Lowestoft.
# The maps ask for tiles inside it only (deck.gl's TileLayer `extent`); every position in it that
# holds no feature (sea, Wales, Scotland) is an empty tile, so no request is ever a 404.
ENGLAND_EXTENT = (-6.45, 49.85, 1.8, 55.85)
# One 0-byte file per tile set, hard-linked at each empty position: an MVT with no layers is
# 0 bytes, and loaders.gl parses it to no features. Links cost a directory entry, not a file.
EMPTY_TILE = "_empty.pbf"
MANIFEST = "tiles.json"
STORE_KEY = "_store"  # tiles.json entry naming the store build the tiles came from
# URL prefix of the tile directory: Streamlit's static serving (server.enableStaticServing) serves
# ./static/ beside app.py under /app/static/; the hosted set-up's nginx serves the same path.
URL_PREFIX = "/app/static/tiles"


def default_tiles_dir() -> Path:
    """static/tiles/ beside app.py (git-ignored; rebuilt by `python -m geo tiles`)."""
    return PROJECT_ROOT / "static" / "tiles"


@dataclass(frozen=True)
class TileSource:
    """One tile set: a frame of polygons (EPSG:4326) and the properties each feature carries.

    `properties` maps a tile property name to a frame column (or to a function of the frame that
    returns one value per row). `low_zoom_drop` lists properties left out below `full_from_zoom`
    (names of 32,844 LSOAs cost more than their shapes on a national map).
    """

    name: str  # URL path segment: static/tiles/<name>/<z>/<x>/<y>.pbf
    frame: gpd.GeoDataFrame
    properties: Mapping[str, str | Callable[[pd.DataFrame], Sequence[object]]]
    minzoom: int = MIN_ZOOM
    maxzoom: int = MAX_ZOOM
    coverage: bool = True  # polygons tile the plane: simplify as one coverage (no gaps/slivers)
    low_zoom_drop: tuple[str, ...] = ()
    full_from_zoom: int = 0
    # Below `dissolve_below`, neighbouring features with the same `dissolve_by` properties merge
    # into one patch carrying only `dissolve_keep` properties (see tilesets.lsoa_source for why).
    dissolve_by: tuple[str, ...] = ()
    dissolve_below: int = 0
    dissolve_keep: tuple[str, ...] = ()
    vintage: str = ""
    # Features drawn over the source's own at each zoom (Web Mercator geometry, properties): the
    # boundary bands of geo.present.ribbons, each in the MVT layer `overlay_layer(props)` names
    # (after the source's own layer, so a map asking for both draws them over it).
    overlay: Callable[[int], tuple[np.ndarray, list[dict[str, object]]]] | None = None
    overlay_layer: Callable[[dict[str, object]], str] | None = None
    # Each tile starts with a speck no click can hit (SENTINEL): see _encode_tile for why.
    sentinel: bool = False
    # From `gap_from_zoom` on, each feature is drawn `gap_px` CSS px inside its neighbours: the
    # background shows between them as an edge line, at no drawing cost (see inset_features).
    gap_from_zoom: int | None = None
    gap_px: float = 0.0


@dataclass(frozen=True)
class TileStats:
    name: str
    tiles: int
    bytes_total: int
    bytes_max: int
    seconds: float
    minzoom: int
    maxzoom: int
    empty: int = 0  # positions inside ENGLAND_EXTENT with no feature: linked to EMPTY_TILE


def extent_tiles(z: int, extent: Sequence[float] = ENGLAND_EXTENT) -> tuple[range, range]:
    """x and y ranges of the zoom-z tiles deck.gl may request for a lon/lat `extent`."""
    lo, hi = _to_mercator(
        np.array([shapely.Point(extent[0], extent[1]), shapely.Point(extent[2], extent[3])])
    )
    return _tile_range((lo.x, lo.y, hi.x, hi.y), z)


def fill_empty_tiles(root: Path, minzoom: int, maxzoom: int) -> int:
    """Link EMPTY_TILE at every tile position inside ENGLAND_EXTENT, zooms minzoom..maxzoom, that
    holds no tile; returns how many. Why: a sea tile off the coast was a 404, which deck.gl logs
    as an error with a stack trace on every pan, and the hosted server logs too."""
    empty = root / EMPTY_TILE
    empty.parent.mkdir(parents=True, exist_ok=True)
    empty.write_bytes(b"")
    n = 0
    for z in range(minzoom, maxzoom + 1):
        xs, ys = extent_tiles(z)
        for x in xs:
            col = root / str(z) / str(x)
            have = {p.name for p in col.iterdir()} if col.is_dir() else set()
            for y in ys:
                if f"{y}.pbf" in have:
                    continue
                col.mkdir(parents=True, exist_ok=True)
                (col / f"{y}.pbf").hardlink_to(empty)
                n += 1
    return n


def _property_columns(source: TileSource) -> dict[str, list[object]]:
    out: dict[str, list[object]] = {}
    for key, spec in source.properties.items():
        values = spec(source.frame) if callable(spec) else source.frame[spec].tolist()
        out[key] = [_plain(v) for v in values]
    return out


def _plain(v: object) -> object:
    """A value MVT can carry: int, float or str; None for missing (the property is then left out)."""
    if v is None:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float):
        if not math.isfinite(v):
            return None
        return int(v) if v.is_integer() else v
    try:
        if pd.isna(v):  # type: ignore[arg-type]
            return None
    except (TypeError, ValueError):
        pass
    return v


def _simplified(geoms: np.ndarray, tolerance: float, coverage: bool) -> np.ndarray:
    if coverage:
        # One coverage: shared edges simplified once, so neighbouring LSOAs keep touching.
        return np.asarray(shapely.coverage_simplify(geoms, tolerance), dtype=object)
    return shapely.simplify(geoms, tolerance, preserve_topology=True)


def _dissolved(
    geoms: np.ndarray,
    props: Sequence[dict[str, object]],
    by: tuple[str, ...],
    keep: tuple[str, ...],
) -> tuple[np.ndarray, list[dict[str, object]]]:
    """Merge features sharing the values of properties `by` into single-polygon patches."""
    groups: dict[object, list[int]] = {}
    for i, p in enumerate(props):
        groups.setdefault(tuple(p.get(k) for k in by), []).append(i)
    out_geoms: list[object] = []
    out_props: list[dict[str, object]] = []
    for idx in groups.values():
        part = geoms[np.asarray(idx)]
        try:
            merged = shapely.coverage_union_all(part)
        except shapely.errors.GEOSException:
            merged = shapely.union_all(part)
        pieces = shapely.get_parts(merged)
        tags = {k: props[idx[0]][k] for k in keep if k in props[idx[0]]}
        out_geoms.extend(pieces)
        out_props.extend([tags] * len(pieces))
    return np.asarray(out_geoms, dtype=object), out_props


def inset_features(geoms: np.ndarray, gap_m: float) -> np.ndarray:
    """Each polygon shrunk by half of `gap_m` (Web Mercator metres), so neighbours stand `gap_m`
    apart and the map's background draws their shared edge.

    Why not a line layer: in a browser without a GPU (software WebGL) the LSOA edges as a stroked
    layer were 188,000 path segments zoomed to Manchester, and every frame of that map (each pan
    step, and the frame after each click) took ~3.7 s instead of ~0.3 s. A polygon too thin to
    shrink (a sliver under `gap_m` wide, or one losing most of its area) is kept whole: a hole in
    the map would read as missing data.
    """
    inner = shapely.buffer(geoms, -gap_m / 2, quad_segs=1, join_style="mitre", mitre_limit=2.0)
    area = shapely.area(geoms)
    ok = ~shapely.is_empty(inner) & (shapely.area(inner) >= 0.5 * area)
    return np.where(ok, inner, geoms)


# A triangle of half a grid unit (1/16 of a CSS pixel at the tile's zoom) in the buffer beyond the
# tile's top-left corner: it covers no pixel, so no click or tap can pick it.
SENTINEL = shapely.Polygon([(-40, -40), (-39, -40), (-40, -39)])


def _encode_tile(
    layer_name: str,
    geoms: np.ndarray,
    props: Sequence[dict[str, object]],
    sentinel: bool,
    layers: Sequence[str],
) -> bytes:
    """One tile's MVT bytes; b"" when nothing is drawn in it.

    `layers` names each feature's MVT layer; `layer_name` (the source's own) comes first, the
    others in the order they first appear.

    With `sentinel`, the first feature is SENTINEL, so every real feature's index in the tile is
    1 or more. Why: Streamlit's map selection treats a clicked index below the length of a layer's
    data array as "this row is selected" and then fades every other feature of every layer, and
    in a tile layer the index counts within each tile, so one unrelated area per tile lit up. The
    decile layer's data is a one-item URL list (tiled.decile_tile_layer); an index of 1 or more
    is past its end, and Streamlit leaves the map as drawn while the page names what was clicked.
    """
    # No feature ids: nothing reads them (picking uses the properties) and they cost ~3 bytes each.
    grouped: dict[str, list[dict[str, object]]] = {layer_name: []}
    for g, p, name in zip(geoms, props, layers, strict=True):
        if g is not None and not g.is_empty:
            grouped.setdefault(name, []).append({"geometry": g, "properties": p})
    if not any(grouped.values()):
        return b""
    if sentinel:
        grouped[layer_name].insert(0, {"geometry": SENTINEL, "properties": {}})
    # Imported here: only the build step needs the encoder, not the app drawing tile layers.
    import mapbox_vector_tile

    return mapbox_vector_tile.encode(
        [{"name": name, "features": fs} for name, fs in grouped.items() if fs],
        default_options={"y_coord_down": True, "extents": EXTENT, "check_winding_order": True},
    )


def build_tileset(source: TileSource, out_dir: Path) -> TileStats:
    """Write static/tiles/<name>/<z>/<x>/<y>.pbf for every zoom of one source; returns counts and sizes."""
    t0 = time.perf_counter()
    root = Path(out_dir) / source.name
    if root.exists():
        shutil.rmtree(root)
    frame = source.frame
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    merc = _to_mercator(np.asarray(frame.geometry.values, dtype=object))
    columns = _property_columns(source)
    n = len(frame)
    full_props = [
        {k: columns[k][i] for k in columns if columns[k][i] is not None} for i in range(n)
    ]
    lean_props = [{k: v for k, v in p.items() if k not in source.low_zoom_drop} for p in full_props]
    bounds = shapely.total_bounds(merc)
    n_tiles = total = biggest = 0
    # Coarser zooms simplify the finer zoom's result: each pass starts from fewer vertices.
    current = merc
    for z in range(source.maxzoom, source.minzoom - 1, -1):
        span = _tile_span(z)
        px = COVERAGE_SIMPLIFY_PX if source.coverage and z < source.maxzoom else SIMPLIFY_PX
        current = _simplified(current, span / TILE_PX * px, source.coverage)
        props = full_props if z >= source.full_from_zoom else lean_props
        drawn = current
        if source.dissolve_by and z < source.dissolve_below:
            drawn, props = _dissolved(current, props, source.dissolve_by, source.dissolve_keep)
        if source.gap_from_zoom is not None and z >= source.gap_from_zoom:
            # Inset after simplifying: the coarser zooms simplify `current`, still a coverage.
            drawn = inset_features(drawn, source.gap_px * span / TILE_PX)
        names = [source.name] * len(props)
        if source.overlay is not None:
            # Appended, so in every tile they come after (and draw over) the source's features.
            extra, extra_props = source.overlay(z)
            drawn = np.concatenate([np.asarray(drawn, dtype=object), extra])
            layer_of = source.overlay_layer or (lambda _p: source.name)
            names += [layer_of(p) for p in extra_props]
            props = [*props, *extra_props]
        tree = shapely.STRtree(drawn)
        pad = span * BUFFER / EXTENT
        xs, ys = _tile_range(bounds, z)
        for x in xs:
            for y in ys:
                minx = -_HALF + x * span
                maxy = _HALF - y * span
                box = (minx - pad, maxy - span - pad, minx + span + pad, maxy + pad)
                hits = tree.query(shapely.box(*box), predicate="intersects")
                if hits.size == 0:
                    continue
                hits.sort()
                clipped = shapely.clip_by_rect(drawn[hits], *box)
                scale = EXTENT / span
                local = shapely.transform(
                    clipped,
                    lambda c, minx=minx, maxy=maxy, scale=scale: np.column_stack(
                        [(c[:, 0] - minx) * scale, (maxy - c[:, 1]) * scale]
                    ),
                )
                data = _encode_tile(
                    source.name,
                    local,
                    [props[i] for i in hits],
                    source.sentinel,
                    [names[i] for i in hits],
                )
                if not data:
                    continue
                path = root / str(z) / str(x) / f"{y}.pbf"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                n_tiles += 1
                total += len(data)
                biggest = max(biggest, len(data))
    empty = fill_empty_tiles(root, source.minzoom, source.maxzoom)
    return TileStats(
        source.name,
        n_tiles,
        total,
        biggest,
        round(time.perf_counter() - t0, 1),
        source.minzoom,
        source.maxzoom,
        empty,
    )


def read_tiles_manifest(out_dir: Path) -> dict[str, dict]:
    """tiles.json from a tile directory, or {} when tiles were never built there."""
    path = Path(out_dir) / MANIFEST
    return json.loads(path.read_text()) if path.exists() else {}
