"""Data: load a spend file (and supplier register), check the column mapping and match report, download results."""

from __future__ import annotations

import streamlit as st

from geo.analysis.filters import Filters
from geo.errors import SpendGeoError
from geo.present import exports
from geo.spend.columns import FIELDS
from ui import data, urlstate
from ui.present import route_through_app

route_through_app()

data.require_store()
urlstate.write({})
st.title("Data")

try:
    ds = data.active_spend()
except SpendGeoError as err:
    st.error(str(err))
    ds = None

st.subheader("Load your own spend file")
st.caption(
    "CSV, Excel (.xlsx/.xls) or a ZIP holding one. The file stays in this browser session only. "
    "Supplier postcodes are matched against the ONS postcode lookup (NSPL May 2025)."
)
if data.is_public():
    st.info(
        f"Public instance: an upload is kept in this session's memory only (never written to disk, "
        f"gone when you close the tab), up to {data.PUBLIC_UPLOAD_LIMIT_MB} MB. Suppliers who are "
        "individuals or sole traders are shown as “Individual (redacted)”, without a map point."
    )
up = st.file_uploader("Spend file", type=["csv", "txt", "xlsx", "xls", "zip"], key="data_upload")
reg = st.file_uploader(
    "Supplier register (optional: supplier name/id with postcode, fills missing postcodes)",
    type=["csv", "xlsx", "xls", "zip"],
    key="data_register",
)
sheet = st.text_input(
    "Excel sheet (leave blank for the first sheet with a header)", key="data_sheet"
)


def _load(overrides: dict[str, str] | None) -> None:
    try:
        loaded = data.load_upload(
            up.getvalue(),
            up.name,
            sheet.strip() or None,
            overrides,
            (reg.getvalue(), reg.name) if reg is not None else None,
        )
    except SpendGeoError as err:
        st.error(str(err))  # keep whatever dataset was loaded before
        return
    st.session_state["spend_dataset"] = loaded
    st.success(
        f"Loaded {up.name}: {len(loaded['geocoded']):,} rows. The Spend map now uses this file."
    )


if up is not None and st.button("Load this file", type="primary"):
    _load(None)

if st.session_state.get("spend_dataset") and st.button(
    "Go back to the bundled Contracts Finder file"
):
    del st.session_state["spend_dataset"]
    st.rerun()

try:
    ds = data.active_spend()
except SpendGeoError as err:
    st.error(str(err))
    st.stop()

st.subheader(f"Current dataset: {ds['name']}")
for note in ds.get("notes", []):
    st.caption(f"• {note}")

geocoded = ds["geocoded"]
headers = exports.original_columns(geocoded)
mapping = dict(ds.get("mapping") or {})
with st.expander("Column mapping (override if a column was read wrongly)", expanded=False):
    choices = {}
    cols = st.columns(2)
    for i, field in enumerate(FIELDS):
        current = mapping.get(field)
        options = [None, *headers]
        choices[field] = cols[i % 2].selectbox(
            field.replace("_", " "),
            options,
            index=options.index(current) if current in options else 0,
            key=f"map_{field}",
            format_func=lambda h: "— not in file —" if h is None else h,
        )
    if up is not None and st.button("Reload with this mapping"):
        _load({f: h for f, h in choices.items() if h})
    elif up is None:
        st.caption("Upload a file above to change its mapping.")

st.subheader("Postcode match report")
st.dataframe(
    data.match_report(geocoded, data.dataset_token(ds)),
    hide_index=True,
    width="stretch",
    column_config={
        "amount": st.column_config.NumberColumn("£", format="£%.0f"),
        "share_rows": st.column_config.NumberColumn("share of rows", format="percent"),
        "share_amount": st.column_config.NumberColumn("share of £", format="percent"),
    },
)

st.subheader("Download")
filters = st.session_state.get("sm_last_filters") or Filters()
table = data.filtered_table(geocoded, data.dataset_token(ds), filters)
st.caption(
    f"Geocoded table with the Spend map's current filters ({filters.describe()}): {len(table):,} rows."
)
c1, c2, c3 = st.columns(3)
stem = ds["name"].rsplit(".", 1)[0][:60].replace(" ", "_")
c1.download_button("CSV", exports.to_csv(table), f"{stem}_geocoded.csv", "text/csv")
c2.download_button(
    "Excel (.xlsx)",
    exports.to_xlsx(table),
    f"{stem}_geocoded.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
if st.toggle("Prepare a GeoPackage (points)", key="data_gpkg"):
    c3.download_button(
        "GeoPackage",
        exports.to_gpkg(table),
        f"{stem}_geocoded.gpkg",
        "application/geopackage+sqlite3",
    )

st.markdown("**Area tables**")
a1, a2, a3 = st.columns(3)
for col, level in zip((a1, a2, a3), ("lad", "lep", "ca"), strict=True):
    col.download_button(
        f"{data.LEVEL_LABELS[level]} (CSV)",
        exports.to_csv(data.area_table(level)),
        f"area_table_{level}.csv",
        "text/csv",
        key=f"dl_area_{level}",
    )

st.subheader("Sources, vintages and licences")
st.dataframe(data.catalogue_table(), hide_index=True, width="stretch")
