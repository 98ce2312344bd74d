"""Deck.gl MVTLayer specs over the prebuilt vector tiles: the spec carries a URL template, never geometry."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from geo import levels
from geo.present import bandfill, palette
from geo.present.deck import Layer
from geo.present.geojson import dumps
from geo.present.tiles import (
    ENGLAND_EXTENT,
    MAX_ZOOM,
    MIN_ZOOM,
    URL_PREFIX,
    default_tiles_dir,
    read_tiles_manifest,
)
from geo.present.tilesets import lsoa_tileset

# Streamlit's deck.gl bundle parses MVT only in a web worker, which loaders.gl would fetch from a
# public CDN; the app serves its own copy (static/vendor/loaders.gl, same version as the bundle's
# loaders.gl) so maps work with no internet (workshop rooms, air-gapped councils).
LOADERS_GL_VERSION = "4.4.3"
MVT_WORKER_URL = f"/app/static/vendor/loaders.gl/mvt-worker-{LOADERS_GL_VERSION}.js"
_LOAD_OPTIONS = {"mvt": {"workerUrl": MVT_WORKER_URL}}
# The decile tiles ask for one parsing worker per tile of a view: loaders.gl's pool of 3 parsed a
# zoomed CA's 9 LSOA tiles (50-110 kB each) in three rounds, each drawn in its own software-WebGL
# frame (~150-250 ms each); with a worker per tile Deprivation zoomed to Greater Manchester drew
# its last frame ~0.2 s sooner (bench/bench_browser_maps.py, paired). Only the decile tiles: the
# boundary tiles are a few kB, and 16 workers each loading the 97 kB worker script made Growth
# Deals' 16 of them slower (3.7 -> 4.8 s). Phones keep a smaller pool (loaders.gl's default
# there is 1 worker: a zoomed view's tiles parsed one by one). The pool is shared by name and
# takes the last layer's sizes, so a page that drew deciles keeps its workers for later maps.
_DECILE_WORKERS = {"maxConcurrency": 16, "maxMobileConcurrency": 4}


def tiles_available(names: Sequence[str], out_dir: Path | None = None) -> bool:
    """True when every named tile set was built (tiles.json lists it); else the page falls back to
    the GeoJSON layers (geo.present.choropleths / deck.outline_layer) and can say why."""
    built = read_tiles_manifest(out_dir or default_tiles_dir())
    return all(built.get(n, {}).get("tiles", 0) > 0 for n in names)


def tile_url(name: str, prefix: str = URL_PREFIX) -> str:
    """URL template deck.gl fills per tile: '/app/static/tiles/<name>/{z}/{x}/{y}.pbf'."""
    return f"{prefix.rstrip('/')}/{name}/{{z}}/{{x}}/{{y}}.pbf"


def _mvt_props(
    layer_id: str, name: str, minzoom: int, maxzoom: int, prefix: str
) -> dict[str, object]:
    return {
        "@@type": "MVTLayer",
        "id": layer_id,
        "minZoom": minzoom,
        # Beyond maxZoom deck.gl over-zooms the deepest tiles (no requests for tiles never built).
        "maxZoom": maxzoom,
        "loadOptions": _LOAD_OPTIONS,
        "uniqueIdProperty": "c",
        "pickable": True,
        # Keep a few hundred tiles: panning back and forth in a workshop re-fetches nothing.
        "maxCacheSize": 400,
        # Every tile of a view asked for at once: deck.gl's default of 6 held a whole zoomed CA's
        # 7th-9th tiles (fitted to the page's real map, Greater Manchester straddles 9 at 1500 px)
        # until the first six were parsed, a frame later (tests/browser/test_map_draw_cost.py).
        "maxRequests": 20,
        # Only ask for tiles over England's box (its sea and border positions are empty tiles).
        "extent": list(ENGLAND_EXTENT),
    }


def decile_tile_layer(
    name: str | None = None,
    *,
    layer_id: str = "lsoa-imd",
    alpha: int = palette.DECILE_ALPHA,
    bands: Sequence[str] = (),
    focus: tuple[str, str] | None = None,
    imd: str | int | None = None,
    minzoom: int = MIN_ZOOM,
    maxzoom: int = MAX_ZOOM,
    prefix: str = URL_PREFIX,
) -> Layer:
    """IMD decile choropleth of LSOAs from tiles (`name` = tile set: lsoa21 for IMD 2025, the
    default, lsoa11 for IMD 2019; tilesets.lsoa_tileset(imd) gives it), with the boundary levels
    `bands` and the `focus` area (level, code; the rest veiled) drawn from the tiles' bands in
    the same layer (geo.present.bandfill). `imd` says what "lad" / "ca" mean in `bands`/`focus`.

    A click names the LSOA (or the band's area) under it. The data is a one-item list of the URL
    template: Streamlit's selection highlight then leaves the map alone, because every feature's
    index is past the list's end (see tiles._encode_tile, the first-feature speck), and deck.gl's
    TileLayer compares URL lists by value, so the same list in a new spec reloads nothing.
    The LSOA edges are in the tiles too: from zoom 10 each LSOA is drawn a little inside its
    neighbours and the background shows between them (tiles.inset_features), so no stroked layer.
    """
    name = name or lsoa_tileset(imd)
    props = _mvt_props(layer_id, name, minzoom, maxzoom, prefix)
    # Only the LSOAs and the band layers this map shows are parsed and drawn (loaders.gl's
    # mvt.layers, in drawing order): the other levels' bands were half a tile's vertices, drawn
    # clear, and software WebGL's frame time goes per vertex. deck.gl ignores a loadOptions change
    # (the prop is not compared), so the list is also the getTileData trigger: showing another
    # boundary reloads the tiles (from the browser's cache), a filter change reloads nothing.
    layers = [name, *bandfill.band_layers(bands, focus, imd)]
    props.update(
        {
            "filled": True,
            "stroked": False,
            "getFillColor": bandfill.fill_expression(bands, focus, imd, alpha),
            "loadOptions": {
                "core": _DECILE_WORKERS,
                "mvt": {**_LOAD_OPTIONS["mvt"], "layers": layers},
            },
            "updateTriggers": {"getTileData": ",".join(layers)},
        }
    )
    return Layer(id=layer_id, props=props, data_json=dumps([tile_url(name, prefix)]))


def outline_tile_layer(
    level: str,
    *,
    minzoom: int = MIN_ZOOM,
    maxzoom: int = 10,
    prefix: str = URL_PREFIX,
    edge: tuple[tuple[int, int, int], float] | None = None,
) -> Layer:
    """Boundary lines (a geo.levels key: lad, lep, ca, lad24, ca25) from tiles; not pickable (see
    area_pick_layer). `edge` (colour, width px) draws a choropleth's own edges instead of the
    level's boundary style (id '<level>-edge')."""
    lv = levels.get(level)
    colour, width = edge or (
        palette.OUTLINES[palette.outline_key(lv.key)],
        palette.OUTLINE_WIDTH_PX[palette.outline_key(lv.key)],
    )
    layer_id = f"{lv.key}-{'edge' if edge else 'line'}"
    props = _mvt_props(layer_id, lv.key, minzoom, maxzoom, prefix)
    props.update(
        {
            "pickable": False,
            "filled": False,
            "stroked": True,
            "getLineColor": palette.rgba(colour, 230),
            "lineWidthUnits": "pixels",
            "getLineWidth": width,
            "lineWidthMinPixels": width,
        }
    )
    return Layer(id=layer_id, props=props, data_json=dumps(tile_url(lv.key, prefix)))


def area_pick_layer(
    level: str,
    *,
    minzoom: int = MIN_ZOOM,
    maxzoom: int = 10,
    prefix: str = URL_PREFIX,
) -> Layer:
    """The clickable, invisible areas of a boundary level from tiles (id '<level>-outline').

    No getFillColor on purpose: Streamlit's selection highlight rewrites a layer's getFillColor
    by the picked object's index, and in an MVTLayer that index counts within each tile, so the
    same index lit up one unrelated area in every tile (solid blocks over the map). Without the
    accessor the fill is deck.gl's default, hidden by layer opacity 0; the polygons stay in the
    picking pass (picking ignores opacity), so a click still names the area under the map.
    """
    lv = levels.get(level)
    layer_id = f"{lv.key}-outline"
    props = _mvt_props(layer_id, lv.key, minzoom, maxzoom, prefix)
    props.update({"filled": True, "stroked": False, "opacity": 0})
    return Layer(id=layer_id, props=props, data_json=dumps(tile_url(lv.key, prefix)))


def tiled_layers(
    decile: bool,
    boundaries: Sequence[str],
    *,
    imd: str | int | None = None,
    lsoa_tiles: str | None = None,
    focus: tuple[str, str] | None = None,
) -> list[Layer]:
    """The area layers of a map from tiles.

    With the deciles on, ONE tile layer draws the deciles, the `boundaries` (as the tiles' bands),
    the `focus` area (level, code: its outline, the rest veiled) and, zoomed in, the LSOA edges
    (the tiles' gaps); a click names the LSOA. Without, each boundary is two layers: invisible
    clickable areas, then the drawn lines. `imd` (default 2025) picks the LSOA tile set (lsoa21 / lsoa11)
    and what "lad" / "ca" mean (LAD 2024 + CA 2025 under 2025; LAD 2021 + CA 2024 under 2019).
    """
    vintage = levels.imd(imd).key
    if decile:
        name = lsoa_tiles or lsoa_tileset(vintage)
        return [decile_tile_layer(name, bands=tuple(boundaries), focus=focus, imd=vintage)]
    out: list[Layer] = []
    for b in boundaries:
        key = levels.for_imd(b, vintage).key
        out += [area_pick_layer(key), outline_tile_layer(key)]
    return out


def tilesets_for(
    decile: bool, boundaries: Sequence[str], imd: str | int | None = None
) -> list[str]:
    """Tile set names a tiled map of vintage `imd` needs (for tiles_available): the decile tiles
    carry the boundaries as bands, so with deciles they are all it needs."""
    vintage = levels.imd(imd).key
    if decile:
        return [lsoa_tileset(vintage)]
    return [levels.for_imd(b, vintage).key for b in boundaries]
