"""Boundary bands: each area's edge as a thin polygon just inside it, carried in the decile tiles."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from geo import levels
from geo.present import palette
from geo.present.tilegrid import tile_span, to_mercator

# Why bands and not lines: in a browser without a GPU (software WebGL: virtual desktops, old
# laptops, headless Chromium) the first frame of a line layer costs 0.8–1.2 s more than a polygon
# fill (its shader pipeline is built when first drawn), and every extra tile layer adds a redraw
# per tile that arrives (0.35–0.8 s each). A band is a polygon in the decile tiles themselves, so
# the deciles, the boundaries and the focus outline draw in ONE layer, one pipeline, one set of
# frames (zoomed to Greater Manchester in one bench run, bench/bench_browser_maps.py: with line
# layers 5.25 s to the full map, one layer with bands 2.52 s).

# Each band group is its own MVT layer in the decile tiles ("band-lep", "focus-ca25"), so a map
# parses and draws only the groups it shows (loaders.gl's `mvt.layers` option): the 4 levels' bands
# and focus bands were about half of a tile's vertices, and software WebGL spends its frame time
# per vertex, shown or clear (tiled.decile_tile_layer).
BAND_LAYER_PREFIX = "band-"
FOCUS_LAYER_PREFIX = "focus-"

# deck.gl draws a 512-px tile of zoom z from view zoom z-0.5 to z+0.5 (it rounds the zoom), so a
# band baked W px wide shows 0.71–1.41 W wide: W is the drawn width on average.
MIN_BAND_PX = 0.5  # thinner bands break up into dots when rasterised without a GPU's smoothing


@dataclass(frozen=True)
class BandSet:
    """The areas of one boundary level whose edges become bands."""

    key: str  # geo.levels key (lad24, lep, ca25, utla24 …): the band's `lvl` property
    codes: Sequence[str]
    names: Sequence[str]
    merc: np.ndarray  # area polygons in Web Mercator (EPSG:3857), one per code
    width_px: float  # drawn width where two areas meet (each side's band is half)
    focus_px: float | None = None  # also a band this wide inside each area (`f`: the focus)


def band_sets(frames: dict[str, gpd.GeoDataFrame], focus_keys: Sequence[str]) -> list[BandSet]:
    """BandSets for boundary levels: `frames` maps a level key to its area table (code, name,
    geometry); the levels in `focus_keys` (the ones a page can zoom to) also get a focus band."""
    out = []
    for key, frame in frames.items():
        f = frame if frame.crs is None or frame.crs.to_epsg() == 4326 else frame.to_crs(4326)
        style = palette.outline_key(levels.get(key).key)
        out.append(
            BandSet(
                key=levels.get(key).key,
                codes=f["code"].astype(str).tolist(),
                names=f["name"].astype(str).tolist(),
                merc=to_mercator(np.asarray(f.geometry.values, dtype=object)),
                width_px=palette.OUTLINE_WIDTH_PX[style],
                focus_px=palette.OUTLINE_WIDTH_PX["focus"] if key in focus_keys else None,
            )
        )
    return out


def band_layer(level_key: str, focus: bool = False) -> str:
    """MVT layer name of one level's bands in the decile tiles: "band-lep", "focus-ca25"."""
    return f"{FOCUS_LAYER_PREFIX if focus else BAND_LAYER_PREFIX}{level_key}"


def layer_of(props: dict[str, object]) -> str:
    """The MVT layer a band feature goes in, from its properties (lvl, and f on focus bands)."""
    return band_layer(str(props["lvl"]), bool(props.get("f")))


def inner_band(merc: np.ndarray, width_m: float) -> np.ndarray:
    """The part of each polygon within `width_m` metres of its edge (the whole of a sliver)."""
    inner = shapely.buffer(merc, -width_m, quad_segs=2)
    return shapely.difference(merc, inner)


def band_overlay(
    sets: Sequence[BandSet], tile_px: int, simplify_px: float
) -> Callable[[int], tuple[np.ndarray, list[dict[str, object]]]]:
    """TileSource.overlay for the decile tiles: at zoom z, every set's bands in Web Mercator, with
    properties lvl (level key), c code, n name, x the level's label, and f=1 on focus bands; each
    group goes in its own MVT layer (layer_of).

    Each area is simplified to `simplify_px` of a tile pixel at z first, as its own outline tile
    set is; LEPs overlap (7 LADs sat in two), so areas are simplified one by one.
    """

    def overlay(z: int) -> tuple[np.ndarray, list[dict[str, object]]]:
        metres_per_px = tile_span(z) / tile_px
        geoms: list[np.ndarray] = []
        props: list[dict[str, object]] = []
        shapes = [
            shapely.simplify(s.merc, metres_per_px * simplify_px, preserve_topology=True)
            for s in sets
        ]
        # Every level's bands, then the focus bands, so the focus outline draws over all of them.
        for focus in (False, True):
            for s, shape in zip(sets, shapes, strict=True):
                if focus and not s.focus_px:
                    continue
                px = s.focus_px if focus else max(s.width_px / 2, MIN_BAND_PX)
                geoms.append(inner_band(shape, px * metres_per_px))
                label = levels.get(s.key).label
                for code, name in zip(s.codes, s.names, strict=True):
                    p: dict[str, object] = {"lvl": s.key, "c": code, "n": name, "x": label}
                    props.append({**p, "f": 1} if focus else p)
        if not geoms:
            return np.asarray([], dtype=object), []
        return np.concatenate(geoms), props

    return overlay
