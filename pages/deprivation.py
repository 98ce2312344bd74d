"""Deprivation: IMD 2019 deciles by LSOA, the decile mix of any LAD / LEP / CA, and areas ranked by decile 1."""

from __future__ import annotations

import streamlit as st

from geo import levels
from geo.present import charts, legend
from geo.present.mapspec import ENGLAND_VIEW, View
from ui import cache, controls, frame, maps, tables, urlstate
from ui.legend import show_legends
from ui.views import DeprivationView

frame.guard()
cache.require_store()

with st.sidebar:
    view = controls.deprivation(urlstate.read_view(DeprivationView))
page_params = urlstate.commit(view)

names = cache.area_names(view.level)
where = f"{names.get(view.area, view.area)} ({view.area})" if view.area else "England"
st.title(f"Deprivation — {where}")
st.caption(
    "Index of Multiple Deprivation 2019 (MHCLG), by Lower layer Super Output Area (2011 geography). "
    "Decile 1 = the most deprived 10% of England's 32,844 LSOAs."
)
# Hook (vintage control): an IMD 2019 / IMD 2025 choice belongs in DeprivationView and controls.deprivation.

layers = [cache.decile_layer(view.level if view.area else None, view.area)]
layers += [cache.outline_layer(b) for b in view.layers]
camera = View.from_param(view.camera) or ENGLAND_VIEW
if view.area:
    found = cache.focus(view.level, view.area)
    if found:
        layers.append(found[0])
        camera = found[1]

col_map, col_side = st.columns([3, 1])
with col_map:
    state = maps.show_map(
        cache.deck(layers, camera), key="dep.map", alt=f"Map of IMD 2019 deciles by LSOA, {where}"
    )
    maps.show_picked(state)
with col_side:
    show_legends(legend.decile_legend(), legend.boundary_legend(view.layers))
    urlstate.copy_link_control(page_params)

dist = cache.decile_distribution(view.level if view.area else None, view.area)
c1, c2 = st.columns([2, 3])
with c1:
    st.subheader(f"LSOAs by decile — {where}")
    st.vega_lite_chart(dist, charts.lsoas_by_decile(), width="stretch")
    tables.show(dist, drop=("colour",))
with c2:
    st.subheader(f"{levels.get(view.level).label}: ranked by share of LSOAs in decile 1")
    tables.show(cache.ranked_by_decile1(view.level), height=420)
    if view.level == "lep":
        st.caption("Seven LADs sit in two LEPs; their LSOAs count in both.")
