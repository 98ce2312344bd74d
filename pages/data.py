"""Data: load spend file(s) (and a supplier register), check the column mapping and match report, download results."""

from __future__ import annotations

import streamlit as st

from geo.errors import SpendGeoError
from geo.present import exports
from geo.spend.columns import FIELDS
from ui import cache, dataset, frame, tables, urlstate
from ui.views import SpendMapView

frame.guard()
cache.require_store()
urlstate.write({})
st.title("Data")

st.subheader("Load your own spend files")
st.caption(
    "CSV, Excel (.xlsx/.xls) or ZIP. Several files with the same columns (say, twelve monthly files) "
    "are read as one dataset. Files stay in this browser session only. Supplier postcodes are matched "
    "against the ONS postcode lookup (NSPL May 2025)."
)
if dataset.is_public():
    st.info(
        f"Public instance: an upload is kept in this session's memory only (never written to disk, "
        f"gone when you close the tab), up to {dataset.PUBLIC_UPLOAD_LIMIT_MB} MB. Suppliers who are "
        "individuals or sole traders are shown as “Individual (redacted)”, without a map point."
    )
uploads = (
    st.file_uploader(
        "Spend files",
        type=["csv", "txt", "xlsx", "xls", "zip"],
        key="data.upload",
        accept_multiple_files=True,
    )
    or []
)
reg = st.file_uploader(
    "Supplier register (optional: supplier name or id, or company number, with postcode; fills missing postcodes)",
    type=["csv", "xlsx", "xls", "zip"],
    key="data.register",
)
sheet = st.text_input(
    "Excel sheet (leave blank for the first sheet with a header)", key="data.sheet"
)
files = [(u.getvalue(), u.name) for u in uploads]


def _load(overrides: dict[str, str] | None) -> None:
    try:
        loaded = dataset.load_upload(
            files,
            sheet.strip() or None,
            overrides,
            (reg.getvalue(), reg.name) if reg is not None else None,
        )
    except SpendGeoError as err:
        st.error(str(err))  # keep whatever dataset was loaded before
        return
    dataset.set_active(loaded)
    st.success(f"Loaded {loaded.name}: {loaded.rows:,} rows. The Spend map now uses this dataset.")


if files and st.button("Load", type="primary", key="data.load"):
    _load(None)
if dataset.is_uploaded() and st.button(
    "Go back to the bundled Contracts Finder file", key="data.reset"
):
    dataset.clear()
    st.rerun()

try:
    ds = dataset.active()
except SpendGeoError as err:
    st.error(str(err))
    st.stop()

# The mapping panel lists the columns of the file being loaded (even one that was not recognised),
# and the current dataset's only when nothing is uploaded.
if files and ds.name != files[0][1]:
    # Not (yet) loaded, e.g. its columns were not recognised: read the upload's own header row.
    headers = cache.upload_headers(files[0][0], files[0][1], sheet.strip() or None)
    mapping, source = {}, files[0][1]
else:
    headers, mapping, source = exports.original_columns(ds.geocoded), dict(ds.mapping), ds.name
with st.expander(
    f"Column mapping for {source} (choose a column by hand if one was read wrongly)", expanded=False
):
    choices = {}
    cols = st.columns(2)
    for i, field in enumerate(FIELDS):
        options = [None, *headers]
        current = mapping.get(field)
        choices[field] = cols[i % 2].selectbox(
            field.replace("_", " ").capitalize(),
            options,
            index=options.index(current) if current in options else 0,
            key=f"data.map.{source}.{field}",
            format_func=lambda h: "— not in file —" if h is None else h,
        )
    if files and st.button("Load with this mapping", key="data.load_mapped"):
        _load({f: h for f, h in choices.items() if h})
    elif not files:
        st.caption("Upload a file above to choose its columns.")

st.subheader(f"Current dataset: {ds.name}")
for note in ds.notes:
    st.caption(f"• {note}")

st.subheader("Postcode match report")
report = cache.match_report(ds.geocoded, ds.token)
tables.show(report)
unlocated = cache.unlocated_suppliers(ds.geocoded, ds.token)
if len(unlocated):
    st.markdown(f"**Suppliers not placed on the map** ({len(unlocated):,}, largest £ first)")
    st.caption(
        "Give these suppliers a postcode in a supplier register (name or id with postcode) and load it "
        "with the spend file to place them."
    )
    tables.show(unlocated.head(200))
    st.download_button(
        "Unplaced suppliers (CSV)",
        lambda: exports.to_csv(unlocated),
        f"{ds.name.rsplit('.', 1)[0][:60]}_unplaced_suppliers.csv",
        "text/csv",
        key="data.dl.unlocated",
    )

st.subheader("Download")
filters = urlstate.last_view(SpendMapView).filters
table = cache.filtered_table(ds.geocoded, ds.token, filters)
st.caption(
    f"Geocoded table with the Spend map's current filters ({filters.describe()}): {len(table):,} rows."
)
# Files are built only when their button is clicked (st.download_button runs a callable then), so a
# rerun on a 210k-row dataset costs nothing here.
stem = ds.name.rsplit(".", 1)[0][:60].replace(" ", "_")
c1, c2, c3 = st.columns(3)
c1.download_button(
    "CSV", lambda: exports.to_csv(table), f"{stem}_geocoded.csv", "text/csv", key="data.dl.csv"
)
c2.download_button(
    "Excel (.xlsx)",
    lambda: exports.to_xlsx(table),
    f"{stem}_geocoded.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="data.dl.xlsx",
)
c3.download_button(
    "GeoPackage (points)",
    lambda: exports.to_gpkg(table),
    f"{stem}_geocoded.gpkg",
    "application/geopackage+sqlite3",
    key="data.dl.gpkg",
)
# Hook (report button): a committee report of the current view goes here (uses ds and the Spend map view).

st.markdown("**Area tables**")
for col, level in zip(st.columns(3), ("lad", "lep", "ca"), strict=True):
    col.download_button(
        f"{cache.level_label(level)} (CSV)",
        lambda level=level: exports.to_csv(cache.area_table(level)),
        f"area_table_{level}.csv",
        "text/csv",
        key=f"data.dl.area.{level}",
    )

st.subheader("Sources, vintages and licences")
tables.show(cache.catalogue_table())
