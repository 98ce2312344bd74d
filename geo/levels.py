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
# district, E08 metropolitan district, E09 London borough; E10 county; E37 LEP; E47 Combined
# Authority. An upper-tier authority is a county (E10) or a single-tier district (E06/E08/E09).
_LAD_PREFIXES = ("E06", "E07", "E08", "E09")
_UTLA_PREFIXES = ("E06", "E08", "E09", "E10")

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
            key="lad24",
            store="lad24",
            prefixes=_LAD_PREFIXES,
            columns=("lad24cd",),
            noun="LAD",
            label="Local authority district (LAD 2024)",
            vintage="LAD 2024 (IoD2025 codes; May 2025 boundaries)",
        ),
        Level(
            key="ca25",
            store="ca25",
            prefixes=("E47",),
            columns=("ca25cd",),
            noun="Combined Authority",
            label="Combined Authority (CA 2025)",
            vintage="CA May 2025",
        ),
        Level(
            key="utla24",
            store="utla24",
            prefixes=_UTLA_PREFIXES,
            columns=("utla24cd",),
            noun="upper-tier authority",
            label="Upper-tier local authority (2024)",
            vintage="UTLA 2024 (ONS codes; May 2025 boundaries)",
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
_ALIASES = {"ca24": "ca", "lad21": "lad"}


@dataclass(frozen=True)
class ImdVintage:
    """One deprivation vintage: its LSOA layer in the store, column names and current levels.

    `current` maps the generic keys "lad" and "ca" to the level of the same vintage: under IMD
    2025 a LAD is a LAD 2024 and a CA a CA May 2025; under IMD 2019 the LAD 2021 and CA 2024.
    """

    key: str  # "2025" / "2019": URL and CLI value
    label: str  # "IMD 2025"
    lsoa_vintage: str  # "LSOA 2021"
    lsoa_store: str  # display layer file without ".parquet"; detail / bng add "_detail" / "_bng"
    lsoa_column: str  # LSOA code column on LSOA, postcode and spend rows
    lsoa_name_column: str
    decile_column: str  # IMD decile on LSOA, postcode and spend rows (1 = most deprived 10%)
    rank_column: str
    stats_prefix: str  # area-table columns "<prefix>_share_decile1" …
    current: dict[str, str]
    population_year: str  # population of the vintage's current areas


IMD: dict[str, ImdVintage] = {
    "2025": ImdVintage(
        key="2025",
        label="IMD 2025",
        lsoa_vintage="LSOA 2021",
        lsoa_store="lsoa21",
        lsoa_column="lsoa21cd",
        lsoa_name_column="lsoa21nm",
        decile_column="imd25_decile",
        rank_column="imd25_rank",
        stats_prefix="imd25",
        current={"lad": "lad24", "ca": "ca25"},
        population_year="mid-2024",
    ),
    "2019": ImdVintage(
        key="2019",
        label="IMD 2019",
        lsoa_vintage="LSOA 2011",
        lsoa_store="lsoa",
        lsoa_column="lsoa11cd",
        lsoa_name_column="lsoa11nm",
        # Kept unsuffixed: every IMD 2019 consumer reads `imd_decile`.
        decile_column="imd_decile",
        rank_column="imd_rank",
        stats_prefix="imd19",
        current={"lad": "lad", "ca": "ca"},
        population_year="mid-2019",
    ),
}
DEFAULT_IMD = "2025"


def imd(key: str | int | None = None) -> ImdVintage:
    """The IMD vintage for "2025" / "2019" (default 2025); KeyError names the known ones."""
    k = str(key if key is not None else DEFAULT_IMD).strip()
    try:
        return IMD[k]
    except KeyError:
        raise KeyError(f"unknown IMD vintage {key!r}; known: {', '.join(IMD)}") from None


def for_imd(key: str, imd_key: str | int | None = None) -> Level:
    """The level a key means under an IMD vintage: "lad"/"ca" follow it, explicit keys do not."""
    k = str(key).strip().lower()
    return get(imd(imd_key).current.get(k, k))


# Boundary levels drawn as outlines on the maps, in drawing order.
BOUNDARY_KEYS: tuple[str, ...] = ("lad", "lep", "ca")
# Outline overlays a map can switch on: the boundary levels, then the upper-tier authorities
# (2024), which are drawn, can be "local" and can be zoomed to, but are not a filter or ranking
# level.
OUTLINE_KEYS: tuple[str, ...] = (*BOUNDARY_KEYS, "utla24")
# Areas the Spend map can zoom to: the boundary levels and the upper-tier authorities, so a county
# council's officer can zoom to the county they set as "local".
ZOOM_KEYS: tuple[str, ...] = OUTLINE_KEYS


def family(key: str) -> str:
    """The level a vintage's key belongs to: 'lad24' → 'lad', 'ca25' → 'ca', 'utla24' → 'utla'."""
    return key.rstrip("0123456789") or key


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


def carried_by(level: Level | str, columns: Iterable[str]) -> bool:
    """Whether rows with these columns can say which of the level's areas they lie in: LSOA 2011
    rows carry no utla24cd (upper-tier authorities are on the 2021 frame)."""
    lv = get(level) if isinstance(level, str) else level
    return not set(lv.columns).isdisjoint(columns)


def decile_title(vintage: str | int | None = None) -> str:
    """'IMD 2025 decile (LSOA 2021)': the vintage of every decile a page, legend or export shows."""
    v = imd(vintage)
    return f"{v.label} decile ({v.lsoa_vintage})"
