"""Upper-tier local authorities (2024): LAD 2024 → UTLA from the LSOA 2021 file, names and mid-2024 population."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.errors import SpendGeoError

# Rows of the mid-2024 population sheet that are upper-tier authorities. A unitary, metropolitan
# district or London borough is both a LAD and its own upper tier; a county (E10) is the upper
# tier over its non-metropolitan districts (E07). Metropolitan counties (E11) have no council.
UTLA_GEOGRAPHIES: tuple[str, ...] = (
    "County",
    "Unitary Authority",
    "Metropolitan District",
    "London Borough",
)


@dataclass(frozen=True)
class Utla24:
    """The UTLA 2024 frame: which upper-tier authority each LAD 2024 is in, and their names."""

    lad24_utla24: pd.Series  # index lad24cd → utla24cd (every LAD 2024 in exactly one)
    names: pd.Series  # index utla24cd → name (153)


def lad24_to_utla24(lsoa21: pd.DataFrame) -> pd.Series:
    """UTLA per LAD 2024 (index lad24cd), from the LSOAs' `utla24cd` and `lad24cd`.

    Why from the LSOAs: the LSOA 2021 file carries both codes per LSOA, and districts nest in
    upper-tier authorities, so a LAD whose LSOAs name two UTLAs means the file is broken.
    """
    pairs = lsoa21[["lad24cd", "utla24cd"]].drop_duplicates()
    if pairs["utla24cd"].isna().any():
        raise SpendGeoError("An LSOA 2021 has no upper-tier authority code (UTLACD).")
    split = pairs["lad24cd"].duplicated(keep=False)
    if split.any():
        raise SpendGeoError(
            f"LAD 2024 {pairs.loc[split, 'lad24cd'].iloc[0]} is split across upper-tier authorities."
        )
    return pairs.set_index("lad24cd")["utla24cd"].astype("string").sort_index()


def build_utla24(lsoa21: pd.DataFrame, pop24: pd.DataFrame, lad_pop24: pd.Series) -> Utla24:
    """Membership from the LSOA 2021 file; names from the mid-2024 sheet (code, name, geography,
    population); each UTLA's own sheet row must equal the sum of its member LADs' (`lad_pop24`,
    index lad24cd), so the per-head figures of a county and of its districts agree."""
    assign = lad24_to_utla24(lsoa21)
    codes = pd.Index(sorted(assign.unique()), name="utla24cd")
    rows = pop24.loc[pop24["geography"].isin(UTLA_GEOGRAPHIES) & pop24["code"].isin(codes)]
    rows = rows.drop_duplicates("code").set_index("code")
    missing = codes.difference(rows.index)
    if len(missing):
        raise SpendGeoError(
            f"Upper-tier authority {missing[0]} is not in the mid-2024 population sheet."
        )
    summed = lad_pop24.reindex(assign.index).groupby(assign.to_numpy()).sum()
    own = rows["population"].reindex(summed.index)
    off = summed.index[summed.to_numpy() != own.to_numpy()]
    if len(off):
        raise SpendGeoError(
            f"Upper-tier authority {off[0]}: its districts' mid-2024 populations sum to "
            f"{int(summed[off[0]]):,}, not the sheet's {int(own[off[0]]):,}."
        )
    return Utla24(lad24_utla24=assign, names=rows["name"].reindex(codes).astype("string"))
