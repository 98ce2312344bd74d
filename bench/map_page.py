"""Bench page: one deck spec per ?case=, drawn with st.pydeck_chart exactly as ui/maps.py draws the app's maps."""

from __future__ import annotations

import streamlit as st

from geo.present import deck, selection, tiled
from geo.present.choropleths import decile_layer_for
from geo.present.views import ENGLAND_VIEW, fit_view
from geo.store import read as store
from ui.maps import show_map

CA = "E47000001"  # Greater Manchester: the shared link of issue 14
IMD = "2025"


@st.cache_resource
def spec(case: str) -> deck.DeckSpec:
    """The Deprivation page's spec (IMD 2025, LEP outlines) by the old route (GeoJSON) or tiles.

    geojson_ca is the zoomed route before issue 14's fix (the CA's LSOAs at 20 m as GeoJSON);
    tiles_ca_lines the tiled route of the last stop (the decile tiles, LEPs as clickable areas
    under line layers, the CA as a veiled GeoJSON outline); tiles_ca the route now (ONE tile
    layer: the boundaries are the tiles' bands, the veil and the CA's outline the colour
    expression). tiles_england_lines / tiles_england: the same two routes nationally.
    tiles_ca_fill and tiles_ca_fill_outline are the floor: the fill alone, then one line added.
    """
    lsoa = store.read_lsoa(imd=IMD)
    lep = store.read_areas("lep")
    ca = store.read_areas("ca25")
    row = ca.loc[ca["code"] == CA]
    if case == "empty":  # loads the app shell and deck.gl's chunk, draws nothing
        return deck.deck_spec([], ENGLAND_VIEW)
    if case == "geojson_england":
        layers = [decile_layer_for(lsoa, None, None), deck.outline_layer("lep", lep)]
        return deck.deck_spec(layers, ENGLAND_VIEW)
    if case == "tiles_england":
        return deck.deck_spec(tiled.tiled_layers(True, ("lep",), imd=IMD), ENGLAND_VIEW)
    if case == "tiles_england_lines":
        return deck.deck_spec(_lines_route(None), ENGLAND_VIEW)
    view = fit_view(row.total_bounds)
    # The floor of a zoomed view on this browser: the decile fill alone, then with one line (the
    # area's outline), so the note can say what a line layer costs (deck.gl's PathLayer shader).
    if case == "tiles_ca_fill":
        return deck.deck_spec([tiled.decile_tile_layer(None)], view)
    if case == "tiles_ca_fill_outline":
        layers = [tiled.decile_tile_layer(None), deck.focus_layer(row)]
        return deck.deck_spec(layers, view)
    if case == "geojson_ca":
        codes = lsoa.loc[lsoa["ca25cd"] == CA, "lsoa21cd"].astype(str).tolist()
        layers = [
            decile_layer_for(lsoa, "ca", CA, store.read_lsoa_detail(codes, imd=IMD)),
            deck.outline_layer("lep", lep),
            deck.focus_layer(row),
        ]
        return deck.deck_spec(layers, view)
    if case == "tiles_ca_lines":
        return deck.deck_spec(_lines_route(deck.focus_layer(row, mask=True)), view)
    layers = tiled.tiled_layers(True, ("lep",), imd=IMD, focus=("ca", CA))
    return deck.deck_spec(layers, view)


def _lines_route(focus: deck.Layer | None) -> list[deck.Layer]:
    """The last stop's tiled route: deciles (bands left clear), the LEPs as clickable areas and
    line layers, the area as a GeoJSON veil and outline."""
    layers = [tiled.decile_tile_layer(None), tiled.area_pick_layer("lep")]
    layers.append(tiled.outline_tile_layer("lep"))
    return layers + ([focus] if focus else [])


st.set_page_config(layout="wide")
case = st.query_params.get("case", "tiles_england")
st.write(f"bench case: {case}")
state = show_map(spec(case), key="bench_map", alt=f"bench {case}")
# Click-for-details as a page would do it: selection payload → picks → detail table.
picked = selection.picks(state)
st.dataframe(selection.detail_table(picked), hide_index=True, key="bench_picked")
