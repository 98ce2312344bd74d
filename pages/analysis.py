"""Compare & leakage: where non-local £ goes, two areas or years side by side, an LM3 estimate, buyers benchmarked."""

from __future__ import annotations

import streamlit as st

from geo.analysis.buyers import own_localities
from geo.analysis.leakage import retained_frame
from geo.analysis.multiplier import DEFAULT_RESPEND, Assumption, estimate_lm3, lm3_frame
from geo.errors import SpendGeoError
from geo.fmt import NA, file_stem, format_gbp, format_share, format_value
from geo.present import charts, columns, exports, flows, image_flows, sections
from geo.present.mapspec import ENGLAND_VIEW
from geo.present.report import MIME
from geo.present.text import md_escape
from ui import (
    analysis_controls,
    cache,
    cache_analysis,
    coverage,
    dataset,
    frame,
    maps,
    present,
    urlstate,
    viewport,
)
from ui.legend import show_legends

frame.guard()
cache.require_store()
try:
    ds = dataset.active()
except SpendGeoError as err:
    st.error(md_escape(str(err)))
    st.stop()
geocoded, token = ds.geocoded, ds.token
imd = present.vintage()  # the app-wide IMD vintage
sf = cache.spend_frame(geocoded, token, imd)
names = cache_analysis.analysis_names()

with present.controls():  # the sidebar, or presentation mode's Filters popover
    view = analysis_controls.sidebar(
        analysis_controls.initial_view(),
        [str(b) for b in sf.buyers],
        [str(d) for d in sf.departments],
        cache.date_bounds(geocoded, token),
        cache_analysis.financial_years(geocoded, token, imd),
    )

st.title("Compare & leakage")
st.caption(
    f"Dataset: {md_escape(ds.name)} — {ds.rows:,} rows. Selection: "
    f"{md_escape(view.filters.describe())}. {sections.vintages_note(view.imd)}"
)
loc, den = view.locality, view.denominator
# The unplaced share, said once above every figure below (the summary is the Spend map's, cached).
coverage.show(cache.filtered(geocoded, token, view.filters, loc, den, view.imd)[1])
den_words = "all spend" if den == "all" else "located spend only"
stem = file_stem(ds.name, 50)


def download(label: str, frame_, name: str, key: str) -> None:
    """A CSV of one table with human column names (built only when clicked)."""
    st.download_button(
        f"Download: {label} (CSV)",
        lambda: exports.to_csv(columns.for_csv(frame_, imd=view.imd)),
        f"{stem}_{name}.csv",
        "text/csv",
        key=f"an.dl.{key}",
        on_click="ignore",
    )


def table(frame_, height: int | None = None) -> None:
    analysis_controls.show_table(frame_, height, imd=view.imd)


# --- 1. leakage -------------------------------------------------------------------------------------
st.header("Where the non-local £ goes", anchor="leakage")
located = ds.located_rows > 0
if located and view.locality is not None:  # the flow map's own control, beside it
    view = view.with_(flow_level=analysis_controls.flow_level(view))
page_params = urlstate.commit(view)

leak = None
if not located:
    st.warning(
        f"No supplier in {md_escape(ds.name)} could be placed on the map, so where its money goes "
        "is unknown: leakage, local and deprived-area shares and the LM3 estimate need located "
        "suppliers. Load a supplier register (supplier name or id with postcode, or Companies "
        "House numbers) beside the file on the Data page."
    )
if loc is None:
    st.info(
        f"Choose what counts as local in {present.where_controls()} (a LAD, LEP, Combined Authority or a set of "
        "LADs): leakage, the local share and the LM3 estimate are measured against that boundary."
    )
elif located:
    leak = cache_analysis.leakage(geocoded, token, view.filters, loc, den, view.imd)
    st.caption(f"{leak.basis} Denominator: {den_words}.")
    c1, c2, c3 = st.columns(3)
    c1.metric(f"Retained (local), share of {den_words}", format_share(leak.retained_share))
    c1.caption(f"{format_gbp(leak.retained_gbp)} with {loc.name} suppliers")
    c2.metric(f"Leaked (located elsewhere), share of {den_words}", format_share(leak.leaked_share))
    c2.caption(f"{format_gbp(leak.leaked_gbp)} with suppliers outside {loc.name}")
    c3.metric("Not located (destination unknown)", format_gbp(leak.unlocated_gbp))
    c3.caption(
        f"of {format_gbp(leak.total_gbp)} in the selection: counted in the total, in no destination"
    )
    st.vega_lite_chart(retained_frame(leak), charts.retained_leaked_chart(), width="stretch", height=90)  # fmt: skip
    parts = sections.leakage_parts(leak)
    table(parts)
    download("retained vs leaked", parts, "leakage_parts", "parts")

    map_columns = (3, 2)  # the flow map's and its table's (viewport.fit sizes the first)
    col_map, col_table = st.columns(map_columns)
    level = view.flow_level
    with col_map:
        origin = cache_analysis.locality_centre(loc, view.imd)
        if origin is None:
            st.info("The local boundary has no area on the map, so no flow map can be drawn.")
        else:
            layers, legend = flows.flow_map(
                leak, level, cache_analysis.flow_centroids(view.imd), origin, names
            )
            if loc.kind in ("lad", "lep", "ca", "utla24"):
                found = cache.focus(loc.kind, loc.codes[0])
                if found:
                    layers.insert(0, found[0])
            maps.show_map(
                cache.deck(
                    [cache.outline_layer("lad"), *layers], viewport.fit(ENGLAND_VIEW, map_columns)
                ),
                key="an.flowmap",
                alt=f"Flow map: arcs from {loc.name} to where its non-local spend goes, width by £",
                selectable=False,
            )
            show_legends(legend, row=True)
            # The flow map for a paper or a slide (PNG, SVG, PDF), rendered on the server.
            maps.image_buttons(
                dataset_name=f"leakage_{level}_{stem}",
                key="an.flow",
                image=lambda fmt: image_flows.render_flow_map(
                    leak, level, cache_analysis.flow_centroids(view.imd), origin,
                    cache_analysis.flow_lads(view.imd), names,
                    vintages=cache_analysis.image_vintages(view.imd), fmt=fmt,
                ),
            )  # fmt: skip
    dest = sections.leakage_destinations(leak, level, names)
    with col_table:
        st.markdown(
            f"**Top destinations of the leaked £ ({analysis_controls.FLOW_LABELS[level]})**"
        )
        st.vega_lite_chart(dest, charts.leakage_chart(12), width="stretch", height=380)
    st.markdown(
        f"**All destinations, ranked by £ leaked ({analysis_controls.FLOW_LABELS[level]})**"
    )
    table(dest, height=320)
    download(f"leaked £ by {analysis_controls.FLOW_LABELS[level]}", dest, f"leakage_by_{level}", "dest")  # fmt: skip

# --- 2. compare side by side ----------------------------------------------------------------------
st.header("Side by side", anchor="compare")
comparison = None
if view.mode == "areas":
    if view.area_a and view.area_b:
        comparison = cache_analysis.compare_areas(geocoded, token, view.filters, view.area_a, view.area_b, den, view.imd)  # fmt: skip
    else:
        st.info(f"Choose area A and area B in {present.where_controls()} (for example a council and its Combined Authority).")  # fmt: skip
elif view.period_a and view.period_b:
    if loc is None:
        st.caption(
            "No locality chosen: local figures show n/a; deprived-area figures are compared."
        )
    comparison = cache_analysis.compare_periods(geocoded, token, view.filters, view.period_a, view.period_b, loc, den, view.imd)  # fmt: skip
else:
    st.info(f"Choose financial year A and B in {present.where_controls()}.")
if comparison is not None:
    st.caption(comparison.basis)
    cards = sections.compare_cards(comparison, located)
    sides = sections.compare_sides(comparison)
    heads = (f"A: {comparison.label_a}", f"B: {comparison.label_b}", "Difference (B − A)")
    notes = (*sides, "Shares in percentage points (pp)")
    for col, head, note, pick in zip(st.columns(3), heads, notes, (1, 2, 3), strict=True):
        with col:
            st.subheader(head)
            st.caption(note)
            for card in cards:
                st.metric(card[0], card[pick])
    st.vega_lite_chart(
        sections.compare_chart_rows(comparison), charts.side_by_side_chart(), width="stretch"
    )
    ctable = sections.compare_table(comparison)
    st.dataframe(ctable.iloc[:, :4], hide_index=True, width="stretch", placeholder=NA)
    download("side by side", ctable, f"compare_{comparison.kind}", "compare")

# --- 3. LM3 estimate ------------------------------------------------------------------------------
st.header("LM3 local multiplier — an estimate, not a measured figure", anchor="lm3")
estimate = None
if loc is None:
    st.info(
        f"The LM3 estimate needs a locality: choose what counts as local in {present.where_controls()}."
    )
elif not located:
    st.info("No LM3 estimate: round 2 (spend with local suppliers) needs located suppliers.")
else:
    _, summary, _ = cache.filtered(geocoded, token, view.filters, loc, den, view.imd)
    respend = Assumption(DEFAULT_RESPEND.name, view.respend, DEFAULT_RESPEND.source if view.respend == DEFAULT_RESPEND.value else f"set by the user (default {100 * DEFAULT_RESPEND.value:.1f}%: {DEFAULT_RESPEND.source})")  # fmt: skip
    estimate = estimate_lm3(summary, respend)
    st.warning(estimate.label + ".", icon=":material/info:")
    l1, l2 = st.columns([1, 2])
    l1.metric("LM3 (estimate)", format_value(estimate.lm3, "ratio"), help="(round 1 + round 2 + round 3) / round 1")  # fmt: skip
    with l2:
        st.vega_lite_chart(lm3_frame(estimate), charts.lm3_chart(), width="stretch", height=300)
    lt = sections.lm3_table(estimate)
    table(lt)
    st.subheader("Assumptions, with their sources", anchor=False)
    st.markdown(
        "\n".join(
            f"- **{r.assumption}**: {r.value} — {r.source}"
            for r in sections.lm3_assumptions(estimate).itertuples()
        )
    )
    download("LM3 estimate", lt, "lm3_estimate", "lm3")

# --- 4. benchmark ---------------------------------------------------------------------------------
st.header("Benchmark: buyers side by side", anchor="benchmark")
bench = None
if not located:
    st.info("No benchmark: each buyer's local and deprived-area shares need located suppliers.")
else:
    bench_loc = loc
    if view.bench_own:
        st.caption(
            "Each buyer's local share uses its own authority: a buyer is matched to a local "
            "authority district (or a Combined Authority that names itself one) only when its "
            "name, without council words, is that authority's name. Unmatched buyers have no local "
            "share (shown as missing, not 0): choose their authority in the table if they are councils."
        )
        lad_names, ca_names, county_names = cache_analysis.authority_names(view.imd)
        with st.expander("Buyers and their own authority (check and change)", expanded=False):
            matches = analysis_controls.own_authorities(cache_analysis.buyer_matches(geocoded, token, view.imd), lad_names, ca_names, county_names, token)  # fmt: skip
        bench_loc = own_localities(matches)
        st.caption(f"{len(bench_loc):,} of {len(matches):,} buyers have an own authority. Shares are of {den_words}.")  # fmt: skip
    bench = cache_analysis.benchmark(geocoded, token, view.filters, bench_loc, den, view.imd)
    if not view.bench_own:
        st.caption(
            f"Each buyer's local share uses one shared locality: {loc.description}. Shares are "
            f"of {den_words}. To use each buyer's own authority instead, change 'Benchmark' in "
            "the sidebar."
            if loc
            else "No locality chosen: local shares are left out; deprived-area shares are shown. "
            f"Or choose 'the buyer's own authority' under Benchmark in {present.where_controls()}."
        )
    with st.expander("How the two averages are computed"):
        st.markdown(
            "\n".join(
                f"- {line}" for line in sections.benchmark_note(bench).rstrip(".").split("; ")
            )
        )
    bt = sections.benchmark_table(bench)
    st.vega_lite_chart(
        sections.benchmark_chart_frame(bench, 12), charts.benchmark_chart(), width="stretch"
    )
    st.caption(f"Chart: the 12 largest buyers by £ and both averages; the table has all {len(bench.table):,}.")  # fmt: skip
    table(bt)
    download("benchmark", bt, "benchmark", "bench")

# --- 5. report ------------------------------------------------------------------------------------
st.header("Committee report", anchor="report")
st.caption(
    "The Spend map's report (headline figures, maps, method, sources) with the flow map and "
    "every table above added. Built when you click: the maps take a few seconds to draw."
)
extra = sections.analysis_sections(leak, comparison, estimate, bench, names)


def report(fmt: str) -> bytes:
    from geo.present.report_maps import report_for_view

    mask, summary, _ = cache.filtered(geocoded, token, view.filters, loc, den, view.imd)
    centre = cache_analysis.locality_centre(loc, view.imd) if leak is not None else None
    flow_maps = (
        [image_flows.flow_map_image(
            leak, view.flow_level, cache_analysis.flow_centroids(view.imd), centre,
            cache_analysis.flow_lads(view.imd), names, cache_analysis.image_vintages(view.imd),
        )]
        if centre is not None
        else []
    )  # fmt: skip
    return report_for_view(
        summary, geocoded, cache.as_array(mask), view.filters, loc, fmt=fmt,
        public=dataset.is_public(), source_name=ds.name, extra_sections=extra,
        extra_maps=flow_maps, imd=view.imd,
    )  # fmt: skip


r1, r2 = st.columns(2)
r1.download_button("Report (HTML, prints to PDF)", lambda: report("html"), f"{stem}_analysis_report.html", MIME["html"], key="an.dl.report_html", on_click="ignore")  # fmt: skip
r2.download_button("Report (Word .docx)", lambda: report("docx"), f"{stem}_analysis_report.docx", MIME["docx"], key="an.dl.report_docx", on_click="ignore")  # fmt: skip

urlstate.copy_link_control(page_params)
