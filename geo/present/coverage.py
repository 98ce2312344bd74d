"""How much of a selection's spend has a placed supplier, said beside every share it changes."""

from __future__ import annotations

from dataclasses import dataclass

from geo.analysis.summary import Summary
from geo.fmt import format_money, format_share

# Below half the money placed, every share on the page describes a minority of the spend: a
# warning. Up to 90% it is a note. Councils' own progressive-procurement studies place 85-95% of
# spend by value once a supplier register is matched; the council files in ../shared (no supplier
# postcodes) place 3.6% (Calderdale 2021/22) before the officer loads one.
WARN_BELOW = 0.5
NOTE_BELOW = 0.9


@dataclass(frozen=True)
class CoverageNote:
    """What the unplaced spend does to the shares (`text`, for the page and the report) and what
    the officer can do about it (`remedy`, for the page only); `level` is "warning" or "info"."""

    level: str
    text: str
    remedy: str


def coverage_note(s: Summary) -> CoverageNote | None:
    """What the unplaced spend does to this selection's shares, or None when (nearly) all is
    placed. A selection with nothing placed is left to the page's own message: there every share
    is n/a, not a floor."""
    share = s.share_geocoded_gbp
    if share is None or s.geocoded_gbp <= 0 or share >= NOTE_BELOW:
        return None
    placed = (
        f"{format_share(share)} of this selection's spend ({format_money(s.geocoded_gbp)} of "
        f"{format_money(s.total_gbp)}) has a placed supplier"
    )
    if s.denominator == "all":
        effect = (
            f"Shares here are of all spend, so the unplaced {format_share(1 - share)} counts as "
            "neither local nor in a deprived area: each share is a floor, not an estimate."
        )
        remedy = (
            "Place more suppliers, or read shares of located spend only (sidebar: Shares are of)."
        )
    else:
        effect = (
            "Shares here are of located spend only: they describe that part of the money and may "
            "not hold for the rest."
        )
        remedy = "Place more suppliers to widen them."
    if share < WARN_BELOW:
        return CoverageNote("warning", f"Only {placed}. {effect}", remedy)
    return CoverageNote("info", f"{placed[0].upper()}{placed[1:]}. {effect}", remedy)
