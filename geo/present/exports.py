"""Download bytes for tables (CSV, XLSX, GeoPackage), built in memory with spreadsheet formulas neutralised."""

from __future__ import annotations

import io

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.spend.geocode import ADDED_COLUMNS
from geo.spend.privacy import neutralise_formulas
from geo.spend.schema import NORMALISED as INGEST_COLUMNS

# Columns the engine adds to a spend file; everything else in a geocoded frame is original.
NORMALISED: tuple[str, ...] = (*INGEST_COLUMNS, *ADDED_COLUMNS, "postcode_source")


def original_columns(frame: pd.DataFrame) -> list[str]:
    """The spend file's own column names (for mapping overrides)."""
    return [c for c in frame.columns if c not in NORMALISED]


def to_csv(frame: pd.DataFrame) -> bytes:
    # UTF-8 with BOM so Excel opens £ and accented names correctly.
    return neutralise_formulas(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    out = neutralise_formulas(frame)
    for col in out.columns:  # Excel has no time zones
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        out.to_excel(writer, sheet_name=sheet[:31], index=False)
    return buf.getvalue()


def to_gpkg(frame: pd.DataFrame, layer: str = "spend") -> bytes:
    """Points (EPSG:4326) for located rows, unlocated rows with empty geometry; never touches disk.

    pyogrio writes to an in-memory GDAL file (/vsimem), so an uploaded file's rows are not written
    to the server's disk even as a temporary file.
    """
    out = neutralise_formulas(pd.DataFrame(frame))
    for col in out.columns:
        if (
            isinstance(out[col].dtype, pd.CategoricalDtype | pd.StringDtype)
            or out[col].dtype == object
        ):
            out[col] = out[col].astype("string").astype(object)
    geom = gpd.points_from_xy(out["lon"], out["lat"], crs="EPSG:4326")
    buf = io.BytesIO()
    pyogrio.write_dataframe(gpd.GeoDataFrame(out, geometry=geom), buf, driver="GPKG", layer=layer)
    return buf.getvalue()
