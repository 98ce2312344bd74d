"""The store read API on the prepared store; and a clear error when there is none."""

from __future__ import annotations

import pytest

from geo.errors import SpendGeoError
from geo.store import catalogue
from geo.store import read as store
from geo.store.prepare import INPUT_KEYS

LSOA_COLUMNS = [
    "lsoa11cd", "lsoa11nm", "lad21cd", "lad21nm", "lad19cd", "lep21cd", "lep21cd2",
    "ca24cd", "ca21cd", "imd_rank", "imd_decile", "geometry",
]  # fmt: skip
AREA_COLUMNS = [
    "code", "name", "population", "n_lsoa", "n_decile1", "share_decile1", "n_decile12",
    "share_decile12", "members", "geometry",
]  # fmt: skip


def test_read_lsoa(store_path):
    lsoa = store.read_lsoa(store_path)
    assert list(lsoa.columns) == LSOA_COLUMNS
    assert len(lsoa) == 32_844
    assert lsoa["lsoa11cd"].is_unique
    assert lsoa.crs.to_epsg() == 4326
    assert lsoa["lad21cd"].notna().all()


def test_read_lsoa_columns_keeps_geometry(store_path):
    lsoa = store.read_lsoa(store_path, columns=["lsoa11cd", "imd_decile"])
    assert list(lsoa.columns) == ["lsoa11cd", "imd_decile", "geometry"]


def test_read_lsoa_bng(store_path):
    bng = store.read_lsoa_bng(store_path)
    assert len(bng) == 32_844
    assert bng.crs.to_epsg() == 27700


@pytest.mark.parametrize(
    ("level", "rows", "extra"),
    [
        ("lad", 309, ["lep21cd", "lep21cd2", "ca24cd", "rgn21cd"]),
        ("lep", 38, ["gd_total_gbp_m", "gd_per_head_gbp", "gd_missing_reason"]),
        ("ca24", 11, []),
        ("ca21", 10, []),
    ],
)
def test_read_areas(store_path, level, rows, extra):
    areas = store.read_areas(level, store_path)
    assert len(areas) == rows
    assert set(AREA_COLUMNS + extra) <= set(areas.columns)
    assert areas["code"].is_unique
    assert areas.crs.to_epsg() == 4326
    assert areas["share_decile1"].between(0, 1).all()


def test_read_areas_unknown_level(store_path):
    with pytest.raises(SpendGeoError, match="Unknown area level"):
        store.read_areas("region", store_path)  # type: ignore[arg-type]


def test_read_postcodes(store_path):
    pc = store.read_postcodes(store_path, columns=["pcd", "lsoa11cd", "in_england"])
    assert len(pc) > 2_700_000
    assert pc["pcd"].is_monotonic_increasing
    assert pc["pcd"].is_unique


def test_manifest_records_inputs(store_path):
    manifest = store.read_manifest(store_path)
    assert set(manifest["datasets"]) == set(INPUT_KEYS)
    for key, entry in manifest["datasets"].items():
        assert entry["sha256"] == catalogue.get(key).sha256
    assert manifest["counts"]["lsoa"] == 32_844
    assert manifest["stats"]["lsoa_invalid_repaired"] == 90
    assert "built_at" in manifest and manifest["steps_seconds"]


def test_prepared_datasets(store_path):
    rows = store.prepared_datasets(store_path)
    assert [r["key"] for r in rows] == [d.key for d in catalogue.DATASETS]
    prepared = {r["key"] for r in rows if r["prepared"]}
    assert prepared == set(INPUT_KEYS)


@pytest.mark.parametrize(
    "call",
    [
        lambda s: store.read_lsoa(s),
        lambda s: store.read_areas("lep", s),
        lambda s: store.read_postcodes(s),
        lambda s: store.read_manifest(s),
    ],
)
def test_missing_store_says_run_prepare(tmp_path, call):
    with pytest.raises(SpendGeoError, match="python -m geo prepare"):
        call(tmp_path / "nowhere")


def test_prepared_datasets_without_store(tmp_path):
    assert not any(r["prepared"] for r in store.prepared_datasets(tmp_path))
