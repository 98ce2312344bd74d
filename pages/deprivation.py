"""Deprivation: IMD 2019 deciles by LSOA, the decile mix of any LAD / LEP / CA, and areas ranked by decile 1."""

from __future__ import annotations

import streamlit as st

from geo.present import legend
from ui import data, maps, urlstate, widgets
from ui.legend import show_legends
from ui.present import route_through_app

route_through_app()

data.require_store()
url = urlstate.params()

with st.sidebar:
    st.header("Deprivation")
    level = widgets.level_picker("dep_level", url)
    area = widgets.area_picker("dep_area", level, url)
    boundaries = widgets.boundary_picker("dep_layers", ("lep",), url)
urlstate.remember("dep_level", "dep_area", "dep_layers")

page_params = {"level": level, "area": area, "layers": ",".join(boundaries)}
if url.get("view") and not area:
    page_params["view"] = url["view"]
urlstate.write(page_params)

names = data.area_names(level)
where = f"{names[area]} ({area})" if area else "England"
st.title(f"Deprivation — {where}")
st.caption(
    "Index of Multiple Deprivation 2019 (MHCLG), by Lower layer Super Output Area (2011 geography). "
    "Decile 1 = the most deprived 10% of England's 32,844 LSOAs."
)

layers = [data.decile_layer(level if area else None, area)]
layers += [data.outline_layer(b) for b in boundaries]
if area:
    found = data.focus(level, area)
    if found:
        layers.append(found[0])
view = widgets.view_for(level, area, url)

col_map, col_side = st.columns([3, 1])
with col_map:
    state = maps.show_map(
        data.deck(layers, view),
        key="dep_map",
        alt=f"Map of IMD 2019 deciles by LSOA, {where}",
    )
    maps.show_picked(state)
with col_side:
    show_legends(legend.decile_legend(), legend.boundary_legend(tuple(boundaries)))
    urlstate.copy_link_control(page_params)

dist = data.decile_distribution(level if area else None, area)
c1, c2 = st.columns([2, 3])
with c1:
    st.subheader(f"LSOAs by decile — {where}")
    st.vega_lite_chart(
        dist,
        {
            "mark": {"type": "bar"},
            "encoding": {
                "x": {
                    "field": "decile",
                    "type": "ordinal",
                    "sort": None,
                    "title": "IMD 2019 decile (1 = most deprived)",
                    "axis": {"labelAngle": 0},
                },
                "y": {"field": "lsoas", "type": "quantitative", "title": "LSOAs"},
                "color": {"field": "colour", "type": "nominal", "scale": None, "legend": None},
                "tooltip": [
                    {"field": "decile", "title": "Decile"},
                    {"field": "lsoas", "title": "LSOAs"},
                    {"field": "share", "title": "Share", "format": ".1%"},
                ],
            },
        },
        width="stretch",
    )
    st.dataframe(
        dist.drop(columns=["colour"]),
        hide_index=True,
        width="stretch",
        column_config={"share": st.column_config.NumberColumn("share", format="percent")},
    )
with c2:
    st.subheader(f"{widgets.LEVEL_SHORT[level]} ranked by share of LSOAs in decile 1")
    st.dataframe(
        data.ranked_by_decile1(level),
        hide_index=True,
        width="stretch",
        height=420,
        column_config={
            "share_decile1": st.column_config.NumberColumn("share decile 1", format="percent"),
            "share_decile12": st.column_config.NumberColumn("share deciles 1–2", format="percent"),
            "population": st.column_config.NumberColumn(
                "population (mid-2019)", format="localized"
            ),
        },
    )
    if level == "lep":
        st.caption("Seven LADs sit in two LEPs; their LSOAs count in both.")
