"""Print-ready Growth Deal £ per head map (PNG, SVG, PDF) by LEP 2021, on the shared map page."""

from __future__ import annotations

import pandas as pd
from matplotlib.collections import PathCollection

from geo import levels
from geo.errors import SpendGeoError
from geo.present import legend as lg
from geo.present.choropleths import per_head_scale
from geo.present.imageframe import (
    A4_WIDTH_IN,
    ENGLAND_BNG,
    PRINT_DPI,
    SOURCE_NOTE,
    bounds_bng,
    check_format,
    close_page,
    open_page,
    paths_bng,
)

TITLE = "Growth Deal £ per head by Local Enterprise Partnership"
SUBTITLE = (
    "Local Growth Fund awards, rounds 1–3 (2014–2017), per head of the ONS mid-2019 population of "
    "the area each deal was signed for; LEP 2021 boundaries (historic)."
)
# Why this wording: the page's own note (pages/growth_deals.py) — LEPs lost core funding in
# April 2024, so a printed map must not read as a current body's budget.
HISTORIC_NOTE = (
    " LEPs are historic partnership areas: government core funding ended in April 2024 and their "
    "functions passed to upper-tier and combined authorities; they remain the frame of the Growth "
    "Deals, which were made with them. Seven LADs sit in two LEPs, so some LEP areas overlap."
)
GROWTH_SOURCE = (
    "Growth Deal £: awards as announced, compiled from UK government, LEP and press publications, "
    "each figure cited in geo/reference/growth_deals_by_lep.csv (national total: House of Commons "
    "Library SN07120). Population: ONS mid-2019 estimates. "
)


def growth_vintages(population: str = "ONS mid-2019") -> dict[str, str]:
    lep = levels.get("lep")
    return {
        "Growth Deals": "rounds 1–3, announced 2014–2017",
        "LEP": f"{lep.vintage} (historic)",
        "Population": population,
    }


def render_growth_deals(
    lep: pd.DataFrame,
    *,
    focus_code: str | None = None,
    vintages: dict[str, str] | None = None,
    fmt: str = "png",
    width_in: float = A4_WIDTH_IN,
    dpi: int = PRINT_DPI,
) -> bytes:
    """The Growth Deal £ per head choropleth as PNG/SVG/PDF bytes, the page's classes and colours.

    `lep`: the store's LEP table (code, name, gd_per_head_gbp, geometry in EPSG:4326). A LEP with
    no comparable figure is the 'no figure' grey, never the £0 class. `focus_code` outlines and
    zooms to one LEP.
    """
    check_format(fmt)
    if "gd_per_head_gbp" not in lep.columns:
        raise SpendGeoError(
            "The LEP table has no Growth Deal £ per head column; rebuild the store."
        )
    focus = None
    if focus_code:
        focus = lep.loc[lep["code"].astype(str) == focus_code]
        if focus.empty:
            raise SpendGeoError(f"Area {focus_code} is not in the lep table.")
    scale = per_head_scale(lep)
    values = pd.to_numeric(lep["gd_per_head_gbp"], errors="coerce")
    missing = int(values.isna().sum())
    legends = [lg.per_head_legend(scale)]
    extent = bounds_bng(focus.geometry.values) if focus is not None else ENGLAND_BNG
    if focus is None and len(lep):
        extent = bounds_bng(lep.geometry.values)
    page = open_page(extent, legends, width_in, dpi)
    paths, owner = paths_bng(lep.geometry.values)
    colours = scale.colours_for(values.tolist())[owner] / 255.0
    fill = PathCollection(paths, facecolors=colours, edgecolors="white", linewidths=0.5)
    page.ax.add_collection(fill)
    if focus is not None:
        fpaths, _ = paths_bng(focus.geometry.values)
        page.ax.add_collection(
            PathCollection(fpaths, facecolors="none", edgecolors="black", linewidths=1.4)
        )
    shown = f"{len(lep) - missing} LEPs with a figure"
    gap = (
        f"; {missing} with none, in grey (reason in the app's table), never £0." if missing else "."
    )
    title = TITLE if focus is None else f"{TITLE} — {focus['name'].iloc[0]}"
    return close_page(
        page,
        title=title,
        subtitle=SUBTITLE,
        legends=legends,
        vintages=vintages or growth_vintages(),
        note=f" {shown}{gap}{HISTORIC_NOTE}",
        source_note=GROWTH_SOURCE + SOURCE_NOTE,
        fmt=fmt,
        dpi=dpi,
    )
