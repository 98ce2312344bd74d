"""Print-ready map images (PNG, SVG, PDF) of the current view, drawn server-side with matplotlib."""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, Rectangle
from matplotlib.path import Path as MplPath
from pyproj import Transformer

from geo import levels
from geo.errors import SpendGeoError
from geo.present import legend as lg
from geo.present import palette
from geo.store import catalogue

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
MIME: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
# A4 is 210 mm wide: 8.27 in × 300 dpi = 2480 px, so the PNG prints sharp at full page width.
A4_WIDTH_IN = 8.27
PRINT_DPI = 300
# Point radius range on paper, in typographic points (the app uses 2-28 screen px on a wider map).
# matplotlib's scatter size is the marker's diameter squared (pt²), hence (2r)² below.
MIN_PT, MAX_PT = 0.8, 9.0
_TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
SOURCE_NOTE = (
    f"{catalogue.OS_NOTICE} 2021–2025. Contains Royal Mail data © Royal Mail copyright and "
    f"database right. Contains public sector information licensed under the {catalogue.OGL}."
)


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


def _paths_bng(geoms: np.ndarray) -> tuple[list[MplPath], np.ndarray]:
    """One matplotlib Path (holes included) per polygon part in British National Grid metres.

    Vectorised ring/coordinate extraction: a Python loop per LSOA through geopandas' plot takes
    ~10 s for all England; this keeps the national map to a couple of seconds.
    """
    parts, part_of = shapely.get_parts(geoms, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    if len(coords) == 0:
        return [], np.zeros(0, dtype=int)
    x, y = _TO_BNG.transform(coords[:, 0], coords[:, 1])
    xy = np.column_stack([x, y])
    codes = np.full(len(coords), MplPath.LINETO, dtype=np.uint8)
    starts = np.r_[0, np.flatnonzero(np.diff(coord_ring)) + 1]
    ends = np.r_[starts[1:] - 1, len(coords) - 1]
    codes[starts] = MplPath.MOVETO
    codes[ends] = MplPath.CLOSEPOLY
    coord_part = ring_part[coord_ring]
    cuts = np.flatnonzero(np.diff(coord_part)) + 1
    paths = [
        MplPath(v, c, readonly=True)
        for v, c in zip(np.split(xy, cuts), np.split(codes, cuts), strict=True)
    ]
    return paths, part_of[np.unique(coord_part)]


def _bounds_bng(geoms: np.ndarray) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    xs, ys = _TO_BNG.transform([x0, x1, x0, x1], [y0, y0, y1, y1])
    return min(xs), min(ys), max(xs), max(ys)


def _nice_km(span_m: float) -> float:
    target = span_m / 5 / 1000
    exp = 10 ** math.floor(math.log10(target))
    return max(c * exp for c in (1, 2, 5) if c * exp <= target) if target >= exp else exp


def _scale_bar(ax, x0: float, x1: float, y0: float, y1: float) -> None:
    km = _nice_km(x1 - x0)
    bx, by = x0 + 0.04 * (x1 - x0), y0 + 0.04 * (y1 - y0)
    h = 0.012 * (y1 - y0)
    half = km * 500
    ax.add_patch(Rectangle((bx - 0.015 * (x1 - x0), by - 0.012 * (y1 - y0)), 2 * half + 0.03 * (x1 - x0),
                           0.06 * (y1 - y0), facecolor="white", edgecolor="none", alpha=0.85,
                           zorder=6))  # fmt: skip
    ax.add_patch(Rectangle((bx, by), half, h, fc="black", ec="black", lw=0.6, zorder=7))
    ax.add_patch(Rectangle((bx + half, by), half, h, fc="white", ec="black", lw=0.6, zorder=7))
    label = f"{km:g} km" if km >= 1 else f"{km * 1000:g} m"
    for pos, text in ((bx, "0"), (bx + 2 * half, label)):
        ax.text(pos, by + 1.6 * h, text, ha="center", va="bottom", fontsize=6.5, zorder=7)


def _north_arrow(ax, x0: float, x1: float, y0: float, y1: float) -> None:
    # BNG grid north; within 1-2° of true north across England, so one arrow is honest.
    ax_, ay = x1 - 0.06 * (x1 - x0), y1 - 0.13 * (y1 - y0)
    length = 0.07 * (y1 - y0)
    ax.add_patch(
        FancyArrow(ax_, ay, 0, length, width=0.012 * (x1 - x0), head_width=0.035 * (x1 - x0),
                   head_length=0.03 * (y1 - y0), length_includes_head=True, color="black")
    )  # fmt: skip
    ax.text(ax_, ay + length + 0.01 * (y1 - y0), "N", ha="center", va="bottom",
            fontsize=9, fontweight="bold")  # fmt: skip


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


_LINE_IN = 7 * 1.35 / 72  # one 7 pt legend line with 1.35 leading, in inches


def _legend_panel(ax: object | None, legends: list[lg.Legend], top_in: float = 0.0) -> float:
    """Draw the app's Legend values top down in inch units; returns the height used (inches).

    With ax None it only measures, so the figure can be made tall enough before drawing.
    """
    L = _LINE_IN
    y = top_in
    for leg in legends:
        title = _wrap(leg.title, 34)
        if ax is not None:
            ax.text(0, y, title, fontsize=7, fontweight="bold", va="top")
        y -= L * (title.count("\n") + 1.6)
        for item in leg.items:
            text = _wrap(item.label, 30)
            size_pt = item.size if leg.key == "size" else 5.0  # circle diameter, pt
            h = max((text.count("\n") + 1) * L, size_pt / 72 * 1.15)
            cy = y - h / 2
            if ax is not None:
                if item.swatch == "circle":
                    ax.scatter([0.06], [cy], s=size_pt**2, c=[item.colour], edgecolors="#282828",
                               linewidths=0.4, clip_on=False)  # fmt: skip
                elif item.swatch == "line":
                    ax.add_line(Line2D([0, 0.12], [cy, cy], color=item.colour, lw=item.size * 0.8))
                else:
                    ax.add_patch(Rectangle((0, cy - L * 0.4), 0.12, L * 0.8, facecolor=item.colour,
                                           edgecolor="#888888", lw=0.3))  # fmt: skip
                ax.text(0.17, cy, text, fontsize=6.5, va="center")
            y -= h + L * 0.25
        if leg.note:
            note = _wrap(leg.note, 44)
            if ax is not None:
                ax.text(0, y, note, fontsize=5.5, va="top", color="#444444")
            y -= L * 0.85 * (note.count("\n") + 1)
        y -= L * 0.9
    return top_in - y


def _legends(
    view: MapView, fill: bool, drawn: list[str], points: pd.DataFrame | None, top_amount: float
) -> list[lg.Legend]:
    out: list[lg.Legend] = []
    if fill:
        out.append(lg.decile_legend(imd=view.imd))
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
    EPSG:4326). `points`: mapspec.supplier_points output (lon, lat, amount, imd_decile, is_local).
    """
    if fmt not in FORMATS:
        raise SpendGeoError(f"Map image format {fmt!r} is not one of {', '.join(FORMATS)}.")
    focus = None
    if view.focus_level and view.focus_code:
        table = areas.get(view.focus_level)
        if table is None or not (table["code"] == view.focus_code).any():
            raise SpendGeoError(f"Area {view.focus_code} is not in the {view.focus_level} table.")
        focus = table.loc[table["code"] == view.focus_code]
    if focus is not None:
        x0, y0, x1, y1 = _bounds_bng(focus.geometry.values)
    elif lsoa is not None and len(lsoa):
        x0, y0, x1, y1 = _bounds_bng(lsoa.geometry.values)
    else:
        x0, y0, x1, y1 = 82_000.0, 5_000.0, 656_000.0, 658_000.0  # England in BNG metres
    pad = 0.05 * max(x1 - x0, y1 - y0)
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad

    fill = lsoa is not None and len(lsoa) > 0 and view.show_deciles
    drawn = [k for k in view.boundaries if areas.get(k) is not None and len(areas[k])]
    has_points = points is not None and len(points) > 0
    top_amount = 0.0
    if has_points:
        top_amount = view.max_amount or float(np.nanmax(np.abs(points["amount"].to_numpy(float))))
    legends = _legends(view, fill, drawn, points, top_amount)

    map_w = 0.70  # share of the page width the map takes; legends sit to its right
    aspect = (y1 - y0) / (x1 - x0)
    need = _legend_panel(None, legends)
    height_in = min(max(width_in * map_w * aspect + 1.6, need + 1.7, 4.5), 11.5)
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    top, bottom = 1 - 0.75 / height_in, 0.85 / height_in
    ax = fig.add_axes((0.02, bottom, map_w, top - bottom))
    # Widen the data range to the box's shape, so metres stay square and the box stays filled.
    box = (top - bottom) * height_in / (map_w * width_in)
    if (y1 - y0) / (x1 - x0) < box:
        grow = ((x1 - x0) * box - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    else:
        grow = ((y1 - y0) / box - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#999999")
        spine.set_linewidth(0.5)

    if fill:
        paths, owner = _paths_bng(lsoa.geometry.values)
        decile_col = levels.imd(view.imd).decile_column
        colours = palette.decile_colours(lsoa[decile_col].tolist())[owner] / 255.0
        if has_points:
            # Faded under supplier points, or a decile-coloured point vanishes into its own LSOA.
            colours = np.column_stack([colours, np.full(len(colours), 0.45)])
        coll = PathCollection(paths, facecolors=colours, edgecolors="none", linewidths=0)
        coll.set_rasterized(True)  # SVG/PDF stay small: fills raster, outlines and text vector
        ax.add_collection(coll)

    for key in drawn:
        geoms = areas[key].geometry.values
        if focus is None and key == "lad" and lsoa is not None and len(lsoa) > 5000:
            width = 0.25  # 309 LADs over all England: hairlines, or they bury the deciles
        else:
            width = palette.OUTLINE_WIDTH_PX[palette.outline_key(key)] * 0.6
        paths, _ = _paths_bng(geoms)
        colour = palette.hex_colour(palette.OUTLINES[palette.outline_key(key)])
        coll = PathCollection(paths, facecolors="none", edgecolors=colour, linewidths=width)
        ax.add_collection(coll)
    if focus is not None:
        paths, _ = _paths_bng(focus.geometry.values)
        ax.add_collection(
            PathCollection(paths, facecolors="none", edgecolors="black", linewidths=1.4)
        )

    note_points = ""
    if has_points:
        px, py = _TO_BNG.transform(points["lon"].to_numpy(float), points["lat"].to_numpy(float))
        inside = (px >= x0) & (px <= x1) & (py >= y0) & (py <= y1)
        amounts = points["amount"].to_numpy(dtype="float64")
        radius = palette.sqrt_radius(amounts, max_amount=top_amount, min_px=MIN_PT, max_px=MAX_PT)
        if view.colour_by == "local":
            colours = palette.local_colours(points["is_local"].tolist()) / 255.0
        else:
            colours = palette.decile_colours(points["imd_decile"].tolist()) / 255.0
        order = np.argsort(-np.abs(amounts))  # big circles under small ones
        ax.scatter(px[order], py[order], s=(2 * radius[order]) ** 2, c=colours[order], alpha=0.85,
                   edgecolors="#000000", linewidths=0.5, zorder=5)  # fmt: skip
        outside = int((~inside).sum())
        if outside:
            note_points = f" {outside:,} supplier location(s) lie outside this map's extent."

    _scale_bar(ax, x0, x1, y0, y1)
    _north_arrow(ax, x0, x1, y0, y1)
    fig.text(0.02, 1 - 0.2 / height_in, view.title, fontsize=13, fontweight="bold", va="top")
    if view.subtitle:
        fig.text(0.02, 1 - 0.47 / height_in, view.subtitle, fontsize=7.5, va="top",
                 color="#333333")  # fmt: skip
    panel_in = (top - bottom) * height_in
    lax = fig.add_axes((0.75, bottom, 0.24, top - bottom))
    lax.set_axis_off()
    lax.set_xlim(0, 1)
    lax.set_ylim(0, panel_in)
    _legend_panel(lax, legends, panel_in)
    vint = "; ".join(f"{k}: {v}" for k, v in view.vintages.items())
    foot = (
        (f"Vintages — {vint}. " if vint else "")
        + "Grid north (British National Grid)."
        + note_points
    )
    chars = int(width_in * 19)  # ~19 characters of 6 pt type per inch
    fig.text(0.02, 0.45 / height_in, _wrap(foot, chars), fontsize=6, va="bottom")
    fig.text(0.02, 0.1 / height_in, _wrap(SOURCE_NOTE, int(chars * 1.05)), fontsize=5.5,
             va="bottom", color="#333333")  # fmt: skip

    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi, facecolor="white", metadata={"Title": view.title})
    return buf.getvalue()


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
        inside = lsoas_in(lsoa, levels.for_imd(view.focus_level, v.key), view.focus_code)
        detail = read.read_lsoa_detail(inside[v.lsoa_column].tolist(), store, imd=v.key)
        finer = detail.set_index(v.lsoa_column).geometry
        lsoa = inside.copy()
        lsoa["geometry"] = finer.reindex(lsoa[v.lsoa_column]).fillna(lsoa.geometry).to_numpy()
    return lsoa, areas
