"""Prepare's geometry steps: the LAD 2021 frame, and the LSOA 2011 and LSOA 2021 layers with their IMD."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.errors import SpendGeoError
from geo.store import simplify, sources, sources25
from geo.store.inputs import Lookups
from geo.store.stats import lad21_population, lsoa_lad21


@dataclass(frozen=True)
class Lad21:
    """English LAD21s (BNG) with mid-2019 population, and the whole-UK LAD21 file (border guard)."""

    uk_bng: gpd.GeoDataFrame  # code, name, geometry (374)
    bng: gpd.GeoDataFrame  # English only, sorted by code (309)
    codes: pd.Index  # name lad21cd
    population: pd.Series  # mid-2019, index lad21cd
    n_repaired: int

    @property
    def names(self) -> pd.Series:
        return self.bng.set_index("code")["name"]


def build_lad21(lad21_path: Path, lookups: Lookups) -> Lad21:
    uk_bng, n_fixed = sources.read_lad_boundaries(lad21_path)
    bng = uk_bng.loc[sources.is_english_lad(uk_bng["code"])].sort_values("code")
    bng = bng.reset_index(drop=True)
    codes = pd.Index(bng["code"].astype("string"), name="lad21cd")
    missing_rgn = codes.difference(lookups.region.index)
    if len(missing_rgn):
        raise SpendGeoError(f"LAD {missing_rgn[0]} has no region in the LAD→region lookup.")
    population = lad21_population(lookups.pop19, codes, lookups.lad11_lad21)
    return Lad21(uk_bng, bng, codes, population, n_fixed)


def build_lsoa11(
    lsoa_path: Path, imd_path: Path, lookups: Lookups, lad: Lad21
) -> tuple[gpd.GeoDataFrame, int]:
    """LSOA 2011 full-detail BNG layer: lsoa11cd, lad11cd, lad21cd, IMD 2019 columns; coverage cleaned."""
    lsoa_raw, n_fixed = sources.read_lsoa_boundaries(lsoa_path)
    imd = sources.read_imd_file1(imd_path)
    if set(imd["lsoa11cd"]) != set(lsoa_raw["lsoa11cd"]) or len(imd) != len(lsoa_raw):
        raise SpendGeoError(
            "The LSOA boundary codes and IMD 2019 File 1 codes differ; the files do not match."
        )
    lsoa_raw["lad21cd"] = lsoa_lad21(lsoa_raw["lad11cd"], lookups.lad11_lad21, lad.codes)
    # Coverage cleaning (see simplify.clean_coverage) happens once here, so the full-detail
    # layer (joins, postcode point-in-polygon) and the display layer share the same edges.
    cleaned = simplify.clean_coverage(lsoa_raw.geometry.values)
    full = gpd.GeoDataFrame(
        lsoa_raw.drop(columns=["geometry", "lsoa11nm"]),
        geometry=gpd.GeoSeries(cleaned, crs=sources.BNG),
    )
    full = full.merge(imd.drop(columns=["lad19nm"]), on="lsoa11cd", how="left", validate="1:1")
    return full, n_fixed


def lad21_from_lsoa21_names(lsoa21nm: pd.Series, lad21_names: pd.Series) -> pd.Series:
    """LAD21 code per LSOA 2021 from its name: "<LAD 2021 name> <MSOA number><letter>".

    LSOA 2021 names were set with the December 2021 districts (Cumbria's, North Yorkshire's and
    Somerset's pre-2023 districts: "Allerdale 007A"), so the name gives the LAD21 that the LSOA
    nests in. LAD names with a suffix ("Bristol, City of") appear in LSOA names without it.
    """
    by_name = {str(n): c for c, n in lad21_names.items()}
    by_name.update({str(n).split(",")[0]: c for c, n in lad21_names.items()})
    prefix = lsoa21nm.astype("string").str.rsplit(" ", n=1).str[0]
    lad21 = prefix.map(by_name).astype("string")
    if lad21.isna().any():
        first = lsoa21nm[lad21.isna()].iloc[0]
        raise SpendGeoError(
            f"{int(lad21.isna().sum())} LSOA 2021 name(s) do not start with an English LAD21 name, e.g. {first!r}."
        )
    return lad21


@dataclass(frozen=True)
class Lsoa21:
    """LSOA 2021 full-detail BNG layer with IMD 2025 and its LAD 2021 / LAD 2024 codes."""

    bng: (
        gpd.GeoDataFrame
    )  # lsoa21cd, lsoa21nm, lad24cd, lad24nm, lad21cd, utla24cd, imd25_rank, imd25_decile
    n_repaired: int
    lookup_checked: int  # LSOAs whose name-derived LAD21 the ONS LSOA11→21 lookup confirmed


def build_lsoa21(lsoa_path: Path, imd_path: Path, lookups: Lookups, lad: Lad21) -> Lsoa21:
    raw, n_fixed = sources25.read_lsoa21_boundaries(lsoa_path)
    imd = sources25.read_imd25_file1(imd_path)
    if set(imd["lsoa21cd"]) != set(raw["lsoa21cd"]) or len(imd) != len(raw):
        raise SpendGeoError(
            "The LSOA 2021 boundary codes and IoD2025 File 1 codes differ; the files do not match."
        )
    merged = raw.merge(imd, on="lsoa21cd", how="left", validate="1:1", suffixes=("_file", ""))
    if not (merged["lad24cd_file"] == merged["lad24cd"]).all():
        raise SpendGeoError("LSOA 2021 boundaries and IoD2025 File 1 disagree on an LSOA's LAD.")
    merged["lad21cd"] = lad21_from_lsoa21_names(merged["lsoa21nm"], lad.names)
    # Cross-check against the ONS best-fit lookup where it lists the LSOA (LAD 2022 = LAD 2021
    # in England); the lookup copy lacks about 1,000 English LSOA 2021 codes.
    lk = lookups.lsoa11_lsoa21.drop_duplicates("lsoa21cd").set_index("lsoa21cd")["lad22cd"]
    via = merged["lsoa21cd"].map(lk)
    seen = via.notna()
    if not (via[seen] == merged.loc[seen, "lad21cd"]).all():
        raise SpendGeoError(
            "An LSOA 2021's name gives a different LAD than the ONS LSOA11→21 lookup."
        )
    cleaned = simplify.clean_coverage(merged.geometry.values)
    cols = [
        "lsoa21cd", "lsoa21nm", "lad24cd", "lad24nm", "lad21cd", "utla24cd", "imd25_rank", "imd25_decile",
    ]  # fmt: skip
    bng = gpd.GeoDataFrame(
        pd.DataFrame(merged[cols]).reset_index(drop=True),
        geometry=gpd.GeoSeries(cleaned, crs=sources.BNG),
    ).sort_values("lsoa21cd", ignore_index=True)
    return Lsoa21(bng, n_fixed, int(seen.sum()))
