"""Growth Deal columns per 2021 LEP: the source's £m, and £ per head on the area the deal was made for."""

from __future__ import annotations

import pandas as pd

from geo.errors import SpendGeoError

# The headline the government gave for all three rounds of Growth Deals (2014–2017), printed
# beside the table's own national total so a reader sees how much the table covers.
HEADLINE_TOTAL_GBP_M = 9_100.0
HEADLINE_SOURCE = "£9.1bn: the government's total for the three rounds of Growth Deals (2014–2017)"

# LEPs whose 2021 boundary is smaller than the area their Growth Deals were signed for, with the
# LAD21 districts they lost, taken from the `notes` of geo/reference/growth_deals_by_lep.csv:
# - Leeds City Region (E37000062): "Barnsley, Craven, Harrogate, Selby and York were removed".
# - Sheffield City Region (E37000054): "the Derbyshire and Bassetlaw districts were removed": its
#   non-constituent members Bassetlaw, Bolsover, Chesterfield, Derbyshire Dales, NE Derbyshire.
# The deal's £ per head divides by the mid-2019 population of that signing-time area.
SIGNING_AREA_EXTRA: dict[str, tuple[str, ...]] = {
    "E37000062": ("E08000016", "E07000163", "E07000165", "E07000169", "E06000014"),
    "E37000054": ("E07000171", "E07000033", "E07000034", "E07000035", "E07000038"),
}
# LEPs whose area changed between the deal and 2021 without the table naming the districts: a £
# per head on the 2021 population would not be the deal's, so it is shown as not comparable.
NOT_COMPARABLE: dict[str, str] = {
    "E37000059": (
        "Not comparable: the 2021 Greater Cambridge and Greater Peterborough boundary is much "
        "smaller than the 2017 area the deal was made for, and the source does not name the "
        "districts it lost, so dividing by the 2021 population would overstate £ per head."
    ),
    "E37000044": (
        "Not comparable: Coast to Capital's boundary changed in 2020–21 (new code E37000044) "
        "and the source does not name the districts, so the deal's area is not known here."
    ),
}


def round_list(rounds: list[int]) -> str:
    """[2] → 'round 2'; [2, 3] → 'rounds 2 and 3'."""
    if len(rounds) == 1:
        return f"round {rounds[0]}"
    return "rounds " + ", ".join(map(str, rounds[:-1])) + f" and {rounds[-1]}"


def deal_population(
    lep: pd.DataFrame, lad_population: pd.Series, lad_names: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """(population, basis sentence) of the area each LEP's deal was signed for.

    `lep` has index code and columns population, members (";"-joined LAD21 codes).
    """
    pops: dict[str, float] = {}
    basis: dict[str, str] = {}
    for code, row in lep.iterrows():
        extra = SIGNING_AREA_EXTRA.get(str(code), ())
        if not extra:
            pops[code] = float(row["population"])
            basis[code] = "2021 LEP area, mid-2019 population"
            continue
        members = set(str(row["members"]).split(";")) | set(extra)
        unknown = [c for c in extra if c not in lad_population.index]
        if unknown:
            raise SpendGeoError(
                f"Growth Deal signing area of {code} names unknown LAD {unknown[0]}."
            )
        pops[code] = float(lad_population.reindex(sorted(members)).sum())
        names = ", ".join(str(lad_names.get(c, c)) for c in extra)
        basis[code] = (
            f"area when the deal was signed (2021 LEP area plus {names}), mid-2019 population"
        )
    return pd.Series(pops, dtype="float64"), pd.Series(basis, dtype="string")


def growth_deal_columns(
    lep: pd.DataFrame,
    deals: pd.DataFrame,
    lad_population: pd.Series | None = None,
    lad_names: pd.Series | None = None,
) -> pd.DataFrame:
    """Growth Deal columns per 2021 LEP (index = lep21cd); `lep` has index code, population, members.

    Rows join on `lep21cd`, the direct successor body. Missing figures stay NaN (never zero)
    and gd_missing_reason says why in a sentence: empty rounds in the table, or no direct row
    because the 2017 predecessor covered a different area (named from `successor_lep21cd`).
    gd_per_head_gbp divides by the population of the area the deal was signed for
    (gd_population, gd_population_basis); gd_per_head_2021_area_gbp is the figure on the 2021
    area, kept for comparison. A LEP whose deal area is unknown has gd_per_head_gbp NaN and
    gd_not_comparable_reason says why.
    """
    direct = deals.loc[deals["lep21cd"].notna()]
    if direct["lep21cd"].duplicated().any():
        raise SpendGeoError("growth_deals_by_lep.csv has two rows for one lep21cd.")
    direct = direct.set_index("lep21cd").reindex(lep.index)
    out = pd.DataFrame(index=lep.index)
    for n in (1, 2, 3):
        out[f"gd_round{n}_gbp_m"] = direct[f"round{n}_gbp_m"].astype("float64")
    out["gd_total_gbp_m"] = direct["total_gbp_m"].astype("float64")
    out["gd_per_head_2021_area_gbp"] = (
        out["gd_total_gbp_m"] * 1e6 / lep["population"].astype("float64")
    )
    if lad_population is not None and "members" in lep.columns:
        names = lad_names if lad_names is not None else pd.Series(dtype="string")
        pop, basis = deal_population(lep, lad_population, names)
    else:
        pop = lep["population"].astype("float64")
        basis = pd.Series("2021 LEP area, mid-2019 population", index=lep.index, dtype="string")
    not_comparable = pd.Series(NOT_COMPARABLE, dtype="string").reindex(lep.index)
    out["gd_population"] = pop.reindex(lep.index).where(not_comparable.isna())
    out["gd_population_basis"] = basis.reindex(lep.index).where(not_comparable.isna())
    out["gd_per_head_gbp"] = out["gd_total_gbp_m"] * 1e6 / out["gd_population"]
    out["gd_not_comparable_reason"] = not_comparable.where(out["gd_total_gbp_m"].notna())
    out["gd_confidence"] = direct["confidence"].astype("string")
    out["gd_notes"] = direct["notes"].astype("string")
    out["gd_missing_reason"] = pd.array(_missing_reasons(out, deals), dtype="string")
    return out


def _missing_reasons(out: pd.DataFrame, deals: pd.DataFrame) -> list[str | None]:
    reasons: list[str | None] = []
    direct_codes = deals["lep21cd"].dropna().to_numpy()
    for code in out.index:
        predecessors = deals.loc[
            deals["lep21cd"].isna() & (deals["successor_lep21cd"] == code), "lep_name_2017"
        ].tolist()
        if code not in direct_codes:
            names = " and ".join(predecessors) if predecessors else "no 2017 LEP"
            reasons.append(
                f"No Growth Deal row maps directly to this LEP: its 2017 predecessor ({names}) "
                "covered a different area, so that deal is not attributed to the 2021 boundary."
            )
            continue
        if pd.notna(out.at[code, "gd_total_gbp_m"]):
            reasons.append(None)
            continue
        empty = [n for n in (1, 2, 3) if pd.isna(out.at[code, f"gd_round{n}_gbp_m"])]
        sentence = (
            f"No total: the source table has no figure for {round_list(empty)}"
            if empty
            else "No total: the source table states no total for this LEP"
        )
        if predecessors:
            sentence += f"; the 2017 {' and '.join(predecessors)} LEP, now inside this area, had its own deal"
        reasons.append(sentence + ".")
    return reasons


def national_total(deals: pd.DataFrame) -> dict[str, object]:
    """The table's national total beside the £9.1bn headline: £m summed, rows with and without a total."""
    totals = deals["total_gbp_m"]
    known = float(totals.sum(skipna=True))
    return {
        "table_total_gbp_m": round(known, 2),
        "rows_with_total": int(totals.notna().sum()),
        "rows_without_total": int(totals.isna().sum()),
        "headline_total_gbp_m": HEADLINE_TOTAL_GBP_M,
        "headline_source": HEADLINE_SOURCE,
        "share_of_headline": round(known / HEADLINE_TOTAL_GBP_M, 4),
    }
