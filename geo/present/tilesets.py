"""The tile sets the maps use (LSOA deciles with boundary bands, outlines) and building them all from the store."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq

from geo import levels
from geo.errors import SpendGeoError
from geo.present import ribbons
from geo.present.tiles import (
    MANIFEST,
    SIMPLIFY_PX,
    STORE_KEY,
    TILE_PX,
    TileSource,
    TileStats,
    build_tileset,
    read_tiles_manifest,
)

# Bumped when what a tile holds changes, so `prepare` rebuilds tiles made by an older version
# (2: the decile tiles carry each LSOA's area codes, the boundary bands and a first-feature speck;
# 3: from zoom 10 the LSOAs stand apart by a gap that draws their edges; 4: LSOAs below the
# deepest zoom simplified to 2 px, tiles.COVERAGE_SIMPLIFY_PX; 5: every position inside
# tiles.ENGLAND_EXTENT without a feature is an empty tile, not a 404; 6: each band group is its own
# MVT layer, ribbons.band_layer, so a map parses and draws only the bands it shows).
TILES_FORMAT = 6
# LSOA edges show from tile zoom 10 (drawn from view zoom 9.5: a district fills the map, e.g.
# Manchester fits at 9.95; Greater Manchester at 9.3 shows none). Further out an edge would be a
# fraction of a pixel, and gaps over the whole national map would grey its colours out.
LSOA_GAP_FROM_ZOOM = 10
# The gap's width at the tile's own zoom: drawn 0.42-0.85 px as the view zooms through the tile
# (deck.gl shows a zoom-z tile from z-0.5 to z+0.5), as thin as the stroked edges were (0.3-0.6 px).
LSOA_GAP_PX = 0.6


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
    store = Path(store_dir)
    have = set(pq.read_schema(store / f"{v.lsoa_store}.parquet").names)  # columns, no rows
    areas = [c for c in membership_columns(v.key) if c in have]
    cols = [v.lsoa_column, v.lsoa_name_column, v.decile_column, *areas]
    attrs = pd.read_parquet(store / f"{v.lsoa_store}.parquet", columns=cols)
    geom = gpd.read_parquet(store / f"{v.lsoa_store}_detail.parquet")
    geom = geom[[v.lsoa_column, "geometry"]]
    frame = geom.merge(attrs, on=v.lsoa_column, how="left", validate="1:1")
    keys = band_levels(v.key)
    frames = {k: gpd.read_parquet(store / f"{levels.get(k).store}.parquet") for k in keys}
    focus = [levels.for_imd(k, v.key).key for k in levels.BOUNDARY_KEYS]
    bands = ribbons.band_overlay(ribbons.band_sets(frames, focus), TILE_PX, SIMPLIFY_PX)
    return lsoa_source(
        lsoa_tileset(v.key), frame, v.lsoa_column, v.lsoa_name_column, v.label, v.lsoa_vintage,
        decile_column=v.decile_column, area_columns=tuple(areas), bands=bands,
    )  # fmt: skip


def band_levels(imd: str | int | None = None) -> tuple[str, ...]:
    """Level keys whose edges the vintage's decile tiles carry as bands, in drawing order: its
    LAD, the LEP, its CA and the upper-tier authorities (lad24, lep, ca25, utla24 under 2025)."""
    return tuple(levels.for_imd(k, imd).key for k in levels.OUTLINE_KEYS)


def membership_columns(imd: str | int | None = None) -> tuple[str, ...]:
    """LSOA-row code columns the decile tiles carry (lad24cd, lep21cd, lep21cd2, ca25cd, utla24cd
    under 2025), so a map can veil everything outside one area without a second layer."""
    cols = [c for k in band_levels(imd) for c in levels.get(k).columns]
    return tuple(dict.fromkeys(cols))


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
    area_columns: tuple[str, ...] = (),
    bands: Callable[[int], tuple] | None = None,
) -> TileSource:
    """An LSOA decile tile set for any vintage: `frame` has `code`, `label`, the decile, geometry.

    Properties: c code, n name, d decile (1–10, absent when unknown), x tooltip text, and each
    of `area_columns` (lad24cd, ca25cd…) under its own name. `bands` (ribbons.band_overlay) adds
    the boundary bands over the LSOAs in the same tile layer.
    """
    return TileSource(
        name=name,
        frame=frame,
        properties={
            "c": code,
            "n": label,
            "d": decile_column,
            "x": _decile_text(index, decile_column),
            **{col: col for col in area_columns},
        },
        # At zooms 4–7 a name is unreadable anyway; the code and decile still show on hover.
        low_zoom_drop=("n",),
        full_from_zoom=8,
        # At national zooms (4–6) an urban LSOA is smaller than a pixel and no edges are drawn,
        # so neighbouring LSOAs of one decile merge into one patch: the same picture at about half
        # the bytes (the all-England view fits in 2 MB), and the tooltip names the decile. Patches
        # stay within one district (and so within one LEP, CA and county: all are made of LADs),
        # so a zoomed-out view of a large area can still veil the rest.
        dissolve_by=("d", *area_columns),
        dissolve_below=7,
        dissolve_keep=("d", "x", *area_columns),
        vintage=f"{index} on {vintage}",
        overlay=bands,
        overlay_layer=ribbons.layer_of if bands is not None else None,
        sentinel=True,
        gap_from_zoom=LSOA_GAP_FROM_ZOOM,
        gap_px=LSOA_GAP_PX,
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
    stamp = built.get(STORE_KEY, {})
    if stamp.get("format") != TILES_FORMAT:
        return False
    return stamp.get("built_at") == _store_build(Path(store_dir)) and all(
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
    manifest: dict[str, dict] = {
        STORE_KEY: {"built_at": _store_build(store), "format": TILES_FORMAT}
    }
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
            "empty_tiles": s.empty,
        }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return stats
