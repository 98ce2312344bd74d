"""Downloads: CSV/XLSX/GeoPackage bytes round-trip, formulas are neutralised, nothing is written to disk."""

from __future__ import annotations

import io

import pandas as pd
import pyogrio
import pytest

from geo.present import exports

FRAME = pd.DataFrame(
    {
        "supplier_name": ['=HYPERLINK("http://x")', "Acme Ltd", "@SUM(1)"],
        "amount": [-12.5, 1000.0, 3.0],
        "lat": [53.48, None, 51.5],
        "lon": [-2.24, None, -0.12],
        "Supplier": ["+cmd", "Acme", "Plain"],
    }
)


def test_csv_round_trip_and_neutralised():
    back = pd.read_csv(io.BytesIO(exports.to_csv(FRAME)), encoding="utf-8-sig")
    assert back["supplier_name"].tolist()[0].startswith("'=")
    assert back["supplier_name"].tolist()[2] == "'@SUM(1)"
    assert back["Supplier"].tolist()[0] == "'+cmd"
    assert back["amount"].tolist() == [-12.5, 1000.0, 3.0]  # numbers stay numbers


def test_xlsx_round_trip():
    back = pd.read_excel(io.BytesIO(exports.to_xlsx(FRAME)))
    assert back["supplier_name"].iloc[1] == "Acme Ltd"
    assert back["supplier_name"].iloc[0].startswith("'=")


def test_gpkg_points_in_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # would catch a temporary file
    data = exports.to_gpkg(FRAME)
    back = pyogrio.read_dataframe(io.BytesIO(data))
    assert len(back) == 3
    assert back.crs.to_epsg() == 4326
    assert back.geometry.iloc[0].x == pytest.approx(-2.24)
    assert list(tmp_path.iterdir()) == []


def test_original_columns():
    assert exports.original_columns(FRAME) == ["Supplier"]
