"""Growth Deals: Local Growth Fund £ per head by LEP beside the deprivation picture, with the table behind both."""

from __future__ import annotations

import streamlit as st

from geo.present import legend, mapspec, palette
from ui import data, maps, urlstate, widgets
from ui.legend import show_legends
from ui.present import route_through_app

route_through_app()

data.require_store()
url = urlstate.params()

with st.sidebar:
    st.header("Growth Deals")
    lep = widgets.area_picker("gd_lep", "lep", url, param="lep", label="Zoom to LEP")
urlstate.remember("gd_lep")
page_params = {"lep": lep}
urlstate.write(page_params)

st.title("Growth Deals and deprivation")
st.caption(
    "Growth Deal (Local Growth Fund) awards, rounds 1–3 (2014–2017), per head of mid-2019 population, "
    "by LEP (2021 boundaries) — beside IMD 2019: the share of each local authority's LSOAs in decile 1."
)

view = widgets.view_for("lep" if lep else None, lep, url)
gd_layers, scale = data.growth_deals_layers()
focus = data.focus("lep", lep) if lep else None
extra = [focus[0]] if focus else []

left, right = st.columns(2)
with left:
    st.subheader("Growth Deal £ per head (LEP)")
    state = maps.show_map(
        data.deck([*gd_layers, *extra], view),
        key="gd_map",
        alt="Map of Growth Deal pounds per head by Local Enterprise Partnership",
        height=520,
    )
    maps.show_picked(state)
    show_legends(legend.per_head_legend(scale))
with right:
    st.subheader("Share of LSOAs in IMD decile 1 (LAD)")
    state2 = maps.show_map(
        data.deck([data.share_layer("lad"), data.outline_layer("lep"), *extra], view),
        key="gd_share_map",
        alt="Map of the share of each local authority's LSOAs in IMD 2019 decile 1",
        height=520,
    )
    maps.show_picked(state2)
    show_legends(legend.share_legend(), legend.boundary_legend(("lep",)))

table = data.growth_deals_table()
st.subheader("£ per head against deprivation (LEP)")
st.vega_lite_chart(
    table,
    {
        "transform": [{"filter": "isValid(datum.gd_per_head_gbp)"}],
        "mark": {
            "type": "circle",
            "size": 140,
            "opacity": 0.85,
            "stroke": "#222",
            "strokeWidth": 0.6,
        },
        "encoding": {
            "x": {
                "field": "share_decile1",
                "type": "quantitative",
                "title": "Share of LSOAs in IMD decile 1",
                "axis": {"format": "%"},
            },
            "y": {
                "field": "gd_per_head_gbp",
                "type": "quantitative",
                "title": "Growth Deal £ per head",
            },
            "color": {"value": palette.hex_colour(palette.PER_HEAD_RAMP[-1])},
            "tooltip": [
                {"field": "name", "title": "LEP"},
                {"field": "code", "title": "Code"},
                {"field": "gd_per_head_gbp", "title": "£ per head", "format": ",.0f"},
                {"field": "share_decile1", "title": "Share in decile 1", "format": ".1%"},
            ],
        },
    },
    width="stretch",
)
missing = mapspec.growth_deals_missing(table)
if len(missing):
    st.caption(
        f"Not plotted: {len(missing)} LEP(s) with no complete Growth Deal figure — "
        + "; ".join(f"{n} ({c})" for n, c in zip(missing["name"], missing["code"], strict=True))
        + ". Their reasons are in the table below."
    )

st.subheader("The table behind both maps")
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "gd_per_head_gbp": st.column_config.NumberColumn("£ per head", format="£%.0f"),
        "gd_total_gbp_m": st.column_config.NumberColumn("total £m", format="%.1f"),
        "share_decile1": st.column_config.NumberColumn("share LSOAs decile 1", format="percent"),
        "population": st.column_config.NumberColumn("population (mid-2019)", format="localized"),
        "gd_missing_reason": st.column_config.TextColumn("why no figure", width="large"),
    },
)
st.info(
    "**Overlaps.** Seven local authorities sit in two LEPs (Cannock Chase, East Staffordshire, Lichfield, "
    "Tamworth; Bromsgrove, Redditch, Wyre Forest): their population counts in both LEPs, so LEP "
    "populations sum to more than England's.  \n"
    "**Vintages.** Awards were made in 2014–2017 to the LEPs of the time and are mapped here to 2021 LEP "
    "codes and boundaries, which changed for some LEPs; populations are ONS mid-2019; deprivation is "
    "IMD 2019 on 2011 LSOAs. A missing figure is shown as missing with its reason, never as £0."
)
with st.expander("Local authority table (share of LSOAs in decile 1)"):
    st.dataframe(data.ranked_by_decile1("lad"), hide_index=True, width="stretch")
