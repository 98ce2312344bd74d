"""Cached wrappers around geo loaders and builders: the only place the app caches (st.cache_data/resource)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

from geo.errors import SpendGeoError
from geo.paths import raw_dir, store_dir
from geo.present import mapspec
from geo.spend import pipeline
from geo.spend.pipeline import SpendDataset

DEFAULT_SPEND_KEY = "spend_cf"


def _store_level(level: str) -> str:
    """Store file of an area level (geo.levels), accepting a store name as given."""
    from geo import levels

    try:
        return levels.get(level).store
    except KeyError:
        return level


def level_label(level: str, imd: str) -> str:
    """A level's label under an IMD vintage: "lad"/"ca" mean that vintage's areas (LAD 2024 /
    CA 2025 under IMD 2025), as every page draws them."""
    from geo import levels

    return levels.for_imd(level, imd).label


def area_table_name(level: str, imd: str) -> str:
    """The area table's file name, with its areas' and its index's vintage."""
    from geo import levels

    # The code column names the vintage ("ca24cd" → "ca24"); the key "ca" alone does not.
    areas = levels.for_imd(level, imd).column.removesuffix("cd")
    return f"area_table_{areas}_imd{levels.imd(imd).key}.csv"


def store_ready() -> bool:
    return (store_dir() / "manifest.json").exists()


def require_store() -> None:
    """Stop the page with a plain message if the store has not been prepared."""
    if not store_ready():
        st.error(
            f"No prepared data store at {store_dir()}. Run `make data` "
            "(python -m geo fetch && python -m geo prepare), then reload."
        )
        st.stop()


@st.cache_data(show_spinner=False)
def manifest() -> dict:
    from geo.store import read as store

    return store.read_manifest()


@st.cache_data(show_spinner=False)
def prepared_datasets() -> pd.DataFrame:
    from geo.store import read as store

    return pd.DataFrame(store.prepared_datasets())


@st.cache_resource(show_spinner="Loading boundaries…")
def areas(level: str) -> gpd.GeoDataFrame:
    """LAD / LEP / CA24 table with display geometry (shared, read-only: never mutate)."""
    from geo.store import read as store

    return store.read_areas(_store_level(level))


@st.cache_data(show_spinner=False)
def area_names(level: str) -> dict[str, str]:
    """{code: name} for selectboxes (label by name, key by code)."""
    frame = areas(level)
    return dict(zip(frame["code"].astype(str), frame["name"].astype(str), strict=True))


@st.cache_data(show_spinner=False)
def area_table(level: str, imd: str) -> pd.DataFrame:
    """The areas of `level` under IMD vintage `imd` with its decile statistics (the CLI's table)."""
    from geo.cli import areas as geo_areas

    return geo_areas.area_table(level, imd=imd)


# --- map layers -------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def outline_layer(level: str) -> mapspec.Layer:
    """Static boundary overlay, serialised once per process."""
    return mapspec.outline_layer(level, areas(level))


# Tile sets are immutable once built but may appear while the app runs (`python -m geo tiles`):
# the check is one small JSON read, cached for a minute.
@st.cache_data(show_spinner=False, ttl=60)
def tiles_ready(names: tuple[str, ...]) -> bool:
    """Every named tile set is built AND servable at /app/static/tiles.

    Streamlit's static serving refuses any file whose real path leaves ./static/ (a tiles folder
    symlinked from elsewhere answers 400 to every tile): the map would be blank, so such tiles
    count as absent and the page draws GeoJSON instead.
    """
    from geo.present import tiled
    from geo.present.tiles import default_tiles_dir

    tiles = default_tiles_dir()
    if not tiles.resolve().is_relative_to(tiles.parent.resolve()):
        return False
    return tiled.tiles_available(list(names))


def area_layers(
    imd: bool,
    boundaries: tuple[str, ...],
    zoom_level: str | None,
    zoom_area: str | None,
    vintage: str | None = None,
) -> tuple[list[mapspec.Layer], bool, bool]:
    """(IMD + boundary layers, from_tiles, focus_drawn) for the Spend map.

    From tiles the deck spec carries URL templates only, so a filter change or a camera move sends
    no geometry; without tiles (never built) the GeoJSON layers draw the same map, heavier.
    With the IMD layer from tiles, ONE tile layer draws the deciles, the boundaries (the tiles'
    bands) and the zoomed area (its outline, the rest veiled): `focus_drawn` is then True and the
    page adds no focus layer, and a click names the LSOA and the areas it lies in (lsoa_picks);
    over all England the areas stay clickable through invisible area layers. The lines and the
    GeoJSON veil are gone (on software WebGL each line layer's first frame costs ~1 s).
    """
    from geo import levels
    from geo.present import tiled
    from geo.present.tilesets import lsoa_tileset
    from ui import cache_imd

    vintage = levels.imd(vintage).key
    lsoa_tiles = lsoa_tileset(vintage)
    out: list[mapspec.Layer] = []
    tiled_imd = imd and tiles_ready((lsoa_tiles,))
    focus_drawn = zoomed = False
    if tiled_imd:
        # A code the vintage's areas do not know (an older link) is zoomed by the GeoJSON veil,
        # and so is an upper-tier authority: the tiles carry no focus band for one (its outline)
        # and the LSOA 2011 tiles no utla24cd (its veil).
        zoomed = bool(
            zoom_level and zoom_area and zoom_area in cache_imd.area_names(zoom_level, vintage)
        )
        focus = (zoom_level, zoom_area) if zoomed and zoom_level in levels.BOUNDARY_KEYS else None
        lsoa_layers = [
            tiled.decile_tile_layer(lsoa_tiles, bands=boundaries, focus=focus, imd=vintage)
        ]
        focus_drawn = focus is not None
    elif imd:
        lsoa_layers = [
            cache_imd.decile_geojson(zoom_level if zoom_area else None, zoom_area, vintage)
        ]
    else:
        lsoa_layers = []
    # Zoomed to an area, the decile tiles answer clicks themselves: a click names the LSOA and
    # the LAD, LEP and CA it lies in, with their spend (pages/spend_map.py). deck.gl picks only
    # the tile under the pointer, a zoomed tile's few thousand LSOAs, so a tap stays a tap; and
    # the invisible boundary click layers go, with their four tile requests and a redraw each
    # (~0.15 s of the zoomed map's first view on software WebGL, bench_browser_maps.py).
    # Over all England a tile holds ~100k vertices: picking it on every hover and tap took
    # ~0.1 s there (2 s as GeoJSON), so the deciles stay unclickable and the boundary layers
    # below answer.
    # A county's zoom is as close (its veil is the GeoJSON focus layer's, drawn over the tiles).
    lsoa_picks = tiled_imd and zoomed
    out += [
        mapspec.Layer(f.id, {**f.props, "pickable": lsoa_picks}, f.data_json) for f in lsoa_layers
    ]
    all_tiled = not imd or tiled_imd
    for b in boundaries:
        key = levels.for_imd(b, vintage).key  # "lad"/"ca" mean LAD 2024 / CA 2025 under IMD 2025
        if tiles_ready((key,)):
            # Clickable areas (unless the LSOAs answer); their lines only when no decile tiles
            # carry them as bands.
            out += [] if lsoa_picks else [tiled.area_pick_layer(key)]
            out += [] if tiled_imd else [tiled.outline_tile_layer(key)]
        else:
            all_tiled = False
            out.append(cache_imd.outline_geojson(b, vintage))
    return out, all_tiled, focus_drawn


@st.cache_data(show_spinner=False)
def focus(level: str, code: str) -> tuple[mapspec.Layer, mapspec.View] | None:
    return mapspec.focus_for(areas(level), code)


def zoom_focus(
    level: str, code: str, vintage: str | None, mask: bool
) -> tuple[mapspec.Layer, mapspec.View] | None:
    """The Spend map's zoomed area under the IMD vintage: "lad"/"ca" are LAD 2024 / CA 2025
    under IMD 2025 (the LSOA 2021 tiles) and LAD 2021 / CA 2024 under IMD 2019 (LSOA 2011). A
    code only the other vintage knows (an older link: a LAD abolished in 2023) still zooms, by
    the level's 2021 table. With `mask` (the decile layer is on) the rest of England is veiled."""
    from geo import levels
    from ui import cache_imd

    return cache_imd.focus(level, code, levels.imd(vintage).key, mask) or (
        mapspec.focus_for(areas(level), code, mask=mask)
    )


@st.cache_data(show_spinner=False)
def growth_deals_layers() -> tuple[list[mapspec.Layer], object]:
    """The £ per head choropleth; its LEP edges from tiles when built (GeoJSON edges cost seconds a
    frame in software WebGL)."""
    from geo.present import tiled

    tiles = tiles_ready(("lep",))
    layers, scale = mapspec.per_head_layers(areas("lep"), edges=not tiles)
    if tiles:
        layers.append(tiled.outline_tile_layer("lep", edge=((255, 255, 255), 1.0)))
    return layers, scale


def deck(layers: list[mapspec.Layer], view: mapspec.View) -> mapspec.DeckSpec:
    return mapspec.deck_spec(layers, view)


# --- spend ------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner="Loading the postcode index…")
def postcode_index():
    """The postcode lookup (sorted integer keys), built once per process and shared read-only."""
    from geo.spend.geocode import PostcodeLookup
    from geo.store import read as store

    return PostcodeLookup.from_index(store.read_postcodes())


@st.cache_resource(show_spinner="Loading and geocoding the default spend file…")
def default_spend(public: bool = False) -> SpendDataset:
    """The bundled Contracts Finder awards through the pipeline (shared by all sessions).

    `public` is part of the cache key, so a process never hands the officers' view to the public.
    """
    from geo.store import catalogue

    ds = catalogue.get(DEFAULT_SPEND_KEY)
    path = raw_dir() / ds.path
    if not Path(path).exists():
        raise SpendGeoError(f"The default spend file {path} is missing: run `make data`.")
    return pipeline.build_dataset([Path(path)], postcode_index(), public=public, name=ds.title)


@st.cache_resource(show_spinner="Preparing spend for fast filtering…", max_entries=8)
def spend_frame(_geocoded: pd.DataFrame, token: str, imd: str | None = None):
    """SpendFrame for a dataset under an IMD vintage (default 2025); `token` identifies the dataset."""
    from geo.analysis.summary import prepare_spend

    return prepare_spend(_geocoded, imd=imd)


@st.cache_data(show_spinner=False, max_entries=64)
def filtered(
    _ds_geocoded: pd.DataFrame,
    token: str,
    filters,
    locality,
    denominator: str,
    imd: str | None = None,
):
    """(mask, Summary, points) for one selection; cached on the (hashable) Filters and Locality.

    One filter pass over the dataset's index (built once per dataset by spend_frame), gathered
    once into a Selection that the summaries and the map points share: no DataFrame is touched.
    """
    from geo.analysis.filters import apply_filters
    from geo.analysis.index import select
    from geo.analysis.points import supplier_points
    from geo.analysis.summary import summarise

    sf = spend_frame(_ds_geocoded, token, imd)
    mask = apply_filters(sf, filters)
    sel = select(sf, mask)
    summary = summarise(sf, sel, locality, denominator, top_n=10, selection=filters.describe())
    points = supplier_points(sf, sel, locality)
    return mask, summary, points


@st.cache_data(show_spinner=False, max_entries=8)
def size_scale_max(_geocoded: pd.DataFrame, token: str) -> float:
    """The dataset's fixed £ for the largest circle (mapspec.size_scale_max), once per dataset.

    Taken over the rows without a data-quality flag when the file has flags: one implausible award
    (a Contracts Finder value typed in pence, say) would otherwise shrink every other circle to a
    dot. A flagged point larger than the scale is drawn at the largest size.
    """
    from geo.analysis.points import supplier_points

    sf = spend_frame(_geocoded, token)
    keep = None if sf.flagged is None or sf.flagged.all() else ~sf.flagged
    return mapspec.size_scale_max(supplier_points(sf, keep, None))


@st.cache_data(show_spinner=False, max_entries=8)
def flag_counts(_geocoded: pd.DataFrame, token: str) -> tuple[int, float]:
    """(rows, net £) carrying a data-quality flag; (0, 0.0) when the file has no flags column."""
    sf = spend_frame(_geocoded, token)
    if sf.flagged is None:
        return 0, 0.0
    return int(sf.flagged.sum()), float(sf.amount[sf.flagged].sum())


@st.cache_data(show_spinner=False, max_entries=16)
def supplier_layer(
    _points: pd.DataFrame,
    token: str,
    filters,
    locality,
    colour_by: str,
    max_amount: float,
    over_fill: bool,
) -> mapspec.Layer:
    """Points layer for one selection on the dataset's fixed £ scale; keyed by token and selection."""
    return mapspec.supplier_layer(
        _points, colour_by, max_amount=max_amount or None, over_fill=over_fill
    )


@st.cache_data(show_spinner=False, max_entries=8)
def date_bounds(_geocoded: pd.DataFrame, token: str):
    """(first, last) date in the dataset, or (None, None) when it has no usable dates."""
    d = pd.to_datetime(_geocoded["date"], errors="coerce") if "date" in _geocoded else None
    if d is None or d.notna().sum() == 0:
        return None, None
    return d.min().date(), d.max().date()


def as_array(mask) -> np.ndarray:
    return np.asarray(mask, dtype=bool)


@st.cache_data(show_spinner=False)
def catalogue_table() -> pd.DataFrame:
    """Every source dataset with its publisher, vintage, licence and official page: the report's
    sources table, so the About page and a committee report list the same."""
    from geo.present.report import sources_table

    return sources_table()


@st.cache_data(show_spinner=False, max_entries=32)
def point_rows(
    _geocoded: pd.DataFrame, token: str, filters, locality, denominator: str, key: int
) -> pd.DataFrame:
    """The selected rows behind one clicked supplier point (its key in the spend index)."""
    from geo.analysis.points import point_rows as rows

    mask = filtered(_geocoded, token, filters, locality, denominator)[0]
    return rows(_geocoded, spend_frame(_geocoded, token), mask, key)


@st.cache_resource(show_spinner=False, max_entries=8)  # read-only: no per-rerun copy
def filtered_table(_geocoded: pd.DataFrame, token: str, filters) -> pd.DataFrame:
    from geo.analysis.filters import apply_filters

    mask = apply_filters(spend_frame(_geocoded, token), filters)
    return _geocoded.loc[np.asarray(mask, dtype=bool)]


@st.cache_data(show_spinner=False, max_entries=4)
def upload_headers(data: bytes, name: str, sheet: str | None) -> list[str]:
    """An uploaded file's own headers (cached by content), for choosing columns by hand."""
    return pipeline.file_headers((data, name), sheet)
