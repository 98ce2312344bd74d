"""Legend data for every map colour scale (pydeck draws none), as plain values the UI renders beside the map."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from geo import levels
from geo.fmt import format_gbp, format_money  # the one money formatter (pages use it)
from geo.present import palette

Swatch = Literal["fill", "line", "circle"]


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str  # '#rrggbb'
    swatch: Swatch = "fill"
    size: float = 12.0  # px; circle diameter or line weight


@dataclass(frozen=True)
class Legend:
    title: str
    items: tuple[LegendItem, ...]
    note: str = ""
    key: str = field(default="", compare=False)


# English LSOAs each vintage ranks (ONS: 32,844 LSOA 2011; 33,755 LSOA 2021, as IoD2025 File 1).
LSOA_COUNTS: dict[str, int] = {"LSOA 2011": 32_844, "LSOA 2021": 33_755}


def decile_legend(title: str | None = None, *, imd: str | int | None = None) -> Legend:
    """Ten swatches for the IMD vintage `imd` (default 2025); decile 1 named as the most deprived
    10% so nobody reads the scale upside down. `title` defaults to "IMD 2025 decile (LSOA 2021)"."""
    v = levels.imd(imd)
    items = []
    for d, colour in enumerate(palette.DECILE_COLOURS, start=1):
        if d == 1:
            label = "1 — most deprived 10%"
        elif d == 10:
            label = "10 — least deprived 10%"
        else:
            label = str(d)
        items.append(LegendItem(label, palette.hex_colour(colour)))
    return Legend(
        title or f"{v.label} decile ({v.lsoa_vintage})",
        tuple(items),
        note=f"{v.label} deciles rank all {LSOA_COUNTS[v.lsoa_vintage]:,} English LSOAs "
        f"({v.lsoa_vintage} geography); decile 1 is the most deprived.",
        key="decile",
    )


def point_decile_legend(imd: str | int | None = None) -> Legend:
    """Supplier points coloured by the IMD decile (vintage `imd`, default 2025) of their LSOA."""
    v = levels.imd(imd)
    base = decile_legend(
        f"Supplier colour: {v.label} decile of supplier's LSOA ({v.lsoa_vintage})", imd=v.key
    )
    items = tuple(LegendItem(i.label, i.colour, "circle") for i in base.items) + (
        LegendItem(
            "No decile (outside England or not located)",
            palette.hex_colour(palette.NO_DATA),
            "circle",
        ),
    )
    return Legend(base.title, items, base.note, key="point_decile")


def local_legend(locality_description: str) -> Legend:
    """Two-colour local / not local, naming the boundary that defines 'local'."""
    return Legend(
        "Supplier colour: local or not",
        (
            LegendItem("Local", palette.hex_colour(palette.LOCAL), "circle"),
            LegendItem("Not local", palette.hex_colour(palette.NOT_LOCAL), "circle"),
            LegendItem("Place unknown", palette.hex_colour(palette.UNKNOWN_PLACE), "circle"),
        ),
        note=f"Local means {locality_description}." if locality_description else "",
        key="local",
    )


def size_legend(
    max_amount: float, radius_px: float = 28.0, min_px: float = 2.0, *, fixed: bool = False
) -> Legend:
    """Three reference circles for the sqrt £ scale (area ∝ £) at rounded amounts.

    `fixed`: `max_amount` is the dataset's fixed scale (mapspec.size_scale_max), and the legend
    says so, so readers know two filtered views can be compared circle for circle.
    """
    if not max_amount or max_amount <= 0:
        return Legend("Supplier size: £ spend", (), note="No spend to size.", key="size")
    amounts = sorted({palette.nice_number(max_amount * f) for f in (1.0, 0.25, 0.02)}, reverse=True)
    radii = palette.sqrt_radius(amounts, max_amount=max_amount, min_px=min_px, max_px=radius_px)
    items = tuple(
        LegendItem(format_money(a), "#9e9e9e", "circle", size=float(2 * r))
        for a, r in zip(amounts, radii, strict=True)
    )
    return Legend(
        "Supplier size: £ spend (circle area ∝ £)",
        items,
        note=(
            f"Summed per supplier location. Fixed scale for this dataset: the largest circle is "
            f"{format_money(max_amount)}, in every filtered view."
            if fixed
            else "Summed per supplier location."
        ),
        key="size",
    )


def boundary_legend(keys: tuple[str, ...], imd: str | int | None = None) -> Legend:
    """Line swatches for each boundary overlay switched on; "lad" / "ca" are the IMD vintage's
    current sets (LAD 2024 / CA 2025 under 2025, the default), each labelled with its vintage."""
    shown = []
    for k in keys:
        try:
            shown.append(levels.for_imd(k, imd))
        except KeyError:
            continue
    items = tuple(
        LegendItem(
            lv.label,
            palette.hex_colour(palette.OUTLINES[palette.outline_key(lv.key)]),
            "line",
            size=max(1.0, palette.OUTLINE_WIDTH_PX[palette.outline_key(lv.key)]),
        )
        for lv in shown
    )
    return Legend("Boundaries", items, key="boundaries")


def classed_legend(
    title: str,
    scale: palette.ClassedScale,
    fmt: str = "money",
    no_data_label: str | None = None,
    note: str = "",
    key: str = "",
) -> Legend:
    """One swatch per class, labelled 'a – b'; an optional grey 'no figure' swatch last."""
    items = [
        LegendItem(f"{_fmt(lo, fmt)} – {_fmt(hi, fmt)}", palette.hex_colour(colour))
        for (lo, hi), colour in zip(scale.bins(), scale.colours, strict=True)
    ]
    if no_data_label:
        items.append(LegendItem(no_data_label, palette.hex_colour(palette.NO_DATA), "fill"))
    return Legend(title, tuple(items), note=note, key=key)


def per_head_legend(scale: palette.ClassedScale) -> Legend:
    return classed_legend(
        "Growth Deal £ per head (LEP 2021, rounds 1–3)",
        scale,
        fmt="money",
        no_data_label="No figure (see reason in table)",
        note="Population: ONS mid-2019. Grey = no complete total was found (reason in the table); never shown as £0.",
        key="per_head",
    )


def share_legend(
    scale: palette.ClassedScale | None = None,
    area_label: str = "LAD",
    imd: str | int | None = None,
) -> Legend:
    v = levels.imd(imd)
    return classed_legend(
        f"Share of LSOAs in {v.label} decile 1 ({v.lsoa_vintage}; by {area_label})",
        scale or palette.share_scale(),
        fmt="pct",
        key="share",
    )


def _fmt(x: float, fmt: str) -> str:
    if fmt == "pct":
        return f"{x * 100:.0f}%"
    if fmt == "money":
        return format_gbp(x)
    return f"{x:,.2f}"


def over_white(legend: Legend, alpha: float) -> Legend:
    """The legend with each swatch as its colour looks drawn at `alpha` over a white page, so a
    key matches a faded fill (exports walk: the image's fill was faded, its key full strength)."""

    def blend(hex_: str) -> str:
        rgb = [int(hex_[i : i + 2], 16) for i in (1, 3, 5)]
        return palette.hex_colour(palette.veiled(rgb, (1 - alpha) * 255))

    items = tuple(
        LegendItem(i.label, blend(i.colour), i.swatch, i.size) if i.swatch == "fill" else i
        for i in legend.items
    )
    return Legend(legend.title, items, legend.note, key=legend.key)


def spend_map_legends(
    *,
    colour_by: str,
    imd_layer: bool,
    boundaries: tuple[str, ...],
    max_amount: float,
    locality_description: str = "",
    imd: str | int | None = None,
    combine: bool = False,
) -> tuple[Legend, ...]:
    """The Spend map's legends, in reading order: supplier colour, supplier size, the decile
    layer (when on), the boundaries.

    `combine` (presentation mode's one compact row): when the circles and the areas share the
    decile colours, one legend names both, so the projector's first screen is not spent on the
    same ten colours twice (workshop walk: the legends sat below a 720 px screen)."""
    v = levels.imd(imd)
    size = size_legend(max_amount, fixed=True)
    bounds = boundary_legend(boundaries, imd=v.key)
    if colour_by == "local":
        colour = local_legend(locality_description)
    else:
        colour = point_decile_legend(v.key)
    if not imd_layer:
        return (colour, size, bounds)
    areas = decile_legend(imd=v.key)
    if combine and colour_by != "local":
        both = Legend(
            f"Areas and supplier circles: {v.label} decile ({v.lsoa_vintage})",
            areas.items + colour.items[-1:],  # + the circles' "No decile" swatch
            areas.note,
            key="decile",
        )
        return (both, size, bounds)
    return (colour, size, areas, bounds)
