"""Readers of the current-geography raw files (IoD2025, LSOA 2021, LAD/CA May 2025, mid-2024 population)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.errors import SpendGeoError
from geo.store.sources import _pick_columns, _read_boundaries, _read_excel, _read_lookup


def read_imd25_file1(path: Path) -> pd.DataFrame:
    """IoD2025 File 1, sheet IMD25: lsoa21cd, lsoa21nm, lad24cd, lad24nm, imd25_rank, imd25_decile."""
    frame = _read_excel(path, "IMD25", engine="openpyxl")
    # The official decile header is cut short ("…most deprived 10% of LSOA"): match by prefix.
    rank = next(
        (c for c in frame.columns if str(c).startswith("Index of Multiple Deprivation (IMD) Rank")),
        None,
    )
    decile = next(
        (
            c
            for c in frame.columns
            if str(c).startswith("Index of Multiple Deprivation (IMD) Decile")
        ),
        None,
    )
    if rank is None or decile is None:
        raise SpendGeoError(f"{path.name} sheet IMD25 lacks the IMD rank or decile column.")
    columns = {
        "LSOA code (2021)": "lsoa21cd",
        "LSOA name (2021)": "lsoa21nm",
        "Local Authority District code (2024)": "lad24cd",
        "Local Authority District name (2024)": "lad24nm",
        rank: "imd25_rank",
        decile: "imd25_decile",
    }
    frame = _pick_columns(frame, columns, f"{path.name} sheet IMD25")
    for col in ("lsoa21cd", "lsoa21nm", "lad24cd", "lad24nm"):
        frame[col] = frame[col].astype("string")
    frame["imd25_rank"] = frame["imd25_rank"].astype("int32")
    frame["imd25_decile"] = frame["imd25_decile"].astype("int8")
    return frame


def read_imd25_lad_summary(path: Path) -> pd.DataFrame:
    """IoD2025 LAD summaries (File 10 v2, converted): lad24cd, lad24nm, prop_decile1."""
    frame = pd.read_csv(path, encoding="utf-8-sig")
    columns = {
        "ltla24_code": "lad24cd",
        "ltla24_name": "lad24nm",
        "imd_proportion_of_lso_as_in_most_deprived_10_percent_nationally": "prop_decile1",
    }
    frame = _pick_columns(frame, columns, path.name)
    frame["lad24cd"] = frame["lad24cd"].astype("string")
    frame["lad24nm"] = frame["lad24nm"].astype("string")
    frame["prop_decile1"] = frame["prop_decile1"].astype("float64")
    return frame


def read_lsoa21_boundaries(path: Path) -> tuple[gpd.GeoDataFrame, int]:
    """LSOA 2021 (England) in BNG: lsoa21cd, lsoa21nm, lad24cd (the file's LADCD_ACTIVE),
    utla24cd (its UTLACD: 153 upper-tier authorities, as in 2024), geometry.

    Returns the frame and how many geometries make_valid repaired (7 as stored). The file's
    CAUTHCD is out of date and is not read.
    """
    return _read_boundaries(
        path,
        {
            "LSOA21CD": "lsoa21cd",
            "LSOA21NM": "lsoa21nm",
            "LADCD_ACTIVE": "lad24cd",
            "UTLACD": "utla24cd",
        },
    )


def read_lad25_boundaries(path: Path) -> tuple[gpd.GeoDataFrame, int]:
    """LAD May 2025 UK BUC in BNG: code, name, geometry (361 rows)."""
    return _read_boundaries(path, {"LAD25CD": "code", "LAD25NM": "name"})


def read_ca25_boundaries(path: Path) -> tuple[gpd.GeoDataFrame, int]:
    """Combined Authorities May 2025 EN BSC in BNG: code, name, geometry (15 rows; drawing only)."""
    return _read_boundaries(path, {"CAUTH25CD": "code", "CAUTH25NM": "name"})


def read_lad_ca25(path: Path) -> pd.DataFrame:
    """LAD (2025 codes) → Combined Authority (May 2025): lad25cd, lad25nm, ca25cd, ca25nm (106 rows)."""
    return _read_lookup(
        path,
        {"LAD25CD": "lad25cd", "LAD25NM": "lad25nm", "CAUTH25CD": "ca25cd", "CAUTH25NM": "ca25nm"},
    )


def read_lsoa11_lsoa21(path: Path) -> pd.DataFrame:
    """LSOA 2011 → LSOA 2021 → LAD 2022 best fit (E and W): lsoa11cd, lsoa21cd, lsoa21nm, lad22cd."""
    return _read_lookup(
        path,
        {
            "LSOA11CD": "lsoa11cd",
            "LSOA21CD": "lsoa21cd",
            "LSOA21NM": "lsoa21nm",
            "LAD22CD": "lad22cd",
        },
    )


def read_population24(path: Path) -> pd.DataFrame:
    """ONS mid-2024 persons (MYE2, 2024 codes, CSV): code, name, geography, population."""
    frame = pd.read_csv(
        path, encoding="utf-8-sig", usecols=lambda c: c in {"Code", "Name", "Geography", "All ages"}
    )
    columns = {"Code": "code", "Name": "name", "Geography": "geography", "All ages": "population"}
    frame = _pick_columns(frame, columns, path.name).dropna(subset=["code", "population"])
    for col in ("code", "name", "geography"):
        frame[col] = frame[col].astype("string").str.strip()
    frame["population"] = pd.to_numeric(frame["population"], errors="raise").astype("int64")
    return frame.reset_index(drop=True)
