"""Shared widget groups (map layers, area pickers) wired to URL state; pages stay layout-only."""

from __future__ import annotations

import streamlit as st

from geo.present import mapspec
from ui import data, urlstate

BOUNDARY_OPTIONS = ("lep", "ca", "lad")
LEVEL_OPTIONS = ("lad", "lep", "ca")
LEVEL_SHORT = {"lad": "LAD (2021)", "lep": "LEP (2021)", "ca": "Combined Authority (2024)"}


def _split(text: str | None) -> list[str]:
    return [t for t in (text or "").split(",") if t]


def boundary_picker(key: str, default: tuple[str, ...], url: dict[str, str]) -> list[str]:
    """Multiselect of boundary overlays; URL param `layers` (comma list)."""
    from_url = (
        [t for t in _split(url.get("layers")) if t in BOUNDARY_OPTIONS] if "layers" in url else None
    )
    urlstate.seed(key, from_url, list(default))
    return st.multiselect(
        "Boundaries",
        BOUNDARY_OPTIONS,
        key=key,
        format_func=lambda v: data.LEVEL_LABELS[v],
        help="Outline overlays. Click an area on the map for its name and code.",
    )


def level_picker(
    key: str, url: dict[str, str], param: str = "level", label: str = "Area type"
) -> str:
    urlstate.seed(key, url.get(param), "lad", valid=lambda v: v in LEVEL_OPTIONS)
    return st.radio(label, LEVEL_OPTIONS, key=key, format_func=LEVEL_SHORT.get, horizontal=True)


def area_picker(
    key: str, level: str, url: dict[str, str], param: str = "area", label: str = "Zoom to area"
) -> str | None:
    """Selectbox of areas at a level, keyed by GSS code, labelled by name; None = all England."""
    names = data.area_names(level)
    # "" (not None) for "All England": a None value would show the selectbox's empty placeholder.
    options = ["", *sorted(names, key=lambda c: names[c])]
    urlstate.seed(key, url.get(param), "", valid=lambda v: v == "" or v in names)
    if st.session_state.get(key) not in options:  # level changed under a remembered code
        st.session_state[key] = ""
    code = st.selectbox(
        label,
        options,
        key=key,
        format_func=lambda c: "All England" if c == "" else f"{names[c]} ({c})",
    )
    return code or None


def view_for(level: str | None, code: str | None, url: dict[str, str]) -> mapspec.View:
    """Stable camera: the chosen area's bounds, else a `view` param from the link, else England."""
    if level and code:
        found = data.focus(level, code)
        if found is not None:
            return found[1]
    return mapspec.View.from_param(url.get("view")) or mapspec.ENGLAND_VIEW
