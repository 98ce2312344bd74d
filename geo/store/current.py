"""Current geography: LAD 2024 (IoD2025 codes) from LAD 2021, LAD 2025 recodes, CA May 2025 membership."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.errors import SpendGeoError


def lad21_to_lad24(lsoa21: pd.DataFrame) -> pd.Series:
    """LAD 2024 per LAD 2021 (index lad21cd), from the LSOAs that nest in both.

    2021→2024 changes were whole-district mergers (Cumbria's six districts into Cumberland and
    Westmorland and Furness, North Yorkshire's seven, Somerset's four, April 2023), so every LAD21
    must fall in exactly one LAD24.
    """
    pairs = lsoa21[["lad21cd", "lad24cd"]].drop_duplicates()
    split = pairs["lad21cd"].duplicated(keep=False)
    if split.any():
        raise SpendGeoError(
            f"LAD21 {pairs.loc[split, 'lad21cd'].iloc[0]} is split across LAD 2024 areas."
        )
    return pairs.set_index("lad21cd")["lad24cd"].sort_index()


def lad25_to_lad24(
    lad25_codes: pd.Series, lad25_names: pd.Series, lad24: pd.Series
) -> dict[str, str]:
    """LAD 2025 code → LAD 2024 code, for English codes; `lad24` is a name Series indexed by code.

    Codes are the same except where ONS recoded a district with no boundary change (Barnsley
    E08000016→E08000038 and Sheffield E08000019→E08000039 in 2025): those are matched by name,
    never by a hand list, and an unmatched or ambiguous name is an error.
    """
    out: dict[str, str] = {}
    spare = lad24[~lad24.index.isin(list(lad25_codes))]
    for code, name in zip(lad25_codes, lad25_names, strict=True):
        if code in lad24.index:
            out[code] = code
            continue
        hits = spare.index[spare == name]
        if len(hits) != 1:
            raise SpendGeoError(f"LAD 2025 {code} ({name}) matches no single LAD 2024 by name.")
        out[code] = hits[0]
    return out


@dataclass(frozen=True)
class Current:
    """LAD 2024 and CA 2025 frames."""

    lad24_names: pd.Series  # index lad24cd (296)
    lad21_lad24: pd.Series  # index lad21cd → lad24cd
    lad24_ca25: pd.Series  # index lad24cd → ca25cd (<NA> outside a CA)
    ca25_names: pd.Series  # index ca25cd (15)
    recoded: dict[str, str]  # LAD 2025 codes that differ from LAD 2024 → the LAD 2024 code
    lad25_uk_bng: gpd.GeoDataFrame  # code, name, geometry: the UK file (postcode border guard)


def build_current(
    lsoa21: pd.DataFrame,
    lad_ca25: pd.DataFrame,
    lad25_uk_bng: gpd.GeoDataFrame,
    ca25_bng: gpd.GeoDataFrame,
) -> Current:
    """LAD 2024 names and codes from IoD2025; CA 2025 membership from the ONS May 2025 lookup."""
    names = lsoa21[["lad24cd", "lad24nm"]].drop_duplicates().set_index("lad24cd")["lad24nm"]
    names = names.sort_index()
    english25 = lad25_uk_bng.loc[lad25_uk_bng["code"].str.startswith("E")]
    recode_all = lad25_to_lad24(english25["code"], english25["name"], names)
    missing = names.index.difference(pd.Index(list(recode_all.values())))
    if len(missing):
        raise SpendGeoError(f"LAD 2024 {missing[0]} has no LAD May 2025 boundary.")
    recode = {k: v for k, v in recode_all.items() if k != v}
    # Membership from the ONS lookup, whose LAD codes are 2025 codes.
    lk = lad_ca25.copy()
    lk["lad24cd"] = lk["lad25cd"].map(lambda c: recode.get(c, c))
    unknown = lk.loc[~lk["lad24cd"].isin(names.index), "lad25cd"]
    if len(unknown):
        raise SpendGeoError(f"LAD→CA 2025 lookup names LAD {unknown.iloc[0]}, not a LAD 2024.")
    if lk["lad24cd"].duplicated().any():
        raise SpendGeoError("LAD→CA 2025 lookup puts one LAD in two Combined Authorities.")
    ca25 = lk.set_index("lad24cd")["ca25cd"].reindex(names.index).astype("string")
    ca_names = lk.drop_duplicates("ca25cd").set_index("ca25cd")["ca25nm"].sort_index()
    drawn = set(ca25_bng["code"])
    if drawn != set(ca_names.index):
        raise SpendGeoError(
            "CA May 2025 boundaries and the LAD→CA May 2025 lookup list different CAs."
        )
    return Current(
        lad24_names=names,
        lad21_lad24=lad21_to_lad24(lsoa21),
        lad24_ca25=ca25,
        ca25_names=ca_names.astype("string"),
        recoded=recode,
        lad25_uk_bng=lad25_uk_bng[["code", "name", "geometry"]].reset_index(drop=True),
    )


def lad24_extras(cur: Current, region: pd.DataFrame) -> pd.DataFrame:
    """Extra LAD 2024 columns: ca25cd, lad21_members (";"-joined), rgn21cd, rgn21nm.

    Regions did not change with the 2023 mergers: a LAD 2024's region is its LAD21s'.
    `region` is indexed by lad21cd.
    """
    out = cur.lad24_ca25.to_frame("ca25cd")
    out["lad21_members"] = cur.lad21_lad24.reset_index().groupby("lad24cd")["lad21cd"].agg(";".join)
    rgn = region[["rgn21cd", "rgn21nm"]].reindex(cur.lad21_lad24.index)
    return out.join(rgn.groupby(cur.lad21_lad24.to_numpy()).first())
