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

ROWS = {"lsoa": 32_844, "lad": 309, "lep": 38, "ca": 11, "ca21": 10}


def _run(level: str, fmt: str | None) -> str:
    cmd = [sys.executable, "-m", "geo", "areas", "--level", level]
    if fmt:
        cmd += ["--format", fmt]
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


def test_area_table_ca_is_2024(store_path):
    assert areas.area_table("ca", store_path).equals(areas.area_table("ca24", store_path))


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
