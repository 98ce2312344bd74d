"""The one vocabulary of area levels: store file, GSS prefix, LSOA/row columns, label and vintage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    """One kind of area the app can draw, filter by, or call "local".

    `columns` are the code columns that carry membership on an LSOA row, a postcode row and a
    geocoded spend row (the same names everywhere). A LEP has two: 7 LADs sit in two LEPs (2021),
    so membership tests both `lep21cd` and `lep21cd2`.
    """

    key: str  # URL / CLI key: "lad", "lep", "ca", "ca21"
    store: str  # area table file in the store, without ".parquet"
    prefixes: tuple[str, ...]  # GSS entity codes this level's areas start with
    columns: tuple[str, ...]  # membership columns on LSOA / postcode / spend rows
    noun: str  # short noun for sentences: "LAD", "LEP", "Combined Authority"
    label: str  # legend / heading label, with its vintage
    vintage: str  # the boundary vintage, as printed on screen and in exports
    historic: bool = False  # a frame kept for past programmes (LEPs after April 2024)

    @property
    def column(self) -> str:
        """The primary membership column (the first of `columns`)."""
        return self.columns[0]

    def is_code(self, code: str) -> bool:
        return str(code).startswith(self.prefixes)


# Why these prefixes: ONS Register of Geographic Codes — E06 unitary, E07 non-metropolitan
# district, E08 metropolitan district, E09 London borough; E37 LEP; E47 Combined Authority.
_LAD_PREFIXES = ("E06", "E07", "E08", "E09")

LEVELS: dict[str, Level] = {
    lv.key: lv
    for lv in (
        Level(
            key="lad",
            store="lad",
            prefixes=_LAD_PREFIXES,
            columns=("lad21cd",),
            noun="LAD",
            label="Local authority district (LAD 2021)",
            vintage="LAD December 2021",
        ),
        Level(
            key="lep",
            store="lep",
            prefixes=("E37",),
            columns=("lep21cd", "lep21cd2"),
            noun="LEP",
            label="Local Enterprise Partnership (LEP 2021, historic)",
            vintage="LEP May 2021",
            historic=True,
        ),
        Level(
            key="ca",
            store="ca24",
            prefixes=("E47",),
            columns=("ca24cd",),
            noun="Combined Authority",
            label="Combined Authority (CA 2024)",
            vintage="CA May 2024",
        ),
        Level(
            key="ca21",
            store="ca21",
            prefixes=("E47",),
            columns=("ca21cd",),
            noun="Combined Authority (2021)",
            label="Combined Authority (CA 2021)",
            vintage="CA December 2021",
            historic=True,
        ),
    )
}

# Aliases accepted from older links and the command line: the store name of a level.
_ALIASES = {"ca24": "ca"}

# Boundary levels drawn as outlines on the maps, in drawing order.
BOUNDARY_KEYS: tuple[str, ...] = ("lad", "lep", "ca")


def get(key: str) -> Level:
    """The level for a key or alias; KeyError names the known keys."""
    k = _ALIASES.get(str(key).strip().lower(), str(key).strip().lower())
    try:
        return LEVELS[k]
    except KeyError:
        raise KeyError(f"unknown area level {key!r}; known: {', '.join(LEVELS)}") from None


def members(level: Level | str, code: str, rows: object) -> object:
    """Boolean mask of `rows` (a DataFrame of LSOA / postcode / spend rows) inside area `code`.

    Tests every membership column of the level (both LEP columns), so the map's colours and the
    summary cards decide "local" by the same rule.
    """
    return members_any(level, (code,), rows)


def members_any(level: Level | str, codes: Iterable[str], rows: object) -> object:
    """Boolean mask of `rows` inside any of `codes` (a set of LADs, say)."""
    import numpy as np

    lv = get(level) if isinstance(level, str) else level
    wanted = list(codes)
    n = len(rows)  # type: ignore[arg-type]
    keep = np.zeros(n, dtype=bool)
    for col in lv.columns:
        if col in rows.columns:  # type: ignore[attr-defined]
            keep |= rows[col].isin(wanted).fillna(False).to_numpy(dtype=bool)  # type: ignore[index]
    return keep
