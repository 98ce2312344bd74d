"""Read API for the embedded store (data/store/): LSOAs, area tables, postcodes, manifest; no caching here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd

from geo.errors import SpendGeoError
from geo.paths import store_dir
from geo.store import catalogue

AreaLevel = Literal["lad", "lep", "ca24", "ca21"]
AREA_LEVELS: tuple[str, ...] = ("lad", "lep", "ca24", "ca21")
_HINT = "run `python -m geo prepare` (or `make data`) to build it"


def _file(name: str, store: Path | None) -> Path:
    root = Path(store) if store is not None else store_dir()
    path = root / name
    if not path.exists():
        if not (root / "manifest.json").exists():
            raise SpendGeoError(f"No prepared data store at {root}: {_HINT}.")
        raise SpendGeoError(f"The data store at {root} has no {name}: {_HINT}.")
    return path


def read_manifest(store: Path | None = None) -> dict:
    """The build manifest: datasets (key → title, vintage, sha256), counts, step times, built_at."""
    return json.loads(_file("manifest.json", store).read_text())


def read_lsoa(store: Path | None = None, columns: list[str] | None = None) -> gpd.GeoDataFrame:
    """The 32,844 English LSOAs with attributes and coverage-simplified EPSG:4326 display geometry.

    `columns` picks attribute columns; the geometry is always included.
    """
    path = _file("lsoa.parquet", store)
    if columns is not None:
        columns = [*[c for c in columns if c != "geometry"], "geometry"]
    return gpd.read_parquet(path, columns=columns)


def read_lsoa_detail(codes: list[str] | None = None, store: Path | None = None) -> gpd.GeoDataFrame:
    """lsoa11cd and finer EPSG:4326 display geometry (20 m) for maps zoomed to an area; `codes` filters rows."""
    filters = [("lsoa11cd", "in", list(codes))] if codes is not None else None
    return gpd.read_parquet(_file("lsoa_detail.parquet", store), filters=filters)


def read_lsoa_bng(store: Path | None = None) -> gpd.GeoDataFrame:
    """lsoa11cd and full-detail, repaired EPSG:27700 geometry (for joins and area sums)."""
    return gpd.read_parquet(_file("lsoa_bng.parquet", store))


def read_areas(level: AreaLevel, store: Path | None = None) -> gpd.GeoDataFrame:
    """One area table with EPSG:4326 display geometry: lad (309), lep (38), ca24 (11), ca21 (10)."""
    if level not in AREA_LEVELS:
        raise SpendGeoError(
            f"Unknown area level {level!r}; choose one of {', '.join(AREA_LEVELS)}."
        )
    return gpd.read_parquet(_file(f"{level}.parquet", store))


def read_postcodes(store: Path | None = None, columns: list[str] | None = None) -> pd.DataFrame:
    """The postcode index, sorted by compact `pcd`: location, LSOA attributes, flags."""
    return pd.read_parquet(_file("postcodes.parquet", store), columns=columns)


def prepared_datasets(store: Path | None = None) -> list[dict]:
    """Every catalogued dataset with whether the store was built from it (for the landing page)."""
    try:
        used = read_manifest(store).get("datasets", {})
    except SpendGeoError:
        used = {}
    return [
        {
            "key": d.key,
            "title": d.title,
            "vintage": d.vintage,
            "prepared": d.key in used and used[d.key].get("sha256") == d.sha256,
        }
        for d in catalogue.DATASETS
    ]
