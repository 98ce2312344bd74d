"""`python -m geo areas` via subprocess: output parses, with the expected rows for every level and format."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from geo.cli import areas
from geo.errors import SpendGeoError
from geo.paths import PROJECT_ROOT

# Today's rows under IMD 2019; under 2025 (the default) lsoa/lad/ca mean LSOA 2021, LAD 2024, CA 2025.
ROWS = {"lsoa": 32_844, "lad": 309, "lep": 38, "ca": 11, "ca21": 10}
ROWS_2025 = {"lsoa": 33_755, "lad": 296, "lep": 38, "ca": 15, "ca21": 10, "utla24": 153}


def _run(level: str, fmt: str | None, imd: str | None = "2019") -> str:
    cmd = [sys.executable, "-m", "geo", "areas", "--level", level]
    if fmt:
        cmd += ["--format", fmt]
    if imd:
        cmd += ["--imd", imd]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("fmt", [None, "csv", "json"])
@pytest.mark.parametrize("level", sorted(ROWS))
def test_areas_cli(store_path, level, fmt):
    out = _run(level, fmt)
    if fmt == "json":
        table = pd.DataFrame(json.loads(out))
    else:
        table = pd.read_csv(io.StringIO(out), dtype={"lep21cd2": "string"})
    assert len(table) == ROWS[level]
    assert "geometry" not in table.columns
    key = "lsoa11cd" if level == "lsoa" else "code"
    assert table[key].is_unique
    if level != "lsoa":
        assert {"name", "population", "n_lsoa", "share_decile1", "members"} <= set(table.columns)
    if level == "lep":
        assert {"gd_total_gbp_m", "gd_per_head_gbp"} <= set(table.columns)
        # Missing totals come out empty / null, never 0.
        assert table["gd_total_gbp_m"].isna().sum() == 8
        assert not (table["gd_total_gbp_m"] == 0).any()


def test_area_table_ca_is_2024_under_imd_2019(store_path):
    assert areas.area_table("ca", store_path, imd="2019").equals(
        areas.area_table("ca24", store_path, imd="2019")
    )


@pytest.mark.parametrize("level", sorted(ROWS_2025))
def test_areas_cli_default_is_imd_2025(store_path, level):
    table = pd.read_csv(io.StringIO(_run(level, None, imd=None)), dtype=str)
    assert len(table) == ROWS_2025[level]
    if level == "lsoa":
        assert table["lsoa21cd"].is_unique and (table["imd_vintage"] == "IMD 2025").all()
    else:
        assert (table["imd_vintage"] == "IMD 2025").all()
        assert (
            table["share_decile1"]
            .astype(float)
            .eq(table["imd25_share_decile1"].astype(float))
            .all()
        )


@pytest.mark.parametrize(
    ("level", "imd", "store_name"),
    [("lad", "2025", "lad24"), ("lad", "2019", "lad"), ("ca", "2025", "ca25"), ("ca", "2019", "ca24"),
     ("lep", "2025", "lep"), ("ca24", "2025", "ca24"), ("lad21", "2025", "lad"),
     ("utla24", "2025", "utla24"), ("utla24", "2019", "utla24")],
)  # fmt: skip
def test_level_follows_imd(store_path, level, imd, store_name):
    table = areas.area_table(level, store_path, imd=imd)
    prefix = "imd25" if imd == "2025" else "imd19"
    assert (table["share_decile1"] == table[f"{prefix}_share_decile1"]).all()
    from geo.store import read as store

    assert len(table) == len(store.read_areas(store_name, store_path))


def test_compare_cli(store_path):
    cmd = [sys.executable, "-m", "geo", "areas", "--level", "ca", "--compare"]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(io.StringIO(done.stdout))
    assert len(table) == 15
    assert {"imd19_share_decile1", "imd25_share_decile1", "change_pp"} <= set(table.columns)


def test_area_table_unknown_imd(store_path):
    with pytest.raises(SpendGeoError, match="IMD vintage"):
        areas.area_table("lad", store_path, imd="2015")


def test_area_table_unknown_level(store_path):
    with pytest.raises(SpendGeoError, match="Unknown level"):
        areas.area_table("ward", store_path)


def test_cli_rejects_bad_level():
    done = subprocess.run(
        [sys.executable, "-m", "geo", "areas", "--level", "ward"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert done.returncode == 2
    assert "invalid choice" in done.stderr
