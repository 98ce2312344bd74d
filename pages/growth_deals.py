"""Growth Deals: Local Growth Fund £ per head by LEP beside the deprivation picture, with the table behind both."""

from __future__ import annotations

import streamlit as st

from geo.present import charts, legend, mapspec
from geo.present.mapspec import ENGLAND_VIEW, View
from ui import cache, controls, frame, maps, tables, urlstate
from ui.legend import show_legends
from ui.views import GrowthDealsView

frame.guard()
cache.require_store()

with st.sidebar:
    view = controls.growth_deals(urlstate.read_view(GrowthDealsView))
urlstate.commit(view)
lep = view.lep

st.title("Growth Deals and deprivation")
st.caption(
    "Growth Deal (Local Growth Fund) awards, rounds 1–3 (2014–2017), per head of mid-2019 population, "
    "by LEP (2021 boundaries) — beside IMD 2019: the share of each local authority's LSOAs in decile 1."
)

camera = View.from_param(view.camera) or ENGLAND_VIEW
gd_layers, scale = cache.growth_deals_layers()
focus = cache.focus("lep", lep) if lep else None
extra = [focus[0]] if focus else []
if focus:
    camera = focus[1]

left, right = st.columns(2)
with left:
    st.subheader("Growth Deal £ per head (LEP)")
    state = maps.show_map(
        cache.deck([*gd_layers, *extra], camera),
        key="gd.map",
        alt="Map of Growth Deal pounds per head by Local Enterprise Partnership",
        height=520,
    )
    maps.show_picked(state)
    show_legends(legend.per_head_legend(scale))
with right:
    st.subheader("Share of LSOAs in IMD decile 1 (LAD)")
    state2 = maps.show_map(
        cache.deck([cache.share_layer("lad"), cache.outline_layer("lep"), *extra], camera),
        key="gd.share_map",
        alt="Map of the share of each local authority's LSOAs in IMD 2019 decile 1",
        height=520,
    )
    maps.show_picked(state2)
    show_legends(legend.share_legend(), legend.boundary_legend(("lep",)))

table = cache.growth_deals_table()
st.subheader("£ per head against deprivation (LEP)")
st.vega_lite_chart(table, charts.per_head_against_deprivation(), width="stretch")
missing = mapspec.growth_deals_missing(table)
if len(missing):
    st.caption(
        f"Not plotted: {len(missing)} LEP(s) with no complete Growth Deal figure — "
        + "; ".join(f"{n} ({c})" for n, c in zip(missing["name"], missing["code"], strict=True))
        + ". Their reasons are in the table below."
    )

st.subheader("The table behind both maps")
tables.show(table)
st.info(
    "**Overlaps.** Seven local authorities sit in two LEPs (Cannock Chase, East Staffordshire, Lichfield, "
    "Tamworth; Bromsgrove, Redditch, Wyre Forest): their population counts in both LEPs, so LEP "
    "populations sum to more than England's.  \n"
    "**Vintages.** Awards were made in 2014–2017 to the LEPs of the time and are mapped here to 2021 LEP "
    "codes and boundaries, which changed for some LEPs; populations are ONS mid-2019; deprivation is "
    "IMD 2019 on 2011 LSOAs. A missing figure is shown as missing with its reason, never as £0."
)
with st.expander("Local authority table (share of LSOAs in decile 1)"):
    tables.show(cache.ranked_by_decile1("lad"))
