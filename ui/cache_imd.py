"""Cached, vintage-aware readers and layers for the Deprivation and Growth Deals pages (IMD 2025 / 2019)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo import levels
from geo.present import mapspec, selection, tiled
from geo.present.tilesets import lsoa_tileset

# Tile sets by name: the LSOA deciles of a vintage are "lsoa21" (IMD 2025) / "lsoa11" (IMD 2019);
# outlines are named by their level key (lad, lad24, lep, ca, ca25), as `python -m geo tiles` builds.


def level_key(level: str, imd: str) -> str:
    """The level a page's "lad"/"ca"/"lep" means under the vintage (LAD 2024 / CA 2025 under 2025)."""
    return levels.for_imd(level, imd).key


@st.cache_data(show_spinner=False, ttl=60)
def tiles_ready(names: tuple[str, ...]) -> bool:
    """Were these tile sets built (static/tiles/tiles.json)? Re-checked each minute, so a rebuild shows."""
    return tiled.tiles_available(list(names))


@st.cache_resource(show_spinner="Loading LSOAs…")
def lsoa(imd: str) -> gpd.GeoDataFrame:
    """LSOAs of one vintage (shared, read-only: never mutate)."""
    from geo.store import read as store

    return store.read_lsoa(imd=imd)


@st.cache_resource(show_spinner="Loading boundaries…")
def areas(level: str, imd: str) -> gpd.GeoDataFrame:
    """Area table of the vintage's own level, decile statistics of that vintage (read-only)."""
    from geo.store import read as store

    return store.read_areas(levels.get(level_key(level, imd)).store, imd=imd)


@st.cache_data(show_spinner=False)
def area_names(level: str, imd: str) -> dict[str, str]:
    frame = areas(level, imd)
    return dict(zip(frame["code"].astype(str), frame["name"].astype(str), strict=True))


def area_label(level: str, code: str, imd: str) -> str:
    """'Greater Manchester (E47000001)': an area's name (its code when unknown) and code."""
    return f"{area_names(level, imd).get(code, code)} ({code})"


@st.cache_data(show_spinner="Drawing LSOAs…")
def decile_geojson(level: str | None, code: str | None, imd: str) -> mapspec.Layer:
    """GeoJSON decile layer: one area's LSOAs at 20 m detail, or (no tiles built) all England."""
    from geo.store import read as store

    table = lsoa(imd)
    # An upper-tier authority under IMD 2019: its LSOA 2011 rows cannot say which county they are
    # in, so all England is drawn and the page's focus layer veils the rest.
    if not code or not level or not levels.carried_by(levels.for_imd(level, imd), table.columns):
        return mapspec.decile_layer_for(table, None, None)
    col = levels.imd(imd).lsoa_column
    codes = mapspec.lsoas_in(table, level, code)[col].astype(str).tolist()
    return mapspec.decile_layer_for(table, level, code, store.read_lsoa_detail(codes, imd=imd))


@st.cache_data(show_spinner=False)
def outline_geojson(level: str, imd: str) -> mapspec.Layer:
    key = level_key(level, imd)
    return mapspec.outline_layer(key, areas(level, imd))


def area_layers(
    imd: str,
    boundaries: tuple[str, ...],
    decile_area: tuple[str, str] | None,
    deciles: bool = True,
    focus_layer: mapspec.Layer | None = None,
) -> tuple[list[mapspec.Layer], bool]:
    """(layers, from_tiles): the decile choropleth with the boundaries and the zoomed-to area.

    From tiles, ONE layer draws it all: the LSOAs by decile, the boundaries as the tiles' bands,
    and the area `decile_area` (level, code) outlined with the rest veiled; a click names the
    LSOA. Its spec (a URL template and a colour expression) holds no geometry, so zooming,
    panning or choosing another area sends none and deck.gl keeps its loaded tiles. Without
    tiles, a zoomed view draws its own LSOAs at 20 m as GeoJSON (all England otherwise), the
    boundaries as GeoJSON outlines and the area as `focus_layer` (outline and veil).
    Without deciles (Growth Deals), the boundaries are clickable areas under their lines.
    """
    outlines = tuple(level_key(b, imd) for b in boundaries)
    lsoa_tiles = tiles_ready((lsoa_tileset(imd),))
    if deciles and lsoa_tiles:
        layers = [
            tiled.decile_tile_layer(lsoa_tileset(imd), bands=boundaries, focus=decile_area, imd=imd)
        ]
        return layers, True
    layers: list[mapspec.Layer] = []
    if deciles:
        level, code = decile_area or (None, None)
        layers.append(decile_geojson(level, code, imd))
    outline_tiles = tiles_ready(outlines) if outlines else True
    if outline_tiles:
        for k in outlines:  # invisible clickable areas, then the drawn lines
            layers += [tiled.area_pick_layer(k), tiled.outline_tile_layer(k)]
    else:
        layers += [outline_geojson(b, imd) for b in boundaries]
    if focus_layer is not None:
        layers.append(focus_layer)
    return layers, bool(outline_tiles and not deciles)


@st.cache_data(show_spinner=False)
def lsoa_places(code: str, imd: str) -> list[selection.Place]:
    """The district, county, LEP and CA of the vintage that an LSOA lies in, named (for its
    click details)."""
    table = lsoa(imd)
    keys = selection.place_levels(imd, table.columns)
    names = {k: area_names(k, imd) for k in keys}
    return selection.lsoa_places(table, levels.imd(imd).lsoa_column, code, keys, names)


@st.cache_data(show_spinner=False)
def focus(
    level: str, code: str, imd: str, mask: bool = False
) -> tuple[mapspec.Layer, mapspec.View] | None:
    """Outline (and with `mask` the veil over the rest) and fitted view of an area of the
    vintage's own level ("lad"/"ca" = LAD 2024 / CA 2025 under IMD 2025)."""
    return mapspec.focus_for(areas(level, imd), code, mask=mask)


@st.cache_data(show_spinner=False)
def decile_distribution(level: str | None, code: str | None, imd: str) -> pd.DataFrame:
    return mapspec.decile_distribution(lsoa(imd), level, code)


@st.cache_data(show_spinner=False)
def ranked_by_decile1(level: str, imd: str) -> pd.DataFrame:
    return mapspec.ranked_by_decile1(areas(level, imd))


@st.cache_data(show_spinner=False)
def decile1_comparison(level: str) -> pd.DataFrame:
    """2019 and 2025 decile-1 shares side by side, on the vintage-neutral frame of the level."""
    from geo.store import read as store

    return store.decile1_comparison(levels.get(level).store)


@st.cache_data(show_spinner=False)
def share_layers(level: str, imd: str) -> list[mapspec.Layer]:
    """The decile-1 share choropleth, with its area edges from tiles when built (see
    cache.growth_deals_layers)."""
    key = level_key(level, imd)
    tiles = tiles_ready((key,))
    layers = [mapspec.share_layer(areas(level, imd), key, edges=not tiles)]
    if tiles:
        layers.append(tiled.outline_tile_layer(key, edge=((255, 255, 255), 0.5)))
    return layers


@st.cache_data(show_spinner=False)
def growth_deal_national() -> dict:
    from geo.store import read as store

    return store.growth_deal_national()
