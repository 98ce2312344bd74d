"""Compare & leakage controls: widgets built from an AnalysisView (keys from the view, values from its fields)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
import streamlit as st

from geo import levels
from geo.analysis.filters import Locality
from geo.analysis.multiplier import DEFAULT_RESPEND
from geo.fmt import NA
from geo.present.text import md_escape
from ui import cache
from ui.controls import _index, area, denominator_choice, local_picker, row_widgets
from ui.views import row_filters_from
from ui.views_analysis import COMPARE_KINDS, COMPARE_MODES, FLOW_LEVELS, AnalysisView

K = AnalysisView.key
KIND_LABELS = {
    "lad": "LAD", "lep": "LEP", "ca": "Combined Authority", "utla24": "Upper-tier authority",
}  # fmt: skip
BENCH_LABELS = {
    "common": "the one boundary chosen above",
    "own": "the buyer's own authority (matched by name)",
}
NO_AREA = "— none —"
FLOW_LABELS = {"lad": "District (LAD)", "ca": "Combined Authority", "region": "Region"}


def _labelled(loc: Locality | None, names: dict[str, str]) -> Locality | None:
    """The locality with its area name as label (links carry codes only)."""
    if loc is None or loc.label:
        return loc
    label = ", ".join(names.get(c, c) for c in loc.codes[:3]) + ("…" if len(loc.codes) > 3 else "")
    return Locality(loc.kind, loc.codes, label)


def _filters(view: AnalysisView, buyers, departments, bounds):
    """The Spend map's row filters (dates, buyers, departments, supplier name, amount); filters a
    link carries that have no widget here (supplier areas, deciles, statuses) are kept as they are."""
    rows = row_widgets(view, buyers, departments, bounds)
    return row_filters_from(
        view,
        dates=rows.dates,
        date_bounds=bounds,
        buyers=rows.buyers,
        departments=view.filters.departments if rows.departments is None else rows.departments,
        query=rows.query,
        band=rows.band,
    )


def _locality(view: AnalysisView) -> tuple[str, Locality | None]:
    kind, codes, names = local_picker(view)
    try:
        loc = Locality(kind, tuple(codes)) if codes else None  # type: ignore[arg-type]
    except ValueError:
        loc = None
    return kind, _labelled(loc, names)


def _side(view: AnalysisView, which: str, current: Locality | None) -> Locality | None:
    kind = st.radio(
        f"{which.upper()}: area type",
        COMPARE_KINDS,
        index=_index(COMPARE_KINDS, current.kind if current else "ca"),
        key=K(f"area_{which}", "kind"),
        format_func=KIND_LABELS.get,
        horizontal=True,
    )
    shown = levels.for_imd(kind, view.imd).key  # CA 2025 under IMD 2025, as the comparison reads
    code = area(
        K(f"area_{which}", shown),
        shown,
        current.codes[0] if current and current.kind == kind else None,
        f"{which.upper()}: area",
        blank="— choose an area —",
    )
    return _labelled(Locality(kind, (code,)), cache.area_names(shown)) if code else None  # type: ignore[arg-type]


def sidebar(
    view: AnalysisView,
    buyers: Sequence[str],
    departments: Sequence[str],
    bounds: tuple[date | None, date | None],
    years: Sequence[str],
) -> AnalysisView:
    """Draw the page's sidebar from `view`; returns the view the widgets now describe."""
    st.header("Filters")
    filters = _filters(view, list(buyers), list(departments), bounds)
    st.header("What counts as local")
    kind, locality = _locality(view)
    denominator = denominator_choice(view)
    st.header("Compare side by side")
    mode = st.radio(
        "Compare",
        COMPARE_MODES,
        index=_index(COMPARE_MODES, view.mode),
        key=K("mode"),
        horizontal=True,
        format_func={"areas": "two areas", "periods": "two financial years"}.get,
    )
    area_a, area_b, period_a, period_b = view.area_a, view.area_b, view.period_a, view.period_b
    if mode == "areas":
        st.caption("The same spend, with 'local' meaning area A, then area B.")
        area_a = _side(view, "a", view.area_a)
        area_b = _side(view, "b", view.area_b)
    elif years:
        st.caption(
            "The same filters and 'local', restricted to each UK financial year (April–March)."
        )
        opts = ["", *years]
        fy = lambda y: y or "— choose a year —"  # noqa: E731
        period_a = st.selectbox("A: financial year", opts, index=_index(opts, view.period_a or ""), key=K("period_a"), format_func=fy) or None  # fmt: skip
        period_b = st.selectbox("B: financial year", opts, index=_index(opts, view.period_b or ""), key=K("period_b"), format_func=fy) or None  # fmt: skip
    else:
        st.caption("This file has no dated rows, so there are no periods to compare.")
    st.header("Benchmark")
    bench = st.radio(
        "Each buyer's local share uses",
        ("common", "own"),
        index=1 if view.bench_own else 0,
        key=K("bench_own"),
        format_func=BENCH_LABELS.get,
    )
    st.header("LM3 assumption")
    pct = st.number_input(
        "Round 3: % of round-2 £ re-spent locally",
        min_value=0.0,
        max_value=100.0,
        value=round(100 * view.respend, 2),
        step=0.5,
        format="%.1f",
        key=K("respend"),
        help=f"Default {100 * DEFAULT_RESPEND.value:.1f}%: {DEFAULT_RESPEND.source}.",
    )
    st.caption(f"Default {100 * DEFAULT_RESPEND.value:.1f}% — {DEFAULT_RESPEND.source}.")
    return view.with_(
        filters=filters,
        local_kind=kind,
        locality=locality,
        denominator=denominator,
        mode=mode,
        area_a=area_a,
        area_b=area_b,
        period_a=period_a,
        period_b=period_b,
        respend=round(float(pct) / 100, 4),
        bench_own=bench == "own",
    )


def flow_level(view: AnalysisView) -> str:
    return st.radio(
        "Destinations by",
        FLOW_LEVELS,
        index=_index(FLOW_LEVELS, view.flow_level),
        key=K("flow_level"),
        horizontal=True,
        format_func=FLOW_LABELS.get,
    )


def show_table(
    frame: pd.DataFrame, height: int | None = None, imd: str | int | None = None
) -> None:
    """An analysis table with human headings of the page's IMD vintage `imd` (geo.present.columns),
    £ with separators, shares as % under a heading short enough that the last column is not cut
    (the full heading is the tooltip)."""
    from geo.present import columns

    cc = st.column_config
    shown = frame.copy()
    config: dict = {}
    for col in frame.columns:
        label = columns.label(str(col), imd)
        if col == "gbp" or str(col).endswith("_gbp"):
            config[col] = cc.NumberColumn(label, format="£%,.0f")
        elif str(col).startswith("share_"):
            shown[col] = pd.to_numeric(shown[col], errors="coerce") * 100
            config[col] = cc.NumberColumn(
                columns.short_label(str(col), imd), format="%.1f%%", help=label
            )
        elif col in ("rows", "rank"):
            config[col] = cc.NumberColumn(label, format="%,d" if col == "rows" else "%d")
        else:
            config[col] = cc.Column(label)
    kwargs = {"height": height} if height else {}
    st.dataframe(
        shown, hide_index=True, width="stretch", column_config=config, placeholder=NA, **kwargs
    )


def initial_view() -> AnalysisView:
    """The page's view: the link's, else this session's last; on a first visit with neither, the
    Spend map's filters and "local" carry over (an officer who chose a boundary there keeps it)."""
    from ui import urlstate
    from ui.views import FRAME_PARAMS, SpendMapView

    view = urlstate.read_view(AnalysisView)
    if set(urlstate.params()) - set(FRAME_PARAMS) or view != AnalysisView():
        return view
    sm = urlstate.last_view(SpendMapView)
    return view.with_(
        filters=sm.filters,
        local_kind=sm.locality.kind if sm.locality else view.local_kind,
        locality=sm.locality,
        denominator=sm.denominator,
    )


def own_authorities(
    matches: pd.DataFrame,
    lad_names: dict[str, str],
    ca_names: dict[str, str],
    county_names: dict[str, str],
    dataset: str = "",
) -> pd.DataFrame:
    """The buyer → own authority table as an editor: the name match shown, every row changeable
    (or cleared). Returns the matches with the user's choices applied (geo.analysis.buyers).

    The editor's key carries the dataset's token: its edits are stored by row number, so another
    file's buyers must not inherit them."""
    from geo.analysis.buyers import with_overrides

    labels = {f"{n} ({c})": c for c, n in sorted(lad_names.items(), key=lambda kv: kv[1])}
    labels |= {f"{n} ({c}, Combined Authority)": c for c, n in sorted(ca_names.items(), key=lambda kv: kv[1])}  # fmt: skip
    labels |= {f"{n} ({c}, county)": c for c, n in sorted(county_names.items(), key=lambda kv: kv[1])}  # fmt: skip
    by_code = {c: lbl for lbl, c in labels.items()}
    shown = pd.DataFrame(
        {
            "Buyer": matches["buyer"],
            "Own authority": [by_code.get(c, NO_AREA) if c else NO_AREA for c in matches["code"]],
            "How": matches["status"],
            "Why": matches["why"],
        }
    )
    edited = st.data_editor(
        shown,
        hide_index=True,
        width="stretch",
        height=300,
        disabled=("Buyer", "How", "Why"),
        key=K("bench_own", "editor", dataset[:12]),
        column_config={
            "Own authority": st.column_config.SelectboxColumn(
                "Own authority (change if wrong)", options=[NO_AREA, *labels], required=True
            )
        },
    )
    chosen = {
        str(b): labels.get(str(new))
        for b, old, new in zip(shown["Buyer"], shown["Own authority"], edited["Own authority"], strict=True)
        if new != old
    }  # fmt: skip
    if chosen:
        # The editor's "How" column keeps the name match it was given; say what was changed.
        changes = "; ".join(
            f"{b} → {by_code.get(c, NO_AREA) if c else NO_AREA}" for b, c in chosen.items()
        )
        st.caption(f"Chosen by you ({len(chosen)}): {md_escape(changes)}.")
    return with_overrides(matches, chosen, lad_names, ca_names, county_names)
