"""Read API for the embedded store (data/store/): LSOAs of each IMD vintage, area tables, postcodes, manifest; no caching here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd

from geo import levels
from geo.errors import SpendGeoError
from geo.paths import store_dir
from geo.store import catalogue

AreaLevel = Literal["lad", "lep", "ca24", "ca21", "lad24", "ca25", "utla24"]
AREA_LEVELS: tuple[str, ...] = ("lad", "lep", "ca24", "ca21", "lad24", "ca25", "utla24")
# Per-vintage decile statistics every area table carries as "<prefix>_<column>".
VINTAGE_STATS: tuple[str, ...] = (
    "n_lsoa",
    "n_decile1",
    "share_decile1",
    "n_decile12",
    "share_decile12",
)
_HINT = "run `python -m geo prepare` (or `make data`) to build it"


def _file(name: str, store: Path | None) -> Path:
    root = Path(store) if store is not None else store_dir()
    path = root / name
    if not path.exists():
        if not (root / "manifest.json").exists():
            raise SpendGeoError(f"No prepared data store at {root}: {_HINT}.")
        raise SpendGeoError(f"The data store at {root} has no {name}: {_HINT}.")
    return path


def _vintage(imd: str | int) -> levels.ImdVintage:
    try:
        return levels.imd(imd)
    except KeyError:
        raise SpendGeoError(
            f"Unknown IMD vintage {imd!r}; choose one of {', '.join(levels.IMD)}."
        ) from None


def read_manifest(store: Path | None = None) -> dict:
    """The build manifest: datasets (key → title, vintage, sha256), counts, step times, built_at."""
    return json.loads(_file("manifest.json", store).read_text())


def read_lsoa(
    store: Path | None = None, columns: list[str] | None = None, imd: str | int = "2019"
) -> gpd.GeoDataFrame:
    """The English LSOAs of one IMD vintage with coverage-simplified EPSG:4326 display geometry.

    imd="2019": 32,844 LSOA 2011 (lsoa.parquet: lsoa11cd, lsoa11nm, …, imd_rank, imd_decile);
    imd="2025": 33,755 LSOA 2021 (lsoa21.parquet: lsoa21cd, lsoa21nm, lad24cd, lad24nm, lad21cd,
    ca25cd, utla24cd, lep21cd, lep21cd2, ca24cd, ca21cd, imd25_rank, imd25_decile). Column names per vintage
    are in geo.levels.IMD. `columns` picks attribute columns; the geometry is always included.
    """
    path = _file(f"{_vintage(imd).lsoa_store}.parquet", store)
    if columns is not None:
        columns = [*[c for c in columns if c != "geometry"], "geometry"]
    return gpd.read_parquet(path, columns=columns)


def lsoa_columns(store: Path | None = None, imd: str | int = "2019") -> tuple[str, ...]:
    """The attribute columns of one vintage's LSOA display layer (its Parquet schema, no data read):
    the LSOA 2011 layer carries no utla24cd, for instance."""
    import pyarrow.parquet as pq

    names = pq.read_schema(_file(f"{_vintage(imd).lsoa_store}.parquet", store)).names
    return tuple(n for n in names if n != "geometry")


def read_lsoa_detail(
    codes: list[str] | None = None, store: Path | None = None, imd: str | int = "2019"
) -> gpd.GeoDataFrame:
    """LSOA code and finer EPSG:4326 display geometry (20 m) for maps zoomed to an area; `codes` filters rows."""
    v = _vintage(imd)
    filters = [(v.lsoa_column, "in", list(codes))] if codes is not None else None
    return gpd.read_parquet(_file(f"{v.lsoa_store}_detail.parquet", store), filters=filters)


def read_lsoa_bng(store: Path | None = None, imd: str | int = "2019") -> gpd.GeoDataFrame:
    """LSOA code and full-detail, repaired EPSG:27700 geometry (for joins and area sums)."""
    return gpd.read_parquet(_file(f"{_vintage(imd).lsoa_store}_bng.parquet", store))


def _store_name(level: str) -> str:
    if level in AREA_LEVELS:
        return level
    try:
        return levels.get(level).store
    except KeyError:
        raise SpendGeoError(
            f"Unknown area level {level!r}; choose one of {', '.join(AREA_LEVELS)}."
        ) from None


def read_areas(
    level: str, store: Path | None = None, imd: str | int | None = None
) -> gpd.GeoDataFrame:
    """One area table with EPSG:4326 display geometry.

    Historic frames on LAD 2021 with mid-2019 population: lad (309), lep (38), ca24 (11), ca21
    (10); current: lad24 (296), ca25 (15), utla24 (153 upper-tier authorities) with mid-2024
    population. A level key from
    geo.levels ("ca" → ca24) is accepted too. Every table carries imd19_* and imd25_* decile
    statistics; the unsuffixed n_lsoa, n_decile1, share_decile1 … are the table's own vintage
    (2019 for historic, 2025 for current) unless `imd` is given: then they are that vintage's,
    and an `imd_vintage` column names it.
    """
    table = gpd.read_parquet(_file(f"{_store_name(level)}.parquet", store))
    if imd is None:
        return table
    v = _vintage(imd)
    for col in VINTAGE_STATS:
        table[col] = table[f"{v.stats_prefix}_{col}"]
    table["imd_vintage"] = pd.Series(v.label, index=table.index, dtype="string")
    return table


def decile1_comparison(level: str, store: Path | None = None) -> pd.DataFrame:
    """Each area's share of LSOAs in decile 1 under IMD 2019 and IMD 2025, side by side.

    The LSOA sets differ (32,844 LSOA 2011 vs 33,755 LSOA 2021), so counts are not comparable
    one to one; shares are. change_pp is the 2025 share minus the 2019 share, in percentage points.
    """
    t = read_areas(level, store)
    out = pd.DataFrame(
        {
            "code": t["code"],
            "name": t["name"],
            "imd19_n_lsoa": t["imd19_n_lsoa"],
            "imd19_n_decile1": t["imd19_n_decile1"],
            "imd19_share_decile1": t["imd19_share_decile1"],
            "imd25_n_lsoa": t["imd25_n_lsoa"],
            "imd25_n_decile1": t["imd25_n_decile1"],
            "imd25_share_decile1": t["imd25_share_decile1"],
        }
    )
    out["change_pp"] = (out["imd25_share_decile1"] - out["imd19_share_decile1"]) * 100
    return out.reset_index(drop=True)


def read_postcodes(store: Path | None = None, columns: list[str] | None = None) -> pd.DataFrame:
    """The postcode index, sorted by compact `pcd`: location, both LSOA vintages' attributes, flags."""
    return pd.read_parquet(_file("postcodes.parquet", store), columns=columns)


def growth_deal_national(store: Path | None = None) -> dict:
    """The Growth Deal table's national total beside the £9.1bn headline (from the manifest)."""
    stats = read_manifest(store).get("stats", {})
    if "growth_deals_national" not in stats:
        raise SpendGeoError(f"The data store predates the Growth Deal national total: {_HINT}.")
    return dict(stats["growth_deals_national"])


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
