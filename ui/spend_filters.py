"""Spend-map sidebar: filter, locality, denominator and layer widgets, seeded from and written to the URL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from geo.analysis.filters import (
    DENOMINATORS,
    STATUSES,
    Filters,
    Locality,
    denominator_from_params,
    denominator_to_params,
)
from ui import data, urlstate, widgets

# Amount bands offered (signed £; credits are negative). Ends mean "no bound".
AMOUNT_STEPS: tuple[str, ...] = (
    "no minimum",
    "£0",
    "£500",
    "£5,000",
    "£25,000",
    "£100,000",
    "£1m",
    "£10m",
    "no maximum",
)
_AMOUNT_VALUES = {
    "£0": 0.0,
    "£500": 500.0,
    "£5,000": 5_000.0,
    "£25,000": 25_000.0,
    "£100,000": 100_000.0,
    "£1m": 1e6,
    "£10m": 1e7,
}
_VALUE_LABEL = {v: k for k, v in _AMOUNT_VALUES.items()}
LOCAL_KINDS = ("lad", "lep", "ca", "lads")
LOCAL_LABELS = {
    "lad": "One LAD",
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
_KEYS = (
    "sm_dates",
    "sm_buyers",
    "sm_depts",
    "sm_q",
    "sm_amount",
    "sm_lads",
    "sm_leps",
    "sm_cas",
    "sm_deciles",
    "sm_status",
    "sm_local_kind",
    "sm_local_code",
    "sm_local_lads",
    "sm_denom",
    "sm_layers",
    "sm_imd",
    "sm_colour",
    "sm_zlevel",
    "sm_area",
)


@dataclass(frozen=True)
class SpendControls:
    filters: Filters
    locality: Locality | None
    denominator: str
    boundaries: tuple[str, ...]
    imd: bool
    colour_by: str
    zoom_level: str
    zoom_area: str | None
    params: dict[str, str]


def _in(options, values) -> list:
    allowed = set(options)
    return [v for v in values if v in allowed]


def controls(sf, date_bounds: tuple[date | None, date | None]) -> SpendControls:
    """Draw the sidebar and return the selection; the URL is rewritten to match."""
    url = urlstate.params()
    has_url = bool(set(url) - set(urlstate.FRAME_PARAMS))
    f_url = Filters.from_params(url) if has_url else None
    buyers = [str(b) for b in sf.buyers]
    depts = [str(d) for d in sf.departments]
    lo, hi = date_bounds

    st.header("Filters")
    if lo and hi:
        start = (f_url.date_from or lo) if f_url else None
        end = (f_url.date_to or hi) if f_url else None
        urlstate.seed(
            "sm_dates",
            (start, end) if f_url and (f_url.date_from or f_url.date_to) else None,
            (lo, hi),
        )
        dates = st.date_input(
            "Date range",
            key="sm_dates",
            min_value=min(lo, st.session_state["sm_dates"][0]),
            max_value=max(hi, st.session_state["sm_dates"][-1]),
            format="DD/MM/YYYY",
        )
    else:
        dates = ()
        st.caption("This file has no usable dates.")
    urlstate.seed("sm_buyers", _in(buyers, f_url.buyers) if f_url else None, [])
    sel_buyers = st.multiselect("Buyer", buyers, key="sm_buyers", placeholder="All buyers")
    if len(depts) > 1:
        urlstate.seed("sm_depts", _in(depts, f_url.departments) if f_url else None, [])
        sel_depts = st.multiselect(
            "Department", depts, key="sm_depts", placeholder="All departments"
        )
    else:
        sel_depts = []
    urlstate.seed("sm_q", f_url.supplier_query if f_url else None, "")
    query = st.text_input("Supplier name contains", key="sm_q")
    amt_from_url = None
    if f_url and (f_url.amount_min is not None or f_url.amount_max is not None):
        amt_from_url = (
            _VALUE_LABEL.get(f_url.amount_min, "no minimum")
            if f_url.amount_min is not None
            else "no minimum",
            _VALUE_LABEL.get(f_url.amount_max, "no maximum")
            if f_url.amount_max is not None
            else "no maximum",
        )
    urlstate.seed("sm_amount", amt_from_url, ("no minimum", "no maximum"))
    amount = st.select_slider("Amount band (per row)", AMOUNT_STEPS, key="sm_amount")

    with st.expander(
        "Supplier area, deprivation and geocoding",
        expanded=bool(
            f_url and (f_url.lads or f_url.leps or f_url.cas or f_url.deciles or f_url.statuses)
        ),
    ):
        picked: dict[str, list[str]] = {}
        for level, label in (("lad", "LAD"), ("lep", "LEP"), ("ca", "Combined Authority")):
            names = data.area_names(level)
            key = f"sm_{level}s"
            from_url = getattr(f_url, f"{level}s") if f_url else None
            urlstate.seed(key, _in(names, from_url) if f_url else None, [])
            picked[level] = st.multiselect(
                f"Supplier {label}",
                sorted(names, key=names.get),
                key=key,
                format_func=lambda c, names=names: f"{names[c]} ({c})",
                placeholder="Any",
            )
        lads, leps, cas = picked["lad"], picked["lep"], picked["ca"]
        urlstate.seed("sm_deciles", list(f_url.deciles) if f_url else None, [])
        deciles = st.multiselect(
            "Supplier IMD 2019 decile",
            list(range(1, 11)),
            key="sm_deciles",
            format_func=lambda d: f"{d} (most deprived)" if d == 1 else str(d),
            placeholder="Any",
        )
        urlstate.seed("sm_status", _in(STATUSES, f_url.statuses) if f_url else None, [])
        statuses = st.multiselect(
            "Geocoding status",
            STATUSES,
            key="sm_status",
            format_func=STATUS_LABELS.get,
            placeholder="Any",
        )

    st.header("What counts as local")
    loc_url = Locality.from_params(url) if has_url else None
    kind_url = (url.get("local") or "").partition(":")[0] if has_url else None
    urlstate.seed("sm_local_kind", kind_url, "lep", valid=lambda k: k in LOCAL_KINDS)
    kind = st.radio(
        "Local means suppliers in", LOCAL_KINDS, key="sm_local_kind", format_func=LOCAL_LABELS.get
    )
    locality = None
    lad_names = data.area_names("lad")
    if kind == "lads":
        urlstate.seed(
            "sm_local_lads", list(loc_url.codes) if loc_url and loc_url.kind == "lads" else None, []
        )
        chosen = st.multiselect(
            "LADs",
            sorted(lad_names, key=lad_names.get),
            key="sm_local_lads",
            format_func=lambda c: f"{lad_names[c]} ({c})",
        )
        if chosen:
            locality = Locality(
                "lads",
                tuple(chosen),
                ", ".join(lad_names[c] for c in sorted(chosen)[:3])
                + ("…" if len(chosen) > 3 else ""),
            )
    else:
        names = data.area_names(kind)
        code_url = loc_url.codes[0] if loc_url and loc_url.kind == kind else None
        urlstate.seed("sm_local_code", code_url, "", valid=lambda c: c == "" or c in names)
        if st.session_state.get("sm_local_code") not in names:
            st.session_state["sm_local_code"] = ""
        code = st.selectbox(
            "Area",
            ["", *sorted(names, key=names.get)],
            key="sm_local_code",
            format_func=lambda c: "— choose an area —" if c == "" else f"{names[c]} ({c})",
        )
        if code:
            locality = Locality(kind, (code,), names[code])
    urlstate.seed("sm_denom", denominator_from_params(url) if has_url else None, "all")
    denom = st.radio(
        "Shares are of",
        DENOMINATORS,
        key="sm_denom",
        horizontal=True,
        format_func={"all": "all spend", "geocoded": "located spend only"}.get,
    )

    st.header("Map")
    boundaries = widgets.boundary_picker("sm_layers", ("lep",), url)
    urlstate.seed("sm_imd", (url.get("imd") == "1") if has_url else None, False)
    imd = st.toggle(
        "IMD 2019 deciles (LSOAs)",
        key="sm_imd",
        help="All England's LSOAs, or only the zoomed area's when an area is chosen below.",
    )
    urlstate.seed(
        "sm_colour",
        url.get("colour") if has_url else None,
        "decile",
        valid=lambda v: v in ("decile", "local"),
    )
    colour_by = st.radio(
        "Colour suppliers by",
        ("decile", "local"),
        key="sm_colour",
        horizontal=True,
        format_func={"decile": "IMD decile", "local": "local / not local"}.get,
    )
    zlevel = widgets.level_picker("sm_zlevel", url, param="zlevel", label="Zoom to")
    zarea = widgets.area_picker("sm_area", zlevel, url, label="Area")
    urlstate.remember(*_KEYS)

    d_from = d_to = None
    if lo and hi and isinstance(dates, tuple | list) and len(dates) == 2:
        d_from = dates[0] if dates[0] != lo else None
        d_to = dates[1] if dates[1] != hi else None
    amount_min = _AMOUNT_VALUES.get(amount[0]) if amount[0] in _AMOUNT_VALUES else None
    amount_max = _AMOUNT_VALUES.get(amount[1]) if amount[1] in _AMOUNT_VALUES else None
    filters = Filters(
        date_from=d_from,
        date_to=d_to,
        buyers=tuple(sel_buyers),
        departments=tuple(sel_depts),
        supplier_query=query,
        amount_min=amount_min,
        amount_max=amount_max,
        lads=tuple(lads),
        leps=tuple(leps),
        cas=tuple(cas),
        deciles=tuple(deciles),
        statuses=tuple(statuses),
    )
    params = {**filters.to_params()}
    if locality:
        params.update(locality.to_params())
    elif kind != "lep":
        params["local"] = f"{kind}:"
    params.update(denominator_to_params(denom) if denom != "all" else {})
    params["layers"] = ",".join(boundaries)
    if imd:
        params["imd"] = "1"
    if colour_by != "decile":
        params["colour"] = colour_by
    if zlevel != "lad":
        params["zlevel"] = zlevel
    if zarea:
        params["area"] = zarea
    return SpendControls(
        filters, locality, denom, tuple(boundaries), bool(imd), colour_by, zlevel, zarea, params
    )


def date_bounds(geocoded: pd.DataFrame) -> tuple[date | None, date | None]:
    d = pd.to_datetime(geocoded.get("date"), errors="coerce") if "date" in geocoded else None
    if d is None or d.notna().sum() == 0:
        return None, None
    return d.min().date(), d.max().date()
