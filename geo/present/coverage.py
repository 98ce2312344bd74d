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
    the officer can do about it (`remedy`, for the page only); `level` is "warning" or "info".
    `short`: the same in one line, for a presenting page, where it sits above the map in the map's
    column and the map's height leaves one line for it (geo.present.views.PRESENT_NOTE_REM).
    `place_link`: the page links to Place suppliers beside it."""

    level: str
    text: str
    remedy: str
    short: str = ""
    place_link: bool = True


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
    # Presenting: one line in the map's column, 68 characters at most ("Only 49.9% … of that
    # 49.9%."): a 1024-px projector's map column holds ~74 characters of its type.
    short = f"{format_share(share)} of the £ has a placed supplier: " + (
        "shares are floors."
        if s.denominator == "all"
        else f"shares are of that {format_share(share)}."
    )
    if share < WARN_BELOW:
        return CoverageNote("warning", f"Only {placed}. {effect}", remedy, f"Only {short}")
    return CoverageNote(
        "info",
        f"{placed[0].upper()}{placed[1:]}. {effect}",
        remedy,
        f"{short[0].upper()}{short[1:]}",
    )


def none_placed_note(name: str, has_postcodes: bool) -> CoverageNote:
    """The Spend map's note for a dataset with no supplier placed: why, and how to place them."""
    why = (
        "the file has no supplier postcodes"
        if not has_postcodes
        else "none of its postcodes was found"
    )
    return CoverageNote(
        "warning",
        f"No supplier in {name} could be placed on the map: {why}.",
        "To place suppliers, load a supplier register (supplier name or id with postcode, or "
        "Companies House company numbers) beside the file on the Data page; the shares of local and "
        "deprived-area spend need located suppliers, so they show n/a until then.",
        f"No supplier placed ({why.removeprefix('the file has ')}): shares are n/a.",
        place_link=False,
    )


def no_match_note(where_controls: str) -> CoverageNote:
    """The note for filters that leave no spend (`where_controls`: where the filters are)."""
    return CoverageNote(
        "info",
        "No spend matches these filters.",
        f"Widen the date range or clear some filters in {where_controls}.",
        "No spend matches these filters.",
        place_link=False,
    )


def spend_map_notes(
    s: Summary, name: str, located: bool, has_postcodes: bool, where_controls: str
) -> list[CoverageNote]:
    """The notes above the Spend map, in order: no supplier placed (or how much spend is), then
    filters that match nothing."""
    placed = coverage_note(s) if located else none_placed_note(name, has_postcodes)
    notes = [placed] if placed else []
    return notes + ([no_match_note(where_controls)] if s.transactions == 0 else [])
