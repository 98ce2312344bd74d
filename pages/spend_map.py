"""Spend map: supplier locations with boundary and deprivation overlays, filters and summary cards."""

from __future__ import annotations

import streamlit as st

from geo.analysis.summary import format_share
from geo.errors import SpendGeoError
from geo.present import charts, legend
from geo.present.mapspec import ENGLAND_VIEW, View
from ui import cache, controls, dataset, frame, maps, present, tables, urlstate
from ui.legend import show_legends
from ui.views import SpendMapView

frame.guard()

NO_LOCATION = "n/a — no supplier located"

cache.require_store()
try:
    ds = dataset.active()
except SpendGeoError as err:
    st.error(str(err))
    st.stop()
geocoded, token = ds.geocoded, ds.token
sf = cache.spend_frame(geocoded, token)

with present.controls():
    view = controls.spend_map(
        urlstate.read_view(SpendMapView),
        [str(b) for b in sf.buyers],
        [str(d) for d in sf.departments],
        cache.date_bounds(geocoded, token),
    )
page_params = urlstate.commit(view)
# Hook (vintage control): an IMD/boundary vintage selector belongs in controls.spend_map, as a
# SpendMapView field, passed to cache.filtered/decile_layer below.

mask, summary, points = cache.filtered(
    geocoded, token, view.filters, view.locality, view.denominator
)
located = ds.located_rows > 0

st.title("Spend map")
st.caption(f"Dataset: {ds.name} — {ds.rows:,} rows. Selection: {view.filters.describe()}.")
if not located:
    st.warning(
        f"No supplier in {ds.name} could be placed on the map: "
        + (
            "the file has no supplier postcodes. "
            if not ds.has_postcodes
            else "none of its postcodes was found. "
        )
        + "To place suppliers, load a supplier register (supplier name or id with postcode, or "
        "Companies House company numbers) beside the file on the Data page; the shares of local and "
        "deprived-area spend need located suppliers, so they show n/a until then."
    )

layers = []
if view.imd_layer:
    layers.append(cache.decile_layer(view.zoom_level if view.zoom_area else None, view.zoom_area))
layers += [cache.outline_layer(b) for b in view.layers]
camera = View.from_param(view.camera) or ENGLAND_VIEW
if view.zoom_area:
    found = cache.focus(view.zoom_level, view.zoom_area)
    if found:
        layers.append(found[0])
        camera = View.from_param(view.camera) or found[1]  # a kept camera wins over the fit
if len(points):
    layers.append(cache.supplier_layer(points, token, view.filters, view.locality, view.colour))

col_map, col_cards = st.columns([3, 2])
with col_map:
    if summary.transactions == 0:
        st.info(
            "No spend matches these filters. Widen the date range or clear some filters in the sidebar."
        )
    state = maps.show_map(
        cache.deck(layers, camera), key="sm.map", alt="Map of supplier locations sized by spend"
    )
    # Hook (scenes / compare view): a second map or a saved scene goes here, from a second SpendMapView.
    for pick in maps.picked(state):
        if (
            pick["layer"] == "suppliers"
            and pick["k"] is not None
            and 0 <= int(pick["k"]) < len(points)
        ):
            row = points.iloc[int(pick["k"])]
            st.markdown(f"**{row['name']}** — {row['code']}")
            tables.show(
                cache.point_rows(geocoded, token, view.filters, str(row["name"]), str(row["code"]))
            )
        else:
            st.info(f"**{pick['n']}** ({pick['c']}) — {pick['x']}")
    lg = [
        legend.local_legend(view.locality.description if view.locality else "")
        if view.colour == "local"
        else legend.point_decile_legend(),
        legend.size_legend(float(points["amount"].abs().max()) if len(points) else 0.0),
    ]
    if view.imd_layer:
        lg.append(legend.decile_legend())
    lg.append(legend.boundary_legend(view.layers))
    show_legends(*lg, row=True)
    with st.expander("Table: supplier locations on the map"):
        tables.show(points, drop=("key",))

with col_cards:
    m1, m2 = st.columns(2)
    m1.metric(
        "Total spend", legend.format_money(summary.total_gbp), help=summary.labels.get("total_gbp")
    )
    m2.metric(
        "Local share",
        (format_share(summary.local_share) if located else NO_LOCATION) if view.locality else "—",
        help=summary.labels.get("local_share"),
    )
    m3, m4 = st.columns(2)
    m3.metric(
        "Deprived areas (decile 1)",
        format_share(summary.decile1_share) if located else NO_LOCATION,
        help=summary.labels.get("decile1_share"),
    )
    m4.metric(
        "Deprived areas (deciles 1–2)",
        format_share(summary.decile12_share) if located else NO_LOCATION,
        help=summary.labels.get("decile12_share"),
    )
    m5, m6 = st.columns(2)
    m5.metric("Transactions", f"{summary.transactions:,}")
    m6.metric(
        "Located (by £)",
        format_share(summary.share_geocoded_gbp) if located else NO_LOCATION,
        help=summary.labels.get("share_geocoded_gbp"),
    )
    st.caption(summary.basis)
    st.markdown("**Spend by supplier's IMD 2019 decile**")
    st.vega_lite_chart(
        cache.decile_chart_frame(summary), charts.spend_by_decile(), width="stretch", height=260
    )
    st.markdown("**Top suppliers**")
    # The columns a narrow card column can hold in full; the full table is in the expander.
    tables.show(summary.top_suppliers[["supplier", "gbp", "share"]])
    with st.expander("Top suppliers: all columns"):
        tables.show(summary.top_suppliers)
    # Hook (report button): a "Committee report" download goes here, built from (ds, view, summary).
    urlstate.copy_link_control(page_params)
