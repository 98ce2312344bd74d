"""A one-sheet XLSX written by xlsxwriter in memory: typed cells, dates as dates, no temporary file."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd


def write_xlsx(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """Write `frame` (text already neutralised) as one sheet; numbers stay numbers, blanks stay blank.

    `in_memory` keeps xlsxwriter from writing its temporary files (its constant_memory mode uses
    them), so an uploaded file's rows never reach the server's disk.
    """
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": False,
        },
    )
    ws = book.add_worksheet(sheet[:31] or "data")
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    head = book.add_format({"bold": True})
    for j, col in enumerate(frame.columns):
        ws.write_string(0, j, str(col), head)
    for j, col in enumerate(frame.columns):
        s = frame[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            # Excel serial days since 1899-12-30, written as numbers with a date format.
            days = (s - pd.Timestamp("1899-12-30")).dt.total_seconds() / 86400.0
            _numbers(ws, j, days.to_numpy(dtype="float64", na_value=np.nan), date_fmt)
        elif pd.api.types.is_bool_dtype(s) or str(s.dtype) == "boolean":
            write = ws.write_boolean
            for i, v in enumerate(s.astype(object).tolist(), start=1):
                if v is not None and v is not pd.NA:
                    write(i, j, bool(v))
        elif pd.api.types.is_numeric_dtype(s):
            _numbers(ws, j, pd.to_numeric(s).to_numpy(dtype="float64", na_value=np.nan), None)
        else:
            write = ws.write_string
            for i, v in enumerate(s.tolist(), start=1):
                if v is not None and v is not pd.NA and v == v:
                    write(i, j, v if isinstance(v, str) else str(v))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(frame), 1), max(len(frame.columns) - 1, 0))
    book.close()
    return buf.getvalue()


def _numbers(ws, j: int, values: np.ndarray, fmt) -> None:
    write = ws.write_number
    finite = np.isfinite(values)
    for i in np.flatnonzero(finite).tolist():
        write(i + 1, j, float(values[i]), fmt)
