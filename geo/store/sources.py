"""Readers of the catalogued raw files: each returns a tidy frame with lower-case GSS-keyed columns."""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import SpendGeoError

BNG = 27700
WGS84 = 4326
# English LAD21 codes: unitary (E06), non-metropolitan (E07), metropolitan (E08), London (E09).
ENGLISH_LAD_PREFIXES = ("E06", "E07", "E08", "E09")
ENGLAND_CODE = "E92000001"


def is_english_lad(codes: pd.Series) -> pd.Series:
    return codes.astype("string").str[:3].isin(ENGLISH_LAD_PREFIXES).fillna(False).astype(bool)


def polygonal(geoms: np.ndarray) -> np.ndarray:
    """Keep only the polygonal parts of each geometry (make_valid can add stray lines or points)."""
    geoms = np.asarray(geoms, dtype=object)
    types = shapely.get_type_id(geoms)
    # 3 Polygon, 6 MultiPolygon: already clean; only collections need sorting through.
    mixed = np.flatnonzero(~np.isin(types, (3, 6)))
    if len(mixed) == 0:
        return geoms
    out = geoms.copy()
    # Collections may hold MultiPolygons: split twice so every part is a single geometry.
    parts, owner = shapely.get_parts(geoms[mixed], return_index=True)
    parts, sub = shapely.get_parts(parts, return_index=True)
    owner = owner[sub]
    keep = shapely.get_type_id(parts) == 3
    for i in range(len(mixed)):
        polys = parts[keep & (owner == i)]
        out[mixed[i]] = shapely.multipolygons(polys) if len(polys) else shapely.Polygon()
    return out


def repair(geoms: np.ndarray) -> tuple[np.ndarray, int]:
    """make_valid only the invalid geometries, polygonal parts only; return (geoms, n repaired)."""
    geoms = np.asarray(geoms, dtype=object).copy()
    bad = np.flatnonzero(~shapely.is_valid(geoms))
    if len(bad):
        geoms[bad] = polygonal(shapely.make_valid(geoms[bad]))
    return geoms, len(bad)


def _read_boundaries(path: Path, columns: dict[str, str]) -> tuple[gpd.GeoDataFrame, int]:
    """Read a boundary file with pyogrio, keep and rename `columns`, repair, project to BNG."""
    gdf = gpd.read_file(path, engine="pyogrio", columns=list(columns))
    missing = [c for c in columns if c not in gdf.columns]
    if missing:
        raise SpendGeoError(f"{path.name} lacks column(s) {', '.join(missing)}.")
    if gdf.crs is None:
        raise SpendGeoError(f"{path.name} has no CRS.")
    gdf = gdf.rename(columns=columns)
    for col in columns.values():
        gdf[col] = gdf[col].astype("string")
    # Project first, repair after: validity is judged in the CRS the areas are computed in.
    gdf = gdf.to_crs(BNG)
    geoms, n_repaired = repair(gdf.geometry.values)
    gdf = gdf.set_geometry(gpd.GeoSeries(geoms, index=gdf.index, crs=BNG))
    return gdf[[*columns.values(), "geometry"]], n_repaired


def read_lsoa_boundaries(path: Path) -> tuple[gpd.GeoDataFrame, int]:
    """LSOA 2011 (England) in BNG: lsoa11cd, lsoa11nm, lad11cd (the file's LAD_FILE_CD), geometry.

    Returns the frame and how many geometries make_valid repaired (90 ring self-intersections).
    """
    return _read_boundaries(
        path, {"LSOA11CD": "lsoa11cd", "LSOA11NM": "lsoa11nm", "LAD_FILE_CD": "lad11cd"}
    )


def read_lad_boundaries(path: Path) -> tuple[gpd.GeoDataFrame, int]:
    """LAD Dec 2021 UK BUC in BNG: code, name, geometry (374 rows; E07000085 has one bad ring)."""
    return _read_boundaries(path, {"LAD21CD": "code", "LAD21NM": "name"})


def read_lep_boundaries(path: Path) -> tuple[gpd.GeoDataFrame, int]:
    """LEP May 2021 EN BUC in BNG: code, name, geometry (38 rows)."""
    return _read_boundaries(path, {"LEP21CD": "code", "LEP21NM": "name"})


def read_ca24_boundaries(path: Path) -> tuple[gpd.GeoDataFrame, int]:
    """Combined Authorities 2024 in BNG (file name says May 2023, fields are CAUTH24*)."""
    return _read_boundaries(path, {"CAUTH24CD": "code", "CAUTH24NM": "name"})


def read_ca21_boundaries(path: Path) -> tuple[gpd.GeoDataFrame, int]:
    """Combined Authorities Dec 2021 in BNG: code, name, geometry (10 rows)."""
    return _read_boundaries(path, {"CAUTH21CD": "code", "CAUTH21NM": "name"})


def _read_lookup(path: Path, columns: dict[str, str]) -> pd.DataFrame:
    # ONS lookups carry a UTF-8 byte-order mark; utf-8-sig keeps it out of the first header.
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype="string")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SpendGeoError(f"{path.name} lacks column(s) {', '.join(missing)}.")
    return frame[list(columns)].rename(columns=columns)


def read_lad11_lad21(path: Path) -> pd.DataFrame:
    """LAD 2011 → LAD 2021 for England and Wales: lad11cd, lad21cd (348 rows, many-to-one)."""
    return _read_lookup(path, {"LAD11CD": "lad11cd", "LAD21CD": "lad21cd"})


def read_lad_region(path: Path) -> pd.DataFrame:
    """LAD21 → region (April 2021): lad21cd, rgn21cd, rgn21nm (309 rows)."""
    return _read_lookup(path, {"LAD21CD": "lad21cd", "RGN21CD": "rgn21cd", "RGN21NM": "rgn21nm"})


def read_lad_ca24(path: Path) -> pd.DataFrame:
    """LAD (2024 codes) → Combined Authority (May 2024): lad24cd, ca24cd (72 rows)."""
    return _read_lookup(path, {"LAD24CD": "lad24cd", "CAUTH24CD": "ca24cd"})


def _read_excel(path: Path, sheet: str, **kwargs) -> pd.DataFrame:
    try:
        with warnings.catch_warnings():
            # pandas flags xlrd as deprecated in favour of calamine; xlrd is the pinned reader.
            warnings.simplefilter("ignore")
            return pd.read_excel(path, sheet_name=sheet, **kwargs)
    except ValueError as err:
        raise SpendGeoError(f"{path.name} has no readable sheet {sheet!r}: {err}") from None


def _pick_columns(frame: pd.DataFrame, columns: dict[str, str], where: str) -> pd.DataFrame:
    """Keep and rename the official headers we use; name any that are missing."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SpendGeoError(f"{where} lacks column(s) {', '.join(missing)}.")
    return frame[list(columns)].rename(columns=columns)


def read_imd_file1(path: Path) -> pd.DataFrame:
    """IMD 2019 File 1, sheet IMD2019: lsoa11cd, lsoa11nm, lad19cd, lad19nm, imd_rank, imd_decile."""
    frame = _read_excel(path, "IMD2019", engine="openpyxl")
    columns = {
        "LSOA code (2011)": "lsoa11cd",
        "LSOA name (2011)": "lsoa11nm",
        "Local Authority District code (2019)": "lad19cd",
        "Local Authority District name (2019)": "lad19nm",
        "Index of Multiple Deprivation (IMD) Rank": "imd_rank",
        "Index of Multiple Deprivation (IMD) Decile": "imd_decile",
    }
    frame = _pick_columns(frame, columns, f"{path.name} sheet IMD2019")
    for col in ("lsoa11cd", "lsoa11nm", "lad19cd", "lad19nm"):
        frame[col] = frame[col].astype("string")
    frame["imd_rank"] = frame["imd_rank"].astype("int32")
    frame["imd_decile"] = frame["imd_decile"].astype("int8")
    return frame


def read_imd_file10(path: Path) -> pd.DataFrame:
    """IMD 2019 File 10, sheet IMD: lad19cd, lad19nm, prop_decile1 (share of LSOAs in the most deprived 10%)."""
    frame = _read_excel(path, "IMD", engine="openpyxl")
    # Several official headers end in a space ("... nationally "): match on stripped names.
    frame.columns = [str(c).strip() for c in frame.columns]
    columns = {
        "Local Authority District code (2019)": "lad19cd",
        "Local Authority District name (2019)": "lad19nm",
        "IMD - Proportion of LSOAs in most deprived 10% nationally": "prop_decile1",
    }
    frame = _pick_columns(frame, columns, f"{path.name} sheet IMD")
    frame["lad19cd"] = frame["lad19cd"].astype("string")
    frame["lad19nm"] = frame["lad19nm"].astype("string")
    frame["prop_decile1"] = frame["prop_decile1"].astype("float64")
    return frame


def read_population(path: Path) -> pd.DataFrame:
    """ONS mid-2019 persons (sheet 'MYE2 - Persons', 2020 LAD codes): code, name, geography, population.

    Rows cover countries, regions, counties and districts; the header is on sheet row 5.
    """
    frame = _read_excel(path, "MYE2 - Persons", header=4, engine="xlrd", usecols="A:D")
    columns = {"Code": "code", "Name": "name", "Geography1": "geography", "All ages": "population"}
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SpendGeoError(
            f"{path.name} sheet MYE2 - Persons lacks column(s) {', '.join(missing)}."
        )
    # Footnotes below the table have text in Code and no population: drop rows without a figure.
    frame = frame[list(columns)].rename(columns=columns).dropna(subset=["code", "population"])
    for col in ("code", "name", "geography"):
        frame[col] = frame[col].astype("string").str.strip()
    frame["population"] = frame["population"].astype("int64")
    return frame.reset_index(drop=True)


GROWTH_DEAL_ROUNDS = ("round1_gbp_m", "round2_gbp_m", "round3_gbp_m")


def read_growth_deals(path: Path) -> pd.DataFrame:
    """Growth Deal awards by 2017 LEP (£m); empty cells stay NaN — a missing figure is not zero."""
    # newline handling: the file has CRLF line ends, which the csv parser takes in its stride.
    frame = pd.read_csv(
        path, encoding="utf-8", dtype="string", keep_default_na=False, na_values=[""]
    )
    need = ["lep_name_2017", "lep21cd", *GROWTH_DEAL_ROUNDS, "total_gbp_m", "confidence", "notes"]
    need.append("successor_lep21cd")
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise SpendGeoError(f"{path.name} lacks column(s) {', '.join(missing)}.")
    for col in (*GROWTH_DEAL_ROUNDS, "total_gbp_m"):
        try:
            frame[col] = pd.to_numeric(frame[col].str.strip(), errors="raise").astype("float64")
        except ValueError as err:
            raise SpendGeoError(
                f"{path.name} column {col} has a non-numeric value: {err}"
            ) from None
    for col in ("lep21cd", "successor_lep21cd"):
        frame[col] = frame[col].str.strip().replace("", pd.NA)
    return frame
