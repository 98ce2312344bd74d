"""Prepare's writing steps: the store's files, the postcode index, the manifest, and the up-to-date check."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.store import sources
from geo.store.display import Display
from geo.store.tables import CURRENT_TABLES, HISTORIC_TABLES

AREA_LEVELS: tuple[str, ...] = (*HISTORIC_TABLES, *CURRENT_TABLES)
# Per LSOA vintage: display layer, zoomed detail layer, full-detail EPSG:27700 layer.
LSOA_FILES: dict[str, tuple[str, str, str]] = {
    "lsoa": ("lsoa.parquet", "lsoa_detail.parquet", "lsoa_bng.parquet"),
    "lsoa21": ("lsoa21.parquet", "lsoa21_detail.parquet", "lsoa21_bng.parquet"),
}
LSOA_KEY = {"lsoa": "lsoa11cd", "lsoa21": "lsoa21cd"}
OUTPUTS: tuple[str, ...] = (
    *LSOA_FILES["lsoa"],
    *(f"{level}.parquet" for level in HISTORIC_TABLES),
    *LSOA_FILES["lsoa21"],
    *(f"{level}.parquet" for level in CURRENT_TABLES),
    "postcodes.parquet",
)


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    write_atomic(path, lambda tmp: frame.to_parquet(tmp, index=False, compression="zstd"))


def write_manifest(store: Path, manifest: dict) -> None:
    write_atomic(
        store / "manifest.json",
        lambda tmp: tmp.write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False, default=_jsonable) + "\n"
        ),
    )


def _jsonable(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def up_to_date(store: Path, datasets: dict[str, dict], version: str) -> bool:
    manifest_path = store / "manifest.json"
    if not manifest_path.exists():
        return False
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError):
        return False
    same_raw = {k: v.get("sha256") for k, v in manifest.get("datasets", {}).items()} == {
        k: v["sha256"] for k, v in datasets.items()
    }
    return (
        same_raw
        and manifest.get("code_version") == version
        and all((store / o).exists() for o in OUTPUTS)
    )


def write_outputs(
    store: Path,
    lsoa_tables: dict[str, gpd.GeoDataFrame],
    layers: dict[str, tuple[gpd.GeoDataFrame, Display]],
    tables: dict[str, gpd.GeoDataFrame],
) -> int:
    """Write each LSOA vintage's three layers and every area table; return the number of files."""
    store.mkdir(parents=True, exist_ok=True)
    n = 0
    for name, (display_file, detail_file, bng_file) in LSOA_FILES.items():
        key = LSOA_KEY[name]
        full, display = layers[name]
        write_parquet(lsoa_tables[name], store / display_file)
        detail = gpd.GeoDataFrame(
            {key: full[key].to_numpy()},
            geometry=gpd.GeoSeries(display.detail, crs=sources.WGS84),
        ).sort_values(key, ignore_index=True)
        write_parquet(detail, store / detail_file)
        write_parquet(full[[key, "geometry"]].sort_values(key, ignore_index=True), store / bng_file)
        n += 3
    for level, table in tables.items():
        write_parquet(table, store / f"{level}.parquet")
        n += 1
    return n


def build_postcodes(
    store: Path,
    nspl: Path,
    lsoa11: gpd.GeoDataFrame,
    lad_uk_bng: gpd.GeoDataFrame,
    lsoa21: gpd.GeoDataFrame,
    lad25_uk_bng: gpd.GeoDataFrame,
) -> tuple[dict[str, int], dict[str, object]]:
    """Point-in-polygon every NSPL postcode into both LSOA vintages; write postcodes.parquet."""
    from geo.store.postcode_index import LSOA21_ATTRIBUTES, build_postcode_index

    cols11 = ["lsoa11cd", "lad21cd", "lep21cd", "lep21cd2", "ca24cd", "imd_decile", "geometry"]
    index = build_postcode_index(
        nspl,
        lsoa11[cols11].reset_index(drop=True),
        lad_uk_bng[["code", "geometry"]].reset_index(drop=True),
        lsoa21[[*LSOA21_ATTRIBUTES, "geometry"]].reset_index(drop=True),
        lad25_uk_bng[["code", "geometry"]].reset_index(drop=True),
    )
    pc_stats = {k: _plain(v) for k, v in dict(index.attrs.get("stats", {})).items()}
    index.attrs = {}
    if not index["pcd"].is_monotonic_increasing:
        index = index.sort_values("pcd", ignore_index=True)
    write_parquet(index, store / "postcodes.parquet")
    counts = {
        "postcodes": len(index),
        "postcodes_in_england": int(index["in_england"].sum()),
        "postcodes_with_lsoa21": int(index["lsoa21cd"].notna().sum()),
    }
    return counts, pc_stats


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value.item() if isinstance(value, np.generic) else value
