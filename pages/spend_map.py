"""Spend map: supplier locations with boundary and deprivation overlays, filters and summary cards."""

from __future__ import annotations

import streamlit as st

from geo.analysis.summary import format_share
from geo.errors import SpendGeoError
from geo.present import legend
from ui import data, maps, spend_filters, urlstate, widgets
from ui.legend import show_legends
from ui.present import route_through_app

route_through_app()

data.require_store()
try:
    ds = data.active_spend()
except SpendGeoError as err:
    st.error(str(err))
    st.stop()
geocoded = ds["geocoded"]
token = data.dataset_token(ds)
sf = data.spend_frame(geocoded, token)

with st.sidebar:
    c = spend_filters.controls(sf, spend_filters.date_bounds(geocoded))
urlstate.write(c.params)
st.session_state["sm_last_filters"] = c.filters

mask, summary, points = data.filtered(geocoded, token, c.filters, c.locality, c.denominator)

st.title("Spend map")
st.caption(f"Dataset: {ds['name']} — {len(geocoded):,} rows. Selection: {c.filters.describe()}.")

layers = []
if c.imd:
    layers.append(data.decile_layer(c.zoom_level if c.zoom_area else None, c.zoom_area))
layers += [data.outline_layer(b) for b in c.boundaries]
if c.zoom_area:
    found = data.focus(c.zoom_level, c.zoom_area)
    if found:
        layers.append(found[0])
if len(points):
    layers.append(data.supplier_layer(points, token, c.filters, c.locality, c.colour_by))
view = widgets.view_for(c.zoom_level if c.zoom_area else None, c.zoom_area, urlstate.params())

col_map, col_cards = st.columns([3, 2])
with col_map:
    if summary.transactions == 0:
        st.info(
            "No spend matches these filters. Widen the date range or clear some filters in the sidebar."
        )
    state = maps.show_map(
        data.deck(layers, view), key="sm_map", alt="Map of supplier locations sized by spend"
    )
    picks = maps.show_picked(state)
    for p in picks:
        if p["layer"] == "suppliers" and p["k"] is not None and p["k"] < len(points):
            row = points.iloc[int(p["k"])]
            st.dataframe(
                data.point_rows(geocoded, token, c.filters, str(row["name"]), str(row["code"])),
                hide_index=True,
                width="stretch",
            )
    lg = [
        legend.local_legend(c.locality.description if c.locality else "")
        if c.colour_by == "local"
        else legend.point_decile_legend(),
        legend.size_legend(float(points["amount"].abs().max()) if len(points) else 0.0),
    ]
    if c.imd:
        lg.append(legend.decile_legend())
    lg.append(legend.boundary_legend(c.boundaries))
    show_legends(*lg, row=True)
    with st.expander("Table: supplier locations on the map"):
        st.dataframe(
            points.drop(columns=["key"]),
            hide_index=True,
            width="stretch",
            column_config={"amount": st.column_config.NumberColumn("£", format="£%.0f")},
        )

with col_cards:
    m1, m2 = st.columns(2)
    m1.metric(
        "Total spend", legend.format_money(summary.total_gbp), help=summary.labels.get("total_gbp")
    )
    m2.metric(
        "Local share",
        format_share(summary.local_share) if c.locality else "—",
        help=summary.labels.get("local_share"),
    )
    m3, m4 = st.columns(2)
    m3.metric(
        "Deprived areas (decile 1)",
        format_share(summary.decile1_share),
        help=summary.labels.get("decile1_share"),
    )
    m4.metric(
        "Deprived areas (deciles 1–2)",
        format_share(summary.decile12_share),
        help=summary.labels.get("decile12_share"),
    )
    m5, m6 = st.columns(2)
    m5.metric("Transactions", f"{summary.transactions:,}")
    m6.metric(
        "Located (by £)",
        format_share(summary.share_geocoded_gbp),
        help=summary.labels.get("share_geocoded_gbp"),
    )
    st.caption(summary.basis)
    st.markdown("**Spend by supplier's IMD 2019 decile**")
    st.vega_lite_chart(
        data.decile_chart_frame(summary),
        {
            "mark": {"type": "bar"},
            "encoding": {
                "y": {
                    "field": "bucket",
                    "type": "ordinal",
                    "sort": None,
                    "title": None,
                    "axis": {"labelOverlap": False},
                },
                "x": {"field": "gbp", "type": "quantitative", "title": "£ (net)"},
                "color": {"field": "colour", "type": "nominal", "scale": None, "legend": None},
                "tooltip": [
                    {"field": "bucket", "title": "Decile"},
                    {"field": "gbp", "title": "£", "format": ",.0f"},
                    {"field": "share", "title": "Share of all spend", "format": ".1%"},
                ],
            },
        },
        width="stretch",
        height=260,
    )
    st.markdown("**Top suppliers**")
    st.dataframe(
        summary.top_suppliers,
        hide_index=True,
        width="stretch",
        column_config={
            "gbp": st.column_config.NumberColumn("£", format="£%.0f"),
            "share": st.column_config.NumberColumn("share", format="percent"),
        },
    )
    urlstate.copy_link_control(c.params)
