"""Cached wrappers for the analyses and outputs (Compare & leakage, map images): caching only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.cache import area_names, areas, manifest, spend_frame

# --- Compare & leakage (pages/analysis.py) ----------------------------------------------------------


@st.cache_data(show_spinner=False)
def region_names() -> dict[str, str]:
    """Region code → name (2021) from the LAD table, for the leakage 'by region' rows."""
    lad = areas("lad")
    known = lad[lad["rgn21cd"].notna()]
    return dict(zip(known["rgn21cd"].astype(str), known["rgn21nm"].astype(str), strict=True))


@st.cache_data(show_spinner=False)
def lad_regions(imd: str | None = None) -> dict[str, str]:
    from geo import levels

    lad = areas(levels.for_imd("lad", imd).key)
    known = lad[lad["rgn21cd"].notna()]
    return dict(zip(known["code"].astype(str), known["rgn21cd"].astype(str), strict=True))


@st.cache_data(show_spinner=False)
def analysis_names() -> dict[str, str]:
    """Every GSS code → name the analyses print (LAD, LEP, CA, region)."""
    from geo.present import columns

    return {**columns.area_names(), **region_names()}


@st.cache_data(show_spinner=False)
def flow_centroids(imd: str | None = None) -> pd.DataFrame:
    from geo import levels
    from geo.analysis.leakage import area_centroids

    return area_centroids(areas(levels.for_imd("lad", imd).key), imd)


def flow_lads(imd: str | None = None) -> pd.DataFrame:
    """The LAD table of the vintage (shared, read-only): context and local area of the flow image."""
    from geo import levels

    return areas(levels.for_imd("lad", imd).key)


@st.cache_data(show_spinner=False, max_entries=32)
def locality_centre(locality, imd: str | None = None) -> tuple[float, float] | None:
    from geo import levels
    from geo.analysis.leakage import centre_on_own_table
    from geo.analysis.leakage import locality_centre as centre

    lad = areas(levels.for_imd("lad", imd).key)
    if centre_on_own_table(lad, locality):
        return centre(areas(locality.level.key), locality)
    return centre(lad, locality)


@st.cache_data(show_spinner=False, max_entries=32)
def leakage(
    _geocoded: pd.DataFrame, token: str, filters, locality, denominator: str, imd: str | None = None
):
    from geo.analysis.filters import apply_filters
    from geo.analysis.leakage import leakage as leak

    sf = spend_frame(_geocoded, token, imd)
    return leak(
        sf, apply_filters(sf, filters), locality, denominator, lad_regions(imd), analysis_names()
    )


@st.cache_data(show_spinner=False, max_entries=32)
def compare_areas(
    _geocoded: pd.DataFrame,
    token: str,
    filters,
    area_a,
    area_b,
    denominator: str,
    imd: str | None = None,
):
    from geo.analysis.compare import compare_areas as cmp

    return cmp(spend_frame(_geocoded, token, imd), filters, area_a, area_b, denominator)


@st.cache_data(show_spinner=False, max_entries=32)
def compare_periods(
    _geocoded: pd.DataFrame,
    token: str,
    filters,
    period_a: str,
    period_b: str,
    locality,
    denominator: str,
    imd: str | None = None,
):
    from geo.analysis.compare import compare_periods as cmp

    return cmp(
        spend_frame(_geocoded, token, imd), filters, period_a, period_b, locality, denominator
    )


@st.cache_data(show_spinner=False, max_entries=16)
def benchmark(
    _geocoded: pd.DataFrame, token: str, filters, locality, denominator: str, imd: str | None = None
):
    from geo.analysis.benchmark import benchmark as bench
    from geo.analysis.filters import apply_filters

    sf = spend_frame(_geocoded, token, imd)
    return bench(sf, apply_filters(sf, filters), locality, denominator)


def authority_names(
    imd: str | None = None,
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(LAD code → name, CA code → name) of the index vintage and county code → name (UTLA 2024),
    for matching buyers to their own authority (each from the cached area names)."""
    from geo import levels

    lad = area_names(levels.for_imd("lad", imd).key)
    ca = area_names(levels.for_imd("ca", imd).key)
    # Counties: the upper-tier authorities that are not also districts (ONS E10 codes).
    counties = {c: n for c, n in area_names("utla24").items() if c.startswith("E10")}
    return lad, ca, counties


@st.cache_data(show_spinner=False, max_entries=8)
def buyer_matches(_geocoded: pd.DataFrame, token: str, imd: str | None = None) -> pd.DataFrame:
    """Every buyer in the dataset matched to its own LAD / CA by name (or not, saying why)."""
    from geo.analysis.buyers import match_buyers

    lad, ca, county = authority_names(imd)
    return match_buyers(
        [str(b) for b in spend_frame(_geocoded, token, imd).buyers], lad, ca, county
    )


@st.cache_data(show_spinner=False, max_entries=8)
def financial_years(_geocoded: pd.DataFrame, token: str, imd: str | None = None) -> list[str]:
    """Financial years with at least one dated row in the dataset, oldest first."""
    from geo.analysis.summary import summarise

    fy = summarise(spend_frame(_geocoded, token, imd), None, None).by_financial_year
    return [str(y) for y in fy["financial_year"] if str(y) != "no date"]


# --- outputs (map images, report) ----------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=4)
def image_layers(
    boundaries: tuple[str, ...],
    focus_level: str | None,
    focus_code: str | None,
    imd: str | None = None,
):
    """(LSOAs, {level: areas}) for a map image (geo.present.image.load_layers), shared read-only."""
    from geo import levels
    from geo.present import image

    view = image.MapView(
        "",
        focus_level=focus_level,
        focus_code=focus_code,
        boundaries=boundaries,
        imd=levels.imd(imd).key,
    )
    return image.load_layers(view)


@st.cache_data(show_spinner=False)
def image_vintages(imd: str | None = None) -> dict[str, str]:
    from geo.present import image

    return image.default_vintages(manifest(), imd)
