"""Spend map: supplier locations with boundary and deprivation overlays, filters and summary cards."""

from __future__ import annotations

import streamlit as st

from geo import levels
from geo.analysis.summary import format_share
from geo.errors import SpendGeoError
from geo.present import image, legend, report_maps
from geo.present.bars import decile_bars
from geo.present.coverage import spend_map_notes
from geo.present.mapspec import ENGLAND_VIEW, View
from geo.present.tables import points_table
from geo.present.text import md_escape
from ui import (
    cache,
    cache_analysis,
    cache_imd,
    controls,
    coverage,
    dataset,
    frame,
    maps,
    present,
    tables,
    urlstate,
    viewport,
)
from ui.bars import show_bars
from ui.legend import show_legends
from ui.views import SpendMapView

frame.guard()

NO_LOCATION = "n/a — no supplier located"
# The map's column and the cards' (viewport.fit fits the map's view to the first).
COLUMNS = (3, 2)

cache.require_store()
try:
    ds = dataset.active()
except SpendGeoError as err:
    st.error(md_escape(str(err)))
    st.stop()
geocoded, token = ds.geocoded, ds.token
imd = present.vintage()  # the app-wide IMD vintage (equals view.imd once the view is read)
sf = cache.spend_frame(geocoded, token, imd)

with present.controls():
    view = controls.spend_map(
        urlstate.read_view(SpendMapView),
        [str(b) for b in sf.buyers],
        [str(d) for d in sf.departments],
        cache.date_bounds(geocoded, token),
        cache.flag_counts(geocoded, token),
    )
page_params = urlstate.commit(view)
mask, summary, points = cache.filtered(
    geocoded, token, view.filters, view.locality, view.denominator, view.imd
)
scale = cache.size_scale_max(geocoded, token)
located = ds.located_rows > 0

st.title("Spend map")
st.caption(
    f"Dataset: {md_escape(ds.name)} — {ds.rows:,} rows. "
    f"Selection: {md_escape(view.filters.describe())}."
)
# Presenting, the legends sit compact beside the map and the chart and tables go below the first
# screen (workshop walk: on a 720 px projector the legends were off-screen and the chart was cut),
# and the notes go in one line each above the map, which leaves them room.
presenting = urlstate.is_presenting()
notes = spend_map_notes(
    summary, md_escape(ds.name), located, ds.has_postcodes, present.where_controls()
)
if not presenting:
    coverage.show_notes(notes)
notes_above = len(notes) if presenting else 0

layers, from_tiles, focus_drawn = cache.area_layers(
    view.imd_layer, view.layers, view.zoom_level, view.zoom_area, view.imd
)
camera = View.from_param(view.camera) or viewport.fit(ENGLAND_VIEW, COLUMNS, notes=notes_above)
if view.zoom_area:
    found = cache.zoom_focus(view.zoom_level, view.zoom_area, view.imd, view.imd_layer)
    if found:
        if not focus_drawn:  # the decile tiles draw the outline and veil when they are on
            layers.append(found[0])
        # A kept camera wins over the fit.
        camera = View.from_param(view.camera) or viewport.fit(found[1], COLUMNS, notes=notes_above)
if len(points):
    layers.append(
        cache.supplier_layer(
            points, token, view.filters, view.locality, view.colour, scale, view.imd_layer
        )
    )


def _decile_chart_and_top_suppliers() -> None:
    # Headings, not bold text: a screen reader's heading list reaches them (public walk).
    st.subheader(f"Spend by supplier's {levels.decile_title(view.imd)}", anchor=False)
    show_bars(decile_bars(summary.by_decile, view.imd))
    st.subheader("Top suppliers", anchor=False)
    # The columns a card column can hold; the full table (sort, search, CSV) is in the expander.
    tables.show_small(
        summary.top_suppliers[["supplier", "gbp", "share"]], "Top suppliers", imd=view.imd
    )
    with tables.lazy_expander("Top suppliers: all columns", key="sm.top_all") as shown:
        if shown:
            tables.show(summary.top_suppliers, imd=view.imd)


legends = legend.spend_map_legends(
    colour_by=view.colour,
    imd_layer=view.imd_layer,
    boundaries=view.layers,
    max_amount=scale,
    locality_description=view.locality.description if view.locality else "",
    imd=view.imd,
    combine=presenting,
)
col_map, col_cards = st.columns(COLUMNS)
with col_map:
    if presenting:
        coverage.show_compact(notes)
    state = maps.show_map(
        cache.deck(layers, camera), key="sm.map", alt="Map of supplier locations sized by spend"
    )
    # Hook (scenes / compare view): a second map or a saved scene goes here, from a second SpendMapView.
    maps.show_selection(
        state,
        summary,
        lambda key: cache.point_rows(
            geocoded, token, view.filters, view.locality, view.denominator, key
        ),
        tables.show,
        places=lambda code: cache_imd.lsoa_places(code, view.imd),
    )
    if presenting:
        _decile_chart_and_top_suppliers()
    else:
        show_legends(*legends, row=True)
    if not from_tiles:
        st.caption(
            "Boundaries are drawn from GeoJSON (vector tiles not built: `python -m geo tiles`)."
        )
    with tables.lazy_expander("Table: supplier locations on the map", key="sm.points") as shown:
        if shown:
            tables.show(points_table(points), imd=view.imd)

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
    if presenting:
        show_legends(*legends, compact=True)
    st.caption(md_escape(summary.basis))
    if not presenting:
        _decile_chart_and_top_suppliers()
    zoomed = (
        cache_imd.area_label(view.zoom_level, view.zoom_area, view.imd) if view.zoom_area else ""
    )
    img_title, img_subtitle = maps.image_titles(
        ds.name, view.filters.describe(), view.colour, zoomed
    )
    maps.output_buttons(
        dataset_name=ds.name,
        key="sm.out",
        report=lambda fmt: report_maps.report_for_view(
            summary,
            geocoded,
            mask,
            view.filters,
            view.locality,
            fmt=fmt,
            public=dataset.is_public(),
            source_name=ds.name,
            imd=view.imd,
        ),
        image=lambda fmt: image.render_map(
            image.MapView(
                title=img_title,
                subtitle=img_subtitle,
                focus_level=view.zoom_level if view.zoom_area else None,
                focus_code=view.zoom_area,
                boundaries=view.layers,
                show_deciles=view.imd_layer,
                colour_by=view.colour,
                locality_description=view.locality.description if view.locality else "",
                max_amount=scale or None,
                vintages=cache_analysis.image_vintages(view.imd),
                imd=view.imd,
            ),
            *cache_analysis.image_layers(
                view.layers,
                view.zoom_level if view.zoom_area else None,
                view.zoom_area,
                view.imd,
            ),
            points,
            fmt=fmt,
        ),
    )
    urlstate.copy_link_control(page_params)
