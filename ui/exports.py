"""Serialise tables for download (CSV, XLSX, GeoPackage) — byte formatting only, no analysis."""

from __future__ import annotations

import io
import os
import tempfile

import geopandas as gpd
import pandas as pd

# Columns the geocoder adds (ARCHITECTURE.md); everything else in a geocoded frame is original.
NORMALISED = (
    "buyer",
    "department",
    "supplier_name",
    "supplier_id",
    "is_sme",
    "is_vcse",
    "amount",
    "is_credit",
    "date",
    "postcode",
    "status",
    "lat",
    "lon",
    "lsoa11cd",
    "lad21cd",
    "lep21cd",
    "lep21cd2",
    "ca24cd",
    "imd_decile",
)


def _safe_text(df: pd.DataFrame) -> pd.DataFrame:
    """Neutralise spreadsheet formulas in text cells (a supplier name starting '=' must stay text)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype).startswith("string"):
            s = out[col].astype("string")
            risky = s.str.match(r"^[=+\-@\t\r]", na=False)
            out[col] = s.where(~risky, "'" + s)
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    return _safe_text(df).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(df: pd.DataFrame, sheet: str = "data") -> bytes:
    buf = io.BytesIO()
    frame = _safe_text(df)
    for col in frame.columns:  # Excel has no time zones
        if isinstance(frame[col].dtype, pd.DatetimeTZDtype):
            frame[col] = frame[col].dt.tz_localize(None)
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet[:31], index=False)
    return buf.getvalue()


def to_gpkg(df: pd.DataFrame, layer: str = "spend") -> bytes:
    """Points (EPSG:4326) for located rows; unlocated rows kept with empty geometry."""
    frame = pd.DataFrame(df).copy()
    for col in frame.columns:
        if str(frame[col].dtype) in ("string", "str") or frame[col].dtype == object:
            frame[col] = frame[col].astype("string").astype(object)
    geom = gpd.points_from_xy(frame["lon"], frame["lat"], crs="EPSG:4326")
    gdf = gpd.GeoDataFrame(frame, geometry=geom, crs="EPSG:4326")
    fd, path = tempfile.mkstemp(suffix=".gpkg")
    os.close(fd)
    try:
        os.remove(path)
        gdf.to_file(path, layer=layer, driver="GPKG")
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        if os.path.exists(path):
            os.remove(path)
