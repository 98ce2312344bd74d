"""Place suppliers: how this file's suppliers were placed (by route and kind of place), what is missing, and the fuzzy-match review."""

from __future__ import annotations

import streamlit as st

from geo.errors import SpendGeoError
from geo.fmt import file_stem, format_gbp, format_share
from geo.present import exports
from geo.present.text import md_escape
from geo.spend import locate_report
from ui import cache, dataset, frame, locate, tables, urlstate

frame.guard()
cache.require_store()
urlstate.write({})
st.title("Place suppliers")

try:
    ds = dataset.active()
except SpendGeoError as err:
    st.error(md_escape(err))
    st.stop()


def _place_again(**place) -> None:
    """Place the dataset's suppliers again; keep the old dataset (and say why) if it fails."""
    try:
        with st.spinner("Placing suppliers…"):
            new = locate.place_again(ds, **place)
    except SpendGeoError as err:
        st.error(md_escape(err))
        return
    dataset.set_active(new)
    st.rerun()


st.caption(
    f"Dataset: {md_escape(ds.name)} ({ds.rows:,} rows). Suppliers are placed by the most trusted "
    "source first: a postcode in the file, your supplier register, a company or charity number, the "
    "exact name, a fuzzy name match you accepted, then a contract award naming the supplier."
)
if not dataset.is_uploaded():
    st.info(
        "This is the bundled Contracts Finder file, whose awards carry supplier postcodes. Load your "
        "council's own spend files on the Data page, then come back here to place their suppliers."
    )
    st.page_link(
        "pages/data.py", label="Load spend files on the Data page", icon=":material/folder_open:"
    )  # a bundled font glyph: an emoji is a box without an emoji font
if not locate.has_locate_columns(ds):
    st.warning("This dataset was loaded before suppliers could be placed here; load it again.")
    st.stop()

routes = locate.routes(ds.geocoded, ds.token)
total = routes[routes["route"] == "total"].iloc[0]
placed = routes[~routes["route"].isin(["unplaced", "total"])]
placed_share = placed["amount"].sum() / total["amount"] if total["amount"] else None
on_map_rows, on_map_share = ds.located_rows, ds.located_share  # the Spend map's Located figures
c1, c2, c3 = st.columns(3)
c1.metric(
    "Spend located",
    format_share(on_map_share),
    help="Share of the file's net £ whose supplier's postcode puts it on the map: the Spend map's "
    "Located figure. The shares of local and deprived-area spend can count only this part.",
)
c2.metric("Rows located", f"{on_map_rows:,} of {int(total['rows']):,}")
c3.metric("Location basis", locate_report.basis_label(ds.location_basis, ds.geocoded))
not_located = locate.not_located(ds.geocoded, ds.token)
if placed_share is not None and on_map_share is not None and not not_located.empty:
    st.caption(
        f"A postcode was found for {format_share(placed_share)} of the £ (the routes below), but "
        f"{format_share(max(placed_share - on_map_share, 0.0))} of the £ has a postcode that puts "
        "nothing on the map: see “Postcodes that give no location” below."
    )
st.caption(md_escape(locate_report.basis_sentence(ds.location_basis, ds.geocoded)))

# --- what could not be done, and how to add it -----------------------------------------------------
gaps = locate_report.enrichment_gaps(
    ds.read_frame if ds.read_frame is not None else ds.geocoded,
    register="register" in ds.located_with,
    companies="companies" in ds.located_with,
    charities="charities" in ds.located_with,
    awards="awards" in ds.located_with,
    app=True,
)
if gaps:
    st.subheader("How to place more of your suppliers")
    # Our own sentences (their `commands` are meant as code); the index path is the app's setting.
    st.markdown("\n".join(f"- {g}" for g in gaps))
for kind in ("companies", "charities"):
    problem = locate.source_problem(kind)
    if problem:
        st.error(md_escape(problem))
if ds.located_with:
    st.caption(
        "Sources used: "
        + "; ".join(
            f"{md_escape(locate.SOURCE_LABELS[k])}: {md_escape(v)}"
            for k, v in ds.located_with.items()
        )
        + "."
    )

if ds.placing_notes:
    st.info("\n".join(f"- {md_escape(n)}" for n in ds.placing_notes))

# --- sources and basis -------------------------------------------------------------------------------
st.subheader("Sources and basis")
with st.form("suppliers.sources"):
    reg = st.file_uploader(
        "Supplier register (CSV or Excel: supplier name or id, postcode; optionally a branch or delivery postcode)",
        type=["csv", "xlsx", "xls"],
        key="suppliers.register",
        max_upload_size=dataset.uploader_limit_mb(),
    )
    basis = st.radio(
        "Locate suppliers at their",
        list(locate_report.BASIS_LABELS),
        index=list(locate_report.BASIS_LABELS).index(ds.location_basis),
        format_func=lambda b: locate_report.BASIS_LABELS[b],
        horizontal=True,
        key="suppliers.basis",
        help="CLES counts a supplier as local if it is 'based or branched' in the area. Registered "
        "offices are where companies are registered, not necessarily where work is done.",
    )
    use_awards = st.checkbox(
        "Use the bundled Contracts Finder awards as a source of supplier name → postcode",
        value="awards" in ds.located_with or not dataset.is_uploaded(),
        key="suppliers.awards",
    )
    if st.form_submit_button("Place suppliers", type="primary"):
        extra = {"register": (reg.getvalue(), reg.name)} if reg is not None else {}
        _place_again(basis=basis, use_awards=use_awards, **extra)
if ds.register is not None and "register" in ds.located_with:
    st.caption(f"Supplier register in use: {md_escape(ds.located_with['register'])}.")

# --- results by route and by kind of place --------------------------------------------------------------
st.subheader("Spend placed by each route")
st.caption(
    "Every placed row records its route (column “Located by” in downloads). Fuzzy name matches "
    "count only once you accept them below."
)
tables.show(locate.route_table(routes))
st.subheader("By kind of place", anchor=False)
tables.show(locate.kind_table(locate.kinds(ds.geocoded, ds.token)))

# --- fuzzy review -----------------------------------------------------------------------------------
review = ds.review
pending = review is not None and len(review) > 0
st.subheader("Review name matches")
if not pending:
    st.caption(
        "No name matches await review (fuzzy matching needs the Companies House index or the charity "
        "register, and suppliers that no other route placed)."
    )
else:
    counts = review["decision"].value_counts()
    st.caption(
        f"{len(review):,} candidate(s): {int(counts.get('pending', 0)):,} pending, "
        f"{int(counts.get('accepted', 0)):,} accepted, {int(counts.get('rejected', 0)):,} rejected. "
        "Tick Accept or Reject, then apply; only accepted matches place rows."
    )
    shown = locate.review_table(review, ds)
    edited = st.data_editor(
        shown,
        hide_index=True,
        width="stretch",
        key=f"suppliers.review.{ds.token[:12]}",
        disabled=[c for c in shown.columns if c not in ("accept", "reject")],
        column_config=locate.review_config(),
    )
    b1, b2, b3 = st.columns([2, 2, 3])
    if b1.button("Apply ticks and place again", type="primary", key="suppliers.apply"):
        _place_again(review=locate.apply_ticks(review, edited))
    at = b3.number_input(
        "Accept every pending match scoring at least",
        min_value=80.0,
        max_value=100.0,
        value=95.0,
        step=1.0,
        key="suppliers.at",
    )
    # A fixed label: a label that changed with the score would make a new button on every change.
    if b2.button("Accept all ≥ this score and place again", key="suppliers.accept_at"):
        _place_again(review=locate.accept_at_or_above(review, at))

# --- placed but not on the map ---------------------------------------------------------------------
if not not_located.empty:
    st.subheader("Postcodes that give no location")
    st.caption(
        "These suppliers have a postcode, but the ONS postcode lookup (NSPL May 2025) gives it no "
        "place, so they count as not located. An overseas address (a zip code, a country name) "
        "stays off the map of England; a UK supplier here has a mistyped, cut-short or retired "
        "postcode: correct it where it came from (“Located by”: the spend file in your finance "
        "system, or your supplier register), then load or place again. Largest £ first."
    )
    # Public mode shows no postcode here: a sole trader's postcode is a home address.
    tables.show(not_located, drop=("postcode",) if ds.public else ())

# --- unplaced ------------------------------------------------------------------------------------------
unplaced = locate.unplaced(ds.geocoded, ds.token)
st.subheader("Largest suppliers not placed")
if unplaced.empty:
    st.caption("Every supplier is placed.")
else:
    miss = routes[routes["route"] == "unplaced"].iloc[0]
    st.caption(
        f"{int(miss['rows']):,} rows ({format_gbp(miss['amount'])}) have no place yet. Add these "
        "suppliers to your register with a postcode: the template below lists every supplier not "
        "located (with its id, largest £ first; not the file's own redacted rows, which no "
        "postcode can place)."
    )
    tables.show(unplaced.head(25))
    st.download_button(
        "Supplier register template (CSV)",
        # Every supplier not located, with its id (the table above shows the largest 25).
        lambda: exports.register_template(ds.unplaced),
        f"{file_stem(ds.name)}_supplier_register.csv",
        "text/csv",
        key="suppliers.dl.template",
        on_click="ignore",
    )
