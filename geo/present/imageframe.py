"""The printed page every map image shares: BNG paths, A4 layout, legend panel, scale bar, north arrow, footer."""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass

import matplotlib
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, Rectangle
from matplotlib.path import Path as MplPath
from pyproj import Transformer

from geo.errors import SpendGeoError
from geo.present import legend as lg
from geo.store import catalogue

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
MIME: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
# A4 is 210 mm wide: 8.27 in × 300 dpi = 2480 px, so the PNG prints sharp at full page width.
A4_WIDTH_IN = 8.27
PRINT_DPI = 300
TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
ENGLAND_BNG = (82_000.0, 5_000.0, 656_000.0, 658_000.0)  # x0, y0, x1, y1 in BNG metres
SOURCE_NOTE = (
    f"{catalogue.OS_NOTICE} 2021–2025. Contains Royal Mail data © Royal Mail copyright and "
    f"database right. Contains public sector information licensed under the {catalogue.OGL}."
)
_LINE_IN = 7 * 1.35 / 72  # one 7 pt legend line with 1.35 leading, in inches
MAP_W = 0.70  # share of the page width the map takes; legends sit to its right


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise SpendGeoError(f"Map image format {fmt!r} is not one of {', '.join(FORMATS)}.")


def paths_bng(geoms: np.ndarray) -> tuple[list[MplPath], np.ndarray]:
    """One matplotlib Path (holes included) per polygon part in British National Grid metres,
    and the index of the geometry each came from.

    Vectorised ring/coordinate extraction: a Python loop per LSOA through geopandas' plot takes
    ~10 s for all England; this keeps the national map to a couple of seconds.
    """
    parts, part_of = shapely.get_parts(geoms, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    if len(coords) == 0:
        return [], np.zeros(0, dtype=int)
    x, y = TO_BNG.transform(coords[:, 0], coords[:, 1])
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


def bounds_bng(geoms: np.ndarray) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    xs, ys = TO_BNG.transform([x0, x1, x0, x1], [y0, y0, y1, y1])
    return min(xs), min(ys), max(xs), max(ys)


def _nice_km(span_m: float) -> float:
    target = span_m / 5 / 1000
    exp = 10 ** math.floor(math.log10(target))
    return max(c * exp for c in (1, 2, 5) if c * exp <= target) if target >= exp else exp


def _scale_bar(ax: Axes, x0: float, x1: float, y0: float, y1: float) -> None:
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


def _north_arrow(ax: Axes, x0: float, x1: float, y0: float, y1: float) -> None:
    # BNG grid north; within 1-2° of true north across England, so one arrow is honest.
    ax_, ay = x1 - 0.06 * (x1 - x0), y1 - 0.13 * (y1 - y0)
    length = 0.07 * (y1 - y0)
    ax.add_patch(
        FancyArrow(ax_, ay, 0, length, width=0.012 * (x1 - x0), head_width=0.035 * (x1 - x0),
                   head_length=0.03 * (y1 - y0), length_includes_head=True, color="black",
                   zorder=7)
    )  # fmt: skip
    ax.text(ax_, ay + length + 0.01 * (y1 - y0), "N", ha="center", va="bottom",
            fontsize=9, fontweight="bold", zorder=7)  # fmt: skip


def wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def legend_panel(ax: Axes | None, legends: list[lg.Legend], top_in: float = 0.0) -> float:
    """Draw the app's Legend values top down in inch units; returns the height used (inches).

    With ax None it only measures, so the figure can be made tall enough before drawing.
    """
    L = _LINE_IN
    y = top_in
    for leg in legends:
        title = wrap(leg.title, 34)
        if ax is not None:
            ax.text(0, y, title, fontsize=7, fontweight="bold", va="top")
        y -= L * (title.count("\n") + 1.6)
        for item in leg.items:
            text = wrap(item.label, 30)
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
            note = wrap(leg.note, 44)
            if ax is not None:
                ax.text(0, y, note, fontsize=5.5, va="top", color="#444444")
            y -= L * 0.85 * (note.count("\n") + 1)
        y -= L * 0.9
    return top_in - y


@dataclass
class Page:
    """An A4-wide figure with its map axes, in BNG metres (x0..x1, y0..y1 fill the map box)."""

    fig: Figure
    ax: Axes
    x0: float
    x1: float
    y0: float
    y1: float
    height_in: float
    top: float
    bottom: float

    def inside(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return (x >= self.x0) & (x <= self.x1) & (y >= self.y0) & (y <= self.y1)


def open_page(
    extent: tuple[float, float, float, float],
    legends: list[lg.Legend],
    width_in: float = A4_WIDTH_IN,
    dpi: int = PRINT_DPI,
) -> Page:
    """A page whose map box shows `extent` (x0, y0, x1, y1, BNG metres) padded by 5%, tall enough
    for the map and the legends; the data range grows to the box's shape so metres stay square."""
    x0, y0, x1, y1 = extent
    pad = 0.05 * max(x1 - x0, y1 - y0)
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
    aspect = (y1 - y0) / (x1 - x0)
    need = legend_panel(None, legends)
    height_in = min(max(width_in * MAP_W * aspect + 1.6, need + 1.7, 4.5), 11.5)
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    top, bottom = 1 - 0.75 / height_in, 0.85 / height_in
    ax = fig.add_axes((0.02, bottom, MAP_W, top - bottom))
    box = (top - bottom) * height_in / (MAP_W * width_in)
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
    return Page(fig, ax, x0, x1, y0, y1, height_in, top, bottom)


def close_page(
    page: Page,
    *,
    title: str,
    subtitle: str,
    legends: list[lg.Legend],
    vintages: dict[str, str],
    note: str = "",
    source_note: str = SOURCE_NOTE,
    fmt: str = "png",
    dpi: int = PRINT_DPI,
) -> bytes:
    """Scale bar, north arrow, title, legends, vintages footer and source note; the page's bytes."""
    fig, h = page.fig, page.height_in
    width_in = fig.get_figwidth()
    _scale_bar(page.ax, page.x0, page.x1, page.y0, page.y1)
    _north_arrow(page.ax, page.x0, page.x1, page.y0, page.y1)
    # 13 pt bold runs ~9 characters per inch: a longer title shrinks rather than leave the page.
    size = max(8.0, min(13.0, 13.0 * width_in * 8.6 / max(len(title), 1)))
    fig.text(0.02, 1 - 0.2 / h, title, fontsize=size, fontweight="bold", va="top")
    if subtitle:
        # Two lines fit between the title and the map box; 7.5 pt type runs ~15 characters/inch.
        lines = wrap(subtitle, int(width_in * 15)).split("\n")
        sub = "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")
        fig.text(0.02, 1 - 0.45 / h, sub, fontsize=7.5, va="top", color="#333333", linespacing=1.1)
    panel_in = (page.top - page.bottom) * h
    lax = fig.add_axes((0.75, page.bottom, 0.24, page.top - page.bottom))
    lax.set_axis_off()
    lax.set_xlim(0, 1)
    lax.set_ylim(0, panel_in)
    legend_panel(lax, legends, panel_in)
    vint = "; ".join(f"{k}: {v}" for k, v in vintages.items())
    foot = (f"Vintages — {vint}. " if vint else "") + "Grid north (British National Grid)." + note
    chars = int(width_in * 19)  # ~19 characters of 6 pt type per inch
    fig.text(0.02, 0.45 / h, wrap(foot, chars), fontsize=6, va="bottom")
    fig.text(0.02, 0.1 / h, wrap(source_note, int(chars * 1.05)), fontsize=5.5,
             va="bottom", color="#333333")  # fmt: skip
    buf = io.BytesIO()
    # TrueType (42) fonts in PDF, not matplotlib's default Type 3: text copied or searched in the
    # PDF lost "∝" and "—" (exports walk).
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig.savefig(buf, format=fmt, dpi=dpi, facecolor="white", metadata={"Title": title})
    return buf.getvalue()
