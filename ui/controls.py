"""Page controls: widgets built from a page's view state (keys from the view, values from its fields)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple

import streamlit as st

from geo import levels
from geo.fmt import format_money
from geo.spend.geocode import STATUSES
from ui import cache, period, urlstate
from ui.views import (
    BOUNDARY_OPTIONS,
    LEVEL_OPTIONS,
    ZOOM_OPTIONS,
    AnalysisView,
    DeprivationView,
    GrowthDealsView,
    SpendMapView,
    amount_band,
    amount_steps,
    spend_map_view_from,
)

# Widgets take their starting value from the view (the URL, or the page's last view) and keep their
# own state afterwards: every widget has a key, and in Streamlit 1.67 a keyed widget's identity is
# its key, so a changed default never resets what the user chose.

LOCAL_LABELS = {
    "lad": "One LAD",
    "utla24": "One upper-tier authority (county or unitary, 2024)",
    "lep": "One LEP",
    "ca": "One Combined Authority",
    "lads": "A set of LADs",
}
STATUS_LABELS = {
    "matched": "Located in England",
    "matched_outside_england": "Located outside England",
    "matched_terminated": "Located (terminated postcode)",
    "no_location": "Postcode has no grid reference",
    "invalid_postcode": "Invalid postcode",
    "unknown_postcode": "Postcode not found",
    "no_postcode": "No postcode",
}
LEVEL_SHORT = {k: levels.get(k).label for k in ZOOM_OPTIONS}


def _index(options: Sequence, value) -> int:
    return list(options).index(value) if value in options else 0


def _area_label(names: dict[str, str], blank: str) -> Callable[[str], str]:
    return lambda c: blank if c == "" else f"{names.get(c, c)} ({c})"


def boundaries(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        st.multiselect(
            "Boundaries",
            BOUNDARY_OPTIONS,
            default=[b for b in default if b in BOUNDARY_OPTIONS],
            key=key,
            format_func=lambda v: levels.get(v).label,
            help="Outline overlays. Click an area on the map for its name and code.",
        )
    )


def level(
    key: str,
    value: str,
    label: str = "Area type",
    imd: str | None = None,
    options: tuple[str, ...] = LEVEL_OPTIONS,
) -> str:
    """Radio of area levels (`options`: ZOOM_OPTIONS adds the upper-tier authorities); with
    `imd`, labelled as that vintage's sets (LAD 2024 / CA 2025 under 2025)."""
    return st.radio(
        label,
        options,
        index=_index(options, value),
        key=key,
        format_func=(lambda k: levels.for_imd(k, imd).label) if imd else LEVEL_SHORT.get,
        horizontal=True,
    )


def area(key: str, level_key: str, value: str | None, label: str, blank: str = "All England"):
    """Selectbox of one level's areas by GSS code, labelled by name; None = no area chosen.

    The key carries the level, so switching level gives a fresh box instead of a stale code.
    """
    names = cache.area_names(level_key)
    options = ["", *sorted(names, key=names.get)]
    code = st.selectbox(
        label,
        options,
        index=_index(options, value or ""),
        key=key,
        format_func=_area_label(names, blank),
    )
    return code or None


class RowWidgets(NamedTuple):
    """What the row-filter widgets hold (views.row_filters_from turns it into Filters)."""

    dates: object  # the date range box's value; None when the file has no usable dates
    buyers: list[str]
    departments: list[str] | None  # None: no department box (the file has one department or none)
    query: str
    band: object  # the amount slider's (low, high) labels


def row_widgets(
    view: SpendMapView | AnalysisView,
    buyers: Sequence[str],
    departments: Sequence[str],
    bounds: tuple[date | None, date | None],
    *,
    say_no_dates: bool = False,
) -> RowWidgets:
    """The row filters every spend page offers: dates, buyer, department, supplier name, amount."""
    K = type(view).key
    f = view.filters
    lo, hi = bounds
    dates = None
    steps = period.month_steps(lo, hi) if lo and hi else ()
    if lo and hi and urlstate.is_presenting() and len(steps) > 1:
        # Presenting, a month slider: a date typed into the date box is kept only when the box
        # loses focus, and the Filters menu closing on Escape or Enter dropped it (workshop walk).
        start, end = f.date_from or lo, f.date_to or hi
        months = st.select_slider(
            "Period (whole months)",
            steps,
            value=period.months_value(start, end, lo, hi),
            format_func=period.month_label,
            key=K("filters", "months"),
        )
        dates = period.dates_from_months(months, start, end, lo, hi)
    elif lo and hi:
        start, end = f.date_from or lo, f.date_to or hi
        dates = st.date_input(
            "Date range",
            value=(start, end),
            key=K("filters", "dates"),
            min_value=min(lo, start),
            max_value=max(hi, end),
            format="DD/MM/YYYY",
        )
    elif say_no_dates:
        st.caption("This file has no usable dates.")
    sel_buyers = st.multiselect(
        "Buyer",
        buyers,
        default=[b for b in f.buyers if b in buyers],
        key=K("filters", "buyers"),
        placeholder="All buyers",
    )
    sel_depts = None
    if len(departments) > 1:
        sel_depts = st.multiselect(
            "Department",
            departments,
            default=[d for d in f.departments if d in departments],
            key=K("filters", "departments"),
            placeholder="All departments",
        )
    query = st.text_input("Supplier name contains", value=f.supplier_query, key=K("filters", "q"))
    # A range slider only when `value` is a pair: seeding a keyed select_slider through session
    # state without `value` made it a one-thumb slider whose value ("£5,000") was read as a pair
    # of characters — dragging changed nothing (issue 10, item 3).
    band = st.select_slider(
        "Amount band (per row)",
        amount_steps(view),  # type: ignore[arg-type]
        value=amount_band(view),  # type: ignore[arg-type]
        key=K("filters", "amount"),
    )
    return RowWidgets(dates, sel_buyers, sel_depts, query, band)


def denominator_choice(view: SpendMapView | AnalysisView) -> str:
    """What shares are of: all spend, or located spend only."""
    return st.radio(
        "Shares are of",
        ("all", "geocoded"),
        index=_index(("all", "geocoded"), view.denominator),
        key=type(view).key("denominator"),
        horizontal=True,
        format_func={"all": "all spend", "geocoded": "located spend only"}.get,
    )


def local_picker(
    view: SpendMapView | AnalysisView,
) -> tuple[str, list[str], dict[str, str]]:
    """The "Local means suppliers in" choice and its area box (or LAD set): (kind, codes, the names
    of that kind's areas by code)."""
    K = type(view).key
    kinds = tuple(LOCAL_LABELS)
    kind = st.radio(
        "Local means suppliers in",
        kinds,
        index=_index(kinds, view.local_kind),
        key=K("local_kind"),
        format_func=LOCAL_LABELS.get,
    )
    current = view.locality.codes if view.locality and view.locality.kind == kind else ()
    # The vintage's own areas, as "local" is decided (LAD 2024 / CA 2025 under IMD 2025: a LAD
    # 2021 code merged in 2023, such as Allerdale, would match no supplier); keyed by that level.
    shown = levels.for_imd("lad" if kind == "lads" else kind, view.imd).key
    names = cache.area_names(shown)
    if kind == "lads":
        codes = st.multiselect(
            levels.get(shown).label,
            sorted(names, key=names.get),
            default=[c for c in current if c in names],
            key=K("locality", "lads", shown),
            format_func=_area_label(names, ""),
        )
    else:
        code = area(
            K("locality", shown),
            shown,
            current[0] if current else None,
            "Area",
            blank="— choose an area —",
        )
        codes = [code] if code else []
    return kind, list(codes), names


def spend_map(
    view: SpendMapView,
    buyers,
    departments,
    bounds: tuple[date | None, date | None],
    flags: tuple[int, float] = (0, 0.0),
):
    """Draw the Spend map sidebar from `view`; returns the view the widgets now describe.

    `flags`: (rows, net £) with a data-quality flag in the dataset (the exclude box names them).
    """
    K = SpendMapView.key
    f = view.filters
    st.header("Filters")
    rows = row_widgets(view, buyers, departments, bounds, say_no_dates=True)
    n_flagged, gbp_flagged = flags
    if n_flagged:
        exclude_flagged = st.checkbox(
            f"Exclude rows with data-quality flags ({n_flagged:,} rows, "
            f"{format_money(gbp_flagged)})",
            value=f.exclude_flagged,
            key=K("filters", "noflag"),
            help="Implausible amounts, dates outside the file's period or in the future, "
            "duplicates (the Data page lists each flag and why). Nothing is dropped unless ticked.",
        )
    else:
        exclude_flagged = False
        st.caption("No rows in this file carry a data-quality flag.")
    picked: dict[str, list[str]] = {}
    with st.expander(
        "Supplier area, deprivation and geocoding",
        expanded=bool(f.lads or f.leps or f.cas or f.deciles or f.statuses),
    ):
        for lv in LEVEL_OPTIONS:
            # The vintage's own areas (LAD 2024 / CA 2025 under IMD 2025), as the filter applies
            # them; keyed by that level, so a vintage switch gives a fresh box.
            shown = levels.for_imd(lv, view.imd)
            names = cache.area_names(shown.key)
            current = getattr(f, f"{lv}s")
            picked[lv] = st.multiselect(
                f"Supplier area: {shown.label}",
                sorted(names, key=names.get),
                default=[c for c in current if c in names],
                key=K("filters", shown.key),
                format_func=_area_label(names, ""),
                placeholder="Any",
            )
        deciles = st.multiselect(
            f"Supplier {levels.imd(view.imd).label} decile",
            list(range(1, 11)),
            default=list(f.deciles),
            key=K("filters", "deciles"),
            format_func=lambda d: f"{d} (most deprived)" if d == 1 else str(d),
            placeholder="Any",
        )
        statuses = st.multiselect(
            "Geocoding status",
            STATUSES,
            default=list(f.statuses),
            key=K("filters", "statuses"),
            format_func=STATUS_LABELS.get,
            placeholder="Any",
        )

    st.header("What counts as local")
    kind, local_codes, local_names = local_picker(view)
    denominator = denominator_choice(view)

    st.header("Map")
    layers = boundaries(K("layers"), view.layers)
    imd = st.toggle(
        f"{levels.imd(view.imd).label} deciles (LSOAs)",
        value=view.imd_layer,
        key=K("imd_layer"),
        help="All England's LSOAs, or only the zoomed area's when an area is chosen below.",
    )
    colour = st.radio(
        "Colour suppliers by",
        ("decile", "local"),
        index=_index(("decile", "local"), view.colour),
        key=K("colour"),
        horizontal=True,
        format_func={"decile": "IMD decile", "local": "local / not local"}.get,
    )
    # The zoom follows the IMD vintage like the tiles under it: LAD 2024 / CA 2025 under IMD 2025.
    zlevel = level(
        K("zoom_level"), view.zoom_level, label="Zoom to", imd=view.imd, options=ZOOM_OPTIONS
    )
    shown = levels.for_imd(zlevel, view.imd).key
    zarea = area(K("zoom_area", shown), shown, view.zoom_area, "Area")
    return spend_map_view_from(
        view,
        dates=rows.dates,
        date_bounds=bounds,
        buyers=rows.buyers,
        departments=rows.departments or [],
        query=rows.query,
        band=rows.band,
        exclude_flagged=exclude_flagged,
        areas=picked,
        deciles=deciles,
        statuses=statuses,
        local_kind=kind,
        local_codes=local_codes,
        local_names=local_names,
        denominator=denominator,
        layers=layers,
        imd_layer=imd,
        colour=colour,
        zoom_level=zlevel,
        zoom_area=zarea,
    )


def deprivation(view: DeprivationView) -> DeprivationView:
    K = DeprivationView.key
    st.header("Deprivation")
    lv = level(K("level"), view.level, imd=view.imd)
    # "lad"/"ca" mean the vintage's own: LAD 2024 / CA 2025 under IMD 2025, LAD 2021 / CA 2024 under 2019.
    shown = levels.for_imd(lv, view.imd).key
    code = area(K("area", shown), shown, view.area if lv == view.level else None, "Zoom to area")
    layers = boundaries(K("layers"), view.layers)
    # A saved camera stays until the area changes (then the new area's fitted view applies).
    camera = view.camera if (code, lv) == (view.area, view.level) else None
    return view.with_(level=lv, area=code, layers=layers, camera=camera)


def growth_deals(view: GrowthDealsView) -> GrowthDealsView:
    st.header("Growth Deals")
    lep = area(GrowthDealsView.key("lep"), "lep", view.lep, "Zoom to LEP")
    return view.with_(lep=lep, camera=view.camera if lep == view.lep else None)
