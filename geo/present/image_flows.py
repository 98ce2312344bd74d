"""Print-ready leakage flow map (PNG, SVG, PDF): curved lines from the local area to each destination, width by £."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.collections import LineCollection, PathCollection

from geo import levels
from geo.analysis.leakage import Leakage, leakage_flows, locality_lads
from geo.errors import SpendGeoError
from geo.fmt import format_gbp
from geo.present import flows as fl
from geo.present import legend as lg
from geo.present import palette
from geo.present.imageframe import (
    A4_WIDTH_IN,
    PRINT_DPI,
    TO_BNG,
    bounds_bng,
    check_format,
    close_page,
    open_page,
    paths_bng,
)
from geo.present.report_model import MapImage

# The app's arc widths are screen pixels (1.5-14 px on a ~900 px map); on an A4 page half a
# point per pixel keeps the largest flow under 3 mm and the smallest visible.
PT_PER_PX = 0.5
BEND = 0.18  # control-point offset as a share of the chord: arcs curve, so overlaps separate
SEGMENTS = 40  # straight pieces per arc, each coloured along the local → destination ramp
EXTRA_VINTAGES = ("Postcodes",)  # of a caller's vintages, the ones a flow map depends on
LABELS = 8  # destinations named on the map (largest £ first); the rest are in the tables


def destination_vintage(level: str, imd: str | int | None) -> str:
    if level == "region":
        return "regions 2021"
    return levels.for_imd(level, imd).vintage


def flow_vintages(leak: Leakage, level: str) -> dict[str, str]:
    """The footer's vintages when the caller gives none: the local boundary and destinations."""
    return {
        "Local boundary": leak.locality.level.vintage,
        "Destinations": destination_vintage(level, leak.locality.imd),
    }


def flow_title(leak: Leakage, level: str) -> tuple[str, str]:
    """(title, subtitle) naming the local boundary, its vintage and the destination level."""
    loc = leak.locality
    word = fl.LEVEL_WORDS.get(level, level)
    short = loc.level.label.rsplit("(", 1)[-1].rstrip(")")  # "LAD 2024", "CA 2025"; full below
    title = f"Where the non-local £ goes — {loc.name} ({short})"
    sub = (
        f"Local means {loc.description}. Destinations by {word} "
        f"({destination_vintage(level, loc.imd)}); line width ∝ £ leaked."
    )
    return title, sub


def _arc(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    """A quadratic Bézier from (x0, y0) to (x1, y1), bent to the left of travel: (SEGMENTS+1, 2)."""
    t = np.linspace(0.0, 1.0, SEGMENTS + 1)[:, None]
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    cx, cy = mx - BEND * (y1 - y0), my + BEND * (x1 - x0)
    p0, c, p1 = np.array([x0, y0]), np.array([cx, cy]), np.array([x1, y1])
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * c + t**2 * p1


def _label_destinations(ax, rows: pd.DataFrame) -> None:
    """Name the largest destinations, biggest first, right of the point or else left of it; a
    name that would overlap one already placed is left out (London's boroughs sit a few mm
    apart at A4 width: Islington printed over Tower Hamlets). The tables name them all."""
    halo = [patheffects.withStroke(linewidth=2, foreground="white")]
    placed = []
    for r in rows.itertuples():
        x, y = TO_BNG.transform(r.dest_lon, r.dest_lat)
        for ha, text in (("left", f" {r.name}"), ("right", f"{r.name} ")):
            t = ax.text(x, y, text, ha=ha, fontsize=6, va="center", zorder=6, path_effects=halo)
            box = t.get_window_extent().expanded(1.04, 1.15)  # the figure's own renderer
            if not any(box.overlaps(p) for p in placed):
                placed.append(box)
                break
            t.remove()


def _legend(flows: pd.DataFrame, leak: Leakage, level: str) -> lg.Legend:
    """The page's flow legend with line weights in the image's points (legend_panel draws 0.8×size)."""
    base = fl.flow_legend(flows, leak.locality.description, level)
    items = tuple(
        lg.LegendItem(i.label, i.colour, i.swatch, size=i.size * PT_PER_PX / 0.8)
        if i.label.endswith(" leaked")
        else i
        for i in base.items
    )
    return lg.Legend(base.title, items, note=base.note, key=base.key)


def render_flow_map(
    leak: Leakage,
    level: str,
    centroids: pd.DataFrame,
    origin: tuple[float, float],
    lad: pd.DataFrame,
    names: Mapping[str, str] | None = None,
    *,
    vintages: dict[str, str] | None = None,
    fmt: str = "png",
    width_in: float = A4_WIDTH_IN,
    dpi: int = PRINT_DPI,
) -> bytes:
    """The leakage flow map as PNG/SVG/PDF bytes: the same flows as the page's ArcLayer.

    `centroids`: geo.analysis.leakage.area_centroids; `origin`: locality_centre (lon, lat);
    `vintages`: the store's (geo.present.image.default_vintages); only the postcode vintage is
    added to the map's own (local boundary, destinations). `lad`: the store LAD table of the index vintage (code, name, membership columns, geometry
    EPSG:4326) for the context outlines and the local area; `names` names destinations.
    """
    check_format(fmt)
    if level not in fl.LEVEL_WORDS:
        raise SpendGeoError(f"Flow level {level!r} is not one of {', '.join(fl.LEVEL_WORDS)}.")
    flows = leakage_flows(leak, level, centroids, origin)
    nm = names or {}
    if len(flows):
        flows["name"] = [nm.get(str(c), str(n)) for c, n in zip(flows["code"], flows["name"], strict=True)]  # fmt: skip
    local = locality_lads(lad, leak.locality)
    ox, oy = TO_BNG.transform(origin[0], origin[1])
    dx, dy = TO_BNG.transform(flows["dest_lon"].to_numpy(float), flows["dest_lat"].to_numpy(float))
    xs, ys = [ox, *np.atleast_1d(dx)], [oy, *np.atleast_1d(dy)]
    if len(local):
        lx0, ly0, lx1, ly1 = bounds_bng(local.geometry.values)
        xs += [lx0, lx1]
        ys += [ly0, ly1]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    span = max(x1 - x0, y1 - y0, 60_000.0)  # at least 60 km across, or one LAD fills the page
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    extent = (cx - span / 2, cy - span / 2, cx + span / 2, cy + span / 2)
    legend = _legend(flows, leak, level)
    page = open_page(extent, [legend], width_in, dpi)
    ax = page.ax

    paths, _ = paths_bng(lad.geometry.values)
    ctx = PathCollection(paths, facecolors="#f2f2f2", edgecolors="#b5b5b5", linewidths=0.2)
    ctx.set_rasterized(fmt != "png")
    ax.add_collection(ctx)
    if len(local):
        lpaths, _ = paths_bng(local.geometry.values)
        blue = palette.hex_colour(fl.SOURCE_COLOUR)
        ax.add_collection(
            PathCollection(lpaths, facecolors=blue + "40", edgecolors=blue, linewidths=1.0)
        )

    drawn = 0
    if len(flows):
        widths = fl.arc_widths(flows["gbp"].to_numpy(dtype="float64")) * PT_PER_PX
        start = np.asarray(fl.SOURCE_COLOUR, float) / 255.0
        end = np.asarray(fl.TARGET_COLOUR, float) / 255.0
        ramp = start + (end - start) * np.linspace(0, 1, SEGMENTS)[:, None]
        segs, cols, lws = [], [], []
        for i in np.argsort(-flows["gbp"].to_numpy(dtype="float64"), kind="stable"):
            pts = _arc(ox, oy, float(dx[i]), float(dy[i]))
            segs += [pts[k : k + 2] for k in range(SEGMENTS)]
            cols.append(ramp)
            lws += [widths[i]] * SEGMENTS
        lines = LineCollection(segs, colors=np.vstack(cols), linewidths=lws, alpha=0.85,
                               capstyle="round", zorder=4)  # fmt: skip
        ax.add_collection(lines)
        ax.scatter(dx, dy, s=6, c=[end], edgecolors="#333333", linewidths=0.3, zorder=5)
        drawn = len(flows)
        _label_destinations(ax, flows.sort_values("gbp", ascending=False).head(LABELS))
    ax.scatter([ox], [oy], s=70, c=[np.asarray(fl.SOURCE_COLOUR) / 255.0], edgecolors="white",
               linewidths=1.5, zorder=7)  # fmt: skip

    undrawn = leak.leaked_gbp - float(flows["gbp"].sum()) if len(flows) else leak.leaked_gbp
    note = (
        f" Retained {format_gbp(leak.retained_gbp)} + leaked {format_gbp(leak.leaked_gbp)} + not "
        f"located {format_gbp(leak.unlocated_gbp)} = total {format_gbp(leak.total_gbp)} (net). "
        f"{drawn:,} destination(s) drawn"
        + (
            f"; {format_gbp(undrawn)} leaked to places with no centre on this map (outside "
            "England or outside any Combined Authority) is in the tables, not drawn."
            if abs(undrawn) >= 0.5
            else "."
        )
    )
    title, subtitle = flow_title(leak, level)
    return close_page(
        page,
        title=title,
        subtitle=subtitle,
        legends=[legend],
        vintages={
            **flow_vintages(leak, level),
            **{k: v for k, v in (vintages or {}).items() if k in EXTRA_VINTAGES},
        },
        note=note,
        fmt=fmt,
        dpi=dpi,
    )


def flow_map_image(
    leak: Leakage,
    level: str,
    centroids: pd.DataFrame,
    origin: tuple[float, float],
    lad: pd.DataFrame,
    names: Mapping[str, str] | None = None,
    vintages: dict[str, str] | None = None,
    dpi: int = PRINT_DPI,
) -> MapImage:
    """The flow map as a report figure (PNG and a caption saying what is and is not drawn)."""
    png = render_flow_map(leak, level, centroids, origin, lad, names, vintages=vintages, dpi=dpi)
    word = fl.LEVEL_WORDS.get(level, level)
    return MapImage(
        flow_title(leak, level)[0],
        png,
        f"Lines join the local area's centre to each destination {word}'s centre, width ∝ £ "
        f"leaked. Local means {leak.locality.description}. Spend with suppliers that could not be "
        "located, or located outside England, is in the tables, not drawn.",
    )
