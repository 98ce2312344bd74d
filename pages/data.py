"""Data: load spend file(s) (and a supplier register), check columns, flags and the match report, download results."""

from __future__ import annotations

from datetime import date

import streamlit as st

from geo import levels
from geo.errors import SpendGeoError
from geo.fmt import file_stem, format_share
from geo.present import exports
from geo.present.exportabout import ExportAbout
from geo.present.text import md_escape
from geo.spend import pipeline
from geo.spend.columns import FIELDS
from geo.spend.flags import FLAG_TEXT
from geo.spend.privacy import REDACTED_LABEL
from ui import cache, dataset, frame, present, tables, urlstate
from ui.views import SpendMapView

frame.guard()
cache.require_store()
urlstate.write({})
st.title("Data")

st.subheader("Load your own spend files")
st.caption(
    "CSV, Excel (.xlsx/.xls) or ZIP. Several files with the same columns (say, twelve monthly files, "
    "or a ZIP of them) are read as one dataset. Files stay in this browser session only. Supplier "
    "postcodes are matched against the ONS postcode lookup (NSPL May 2025)."
)
if dataset.is_public():
    st.info(
        f"Public instance: an upload is kept in this session's memory only (never written to disk, "
        f"gone when you close the tab), up to {dataset.PUBLIC_UPLOAD_LIMIT_MB} MB unpacked. A supplier "
        f"is named only with evidence that it is an organisation; any other is shown as "
        f"“{REDACTED_LABEL}”, without a map point, and free-text columns are not kept."
    )
uploads = (
    st.file_uploader(
        "Spend files",
        type=["csv", "txt", "xlsx", "xls", "zip"],
        key="data.upload",
        accept_multiple_files=True,
        max_upload_size=dataset.uploader_limit_mb(),
    )
    or []
)
reg = st.file_uploader(
    "Supplier register (optional: supplier name or id, or company number, with postcode; fills missing postcodes)",
    type=["csv", "xlsx", "xls", "zip"],
    key="data.register",
    max_upload_size=dataset.uploader_limit_mb(),
)
sheet = st.text_input(
    "Excel sheet (leave blank for the first sheet with a header)", key="data.sheet"
)
files = [(u.getvalue(), u.name) for u in uploads]
names = tuple(name for _, name in files)


def _load(overrides: dict[str, str] | None) -> None:
    try:
        with st.spinner(f"Reading and locating {len(files)} file(s)…"):
            loaded = dataset.load_upload(
                files,
                sheet.strip() or None,
                overrides,
                (reg.getvalue(), reg.name) if reg is not None else None,
            )
    except SpendGeoError as err:
        st.error(md_escape(str(err)))  # one sentence; whatever was loaded before stays
        return
    dataset.set_active(loaded, names)
    st.success(
        f"Loaded {md_escape(loaded.name)}: {loaded.rows:,} rows. The Spend map now uses this dataset."
    )


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
    st.error(md_escape(str(err)))
    st.stop()

# The mapping panel lists the columns of the file being loaded (even one that was not recognised),
# and the current dataset's only when nothing new is uploaded.
if files and names != dataset.loaded_from():
    headers = cache.upload_headers(files[0][0], files[0][1], sheet.strip() or None)
    mapping, source = {}, files[0][1]
else:
    headers, mapping, source = exports.original_columns(ds.geocoded), dict(ds.mapping), ds.name
with st.expander(
    f"Column mapping for {md_escape(source)} (choose a column by hand if one was read wrongly)",
    expanded=False,
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
            format_func=lambda h: "— not in file —" if h is None else str(h),
        )
    if files and st.button("Load with this mapping", key="data.load_mapped"):
        _load({f: h for f, h in choices.items() if h})
    elif not files:
        st.caption("Upload a file above to choose its columns.")

if dataset.is_uploaded():
    # Titles, reports and every file name use the dataset's name: an officer names it for the
    # committee paper (the name made from the files is the default).
    typed = st.text_input(
        "Name of this dataset (titles, reports and file names use it)",
        value=ds.name,
        max_chars=pipeline.NAME_MAX,
        key=f"data.name.{ds.token}",
    )
    if typed.strip() and typed.strip() != ds.name:
        ds = pipeline.renamed(ds, typed)
        dataset.set_active(ds, dataset.loaded_from())
st.subheader(f"Current dataset: {md_escape(ds.name)}", anchor=False)
st.markdown(
    f"**{ds.rows:,} rows** from {len(ds.files):,} file(s), totalling "
    f"**£{float(ds.files['amount'].sum()):,.2f}** (net)."
)
tables.show(ds.files)
with st.expander(f"What was read and assumed ({len(ds.notes)} notes)", expanded=len(ds.notes) <= 6):
    for note in ds.notes:
        st.caption(f"• {md_escape(note)}")

st.subheader("Data-quality flags")
if ds.flags.empty:
    st.caption(
        "No row was flagged. Checked: "
        + "; ".join(f"{md_escape(text)}" for code, text in FLAG_TEXT.items())
        + "."
    )
else:
    st.caption(
        "Flagged rows are kept and counted; nothing is dropped. A row may carry several flags. The "
        "Spend map leaves them out of every figure when its link carries noflag=1 (the Exclude "
        "flagged rows filter)."
    )
    tables.show(ds.flags)

st.subheader("Postcode match report")
share = ds.located_share
c1, c2, c3 = st.columns(3)
c1.metric(
    "Share of £ located",
    "n/a — no spend"
    if share is None
    else ("0% — no supplier located" if share == 0 else format_share(share)),
)
c2.metric("Suppliers not placed", f"{len(ds.unplaced):,}")
c3.metric("Postcodes repaired", f"{ds.repaired_rows:,} rows")
if ds.repaired_rows:
    st.caption(
        "Repaired: letter O typed for zero (or the reverse) and I for one, where exactly one known "
        "postcode results; those rows carry the flag postcode_repaired."
    )
tables.show(ds.match)
if len(ds.unplaced):
    st.markdown(f"**Suppliers not placed on the map** ({len(ds.unplaced):,}, largest £ first)")
    st.caption(
        "Give these suppliers a postcode in a supplier register (name or id with postcode) and load "
        "it with the spend file to place them. The template below lists them, largest £ first: fill "
        "in the Postcode column."
    )
    tables.show(ds.unplaced.head(500), height=320)
    stem = file_stem(ds.name)
    u1, u2 = st.columns(2)
    u1.download_button(
        f"Unplaced suppliers (CSV, {len(ds.unplaced):,})",
        lambda: exports.to_csv(tables.as_download(ds.unplaced)),
        f"{stem}_unplaced_suppliers.csv",
        "text/csv",
        key="data.dl.unplaced",
        on_click="ignore",
    )
    u2.download_button(
        "Supplier register template (CSV)",
        lambda: exports.register_template(ds.unplaced),
        f"{stem}_supplier_register.csv",
        "text/csv",
        key="data.dl.register",
        on_click="ignore",
    )

if not ds.public:
    with st.expander(
        f"What public mode would hide ({len(ds.redactions):,} supplier names, by rule)",
        expanded=False,
    ):
        st.caption(
            "On a public instance a supplier is named only with positive evidence that it is an "
            f"organisation; these would show as “{REDACTED_LABEL}”, without a postcode or map "
            "point (their £ still counts by area and decile). Check before publishing."
        )
        tables.show(ds.redactions, height=320)

st.subheader("Download")
filters = urlstate.last_view(SpendMapView).filters
table = cache.filtered_table(ds.geocoded, ds.token, filters)
about = ExportAbout.of(table, ds.name, filters.describe(), date.today())
st.caption(
    f"Located table with the Spend map's current filters ({md_escape(filters.describe())}): "
    f"{len(table):,} rows, with area names beside their codes. Each file is built when you click. "
    + (
        "The file names end in “_filtered”, and each file says the selection (Excel: its About "
        "sheet; GeoPackage: its layer description)."
        if about.filtered
        else "Excel files say what they hold on an About sheet, GeoPackages in their description."
    )
)
stem = about.file_stem(file_stem(ds.name))
names_by_code = dataset.export_names()
d1, d2, d3 = st.columns(3)
d1.download_button(
    "CSV",
    lambda: exports.to_csv(table, names=names_by_code),
    f"{stem}_located.csv",
    "text/csv",
    key="data.dl.csv",
    on_click="ignore",
)
too_big = exports.xlsx_problem(table)
if too_big:
    d2.caption(md_escape(too_big))
else:
    d2.download_button(
        "Excel (.xlsx)",
        lambda: exports.to_xlsx(table, names=names_by_code, about=about.items()),
        f"{stem}_located.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="data.dl.xlsx",
        on_click="ignore",
    )
d3.download_button(
    f"GeoPackage (points: {about.placed_rows:,} placed rows)",
    lambda: exports.to_gpkg(table, names=names_by_code, placed_only=True, description=about.text()),
    f"{stem}_located.gpkg",
    "application/geopackage+sqlite3",
    key="data.dl.gpkg",
    on_click="ignore",
    disabled=about.placed_rows == 0,
    help="Only the rows placed on the map, as points (EPSG:4326); every row is in the CSV and "
    "Excel files.",
)
# Hook (report button): a committee report of the current view goes here (uses ds and the Spend map view).

imd = present.vintage()  # the sidebar's index: its areas (LAD 2024 / CA 2025 under IMD 2025)
st.markdown(f"**Area tables** ({levels.imd(imd).label} decile statistics)")
for col, level in zip(st.columns(3), ("lad", "lep", "ca"), strict=True):
    col.download_button(
        f"{cache.level_label(level, imd)} (CSV)",
        lambda level=level: exports.to_csv(tables.as_download(cache.area_table(level, imd), imd)),
        cache.area_table_name(level, imd),
        "text/csv",
        key=f"data.dl.area.{level}",
        on_click="ignore",
    )

st.subheader("Sources, vintages and licences")
tables.show(cache.catalogue_table())
