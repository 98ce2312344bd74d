"""The decile tiles' one colour expression: deciles, the veil outside a focus area, and boundary bands."""

from __future__ import annotations

import re
from collections.abc import Sequence

from geo import levels
from geo.present import palette, ribbons
from geo.present.geojson import dumps

# Over the rest of England when zoomed to one area: the deciles stay legible as context
# (the same white veil, 165 of 255, that the GeoJSON focus layer lays over the map).
VEIL_ALPHA = 165
BAND_ALPHA = 230
CLEAR = [0, 0, 0, 0]
# An area code goes into an expression deck.gl evaluates: only a GSS code (E37000015) may.
_GSS = re.compile(r"^[EWSNK]\d{8}$")


def decile_chain(alpha: int = palette.DECILE_ALPHA, veil_alpha: int = 0) -> str:
    """JS conditional chain: the colour of property `d` (IMD decile 1–10), 'no data' grey when
    absent; with `veil_alpha`, each colour as seen under the white veil.

    A chain of conditionals, because deck.gl's expression parser rejects indexing an array
    literal. The palette stays in the spec, not in the tiles, so new colours need no re-tiling.
    """

    def colour(c: Sequence[int]) -> str:
        return dumps(palette.rgba(palette.veiled(c, veil_alpha) if veil_alpha else c, alpha))

    chain = "".join(
        f"properties.d === {d} ? {colour(c)} : "
        for d, c in enumerate(palette.DECILE_COLOURS, start=1)
    )
    return chain + colour(palette.NO_DATA)


def focus_test(level: str, code: str, imd: str | int | None = None) -> str | None:
    """JS test 'this LSOA lies in the area' from the tiles' membership properties (a LEP has two
    columns: 7 LADs sat in two LEPs), or None for a code that is not a GSS code."""
    if not _GSS.match(str(code)):
        return None
    lv = levels.for_imd(level, imd)
    return " || ".join(f"properties.{col} === '{code}'" for col in lv.columns)


def _shown_keys(shown: Sequence[str], imd: str | int | None) -> list[str]:
    """The band levels (`lvl` keys) of the shown boundaries under the vintage: one resolution for
    the colours (band_chain) and the parsed layers (band_layers), so the two cannot drift apart."""
    return [levels.for_imd(b, imd).key for b in shown]


def _focus_key(focus: tuple[str, str] | None, imd: str | int | None) -> str | None:
    """The focus area's band level, or None when there is no focus or its code is not a GSS code."""
    if focus and _GSS.match(str(focus[1])):
        return levels.for_imd(focus[0], imd).key
    return None


def band_chain(
    shown: Sequence[str], focus: tuple[str, str] | None, imd: str | int | None = None
) -> str:
    """JS conditional chain for a band feature (property `lvl` = its level): the focus area's wide
    band in black, the normal bands of the `shown` levels in their outline colours, others clear."""
    parts = []
    key = _focus_key(focus, imd)
    if key and focus:
        black = dumps(palette.rgba(palette.OUTLINES["focus"]))
        parts.append(f"properties.f && properties.lvl === '{key}' && properties.c === '{focus[1]}'")
        parts[-1] += f" ? {black}"
    for k in _shown_keys(shown, imd):
        colour = palette.rgba(palette.OUTLINES[palette.outline_key(k)], BAND_ALPHA)
        parts.append(f"!properties.f && properties.lvl === '{k}' ? {dumps(colour)}")
    return "".join(f"{p} : " for p in parts) + dumps(CLEAR)


def band_layers(
    shown: Sequence[str], focus: tuple[str, str] | None, imd: str | int | None = None
) -> list[str]:
    """The decile tiles' band layers a map draws (ribbons.band_layer): the `shown` levels' bands
    and the focus level's focus bands; band_chain colours exactly these, so the rest need not
    be parsed or drawn."""
    out = [ribbons.band_layer(k) for k in _shown_keys(shown, imd)]
    key = _focus_key(focus, imd)
    if key:
        out.append(ribbons.band_layer(key, focus=True))
    return list(dict.fromkeys(out))


def fill_expression(
    shown: Sequence[str] = (),
    focus: tuple[str, str] | None = None,
    imd: str | int | None = None,
    alpha: int = palette.DECILE_ALPHA,
) -> str:
    """deck.gl JSON accessor for the decile tiles' getFillColor.

    LSOAs take their decile colour, veiled outside `focus` (level, code); band features (they
    carry `lvl`) draw the `shown` boundary levels and the focus outline, the rest stay clear. One
    layer draws it all: on a browser without a GPU each extra layer costs whole redraws.
    """
    inside = focus_test(*focus, imd) if focus else None
    lsoa = decile_chain(alpha)
    if inside:
        lsoa = f"({inside}) ? ({lsoa}) : ({decile_chain(alpha, VEIL_ALPHA)})"
    return f"@@=properties.lvl ? ({band_chain(shown, focus, imd)}) : ({lsoa})"
