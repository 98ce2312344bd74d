"""Pure per-area statistics: LAD populations, LSOA→LAD mapping, decile counts summed over LAD memberships."""

from __future__ import annotations

import pandas as pd

from geo.errors import SpendGeoError

ENGLAND_CODE = "E92000001"
# Decile counts per vintage; `share_*` are derived from them (n / n_lsoa).
COUNT_COLUMNS: tuple[str, ...] = ("n_lsoa", "n_decile1", "n_decile12")
STAT_COLUMNS: tuple[str, ...] = (
    "population",
    "n_lsoa",
    "n_decile1",
    "share_decile1",
    "n_decile12",
    "share_decile12",
)


def lad21_population(
    pop: pd.DataFrame, lad21_codes: pd.Index, lad11_lad21: pd.DataFrame
) -> pd.Series:
    """Mid-2019 persons per English LAD21 from the 2020-code sheet.

    A code that is itself an English LAD21 code is kept; an LAD11 code is mapped through the
    LAD11→LAD21 lookup (Northamptonshire's 7 districts, which became North and West
    Northamptonshire, E06000061/62, in April 2021); anything else (counties, regions, countries,
    Wales, Scotland, NI) is ignored. Raises if England's districts do not sum to the England row.
    """
    lad21_codes = pd.Index(lad21_codes)
    l11 = lad11_lad21.set_index("lad11cd")["lad21cd"]
    code = pop["code"]
    target = code.where(code.isin(lad21_codes))
    via11 = code.map(l11)
    target = target.fillna(via11.where(via11.isin(lad21_codes)))
    by_lad = pop.loc[target.notna(), "population"].groupby(target[target.notna()]).sum()
    return _checked_population(by_lad, lad21_codes, pop, "LAD21")


def lad24_population(pop: pd.DataFrame, lad24_codes: pd.Index) -> pd.Series:
    """Mid-2024 persons per English LAD 2024 code (the sheet uses 2024 codes, as IoD2025 does)."""
    lad24_codes = pd.Index(lad24_codes)
    rows = pop.loc[pop["code"].isin(lad24_codes)]
    if rows["code"].duplicated().any():
        raise SpendGeoError("The mid-2024 population sheet has two rows for one LAD code.")
    by_lad = rows.set_index("code")["population"]
    return _checked_population(by_lad, lad24_codes, pop, "LAD 2024")


def _checked_population(
    by_lad: pd.Series, codes: pd.Index, pop: pd.DataFrame, what: str
) -> pd.Series:
    missing = codes.difference(by_lad.index)
    if len(missing):
        raise SpendGeoError(
            f"The population sheet has no figure for {len(missing)} English {what} code(s), e.g. {missing[0]}."
        )
    england = pop.loc[pop["code"] == ENGLAND_CODE, "population"]
    if len(england) != 1:
        raise SpendGeoError("The population sheet has no single England row (E92000001).")
    if int(by_lad.sum()) != int(england.iloc[0]):
        raise SpendGeoError(
            f"English {what} populations sum to {int(by_lad.sum()):,}, not the sheet's England "
            f"total {int(england.iloc[0]):,}."
        )
    return by_lad.reindex(codes).astype("int64").rename("population")


def lsoa_lad21(
    lsoa_lad11: pd.Series, lad11_lad21: pd.DataFrame, lad21_codes: pd.Index
) -> pd.Series:
    """LAD21 per LSOA from the file's 2011-era LAD code; every LSOA must land in an English LAD21."""
    l11 = lad11_lad21.set_index("lad11cd")["lad21cd"]
    lad21 = lsoa_lad11.map(l11).astype("string")
    bad = lad21.isna() | ~lad21.isin(pd.Index(lad21_codes))
    if bad.any():
        first = lsoa_lad11[bad].iloc[0]
        raise SpendGeoError(
            f"{int(bad.sum())} LSOA(s) have no English LAD21: LAD_FILE_CD {first} is not in the "
            "LAD11→LAD21 lookup or maps outside England."
        )
    return lad21


def lad_stats(
    lsoa: pd.DataFrame,
    population: pd.Series | None,
    unit: str = "lad21cd",
    decile: str = "imd_decile",
    units: pd.Index | None = None,
) -> pd.DataFrame:
    """Per LAD (`unit` column): population (if given), n_lsoa, n_decile1, n_decile12.

    LSOAs nest in their LAD (LSOA 2011 in LAD21 via the file's LAD code; LSOA 2021 in LAD 2021
    and LAD 2024 by construction), so counts are exact. `units` (default: the population's
    index) fixes the rows; a LAD with no LSOA gets zeros.
    """
    dec = lsoa[decile].to_numpy()
    frame = pd.DataFrame({unit: lsoa[unit].to_numpy(), "d1": dec == 1, "d12": dec <= 2})
    g = frame.groupby(unit)
    stats = pd.DataFrame(
        {"n_lsoa": g.size(), "n_decile1": g["d1"].sum(), "n_decile12": g["d12"].sum()}
    )
    index = units if units is not None else population.index  # type: ignore[union-attr]
    stats = stats.reindex(index).fillna(0).astype("int64")
    stats.index.name = unit
    if population is not None:
        stats.insert(0, "population", population.reindex(index))
    return stats


def area_stats(
    membership: pd.DataFrame, stats: pd.DataFrame, unit: str = "lad21cd"
) -> pd.DataFrame:
    """Sum LAD stats over areas: membership has columns code, `unit` (one row per pair).

    A LAD in two areas (7 LADs sit in two LEPs) counts in full toward both, so LEP populations
    and LSOA counts overlap and do not add up to England's; shares stay correct per LEP.
    """
    joined = membership.join(stats, on=unit)
    g = joined.groupby("code", sort=True)
    sums = [c for c in ("population", *COUNT_COLUMNS) if c in stats.columns]
    out = g[sums].sum().astype("int64")
    out["share_decile1"] = out["n_decile1"] / out["n_lsoa"]
    out["share_decile12"] = out["n_decile12"] / out["n_lsoa"]
    out["members"] = g[unit].agg(lambda s: ";".join(sorted(s)))
    cols = [c for c in STAT_COLUMNS if c in out.columns]
    return out[[*cols, "members"]]


def membership_long(
    assign: pd.DataFrame, slots: tuple[str, ...], unit: str = "lad21cd"
) -> pd.DataFrame:
    """Wide LAD→area slots to long (code, `unit`) pairs, dropping empty slots."""
    parts = [
        pd.DataFrame({"code": assign[s].to_numpy(), unit: assign.index.to_numpy()}) for s in slots
    ]
    long = pd.concat(parts, ignore_index=True).dropna(subset=["code"])
    return long.astype("string")


def vintage_columns(stats: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """Decile counts and shares renamed for one IMD vintage: n_lsoa → imd25_n_lsoa (no population)."""
    cols = [c for c in STAT_COLUMNS if c != "population" and c in stats.columns]
    return stats[cols].rename(columns={c: f"{prefix}_{c}" for c in cols})
