"""Generic tabular reader: any CSV, Excel or ZIP of one as text columns under the header a caller recognises."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.errors import SpendGeoError
from geo.spend.excel import cell_text, read_excel_grid
from geo.spend.textfile import (
    HEADER_SEARCH_ROWS,
    SAMPLE_CHARS,
    check_line_length,
    decode,
    line_offset,
    parse_body,
    sample_rows,
    sniff_delimiter,
)
from geo.spend.unpack import Source, kind_of, load, open_zip

__all__ = ["HEADER_SEARCH_ROWS", "RawTable", "Source", "read_table"]


IsHeader = Callable[[list[str]], bool]  # does this row of cells look like the header?
NoHeader = Callable[[str, list[str]], SpendGeoError]  # the error when no row does
Protect = Callable[[list[str]], set[str]]  # headers that may not repeat (the mapped ones)
WIDE = 200  # beyond this many columns, row-wise checks are cheaper than column-wise pandas calls


@dataclass
class RawTable:
    """Every original column as text under its (de-duplicated) header, before any mapping."""

    frame: pd.DataFrame
    row_number: np.ndarray  # 1-based data-row position of each frame row
    headers: list[str]  # as written in the file (stripped), one per frame column
    notes: list[str] = field(default_factory=list)
    source_name: str = ""


def _dedupe_headers(
    headers: list[str], name: str, protect: Callable[[str], bool]
) -> tuple[list[str], list[str]]:
    """Unique column names: blank headers → column_<n>, repeated ones → 'X (2)' unless they matter."""
    notes: list[str] = []
    seen: dict[str, int] = {}
    out: list[str] = []
    for i, h in enumerate(headers, start=1):
        label = h if h else f"column_{i}"
        if label in seen:
            if protect(h):
                first = seen[label]
                raise SpendGeoError(
                    f"{name} has two columns headed '{h}' (columns {first} and {i}); rename one so it is clear which to use."
                )
            n = 2
            while f"{label} ({n})" in seen:
                n += 1
            notes.append(f"Column {i} repeats the header '{h}'; it was kept as '{label} ({n})'.")
            label = f"{label} ({n})"
        seen[label] = i
        out.append(label)
    return out, notes


def _clean_header(cells: list[object]) -> list[str]:
    out = []
    for c in cells:
        if c is None or (isinstance(c, float) and np.isnan(c)):
            out.append("")
        else:
            out.append(re.sub(r"\s+", " ", str(c).replace("\ufeff", "")).strip())
    # Trailing blank headers with nothing under them are Excel's ragged right edge.
    return out


def read_table(
    source: Source,
    *,
    filename: str | None = None,
    sheet: str | None = None,
    max_bytes: int = 500_000_000,
    is_header: IsHeader,
    no_header: NoHeader,
    protect: Protect = lambda h: set(),
) -> RawTable:
    """Any supported file as text columns under the first row (of the first 30) that `is_header` accepts.

    `no_header(name, best_row)` builds the error when no row qualifies; `protect(headers)` names
    headers that may not repeat (the mapped ones).
    """
    data, name = load(source, filename, max_bytes)
    notes: list[str] = []
    kind = kind_of(data, name)
    if kind == "zip":
        kind, data, name = open_zip(data, name, max_bytes)
    if kind in ("xlsx", "xls"):
        return _excel_table(data, kind, name, sheet, is_header, no_header, protect, notes)
    if sheet is not None:
        notes.append(f"{name} is a CSV file, so the sheet name '{sheet}' was ignored.")
    text = decode(data, name, notes)
    if not text.strip():
        raise SpendGeoError(f"{name} contains only blank space; there is no header or data.")
    if "\n" not in text[:SAMPLE_CHARS] and "\r" in text:
        text = text.replace("\r", "\n")  # classic Mac line endings
    check_line_length(text, name)
    delim = sniff_delimiter(text[:SAMPLE_CHARS])
    rows = sample_rows(text, delim, name)
    if not rows:
        raise SpendGeoError(f"{name} contains only blank space; there is no header or data.")
    found = next(((line, cells) for line, cells in rows if is_header(_clean_header(cells))), None)
    if found is None:
        raise no_header(name, _best_row([_clean_header(c) for _, c in rows]))
    line, cells = found
    if line:
        notes.append(
            f"The header was found on line {line + 1} of {name}; {line} line(s) above it were skipped as a preamble."
        )
    if delim != ",":
        notes.append(f"{name} is separated by {_DELIM_NAMES[delim]}, not commas.")
    headers = _clean_header(cells)
    names, dup_notes = _dedupe_headers(headers, name, protect(headers).__contains__)
    notes.extend(dup_notes)
    frame = parse_body(text[line_offset(text, line) :], delim, names, name, notes)
    return _finish(frame, headers, np.arange(1, len(frame) + 1), name, notes)


_DELIM_NAMES = {";": "semicolons", "\t": "tabs", "|": "vertical bars (|)", ",": "commas"}


def _best_row(rows: list[list[str]]) -> list[str]:
    """The row most like a header, for the error message: the one with most non-blank cells."""
    return max(rows, key=lambda r: sum(1 for c in r if c), default=[])


def _excel_table(
    data: bytes,
    kind: str,
    name: str,
    sheet: str | None,
    is_header: IsHeader,
    no_header: NoHeader,
    protect: Protect,
    notes: list[str],
) -> RawTable:
    """The first sheet (or the named one) whose first 30 non-blank rows hold a header."""
    grids, all_sheets = read_excel_grid(data, kind, name, sheet)
    best: list[str] = []
    for sheet_name, grid in grids:
        head = grid.head(HEADER_SEARCH_ROWS + 20)
        candidates = [
            (i, _clean_header(list(r)))
            for i, r in zip(head.index, head.itertuples(index=False, name=None), strict=True)
        ]
        candidates = [(i, c) for i, c in candidates if any(c)][:HEADER_SEARCH_ROWS]
        hit = next(((i, c) for i, c in candidates if is_header(c)), None)
        if hit is None:
            row = _best_row([c for _, c in candidates])
            best = best if sum(map(bool, best)) >= sum(map(bool, row)) else row
            continue
        i, headers = hit
        label = f"{name} (sheet '{sheet_name}')"
        if sheet is None and len(all_sheets) > 1:
            skipped = all_sheets[: all_sheets.index(sheet_name)]
            why = f"; {', '.join(repr(s) for s in skipped)} had no spend header" if skipped else ""
            notes.append(f"Read sheet '{sheet_name}' of {name}{why}.")
        if i:
            notes.append(
                f"The header was found on row {i + 1} of sheet '{sheet_name}'; {i} row(s) above it were skipped as a preamble."
            )
        # Trim trailing header cells that are blank and have nothing underneath (ragged edge).
        body = grid.iloc[grid.index.get_loc(i) + 1 :]
        width = len(headers)
        while width and not headers[width - 1] and body.iloc[:, width - 1].isna().all():
            width -= 1
        headers = headers[:width]
        body = body.iloc[:, :width]
        names, dup_notes = _dedupe_headers(headers, label, protect(headers).__contains__)
        notes.extend(dup_notes)
        frame = pd.DataFrame(
            {n: body.iloc[:, k].map(cell_text).astype("str") for k, n in enumerate(names)}
        )
        frame = frame.reset_index(drop=True)
        rows = (body.index.to_numpy() - i).astype(np.int64)
        return _finish(frame, headers, rows, label, notes)
    if sheet is None and len(grids) > 1:
        raise no_header(f"{name} (none of its {len(grids)} sheets)", best)
    raise no_header(name, best)


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is missing or blank space; only short cells need stripping."""
    if not frame.shape[1]:
        return np.ones(len(frame), dtype=bool)
    if frame.shape[1] > WIDE:
        cells = frame.to_numpy(dtype=object)
        return np.array(
            [all(v is None or v != v or not str(v).strip() for v in row) for row in cells],
            dtype=bool,
        )
    maybe = np.ones(len(frame), dtype=bool)
    for col in frame.columns:
        s = frame[col]
        maybe &= (s.isna() | (s.astype("str").str.len() <= 8)).to_numpy(dtype=bool)
        if not maybe.any():
            return maybe
    sub = frame.loc[maybe]
    blank = sub.apply(lambda s: s.isna() | (s.astype("str").str.strip() == "")).all(axis=1)
    maybe[maybe] = blank.to_numpy(dtype=bool)
    return maybe


def _finish(
    frame: pd.DataFrame, headers: list[str], rows: np.ndarray, name: str, notes: list[str]
) -> RawTable:
    """Drop wholly blank rows and blank unnamed columns; refuse a table with no data at all."""
    blank_cols = [
        c for c, h in zip(frame.columns, headers, strict=True) if not h and frame[c].isna().all()
    ]
    if blank_cols:
        keep = [i for i, c in enumerate(frame.columns) if c not in blank_cols]
        frame = frame.drop(columns=blank_cols)
        headers = [headers[i] for i in keep]
    empty = _blank_rows(frame)
    if empty.any():
        if (~empty).any():
            notes.append(f"Skipped {int(empty.sum()):,} blank row(s).")
        frame = frame.loc[~empty].reset_index(drop=True)
        rows = rows[~empty]
    if frame.empty:
        raise SpendGeoError(f"{name} has a header row but no data rows under it.")
    return RawTable(frame=frame, row_number=rows, headers=headers, notes=notes, source_name=name)
