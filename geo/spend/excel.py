"""Excel workbooks (.xlsx via openpyxl, legacy .xls via xlrd) as grids of cells, and cells as CSV-like text."""

from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd

from geo.errors import SpendGeoError


def cell_text(v: object) -> object:
    """An Excel cell as the text a CSV export would show; None/NaN stay missing."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return np.nan
    if isinstance(v, pd.Timestamp) or hasattr(v, "isoformat"):
        try:
            ts = pd.Timestamp(v)
            return ts.strftime("%Y-%m-%d") if ts == ts.normalize() else ts.isoformat(sep=" ")
        except (ValueError, TypeError):
            return str(v)
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    s = str(v)
    return s if s.strip() else np.nan


def read_excel_grid(
    data: bytes, kind: str, name: str, sheet: str | None
) -> tuple[list[tuple[str, pd.DataFrame]], list[str]]:
    """[(sheet name, grid of cells with header=None)] for the named sheet or every sheet in order."""
    engine = "xlrd" if kind == "xls" else "openpyxl"
    try:
        with warnings.catch_warnings():
            # pandas flags xlrd as deprecated; it is still the only reader of legacy .xls here.
            warnings.simplefilter("ignore")
            book = pd.ExcelFile(io.BytesIO(data), engine=engine)
        names = [str(s) for s in book.sheet_names]
    except Exception as err:  # openpyxl/xlrd raise many types for damaged files
        raise SpendGeoError(
            f"{name} could not be opened as an Excel workbook: it is damaged, encrypted or not really {kind.upper()} ({type(err).__name__})."
        ) from None
    if not names:
        raise SpendGeoError(f"{name} is an Excel workbook with no sheets.")
    if sheet is not None and sheet not in names:
        listed = ", ".join(f"'{s}'" for s in names)
        raise SpendGeoError(f"{name} has no sheet named '{sheet}'; its sheets are {listed}.")
    wanted = [sheet] if sheet is not None else names
    grids: list[tuple[str, pd.DataFrame]] = []
    for s in wanted:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter(
                    "ignore"
                )  # openpyxl's "no default style" and xlrd deprecation
                grid = pd.read_excel(book, sheet_name=s, header=None, dtype=object)
        except Exception as err:
            raise SpendGeoError(
                f"Sheet '{s}' of {name} could not be read: the workbook is damaged ({type(err).__name__})."
            ) from None
        grids.append((s, grid))
    return grids, names
