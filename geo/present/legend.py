"""Legend data for every map colour scale (pydeck draws none), as plain values the UI renders beside the map."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from geo import levels
from geo.present import palette
from geo.present.fmt import format_gbp, format_money  # the one money formatter (pages use it)

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


def decile_legend(title: str = "IMD 2019 decile (LSOA)") -> Legend:
    """Ten swatches; decile 1 named as the most deprived 10% so nobody reads the scale upside down."""
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
        title,
        tuple(items),
        note="Deciles rank all 32,844 English LSOAs (2011 geography); decile 1 is the most deprived.",
        key="decile",
    )


def point_decile_legend() -> Legend:
    """Supplier points coloured by the IMD decile of the LSOA their postcode falls in."""
    base = decile_legend("Supplier colour: IMD 2019 decile of supplier's LSOA")
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


def boundary_legend(keys: tuple[str, ...]) -> Legend:
    """Line swatches for each boundary overlay switched on."""
    items = tuple(
        LegendItem(
            levels.get(lv).label,
            palette.hex_colour(palette.OUTLINES[levels.get(lv).key]),
            "line",
            size=max(1.0, palette.OUTLINE_WIDTH_PX[levels.get(lv).key]),
        )
        for lv in keys
        if lv in levels.LEVELS or lv in ("ca24",)
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


def share_legend(scale: palette.ClassedScale | None = None, area_label: str = "LAD") -> Legend:
    return classed_legend(
        f"Share of LSOAs in IMD decile 1 (by {area_label})",
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
