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

from geo import levels
from geo.errors import SpendGeoError
from geo.paths import PROJECT_ROOT
from geo.present.tilegrid import HALF as _HALF
from geo.present.tilegrid import tile_range as _tile_range
from geo.present.tilegrid import tile_span as _tile_span
from geo.present.tilegrid import to_mercator as _to_mercator

EXTENT = 4096  # MVT integer grid per tile side (the format's usual extent)
BUFFER = 64  # grid units kept beyond each tile edge so strokes do not end at tile seams
# deck.gl draws a tile 512 CSS px wide at its own zoom (TileLayer tileSize 512); simplify to half
# a CSS pixel, which the eye cannot see, rather than to the 4096 grid, which would keep ~8× the
# vertices for no visible gain.
SIMPLIFY_PX = 0.5
TILE_PX = 512
# The LSOA coverage's own detail (the store's 20 m layer) is reached at zoom 12 (19 m per CSS
# pixel at 512 px tiles); deeper zooms over-zoom the z12 tiles instead of repeating the same shapes.
MAX_ZOOM = 12
MIN_ZOOM = 4
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
    # Below `dissolve_below`, neighbouring features with the same `dissolve_by` property merge
    # into one patch carrying only `dissolve_keep` properties (see lsoa_source for why).
    dissolve_by: str | None = None
    dissolve_below: int = 0
    dissolve_keep: tuple[str, ...] = ()
    vintage: str = ""


@dataclass(frozen=True)
class TileStats:
    name: str
    tiles: int
    bytes_total: int
    bytes_max: int
    seconds: float
    minzoom: int
    maxzoom: int


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
    geoms: np.ndarray, props: Sequence[dict[str, object]], by: str, keep: tuple[str, ...]
) -> tuple[np.ndarray, list[dict[str, object]]]:
    """Merge features sharing the value of property `by` into single-polygon patches."""
    groups: dict[object, list[int]] = {}
    for i, p in enumerate(props):
        groups.setdefault(p.get(by), []).append(i)
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


def _encode_tile(
    layer_name: str,
    geoms: np.ndarray,
    props: Sequence[dict[str, object]],
) -> bytes:
    # No feature ids: nothing reads them (picking uses the properties) and they cost ~3 bytes each.
    features = [
        {"geometry": g, "properties": p}
        for g, p in zip(geoms, props, strict=True)
        if g is not None and not g.is_empty
    ]
    if not features:
        return b""
    # Imported here: only the build step needs the encoder, not the app drawing tile layers.
    import mapbox_vector_tile

    return mapbox_vector_tile.encode(
        [{"name": layer_name, "features": features}],
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
        current = _simplified(current, span / TILE_PX * SIMPLIFY_PX, source.coverage)
        props = full_props if z >= source.full_from_zoom else lean_props
        drawn = current
        if source.dissolve_by and z < source.dissolve_below:
            drawn, props = _dissolved(current, props, source.dissolve_by, source.dissolve_keep)
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
                data = _encode_tile(source.name, local, [props[i] for i in hits])
                if not data:
                    continue
                path = root / str(z) / str(x) / f"{y}.pbf"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                n_tiles += 1
                total += len(data)
                biggest = max(biggest, len(data))
    return TileStats(
        source.name,
        n_tiles,
        total,
        biggest,
        round(time.perf_counter() - t0, 1),
        source.minzoom,
        source.maxzoom,
    )


def _decile_text(label: str, column: str = "imd_decile") -> Callable[[pd.DataFrame], list[str]]:
    def text(frame: pd.DataFrame) -> list[str]:
        out = []
        for d in pd.to_numeric(frame[column], errors="coerce"):
            if pd.isna(d):
                out.append(f"{label} decile not available")
            else:
                tail = " (most deprived 10%)" if int(d) == 1 else ""
                out.append(f"{label} decile {int(d)}{tail}")
        return out

    return text


def lsoa_tileset(imd: str | int | None = None) -> str:
    """Tile set name of a vintage's LSOA layer: "lsoa21" (IMD 2025), "lsoa11" (IMD 2019)."""
    return levels.imd(imd).lsoa_column.removesuffix("cd")


def vintage_lsoa_source(store_dir: Path, imd: str | int | None = None) -> TileSource:
    """IMD deciles of one vintage on its LSOAs: the store's 20 m detail geometry with the LSOA
    attributes (lsoa21 + imd25_decile for IMD 2025; lsoa + imd_decile for IMD 2019)."""
    v = levels.imd(imd)
    cols = [v.lsoa_column, v.lsoa_name_column, v.decile_column]
    attrs = pd.read_parquet(Path(store_dir) / f"{v.lsoa_store}.parquet", columns=cols)
    geom = gpd.read_parquet(Path(store_dir) / f"{v.lsoa_store}_detail.parquet")
    geom = geom[[v.lsoa_column, "geometry"]]
    frame = geom.merge(attrs, on=v.lsoa_column, how="left", validate="1:1")
    return lsoa_source(
        lsoa_tileset(v.key), frame, v.lsoa_column, v.lsoa_name_column, v.label, v.lsoa_vintage,
        decile_column=v.decile_column,
    )  # fmt: skip


def lsoa11_source(store_dir: Path) -> TileSource:
    """IMD 2019 deciles on 2011 LSOAs (vintage_lsoa_source(store, "2025") gives lsoa21)."""
    return vintage_lsoa_source(store_dir, "2019")


def lsoa_source(
    name: str,
    frame: gpd.GeoDataFrame,
    code: str,
    label: str,
    index: str,
    vintage: str,
    decile_column: str = "imd_decile",
) -> TileSource:
    """An LSOA decile tile set for any vintage: `frame` has `code`, `label`, the decile, geometry.

    Properties: c code, n name, d decile (1–10, absent when unknown), x tooltip text.
    """
    return TileSource(
        name=name,
        frame=frame,
        properties={
            "c": code,
            "n": label,
            "d": decile_column,
            "x": _decile_text(index, decile_column),
        },
        # At zooms 4–7 a name is unreadable anyway; the code and decile still show on hover.
        low_zoom_drop=("n",),
        full_from_zoom=8,
        # At national zooms (4–6) an urban LSOA is smaller than a pixel and no edges are drawn,
        # so neighbouring LSOAs of one decile merge into one patch: the same picture at about half
        # the bytes (the all-England view fits in 2 MB), and the tooltip names the decile.
        dissolve_by="d",
        dissolve_below=7,
        dissolve_keep=("d", "x"),
        vintage=f"{index} on {vintage}",
    )


def area_source(level_key: str, frame: gpd.GeoDataFrame, maxzoom: int = 10) -> TileSource:
    """Boundary tile set for one geo.levels level: c code, n name, x the level's label."""
    lv = levels.get(level_key)
    return TileSource(
        name=lv.key,
        frame=frame,
        properties={"c": "code", "n": "name", "x": lambda f: [lv.label] * len(f)},
        maxzoom=maxzoom,
        # LEPs overlap (7 LADs sit in two): not a coverage, so simplify each outline alone.
        coverage=False,
        vintage=lv.vintage,
    )


def boundary_tilesets() -> tuple[str, ...]:
    """Level keys of every boundary tile set: each vintage's "lad"/"ca" (lad, ca, lad24, ca25), lep,
    and the upper-tier authorities (utla24, the same under both vintages)."""
    keys = [levels.for_imd(k, v).key for v in levels.IMD for k in levels.OUTLINE_KEYS]
    return tuple(dict.fromkeys(keys))


def tile_sources(store_dir: Path) -> list[TileSource]:
    """Every tile set the maps use, from a prepared store: LSOA deciles of both vintages and the
    boundaries of both (LAD 2021, LEP 2021, CA 2024; LAD 2024, CA 2025, UTLA 2024)."""
    store = Path(store_dir)
    sources = [vintage_lsoa_source(store, k) for k in levels.IMD]
    for key in boundary_tilesets():
        sources.append(
            area_source(key, gpd.read_parquet(store / f"{levels.get(key).store}.parquet"))
        )
    return sources


def _store_build(store: Path) -> str:
    """The store's build stamp (manifest built_at): tiles built from it need no rebuild."""
    return str(json.loads((store / "manifest.json").read_text()).get("built_at", ""))


def tiles_current(store_dir: Path, out_dir: Path) -> bool:
    """True when out_dir's tiles were built from this store build with every tile set."""
    built = read_tiles_manifest(out_dir)
    want = [lsoa_tileset(k) for k in levels.IMD] + list(boundary_tilesets())
    return built.get(STORE_KEY, {}).get("built_at") == _store_build(Path(store_dir)) and all(
        built.get(n, {}).get("tiles", 0) > 0 for n in want
    )


def build_tiles(
    store_dir: Path,
    out_dir: Path,
    sources: Sequence[TileSource] | None = None,
    *,
    force: bool = True,
) -> dict[str, TileStats]:
    """Build every tile set under `out_dir` and write out_dir/tiles.json (vintages, zooms, sizes,
    and the store build they came from). With force=False nothing is done (empty result) when
    the tiles already match the store build — prepare calls it so, so a re-run costs nothing."""
    store = Path(store_dir)
    if not (store / "manifest.json").exists():
        raise SpendGeoError(
            f"No prepared data store at {store}: run `python -m geo prepare` first."
        )
    out = Path(out_dir)
    if not force and sources is None and tiles_current(store, out):
        return {}
    out.mkdir(parents=True, exist_ok=True)
    stats = {}
    manifest: dict[str, dict] = {STORE_KEY: {"built_at": _store_build(store)}}
    for source in sources if sources is not None else tile_sources(store):
        s = build_tileset(source, out)
        stats[source.name] = s
        manifest[source.name] = {
            "vintage": source.vintage,
            "minzoom": s.minzoom,
            "maxzoom": s.maxzoom,
            "tiles": s.tiles,
            "bytes_total": s.bytes_total,
            "bytes_max": s.bytes_max,
        }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return stats


def read_tiles_manifest(out_dir: Path) -> dict[str, dict]:
    """tiles.json from a tile directory, or {} when tiles were never built there."""
    path = Path(out_dir) / MANIFEST
    return json.loads(path.read_text()) if path.exists() else {}
