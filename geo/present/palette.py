"""Colour scales for maps and charts: colour-blind-safe, as RGB(A) lists that deck.gl and Vega both accept."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from geo import levels

RGB = tuple[int, int, int]

# Viridis sampled at ten even steps (perceptually uniform, readable with all common colour-vision
# deficiencies and in greyscale). Decile 1 (most deprived 10%) is the darkest, strongest colour, so
# the most deprived places stand out; decile 10 the lightest.
DECILE_COLOURS: tuple[RGB, ...] = (
    (68, 1, 84),
    (72, 40, 120),
    (62, 74, 137),
    (49, 104, 142),
    (38, 130, 142),
    (31, 158, 137),
    (53, 183, 121),
    (109, 205, 89),
    (180, 222, 44),
    (253, 231, 37),
)

# "No figure" / unknown: a neutral grey that is not on any sequential ramp used here.
NO_DATA: RGB = (189, 189, 189)

# Okabe–Ito pair for local / not local: distinguishable under protanopia, deuteranopia and tritanopia.
LOCAL: RGB = (0, 114, 178)  # blue
NOT_LOCAL: RGB = (230, 159, 0)  # orange
UNKNOWN_PLACE: RGB = NO_DATA

# ColorBrewer "Blues" (5 classes, lightest step dropped so the top of the scale is not near-white
# on a map with no basemap) for Growth Deal £ per head.
PER_HEAD_RAMP: tuple[RGB, ...] = (
    (198, 219, 239),
    (158, 202, 225),
    (107, 174, 214),
    (49, 130, 189),
    (8, 81, 156),
)

# ColorBrewer "RdPu" (5 classes, lightest dropped) for the share of LSOAs in decile 1 by area:
# distinct in hue from the £ ramp so the two side-by-side maps are not read as one scale.
SHARE_RAMP: tuple[RGB, ...] = (
    (252, 197, 192),
    (250, 159, 181),
    (247, 104, 161),
    (197, 27, 138),
    (122, 1, 119),
)

# Boundary outlines (Okabe–Ito hues, different weights) so stacked overlays stay tellable apart.
OUTLINES: dict[str, RGB] = {
    "lad": (110, 110, 110),
    "lep": (0, 114, 178),
    "ca": (213, 94, 0),
    "utla": (204, 121, 167),  # upper-tier authority (utla24): Okabe–Ito reddish purple
    "lsoa": (255, 255, 255),
    "focus": (0, 0, 0),
}
OUTLINE_WIDTH_PX: dict[str, float] = {
    "lad": 0.6, "lep": 2.0, "ca": 2.5, "utla": 1.8, "lsoa": 0.2, "focus": 3,
}  # fmt: skip
POINT_OUTLINE: RGB = (40, 40, 40)


def outline_key(level_key: str) -> str:
    """The OUTLINES key of a level: a LAD of any vintage draws as "lad", a CA as "ca", an
    upper-tier authority (utla24) as "utla"."""
    return levels.family(level_key)


# Ring of supplier points drawn over the IMD choropleth: white parts each circle from the
# same viridis colours underneath.
POINT_RING: RGB = (255, 255, 255)


# The decile fill's alpha on every map (tiles, GeoJSON, bands) and in the map images under points.
DECILE_ALPHA = 210


def rgba(colour: Sequence[int], alpha: int = 255) -> list[int]:
    """[r, g, b, a] as deck.gl wants it."""
    return [int(colour[0]), int(colour[1]), int(colour[2]), int(alpha)]


def veiled(colour: Sequence[int], veil_alpha: int) -> RGB:
    """The colour as seen under a white veil of `veil_alpha` (0–255): mixed toward white."""
    a = veil_alpha / 255
    r, g, b = (round(int(c) * (1 - a) + 255 * a) for c in colour[:3])
    return (r, g, b)


def hex_colour(colour: Sequence[int]) -> str:
    """'#rrggbb' for CSS and Vega."""
    return "#{:02x}{:02x}{:02x}".format(*(int(c) for c in colour[:3]))


def decile_colour(decile: object) -> RGB:
    """Colour of an IMD decile 1–10; NO_DATA for missing or out-of-range values."""
    try:
        d = int(decile)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return NO_DATA
    return DECILE_COLOURS[d - 1] if 1 <= d <= 10 else NO_DATA


def decile_colours(deciles: Sequence[object] | np.ndarray) -> np.ndarray:
    """(n, 3) uint8 colours for an array of deciles (nullable); NO_DATA where missing."""
    arr = np.asarray(
        [d if d is not None and not _is_nan(d) else 0 for d in deciles], dtype="float64"
    )
    idx = np.where((arr >= 1) & (arr <= 10), arr, 0).astype(int)
    table = np.asarray((NO_DATA, *DECILE_COLOURS), dtype=np.uint8)
    return table[idx]


def local_colours(is_local: Sequence[object] | np.ndarray) -> np.ndarray:
    """(n, 3) colours for local (True) / not local (False) / unknown place (None/NA)."""
    out = np.empty((len(is_local), 3), dtype=np.uint8)
    for i, v in enumerate(is_local):
        if v is None or _is_nan(v):
            out[i] = UNKNOWN_PLACE
        else:
            out[i] = LOCAL if bool(v) else NOT_LOCAL
    return out


@dataclass(frozen=True)
class ClassedScale:
    """A classed sequential scale: `breaks` are the n-1 inner thresholds for n colours."""

    breaks: tuple[float, ...]
    colours: tuple[RGB, ...]
    lo: float
    hi: float

    def colour(self, value: object) -> RGB:
        if value is None or _is_nan(value):
            return NO_DATA
        v = float(value)  # type: ignore[arg-type]
        i = int(np.searchsorted(np.asarray(self.breaks), v, side="right"))
        return self.colours[min(i, len(self.colours) - 1)]

    def colours_for(self, values: Sequence[object] | np.ndarray) -> np.ndarray:
        """(n, 3) uint8 colours; NO_DATA where a value is missing."""
        vals = np.asarray(
            [float(v) if v is not None and not _is_nan(v) else np.nan for v in values],
            dtype="float64",
        )
        idx = np.searchsorted(np.asarray(self.breaks), np.nan_to_num(vals), side="right")
        idx = np.minimum(idx, len(self.colours) - 1) + 1
        idx[np.isnan(vals)] = 0
        table = np.asarray((NO_DATA, *self.colours), dtype=np.uint8)
        return table[idx]

    def bins(self) -> list[tuple[float, float]]:
        """(from, to) for each colour, using lo/hi for the open ends."""
        edges = [self.lo, *self.breaks, self.hi]
        return [(edges[i], edges[i + 1]) for i in range(len(self.colours))]


def nice_number(x: float) -> float:
    """Round to 1, 2, 2.5 or 5 × a power of ten, so legend thresholds read cleanly."""
    if x == 0 or not math.isfinite(x):
        return 0.0
    sign = -1 if x < 0 else 1
    x = abs(x)
    exp = math.floor(math.log10(x))
    f = x / 10**exp
    nice = min((1, 2, 2.5, 5, 10), key=lambda c: abs(c - f))
    return sign * nice * 10**exp


def nice_ceiling(x: float) -> float:
    """Smallest 1, 2, 2.5 or 5 × a power of ten at or above |x| (a legend's top £)."""
    if x == 0 or not math.isfinite(x):
        return 0.0
    x = abs(x)
    exp = math.floor(math.log10(x))
    for c in (1, 2, 2.5, 5, 10):
        if c * 10**exp >= x * (1 - 1e-12):
            return float(c * 10**exp)
    return float(10 ** (exp + 1))


def round_sig(x: float, digits: int = 2) -> float:
    """Round to `digits` significant figures (137.4 → 140): readable, yet keeps close breaks apart."""
    if x == 0 or not math.isfinite(x):
        return 0.0
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def quantile_scale(values: Sequence[object] | np.ndarray, ramp: Sequence[RGB]) -> ClassedScale:
    """Classed scale with roughly equal counts per class and readable (rounded) thresholds.

    Quantiles suit skewed money-per-head figures better than equal intervals; rounding the
    thresholds keeps the legend legible from the back of a room. Duplicate thresholds (few
    distinct values) collapse, so fewer classes than colours may be used.
    """
    vals = np.asarray(
        [float(v) for v in values if v is not None and not _is_nan(v)], dtype="float64"
    )
    if vals.size == 0:
        return ClassedScale((), (ramp[-1],), 0.0, 0.0)
    lo, hi = float(vals.min()), float(vals.max())
    n = len(ramp)
    raw = np.quantile(vals, [i / n for i in range(1, n)]) if vals.size > 1 else np.array([])
    breaks: list[float] = []
    for b in raw:
        nb = round_sig(float(b))
        if lo < nb < hi and (not breaks or nb > breaks[-1]):
            breaks.append(nb)
    # Spread the available colours over the classes actually used, keeping both ends of the ramp.
    k = len(breaks) + 1
    picks = [round(i * (n - 1) / (k - 1)) for i in range(k)] if k > 1 else [n - 1]
    return ClassedScale(tuple(breaks), tuple(ramp[p] for p in picks), lo, hi)


def share_scale() -> ClassedScale:
    """Fixed scale for shares of LSOAs in decile 1 (0–1): fixed so maps of different areas compare."""
    return ClassedScale((0.05, 0.10, 0.20, 0.30), SHARE_RAMP, 0.0, 1.0)


def sqrt_radius(
    amounts: Sequence[float] | np.ndarray,
    max_amount: float | None = None,
    min_px: float = 2.0,
    max_px: float = 28.0,
) -> np.ndarray:
    """Point radius in pixels, area proportional to |£| (sqrt scale), clipped to [min_px, max_px]."""
    a = np.abs(np.asarray(amounts, dtype="float64"))
    a = np.nan_to_num(a)
    top = float(max_amount) if max_amount else (float(a.max()) if a.size else 0.0)
    if top <= 0:
        return np.full(a.shape, min_px)
    r = max_px * np.sqrt(a / top)
    return np.clip(r, min_px, max_px)


def _is_nan(v: object) -> bool:
    try:
        return v is None or bool(v != v)  # NaN and pd.NA (NA != NA is NA → bool raises)
    except TypeError:
        return True
