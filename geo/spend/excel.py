"""Excel workbooks (.xlsx via openpyxl, legacy .xls via xlrd) as grids of cells, and cells as CSV-like text."""

from __future__ import annotations

import io
import re
import warnings
import zipfile

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


# A sheet is read into memory as rows × columns cells padded to the widest row, so its extent is
# checked before parsing: 30 million cells is about 140 Trafford-sized columns of 210,000 rows.
MAX_CELLS = 30_000_000


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def sheet_extents(data: bytes) -> dict[str, tuple[int, int]]:
    """{sheet name: (last row, last column)} of an .xlsx from its XML, without building any cells.

    Uses the cells' own references (the <dimension> element is optional and can lie): the last
    <row r=> gives the rows, the widest cell reference the columns.
    """
    zf = zipfile.ZipFile(io.BytesIO(data))
    members = set(zf.namelist())
    book = zf.read("xl/workbook.xml") if "xl/workbook.xml" in members else b""
    rels_xml = (
        zf.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in members else b""
    )
    rels = {
        m.group(1): m.group(2)
        for m in re.finditer(rb'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels_xml)
    }
    rels.update(
        {
            m.group(2): m.group(1)
            for m in re.finditer(
                rb'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels_xml
            )
        }
    )
    out: dict[str, tuple[int, int]] = {}
    for m in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", book):
        tag = m.group(0)
        nm = re.search(rb'\bname="([^"]*)"', tag)
        rid = re.search(rb'\br:id="([^"]*)"|\b\w+:id="([^"]*)"', tag)
        if not nm or not rid:
            continue
        target = rels.get(rid.group(1) or rid.group(2), b"").decode("utf-8", "replace").lstrip("/")
        path = target if target.startswith("xl/") else f"xl/{target}"
        if path not in members:
            continue
        xml = zf.read(path)
        last = xml.rfind(b"<row ")
        row = re.match(rb'<row [^>]*?\br="(\d+)"', xml[last:]) if last >= 0 else None
        rows = int(row.group(1)) if row else xml.count(b"<row")
        cols = 0
        three = re.compile(rb'<c r="([A-Z]{3})\d')
        hits = {h.group(1) for h in three.finditer(xml)}
        if hits:
            cols = max(_col_number(h) for h in hits)
        else:
            two = {h.group(1) for h in re.finditer(rb'<c r="([A-Z]{1,2})\d', xml)}
            cols = max((_col_number(h) for h in two), default=0)
        name = re.sub(r"&amp;", "&", nm.group(1).decode("utf-8", "replace"))
        out[name] = (rows, cols)
    return out


def check_extent(data: bytes, name: str, sheets: list[str] | None = None) -> None:
    """Refuse an .xlsx sheet that would unfold to more than MAX_CELLS cells, before parsing it."""
    try:
        extents = sheet_extents(data)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return  # damaged: the workbook reader gives its own sentence
    for sheet, (rows, cols) in extents.items():
        if sheets is not None and sheet not in sheets:
            continue
        if rows * cols > MAX_CELLS:
            raise SpendGeoError(
                f"Sheet '{sheet}' of {name} reaches row {rows:,} and column {cols:,} "
                f"({rows * cols:,} cells); the limit is {MAX_CELLS:,} cells. Delete the empty rows and "
                "columns beyond the table (Ctrl+End in Excel shows the last used cell) and save again."
            )


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
        if "encrypt" in str(err).lower() or "password" in str(err).lower():
            raise SpendGeoError(
                f"{name} is a password-protected Excel workbook; remove the password in Excel and save a copy to upload."
            ) from None
        raise SpendGeoError(
            f"{name} could not be opened as an Excel workbook: it is damaged, encrypted or not really {kind.upper()} ({type(err).__name__})."
        ) from None
    if not names:
        raise SpendGeoError(f"{name} is an Excel workbook with no sheets.")
    if sheet is not None and sheet not in names:
        listed = ", ".join(f"'{s}'" for s in names)
        raise SpendGeoError(f"{name} has no sheet named '{sheet}'; its sheets are {listed}.")
    wanted = [sheet] if sheet is not None else names
    if kind == "xlsx":
        check_extent(data, name, wanted)
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
