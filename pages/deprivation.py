"""Deprivation: IMD deciles by LSOA (IMD 2025 or 2019), an area's decile mix, rankings and the two vintages compared."""

from __future__ import annotations

import streamlit as st

from geo import levels
from geo.present import charts, image, legend
from geo.present.mapspec import ENGLAND_VIEW, View
from ui import (
    cache,
    cache_analysis,
    cache_imd,
    controls,
    frame,
    maps,
    present,
    tables,
    urlstate,
    viewport,
)
from ui.legend import show_legends
from ui.views import DeprivationView

frame.guard()
# The map's column and the legends' (viewport.fit fits the map's view to the first).
COLUMNS = (3, 1)
cache.require_store()

with present.controls():
    view = controls.deprivation(urlstate.read_view(DeprivationView))
page_params = urlstate.commit(view)

v = levels.imd(view.imd)
lv = levels.for_imd(
    view.level, view.imd
)  # LAD 2024 / CA 2025 under IMD 2025; LAD 2021 / CA 2024 under 2019
where = cache_imd.area_label(view.level, view.area, view.imd) if view.area else "England"
st.title(f"Deprivation — {where} ({v.label})")
st.caption(
    f"English Indices of Deprivation: {v.label} (MHCLG), by Lower layer Super Output Area "
    f"({v.lsoa_vintage}); areas are {lv.label}. Decile 1 = the most deprived 10% of England's LSOAs."
)

# Zoomed: the decile tiles stay as they are; the area is an outline with the rest veiled.
focus = cache_imd.focus(view.level, view.area, view.imd, mask=True) if view.area else None
decile_area = (view.level, view.area) if focus else None
layers, from_tiles = cache_imd.area_layers(
    view.imd, view.layers, decile_area, focus_layer=focus[0] if focus else None
)
camera = View.from_param(view.camera) or viewport.fit(focus[1] if focus else ENGLAND_VIEW, COLUMNS)

col_map, col_side = st.columns(COLUMNS)
with col_map:
    state = maps.show_map(
        cache.deck(layers, camera),
        key="dep.map",
        alt=f"Map of {v.label} deciles by LSOA ({v.lsoa_vintage}), {where}",
    )
    picks = maps.show_picked(state, places=lambda code: cache_imd.lsoa_places(code, view.imd))
    if not picks and from_tiles:
        st.caption("Click or tap an LSOA for its decile and the areas it lies in.")
    if not view.area and not from_tiles:
        st.caption(
            "Vector tiles are not built on this server (`python -m geo tiles`): the national map "
            "is sent whole, so it loads more slowly."
        )
with col_side:
    show_legends(
        legend.decile_legend(imd=view.imd), legend.boundary_legend(view.layers, imd=view.imd)
    )
    urlstate.copy_link_control(page_params)
    # The map as an image for a paper or a slide (PNG, SVG, PDF), rendered on the server.
    focus_level, focus_code = (view.level, view.area) if view.area else (None, None)
    maps.image_buttons(
        dataset_name=f"deprivation_{v.key}_{view.area or 'england'}",
        key="dep.out",
        image=lambda fmt: image.render_map(
            image.MapView(
                title=f"Deprivation — {where} ({v.label})",
                focus_level=focus_level,
                focus_code=focus_code,
                boundaries=view.layers,
                vintages=cache_analysis.image_vintages(view.imd),
                imd=view.imd,
            ),
            *cache_analysis.image_layers(view.layers, focus_level, focus_code, view.imd),
            None,
            fmt=fmt,
        ),
    )

dist = cache_imd.decile_distribution(view.level if view.area else None, view.area, view.imd)
c1, c2 = st.columns([2, 3])
with c1:
    st.subheader(f"LSOAs by {v.label} decile — {where}")
    st.vega_lite_chart(dist, charts.lsoa_decile_chart(view.imd), width="stretch")
    tables.show(dist, drop=("colour",), imd=view.imd)
with c2:
    st.subheader(f"{lv.label}: ranked by share of LSOAs in {v.label} decile 1")
    tables.show(cache_imd.ranked_by_decile1(view.level, view.imd), height=420, imd=view.imd)
    if view.level == "lep":
        st.caption("Seven LADs sit in two LEPs; their LSOAs count in both.")

st.subheader("IMD 2019 and IMD 2025 compared: share of LSOAs in decile 1")
compare = cache_imd.decile1_comparison(lv.key)
if view.area:
    compare = compare.loc[compare["code"] == view.area]
st.caption(
    f"{lv.label}. The two indices rank different LSOA sets — 32,844 LSOAs (2011 geography) for "
    "IMD 2019 and 33,755 (2021 geography) for IMD 2025 — so compare shares, not counts; LSOAs "
    "were split, merged and redrawn between the censuses. A change is also relative: decile 1 is "
    "always the most deprived 10% of England at the time."
)
tables.show(compare, height=None if view.area else 420)
