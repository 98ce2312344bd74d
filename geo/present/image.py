"""Print-ready map images (PNG, SVG, PDF) of the current view, drawn server-side with matplotlib."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from matplotlib.collections import PathCollection

from geo import levels
from geo.errors import SpendGeoError
from geo.present import legend as lg
from geo.present import palette
from geo.present.imageframe import (  # noqa: F401 — FORMATS, MIME, … are this module's API too
    A4_WIDTH_IN,
    ENGLAND_BNG,
    FORMATS,
    MIME,
    PRINT_DPI,
    SOURCE_NOTE,
    TO_BNG,
    bounds_bng,
    check_format,
    close_page,
    open_page,
    paths_bng,
)

# Point radius range on paper, in typographic points (the app uses 2-28 screen px on a wider map).
# matplotlib's scatter size is the marker's diameter squared (pt²), hence (2r)² below.
MIN_PT, MAX_PT = 0.8, 9.0


@dataclass(frozen=True)
class MapView:
    """What the map shows: the same choices the map page offers (focus, overlays, point colour)."""

    title: str
    focus_level: str | None = None  # levels key ("lad", "lep", "ca"); None = all England
    focus_code: str | None = None
    boundaries: tuple[str, ...] = ("lad",)
    show_deciles: bool = True
    colour_by: str = "decile"  # or "local"
    locality_description: str = ""
    subtitle: str = ""
    max_amount: float | None = None  # £ drawn at the largest circle; None = largest point
    vintages: dict[str, str] = field(default_factory=dict)  # e.g. {"IMD": "IMD 2025", ...}
    imd: str = levels.DEFAULT_IMD  # deprivation vintage: LSOA layer, deciles, "lad"/"ca" sets


FILL_UNDER_POINTS = palette.DECILE_ALPHA / 255  # as the screen's decile tiles draw it


def _legends(
    view: MapView, fill: bool, drawn: list[str], points: pd.DataFrame | None, top_amount: float
) -> list[lg.Legend]:
    out: list[lg.Legend] = []
    if fill:
        key = lg.decile_legend(imd=view.imd)
        out.append(
            lg.over_white(key, FILL_UNDER_POINTS) if points is not None and len(points) else key
        )
    if drawn:
        out.append(lg.boundary_legend(tuple(drawn), view.imd))
    if points is not None and len(points):
        if view.colour_by == "local":
            out.append(lg.local_legend(view.locality_description))
        else:
            out.append(_point_decile_legend(compact=fill, imd=view.imd))
        out.append(lg.size_legend(top_amount, radius_px=MAX_PT, min_px=MIN_PT))
    return out


def render_map(
    view: MapView,
    lsoa: pd.DataFrame | None,
    areas: dict[str, pd.DataFrame],
    points: pd.DataFrame | None = None,
    fmt: str = "png",
    width_in: float = A4_WIDTH_IN,
    dpi: int = PRINT_DPI,
) -> bytes:
    """The map as PNG/SVG/PDF bytes. Pure: the same frames and view give the same image.

    `lsoa`: the vintage's LSOA code and decile columns (lsoa21cd, imd25_decile under IMD 2025;
    lsoa11cd, imd_decile under 2019) and geometry (EPSG:4326; the simplified national layer for
    all England, the 20 m layer zoomed in). `areas` keys may be "lad"/"ca" (the vintage's sets). `areas`: level key → area table (code, name, geometry,
    EPSG:4326). `points`: mapspec.supplier_points output (lon, lat, amount, decile, is_local).
    """
    check_format(fmt)
    focus = None
    if view.focus_level and view.focus_code:
        table = areas.get(view.focus_level)
        if table is None or not (table["code"] == view.focus_code).any():
            raise SpendGeoError(f"Area {view.focus_code} is not in the {view.focus_level} table.")
        focus = table.loc[table["code"] == view.focus_code]
    if focus is not None:
        extent = bounds_bng(focus.geometry.values)
    elif lsoa is not None and len(lsoa):
        extent = bounds_bng(lsoa.geometry.values)
    else:
        extent = ENGLAND_BNG

    fill = lsoa is not None and len(lsoa) > 0 and view.show_deciles
    drawn = [k for k in view.boundaries if areas.get(k) is not None and len(areas[k])]
    has_points = points is not None and len(points) > 0
    top_amount = 0.0
    if has_points:
        top_amount = view.max_amount or float(np.nanmax(np.abs(points["amount"].to_numpy(float))))
    legends = _legends(view, fill, drawn, points, top_amount)
    page = open_page(extent, legends, width_in, dpi)
    ax = page.ax

    if fill:
        paths, owner = paths_bng(lsoa.geometry.values)
        decile_col = levels.imd(view.imd).decile_column
        colours = palette.decile_colours(lsoa[decile_col].tolist())[owner] / 255.0
        if has_points:
            # A little see-through under supplier points, as on screen (the tile layer's alpha
            # 210/255); the points' white ring keeps a decile-coloured point off its own LSOA,
            # and the key is drawn at the same strength (lg.over_white).
            colours = np.column_stack([colours, np.full(len(colours), FILL_UNDER_POINTS)])
        coll = PathCollection(paths, facecolors=colours, edgecolors="none", linewidths=0)
        coll.set_rasterized(True)  # SVG/PDF stay small: fills raster, outlines and text vector
        ax.add_collection(coll)

    for key in drawn:
        geoms = areas[key].geometry.values
        if focus is None and key == "lad" and lsoa is not None and len(lsoa) > 5000:
            width = 0.25  # 309 LADs over all England: hairlines, or they bury the deciles
        else:
            width = palette.OUTLINE_WIDTH_PX[palette.outline_key(key)] * 0.6
        paths, _ = paths_bng(geoms)
        colour = palette.hex_colour(palette.OUTLINES[palette.outline_key(key)])
        coll = PathCollection(paths, facecolors="none", edgecolors=colour, linewidths=width)
        ax.add_collection(coll)
    if focus is not None:
        paths, _ = paths_bng(focus.geometry.values)
        ax.add_collection(
            PathCollection(paths, facecolors="none", edgecolors="black", linewidths=1.4)
        )

    note_points = ""
    if has_points:
        px, py = TO_BNG.transform(points["lon"].to_numpy(float), points["lat"].to_numpy(float))
        inside = page.inside(px, py)
        amounts = points["amount"].to_numpy(dtype="float64")
        radius = palette.sqrt_radius(amounts, max_amount=top_amount, min_px=MIN_PT, max_px=MAX_PT)
        if view.colour_by == "local":
            colours = palette.local_colours(points["is_local"].tolist()) / 255.0
        else:
            colours = palette.decile_colours(points["decile"].tolist()) / 255.0
        order = np.argsort(-np.abs(amounts))  # big circles under small ones
        ring = "#ffffff" if fill else "#000000"  # white over the deciles, as on screen
        ax.scatter(px[order], py[order], s=(2 * radius[order]) ** 2, c=colours[order], alpha=0.85,
                   edgecolors=ring, linewidths=1.0 if fill else 0.5, zorder=5)  # fmt: skip
        outside = int((~inside).sum())
        if outside:
            note_points = f" {outside:,} supplier location(s) lie outside this map's extent."

    return close_page(
        page,
        title=view.title,
        subtitle=view.subtitle,
        legends=legends,
        vintages=view.vintages,
        note=note_points,
        fmt=fmt,
        dpi=dpi,
    )


def _point_decile_legend(compact: bool, imd: str | None = None) -> lg.Legend:
    """Point colours by decile; when the fill already shows the decile scale, only the grey is new."""
    full = lg.point_decile_legend(imd)
    if not compact:
        return full
    return lg.Legend(
        f"Supplier colour: {levels.imd(imd).label} decile of the supplier's LSOA (scale above)",
        full.items[-1:],
        key=full.key,
    )


def default_vintages(manifest: dict | None = None, imd: str | int | None = None) -> dict[str, str]:
    """Vintage of each layer for the footer, from the store manifest when given: the IMD, its
    LSOAs and population and the current LAD / CA of vintage `imd` (default 2025), LEP historic."""
    ds = (manifest or {}).get("datasets", {})
    vi = levels.imd(imd)
    # Manifest dataset keys of each vintage's index, LSOAs and population (geo.store.catalogue).
    keys = {"2025": ("imd25_file1", "lsoa21", "pop24"), "2019": ("imd19_file1", "lsoa11", "pop19")}
    k_imd, k_lsoa, k_pop = keys[vi.key]

    def v(key: str, fallback: str) -> str:
        return str(ds.get(key, {}).get("vintage") or fallback)

    return {
        "IMD": v(k_imd, vi.label),
        "LSOA": v(k_lsoa, vi.lsoa_vintage),
        "Population": f"ONS {v(k_pop, vi.population_year)}",
        "LAD": levels.for_imd("lad", vi.key).vintage,
        "LEP": levels.get("lep").vintage + " (historic)",
        "CA": levels.for_imd("ca", vi.key).vintage,
        "Postcodes": v("nspl", "NSPL"),
    }


def load_layers(view: MapView, store: object | None = None) -> tuple[pd.DataFrame, dict]:
    """Read the LSOA and boundary layers a view needs from the store (the only I/O here).

    The LSOA layer is the view's IMD vintage (LSOA 2021 under 2025, LSOA 2011 under 2019); "lad"
    / "ca" boundaries are that vintage's sets (areas stay keyed by the view's keys). All England
    uses the simplified national layer; a focused view swaps in the 20 m layer for the LSOAs in
    the map's extent, so zoomed maps follow the streets.
    """
    from geo.present.mapspec import lsoas_in
    from geo.store import read

    v = levels.imd(view.imd)
    wanted = set(view.boundaries) | ({view.focus_level} if view.focus_level else set())
    # Membership columns the focus test needs: the vintage's LAD / CA, the LEP and any asked.
    area_cols = [c for k in (*wanted, "lad", "ca", "lep") for c in levels.for_imd(k, v.key).columns]
    # Only what the vintage's layer carries: an upper-tier authority outline under IMD 2019 is
    # drawn from its own table; LSOA 2011 rows have no utla24cd.
    have = set(read.lsoa_columns(store, imd=v.key))
    cols = list(
        dict.fromkeys([v.lsoa_column, v.decile_column, *(c for c in area_cols if c in have)])
    )
    lsoa = read.read_lsoa(store, columns=cols, imd=v.key)
    areas = {k: read.read_areas(levels.for_imd(k, v.key).store, store) for k in wanted}
    if view.focus_level and view.focus_code:
        focus = levels.for_imd(view.focus_level, v.key)
        if levels.carried_by(focus, lsoa.columns):
            inside = lsoas_in(lsoa, focus, view.focus_code)
        else:
            # An upper-tier authority (2024) on LSOA 2011 rows: the LSOAs whose inner point lies
            # in it (both layers WGS84), as a reader of the map would see them.
            area = areas[view.focus_level]
            shape = area.loc[area["code"] == view.focus_code].union_all()
            inside = lsoa.loc[lsoa.representative_point().within(shape).to_numpy()]
        detail = read.read_lsoa_detail(inside[v.lsoa_column].tolist(), store, imd=v.key)
        finer = detail.set_index(v.lsoa_column).geometry
        lsoa = inside.copy()
        lsoa["geometry"] = finer.reindex(lsoa[v.lsoa_column]).fillna(lsoa.geometry).to_numpy()
    return lsoa, areas
