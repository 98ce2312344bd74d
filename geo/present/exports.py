"""Download bytes for tables (CSV, XLSX, GeoPackage), built in memory, with human column names, area names and formulas neutralised."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from geo.errors import SpendGeoError
from geo.spend.schema import ENGINE_COLUMNS, column_label

# Kept for callers that import it from here: every column the engine adds to a spend file.
NORMALISED: tuple[str, ...] = ENGINE_COLUMNS

# Excel's own limits (Microsoft, "Excel specifications and limits"): 1,048,576 rows including the
# header, 16,384 columns, 32,767 characters in a cell.
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_COLS = 16_384
XLSX_MAX_CELL = 32_767

# A cell a spreadsheet could run as a formula: =, +, -, @ (ASCII or full-width, which Excel and
# LibreOffice also accept) after any blank space, or a leading tab / carriage return (OWASP "CSV
# injection"). Plain numbers such as "-12.50" are left alone: they are data, not formulas.
_FORMULA_LEAD = re.compile(r"^[\s\u3000\u00a0]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]")
_PLAIN_NUMBER = re.compile(r"^\s*[+-]?£?\d[\d,]*(?:\.\d+)?\s*$")
# Control characters XML 1.0 cannot hold (XLSX and GeoPackage text would be refused or damaged).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

AreaNames = Mapping[str, pd.Series]  # code column -> Series mapping code to name


def original_columns(frame: pd.DataFrame) -> list[str]:
    """The spend file's own column names (for mapping overrides)."""
    return [c for c in frame.columns if c not in NORMALISED]


def area_names(store: Path | None = None) -> dict[str, pd.Series]:
    """Code → name for every area code column a geocoded table carries (LSOA, LAD, LEP, CA)."""
    from geo.levels import LEVELS
    from geo.store.read import read_areas, read_lsoa

    out: dict[str, pd.Series] = {}
    for level in LEVELS.values():
        try:
            areas = read_areas(level.key, store)
        except Exception:  # a store without this level: names are simply not added
            continue
        names = pd.Series(areas["name"].to_numpy(), index=areas["code"].astype(str), dtype=object)
        for col in level.columns:
            out.setdefault(col, names)
    try:
        lsoa = read_lsoa(store, columns=None)
        for code in [c for c in lsoa.columns if re.fullmatch(r"lsoa\d\dcd", c)]:
            name_col = code[:-2] + "nm"
            if name_col in lsoa.columns:
                out[code] = pd.Series(
                    lsoa[name_col].to_numpy(), index=lsoa[code].astype(str), dtype=object
                )
    except Exception:
        pass
    return out


def _text_cells(s: pd.Series) -> tuple[np.ndarray, pd.Index] | None:
    """(codes, distinct values as str) of a text column, or None for numbers, dates and booleans."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy(), pd.Index(s.cat.categories.astype(str))
    if pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s):
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        return codes, pd.Index([str(u) for u in uniques], dtype=object)
    return None


def _safe_text(uniques: pd.Index) -> pd.Index:
    """Distinct text values with formulas prefixed by an apostrophe and XML-illegal controls removed."""
    if not len(uniques):
        return uniques
    u = pd.Series(uniques, dtype=object).astype(str)
    u = u.str.replace(_CONTROL, "", regex=True)
    risky = u.str.contains(_FORMULA_LEAD) & ~u.str.match(_PLAIN_NUMBER)
    return pd.Index(u.where(~risky, "'" + u), dtype=object)


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells and headers that a spreadsheet would run as formulas, prefixed with an apostrophe."""
    out: dict[str, object] = {}
    for col in frame.columns:
        s = frame[col]
        cells = _text_cells(s)
        if cells is None:
            out[col] = s
            continue
        codes, uniques = cells
        safe = np.asarray(_safe_text(uniques), dtype=object)
        values = np.empty(len(s), dtype=object)
        values[:] = None
        ok = codes >= 0
        values[ok] = safe[codes[ok]]
        out[col] = pd.Series(values, index=frame.index, dtype=object)
    headers = list(_safe_text(pd.Index([str(c) for c in frame.columns], dtype=object)))
    result = pd.DataFrame(out, index=frame.index)
    result.columns = headers
    return result


def unique_names(names: list[str]) -> list[str]:
    """Column names made unique ignoring case (GeoPackage, SQLite and Excel filters need it)."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        label, n = name, 2
        while label.casefold() in seen:
            label = f"{name} ({n})"
            n += 1
        seen.add(label.casefold())
        out.append(label)
    return out


def export_table(frame: pd.DataFrame, names: AreaNames | None = None) -> pd.DataFrame:
    """The table as downloaded: area names beside their codes, engine columns under human names.

    The spend file's own columns keep their headers; one that matches an engine column ignoring
    case ('Amount' beside 'amount') gets ' (2)', so no format sees two columns of one name.
    """
    cols: dict[str, pd.Series] = {}
    order: list[str] = []
    for col in frame.columns:
        s = frame[col]
        if col == "flags" and s.map(lambda v: isinstance(v, list | tuple)).any():
            s = s.map(lambda v: "; ".join(v) if isinstance(v, list | tuple) else v)
        label = column_label(str(col)) if col in NORMALISED or names and col in names else str(col)
        cols[label] = s
        order.append(label)
        if names and col in names:
            lookup = names[col]
            name_label = column_label(str(col), name=True)
            codes = s.astype(object).where(s.notna(), None)
            cols[name_label] = pd.Series(
                codes.map(lookup.to_dict()).to_numpy(dtype=object), index=frame.index
            )
            order.append(name_label)
    out = pd.DataFrame({i: cols[c] for i, c in enumerate(order)}, index=frame.index)
    out.columns = unique_names(order)
    for col in out.columns:  # spreadsheets and GeoPackage have no time zones
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
    return out


def to_csv(frame: pd.DataFrame, names: AreaNames | None = None) -> bytes:
    """UTF-8 CSV with BOM (so Excel opens £ and accented names), streamed by Arrow."""
    out = neutralise(export_table(frame, names))
    try:
        table = pa.Table.from_pandas(_arrow_ready(out), preserve_index=False)
        buf = io.BytesIO()
        buf.write(b"\xef\xbb\xbf")
        pacsv.write_csv(table, buf, pacsv.WriteOptions(quoting_style="needed"))
        return buf.getvalue()
    except (pa.ArrowException, ValueError, TypeError):
        return out.to_csv(index=False).encode("utf-8-sig")


def _arrow_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns Arrow writes as CSV text: dates as ISO days where they have no time of day."""
    out = {}
    for col in frame.columns:
        s = frame[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            s = s.dt.strftime("%Y-%m-%d").where(s.notna(), None).astype(object)
        elif pd.api.types.is_bool_dtype(s) or str(s.dtype) == "boolean":
            s = s.astype(object).where(s.notna(), None)
        out[col] = s
    return pd.DataFrame(out, index=frame.index)


def xlsx_problem(frame: pd.DataFrame) -> str | None:
    """The sentence saying why a table cannot be one Excel sheet, or None when it fits."""
    rows, cols = frame.shape
    if rows + 1 > XLSX_MAX_ROWS:
        return f"The table has {rows:,} rows; an Excel sheet holds at most {XLSX_MAX_ROWS - 1:,} rows under its header, so download CSV or GeoPackage instead."
    if cols > XLSX_MAX_COLS:
        return f"The table has {cols:,} columns; an Excel sheet holds at most {XLSX_MAX_COLS:,}, so download CSV instead."
    return None


def to_xlsx(frame: pd.DataFrame, sheet: str = "data", names: AreaNames | None = None) -> bytes:
    """One sheet, written by xlsxwriter entirely in memory (never a temporary file)."""
    from geo.present.xlsx import write_xlsx

    out = neutralise(export_table(frame, names))
    problem = xlsx_problem(out)
    if problem:
        raise SpendGeoError(problem)
    return write_xlsx(out, sheet)


def to_gpkg(frame: pd.DataFrame, layer: str = "spend", names: AreaNames | None = None) -> bytes:
    """Points (EPSG:4326) for located rows, unlocated rows with empty geometry; never touches disk.

    pyogrio writes to an in-memory GDAL file (/vsimem), so an uploaded file's rows are not written
    to the server's disk even as a temporary file.
    """
    import geopandas as gpd
    import pyogrio

    lat = pd.to_numeric(frame["lat"], errors="coerce") if "lat" in frame else None
    lon = pd.to_numeric(frame["lon"], errors="coerce") if "lon" in frame else None
    out = neutralise(export_table(frame, names))
    for col in out.columns:
        s = out[col]
        if str(s.dtype) in ("boolean", "Int8", "Int16", "Int32", "Int64", "Float64"):
            out[col] = s.astype(object).where(s.notna(), None)
    if lat is None or lon is None:
        geom = gpd.GeoSeries([None] * len(out), crs="EPSG:4326")
    else:
        geom = gpd.points_from_xy(lon, lat, crs="EPSG:4326")
    buf = io.BytesIO()
    try:
        pyogrio.write_dataframe(
            gpd.GeoDataFrame(out, geometry=geom), buf, driver="GPKG", layer=layer
        )
    except Exception as err:  # GDAL's errors name its internals; the user gets a sentence
        raise SpendGeoError(
            f"The GeoPackage could not be written ({type(err).__name__}: {str(err)[:120]}); download CSV instead."
        ) from None
    return buf.getvalue()


def register_template(unplaced: pd.DataFrame | None = None) -> bytes:
    """A supplier register CSV to fill in: the headers the register reader accepts.

    Given the match report's unplaced suppliers (supplier_name, supplier_id, amount), their rows
    are pre-filled, largest £ first, so the officer only types postcodes.
    """
    cols = ["Supplier", "Supplier ID", "Postcode", "Address"]
    if unplaced is None or unplaced.empty:
        rows = pd.DataFrame(
            [["Example Supplies Ltd", "", "M1 1AD", "(delete this example row)"]], columns=cols
        )
    else:
        rows = pd.DataFrame(
            {
                "Supplier": unplaced["supplier_name"].astype(object),
                "Supplier ID": unplaced.get("supplier_id", pd.Series(None, index=unplaced.index)),
                "Postcode": None,
                "Address": None,
            }
        )
        if "amount" in unplaced:
            rows["Spend in this file (£, for reference)"] = unplaced["amount"].round(2)
    return neutralise(rows).to_csv(index=False).encode("utf-8-sig")
