"""Read a messy spend file (CSV, Excel, or a ZIP of one) into the normalised spend table, with notes on every assumption."""

# Decisions (columns, row numbers, dropped rows, encodings): docs/ARCHITECTURE.md, "Spend file ingestion".

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from geo.errors import SpendGeoError
from geo.spend.amounts import looks_decimal_comma, parse_amounts, parse_dates, parse_flags
from geo.spend.columns import (
    FIELDS,
    accepted_names,
    header_key,
    map_columns,
    packed_supplier_column,
)
from geo.spend.postcode import extract

Source = str | Path | bytes | bytearray | BinaryIO
IsHeader = Callable[[list[str]], bool]  # does this row of cells look like the header?
NoHeader = Callable[[str, list[str]], SpendGeoError]  # the error when no row does
Protect = Callable[[list[str]], set[str]]  # headers that may not repeat (the mapped ones)

HEADER_SEARCH_ROWS = 30  # the header is looked for among this many rows (preambles, titles)
_SAMPLE_CHARS = 256_000  # enough text to sniff the delimiter and find the header
_WARN_BAD_SHARE = 0.05  # above this share of unreadable amounts the note becomes a warning
_EXCEL_EXPANSION = 10  # an xlsx may unpack to 10x max_bytes of XML before it is refused
_WIDE = 200  # beyond this many columns, row-wise checks are cheaper than column-wise pandas calls
_SPREADSHEET_EXT = (".csv", ".txt", ".tsv", ".tab", ".xlsx", ".xlsm", ".xls")

TEXT_FIELDS = ("buyer", "department", "supplier_name", "supplier_id")
NORMALISED = (
    "row_number", "buyer", "department", "supplier_name", "supplier_id", "is_sme", "is_vcse",
    "amount", "is_credit", "amount_shared_by", "date", "postcode_raw",
)  # fmt: skip
# Names the geocoder and the register join add later; an original column must not shadow them.
_RESERVED = set(NORMALISED) | {
    "postcode", "postcode_source", "status", "lat", "lon", "lsoa11cd", "lad21cd", "lep21cd",
    "lep21cd2", "ca24cd", "imd_decile",
}  # fmt: skip
# Officers' files carry withheld names in several spellings; reported, never guessed.
_REDACTED_RE = (
    r"(?i)^\s*(?:\*+|x{2,}|n/?a|redacted\b.*|withheld\b.*|.*\bname withheld\b.*|"
    r"personal (?:data|information)\b.*|data protection\b.*|(?:private )?individuals?)\s*$"
)
_TOTAL_RE = r"(?i)^\s*(?:grand\s+|sub\s*-?\s*)?totals?\s*:?\s*$"
# Cells that Excel would run as a formula if the download were opened there (CSV injection).
_FORMULA_RE = r"^\s*(?:[=@]|[+-][^\d.\s])"


@dataclass
class SpendTable:
    """A normalised spend table and what was assumed to get there."""

    frame: pd.DataFrame  # normalised columns + every original column
    mapping: dict[str, str]  # field -> source column used (e.g. {"amount": "Net Amount"})
    notes: list[str]  # plain sentences: what was assumed, dropped, flagged
    source_name: str


@dataclass
class RawTable:
    """Every original column as text under its (de-duplicated) header, before any mapping."""

    frame: pd.DataFrame
    row_number: np.ndarray  # 1-based data-row position of each frame row
    headers: list[str]  # as written in the file (stripped), one per frame column
    notes: list[str] = field(default_factory=list)
    source_name: str = ""


# ---------------------------------------------------------------------------------------------
# Bytes in


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:,.0f} MB"
    if n >= 1_000:
        return f"{n / 1_000:,.0f} KB"
    return f"{n:,} bytes"


def _load(source: Source, filename: str | None, max_bytes: int) -> tuple[bytes, str]:
    """The file's bytes and a display name, refusing what cannot be read before touching pandas."""
    if isinstance(source, str | Path):
        path = Path(source)
        name = filename or path.name or str(path)
        if not path.exists():
            raise SpendGeoError(f"{path} does not exist; check the file name and folder.")
        if path.is_dir():
            raise SpendGeoError(f"{path} is a folder, not a file; choose the spend file inside it.")
        size = path.stat().st_size
        if size > max_bytes:
            raise SpendGeoError(f"{name} is {_size(size)}; the limit is {_size(max_bytes)}.")
        try:
            data = path.read_bytes()
        except OSError as err:
            raise SpendGeoError(f"{name} could not be opened: {err.strerror or err}.") from None
    elif isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = filename or "uploaded file"
    elif hasattr(source, "read"):
        name = filename or Path(str(getattr(source, "name", "") or "uploaded file")).name
        try:
            size = _stream_size(source)
            if size is not None and size > max_bytes:
                raise SpendGeoError(f"{name} is {_size(size)}; the limit is {_size(max_bytes)}.")
            data = source.read(max_bytes + 1)
        except (OSError, ValueError) as err:
            raise SpendGeoError(f"{name} could not be read: {err}.") from None
        if isinstance(data, str):
            data = data.encode("utf-8")
        if len(data) > max_bytes:
            raise SpendGeoError(
                f"{name} is over {_size(max_bytes)}; the limit is {_size(max_bytes)}."
            )
    else:
        raise SpendGeoError(
            f"Cannot read a spend file from a {type(source).__name__}; give a path, bytes or an open file."
        )
    if len(data) > max_bytes:
        raise SpendGeoError(f"{name} is {_size(len(data))}; the limit is {_size(max_bytes)}.")
    if not data:
        raise SpendGeoError(f"{name} is empty (0 bytes); there is nothing to read.")
    return data, name


def _stream_size(fh: BinaryIO) -> int | None:
    """Bytes left in a seekable upload (Streamlit's UploadedFile is one), so size errors are exact."""
    try:
        if not fh.seekable():
            return None
        here = fh.tell()
        end = fh.seek(0, io.SEEK_END)
        fh.seek(here)
        return end - here
    except (OSError, ValueError, AttributeError):
        return None


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3", "an SQLite database"),
)


def _kind(data: bytes, name: str) -> str:
    """'zip', 'xls' or 'text'; other recognisable binaries are refused by name."""
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise SpendGeoError(f"{name} is {what}, not a CSV or Excel spend file.")
    return "text"


def _open_zip(data: bytes, name: str, max_bytes: int) -> tuple[str, bytes, str]:
    """(kind, bytes, name) of the one spreadsheet a ZIP holds, or the xlsx the ZIP is."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise SpendGeoError(
            f"{name} is not a readable ZIP or Excel file: it is damaged or incomplete."
        ) from None
    members = {i.filename for i in infos}
    if "[Content_Types].xml" in members:
        if any(m.startswith("xl/") for m in members):
            declared = sum(i.file_size for i in infos)
            if declared > _EXCEL_EXPANSION * max_bytes:
                raise SpendGeoError(
                    f"{name} unpacks to {_size(declared)} of spreadsheet XML; the limit is {_size(_EXCEL_EXPANSION * max_bytes)}."
                )
            return "xlsx", data, name
        if any(m.startswith("word/") for m in members):
            raise SpendGeoError(
                f"{name} is a Word document, not a spreadsheet; save the table as CSV or XLSX."
            )
        if any(m.startswith("ppt/") for m in members):
            raise SpendGeoError(
                f"{name} is a PowerPoint file, not a spreadsheet; save the table as CSV or XLSX."
            )
    if "mimetype" in members:
        try:
            mime = zf.read("mimetype")[:100].decode("ascii", "replace")
        except Exception:
            mime = ""
        if "opendocument.spreadsheet" in mime:
            raise SpendGeoError(
                f"{name} is an OpenDocument spreadsheet (.ods); save it as XLSX or CSV and upload that."
            )
    files = [
        i for i in infos
        if not i.is_dir() and not i.filename.startswith("__MACOSX/") and not Path(i.filename).name.startswith(".")
    ]  # fmt: skip
    if not files:
        raise SpendGeoError(f"{name} is an empty ZIP archive; it holds no files.")
    sheets = [i for i in files if i.filename.lower().endswith(_SPREADSHEET_EXT)]
    if not sheets:
        inner = [i.filename for i in files if i.filename.lower().endswith(".zip")]
        if inner:
            raise SpendGeoError(
                f"{name} holds another ZIP ({inner[0]}) instead of a CSV or Excel file; unzip it and upload the spreadsheet inside."
            )
        listed = ", ".join(i.filename for i in files[:5]) + (" …" if len(files) > 5 else "")
        raise SpendGeoError(f"{name} holds no CSV or Excel file (it contains: {listed}).")
    if len(sheets) > 1:
        listed = ", ".join(i.filename for i in sheets[:5]) + (" …" if len(sheets) > 5 else "")
        raise SpendGeoError(
            f"{name} holds {len(sheets)} spreadsheets ({listed}); upload them one at a time."
        )
    info = sheets[0]
    inner_name = f"{name} › {info.filename}"
    if info.file_size > max_bytes:
        raise SpendGeoError(
            f"{inner_name} unpacks to {_size(info.file_size)}; the limit is {_size(max_bytes)}."
        )
    try:
        # Read at most max_bytes + 1: the size in the ZIP header can lie (a "zip bomb").
        with zf.open(info) as fh:
            inner = fh.read(max_bytes + 1)
    except RuntimeError:
        raise SpendGeoError(f"{name} is password-protected; upload an unencrypted copy.") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as err:
        raise SpendGeoError(
            f"{inner_name} could not be unpacked: the ZIP is damaged ({err})."
        ) from None
    if len(inner) > max_bytes:
        raise SpendGeoError(
            f"{inner_name} unpacks to more than {_size(max_bytes)}; the limit is {_size(max_bytes)}."
        )
    if not inner:
        raise SpendGeoError(f"{inner_name} is empty (0 bytes); there is nothing to read.")
    kind = _kind(inner, inner_name)
    if kind == "zip":
        try:
            is_xlsx = "[Content_Types].xml" in zipfile.ZipFile(io.BytesIO(inner)).namelist()
        except zipfile.BadZipFile:
            is_xlsx = False
        if not is_xlsx:
            raise SpendGeoError(
                f"{inner_name} is itself a ZIP archive; unzip it and upload the spreadsheet inside."
            )
        return _open_zip(inner, inner_name, max_bytes)
    return kind, inner, inner_name


# ---------------------------------------------------------------------------------------------
# Text: encoding, delimiter, header, rows


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Decode stray non-UTF-8 bytes as Windows-1252: files edited on two machines mix both."""
    assert isinstance(err, UnicodeDecodeError)
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="replace"), err.end


codecs.register_error("spendgeo_cp1252", _cp1252_fallback)


def _decode(data: bytes, name: str, notes: list[str]) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 by BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise SpendGeoError(
                f"{name} is marked as UTF-16 text but byte {err.start:,} cannot be decoded; re-save it as UTF-8 CSV."
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    head = data[:65536]
    # UTF-16 without a BOM: every other byte is NUL in Latin text.
    if (
        len(head) >= 4
        and head[1::2].count(0) > 0.4 * len(head[1::2])
        and head[0::2].count(0) < 0.05 * len(head[0::2])
    ):
        try:
            notes.append(f"{name} is UTF-16 text without a byte-order mark; it was read as UTF-16.")
            return data.decode("utf-16-le")
        except UnicodeDecodeError:
            notes.pop()
    nul = data.count(0)
    if nul:
        if nul > max(16, 0.01 * len(data)) or b"\x00\x00\x00\x00" in data:
            raise SpendGeoError(
                f"{name} is not a text file: it contains binary data (NUL bytes from byte {data.index(0):,}); upload the CSV or Excel file itself."
            )
        notes.append(f"{name} contains {nul:,} NUL byte(s) (a damaged export); they were removed.")
        data = data.replace(b"\x00", b"")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Valid multi-byte UTF-8 sequences alongside invalid bytes mean a mixed file: keep the
        # UTF-8 and read only the stray bytes as Windows-1252 (where £ is 0xA3).
        if re.search(rb"[\xc2-\xf4][\x80-\xbf]+", data):
            text = data.decode("utf-8", errors="spendgeo_cp1252")
            notes.append(
                f"{name} mixes UTF-8 and Windows-1252 text; each part was decoded in its own encoding."
            )
        else:
            text = data.decode("cp1252", errors="spendgeo_cp1252")
            notes.append(
                f"{name} is not UTF-8; it was read as Windows-1252 (Excel's 'CSV' on Windows)."
            )
    sample = text[:65536]
    controls = len(re.findall(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]", sample))
    if sample and controls > max(8, 0.02 * len(sample)):
        raise SpendGeoError(
            f"{name} does not look like text: it is binary or damaged; upload the CSV or Excel file itself."
        )
    if sample.lstrip().lower().startswith(("<!doctype html", "<html", "<table")):
        raise SpendGeoError(
            f"{name} is a web page (HTML), not a CSV or Excel file; open it in Excel and save it as CSV or XLSX."
        )
    if sample.lstrip().startswith(("{", "[{")):
        raise SpendGeoError(f"{name} is JSON, not a CSV or Excel spend file.")
    return text


def _sniff_delimiter(sample: str) -> str:
    """The delimiter among , ; tab | that splits the sample's rows most consistently and most finely."""
    best, best_score = ",", (-1.0, 0)
    for delim in (",", ";", "\t", "|"):
        try:
            rows = list(itertools.islice(csv.reader(io.StringIO(sample), delimiter=delim), 200))
        except csv.Error:
            continue
        counts = [len(r) for r in rows[:-1] if any(c.strip() for c in r)] or [
            len(r) for r in rows if r
        ]
        if not counts:
            continue
        tail = counts[len(counts) // 3 :] or counts  # the end of the sample, past any preamble
        mode, freq = Counter(tail).most_common(1)[0]
        if mode < 2:
            continue
        score = (round(freq / len(tail), 1), mode)
        if score > best_score:
            best, best_score = delim, score
    return best


def _sample_rows(text: str, delim: str) -> list[tuple[int, list[str]]]:
    """The first rows as (physical line where the row starts, cells), for header detection."""
    out: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text[:_SAMPLE_CHARS]), delimiter=delim)
    try:
        while len(out) < HEADER_SEARCH_ROWS:
            start = reader.line_num
            row = next(reader)
            if any(c.strip() for c in row):
                out.append((start, row))
    except (StopIteration, csv.Error):
        pass
    return out


def _line_offset(text: str, line: int) -> int:
    pos = 0
    for _ in range(line):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return pos


def _parse_body(
    body: str, delim: str, names: list[str], name: str, notes: list[str]
) -> pd.DataFrame:
    """All rows under the header as text; pyarrow first (fast), the csv module for ragged rows."""
    raw = body.encode("utf-8")
    try:
        table = pacsv.read_csv(
            io.BytesIO(raw),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delim, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), null_values=[""], strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )  # fmt: skip
        frame = table.to_pandas()
        frame.columns = names
        return frame
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowException, ValueError):
        pass  # ragged rows (missing trailing fields), a stray quote, ...: read slowly but tolerantly
    return _parse_body_python(body, delim, names, name, notes)


def _parse_body_python(
    body: str, delim: str, names: list[str], name: str, notes: list[str]
) -> pd.DataFrame:
    width = len(names)
    rows: list[list[str]] = []
    long_rows: list[int] = []
    short = 0
    reader = csv.reader(io.StringIO(body), delimiter=delim)
    try:
        next(reader, None)  # the header
        for row in reader:
            if not row:
                continue
            if len(row) < width:
                short += 1
                row = row + [""] * (width - len(row))
            elif len(row) > width:
                if any(c.strip() for c in row[width:]):
                    # The row's values are out of step with the header (an unquoted delimiter in
                    # a name, usually), so its amount column would hold the wrong value.
                    long_rows.append(len(rows) + len(long_rows) + 1)
                    continue
                row = row[:width]
            rows.append(row)
    except csv.Error as err:
        raise SpendGeoError(
            f"{name} could not be read as CSV near data row {len(rows) + 1:,}: {err}."
        ) from None
    if short:
        notes.append(
            f"{short:,} row(s) had fewer fields than the header; the missing trailing values were left empty."
        )
    if long_rows:
        first = ", ".join(f"{n:,}" for n in long_rows[:5])
        notes.append(
            f"Dropped {len(long_rows):,} row(s) with more fields than the header (a value probably contains an unquoted delimiter), first at data row(s) {first}."
        )
    frame = (
        pd.DataFrame(rows, columns=range(width), dtype="str")
        if rows
        else pd.DataFrame({i: pd.Series([], dtype="str") for i in range(width)})
    )
    frame = frame.replace("", np.nan) if rows else frame
    frame.columns = names
    return frame


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


# ---------------------------------------------------------------------------------------------
# Excel


def _cell_text(v: object) -> object:
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


def _read_excel_grid(
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


# ---------------------------------------------------------------------------------------------
# The shared reader


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
    data, name = _load(source, filename, max_bytes)
    notes: list[str] = []
    kind = _kind(data, name)
    if kind == "zip":
        kind, data, name = _open_zip(data, name, max_bytes)
    if kind in ("xlsx", "xls"):
        return _excel_table(data, kind, name, sheet, is_header, no_header, protect, notes)
    if sheet is not None:
        notes.append(f"{name} is a CSV file, so the sheet name '{sheet}' was ignored.")
    text = _decode(data, name, notes)
    if not text.strip():
        raise SpendGeoError(f"{name} contains only blank space; there is no header or data.")
    if "\n" not in text[:_SAMPLE_CHARS] and "\r" in text:
        text = text.replace("\r", "\n")  # classic Mac line endings
    delim = _sniff_delimiter(text[:_SAMPLE_CHARS])
    rows = _sample_rows(text, delim)
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
    frame = _parse_body(text[_line_offset(text, line) :], delim, names, name, notes)
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
    grids, all_sheets = _read_excel_grid(data, kind, name, sheet)
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
            {n: body.iloc[:, k].map(_cell_text).astype("str") for k, n in enumerate(names)}
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
    if frame.shape[1] > _WIDE:
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


# ---------------------------------------------------------------------------------------------
# Spend


def _shorten(v: object, n: int = 40) -> str:
    s = "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
    return s if len(s) <= n else s[: n - 1] + "…"


def _list_headers(headers: list[str], n: int = 20) -> str:
    shown = [f"'{_shorten(h, 40)}'" for h in headers if h][:n]
    more = len([h for h in headers if h]) - len(shown)
    return ", ".join(shown) + (f" and {more:,} more" if more > 0 else "") if shown else "(none)"


def _spend_header_checks(
    overrides: dict[str, str],
) -> tuple[Callable[[list[str]], bool], Callable[[str, list[str]], SpendGeoError]]:
    def resolve(headers: list[str]) -> dict[str, str] | None:
        got: dict[str, str] = {}
        for f, col in overrides.items():
            hit = _find_header(headers, col)
            if hit is None:
                return None
            got[f] = hit
        return got

    def is_header(headers: list[str]) -> bool:
        ov = resolve(headers)
        if ov is None:
            return False
        m = map_columns(headers, overrides=ov)
        return "amount" in m and (
            "supplier_name" in m or packed_supplier_column(headers) is not None
        )

    def no_header(name: str, headers: list[str]) -> SpendGeoError:
        for f, col in overrides.items():
            if _find_header(headers, col) is None:
                return SpendGeoError(
                    f"The column chosen for {f}, '{col}', is not in {name}; its headers are {_list_headers(headers)}."
                )
        ov = resolve(headers) or {}
        m = map_columns(headers, overrides=ov)
        found = _list_headers(headers)
        has_supplier = "supplier_name" in m or packed_supplier_column(headers) is not None
        if "amount" not in m and not has_supplier:
            return SpendGeoError(
                f"{name} has no amount or supplier column in its first {HEADER_SEARCH_ROWS} rows (headers found: {found}); name them e.g. 'Amount' and 'Supplier', or choose the columns by hand."
            )
        if "amount" not in m:
            return SpendGeoError(
                f"{name} has no amount column (headers found: {found}); accepted names include {accepted_names('amount')}, or choose the column by hand."
            )
        return SpendGeoError(
            f"{name} has no supplier column (headers found: {found}); accepted names include {accepted_names('supplier_name')}, or choose the column by hand."
        )

    return is_header, no_header


def _find_header(headers: list[str], wanted: str) -> str | None:
    """The header an override names: exact, else the one header equal ignoring case/punctuation."""
    w = str(wanted).strip()
    if w in headers:
        return w
    hits = [h for h in headers if h and header_key(h) == header_key(w)]
    return hits[0] if len(hits) == 1 else None


def _check_overrides(overrides: dict[str, str] | None) -> dict[str, str]:
    overrides = dict(overrides or {})
    for f, col in overrides.items():
        if f not in FIELDS:
            raise SpendGeoError(
                f"'{f}' is not a field that can be chosen; the fields are {', '.join(FIELDS)}."
            )
        if not isinstance(col, str) or not col.strip():
            raise SpendGeoError(f"The column chosen for {f} is blank; give a header from the file.")
    cols = list(overrides.values())
    dupes = {c for c in cols if cols.count(c) > 1}
    if dupes:
        raise SpendGeoError(
            f"The column '{sorted(dupes)[0]}' was chosen for more than one field; choose one column per field."
        )
    return overrides


def read_spend(
    source: str | Path | bytes | BinaryIO,
    *,
    filename: str | None = None,
    sheet: str | None = None,
    overrides: dict[str, str] | None = None,
    max_bytes: int = 500_000_000,
) -> SpendTable:
    """Read and normalise a spend file; raise SpendGeoError (one sentence) for anything unreadable."""
    overrides = _check_overrides(overrides)
    is_header, no_header = _spend_header_checks(overrides)

    def protect(headers: list[str]) -> set[str]:
        ov = {f: _find_header(headers, c) or c for f, c in overrides.items()}
        return set(map_columns(headers, overrides=ov).values()) | {
            packed_supplier_column(headers) or ""
        }

    try:
        raw = read_table(
            source,
            filename=filename,
            sheet=sheet,
            max_bytes=max_bytes,
            is_header=is_header,
            no_header=no_header,
            protect=protect,
        )
        return _normalise(raw, overrides)
    except SpendGeoError:
        raise
    except MemoryError:
        raise SpendGeoError(
            f"{filename or _name_of(source)} is too large to read on this machine; split it into smaller files."
        ) from None
    except Exception as err:  # the boundary: never let a pandas/pyarrow traceback reach the user
        raise SpendGeoError(
            f"{filename or _name_of(source)} could not be read ({type(err).__name__}: {_shorten(err, 120)})."
        ) from None


def _name_of(source: object) -> str:
    if isinstance(source, str | Path):
        return Path(source).name
    return str(getattr(source, "name", "") or "the uploaded file")


def _normalise(raw: RawTable, overrides: dict[str, str]) -> SpendTable:
    frame, name, notes = raw.frame, raw.source_name, list(raw.notes)
    names = list(frame.columns)
    # Map on the de-duplicated column names so a renamed duplicate can never be picked twice.
    ov = {f: names[raw.headers.index(_find_header(raw.headers, c))] for f, c in overrides.items()}
    mapping = map_columns(names, overrides=ov)
    packed = packed_supplier_column(names)
    if packed is not None and "supplier_name" not in ov:
        mapping.pop("supplier_name", None)
        for f in ("postcode", "address", "supplier_id", "is_sme", "is_vcse"):
            # Contracts Finder's `Postcode` is the delivery location and `Contact Postcode` the
            # buyer's office; neither says where the supplier is, so only the packed cell is used.
            if f not in ov:
                mapping.pop(f, None)
    row_number = pd.Series(raw.row_number, index=frame.index, dtype="int64")

    amount_col = mapping["amount"]
    amount, keep = _amounts(frame[amount_col], amount_col, row_number, name, notes)
    frame, row_number, amount = frame.loc[keep], row_number.loc[keep], amount.loc[keep]

    out = pd.DataFrame(index=frame.index)
    for f in TEXT_FIELDS:
        out[f] = (
            _text(frame[mapping[f]])
            if f in mapping
            else pd.Series(pd.NA, index=frame.index, dtype="string")
        )
    # Grand-total lines at the foot of council sheets would count the year twice.
    total_rows = _matches(out["supplier_name"], _TOTAL_RE)
    if packed is None and "supplier_name" in mapping and total_rows.any():
        first = ", ".join(f"{n:,}" for n in row_number[total_rows].head(3))
        notes.append(
            f"Dropped {int(total_rows.sum()):,} total line(s) (supplier '{out.loc[total_rows, 'supplier_name'].iloc[0]}', data row {first}) so the spend is not counted twice."
        )
        keep = ~total_rows
        frame, row_number, amount, out = (
            frame.loc[keep],
            row_number.loc[keep],
            amount.loc[keep],
            out.loc[keep],
        )

    for f in ("is_sme", "is_vcse"):
        out[f] = (
            parse_flags(frame[mapping[f]])
            if f in mapping
            else pd.Series(pd.NA, index=frame.index, dtype="boolean")
        )
    out["postcode_raw"] = _postcodes(frame, mapping)
    shared = pd.Series(1, index=frame.index, dtype="Int64")

    if packed is not None and "supplier_name" not in ov:
        exploded, out, amount, shared, row_number = _explode_packed(
            frame, packed, out, amount, row_number, notes
        )
        frame = exploded
        for f in ("supplier_name", "supplier_id", "address", "is_sme", "is_vcse"):
            mapping[f] = packed

    out.insert(0, "row_number", row_number.to_numpy())
    out["amount"] = amount.to_numpy(dtype="float64")
    out["is_credit"] = out["amount"] < 0
    out["amount_shared_by"] = shared.to_numpy()
    out["amount_shared_by"] = out["amount_shared_by"].astype("Int64")
    out["date"] = _dates(frame, mapping, row_number, notes)
    out = out[list(NORMALISED)]

    originals = frame.copy()
    originals.columns = [f"src_{c}" if c in _RESERVED else c for c in frame.columns]
    clashes = [c for c in frame.columns if c in _RESERVED]
    if clashes:
        notes.append(
            f"Original column(s) {', '.join(repr(c) for c in clashes)} were kept as {', '.join(repr('src_' + c) for c in clashes)} so they do not clash with the normalised columns."
        )
    result = pd.concat([out.reset_index(drop=True), originals.reset_index(drop=True)], axis=1)

    notes[:0] = [_mapping_note(mapping, name)]
    notes.extend(
        _content_notes(result, mapping, name, packed is not None and "supplier_name" not in ov)
    )
    notes.extend(_formula_notes(originals))
    return SpendTable(frame=result, mapping=mapping, notes=notes, source_name=name)


def _matches(values: pd.Series, pattern: str) -> pd.Series:
    """Boolean per row, the regex run once per distinct value (names repeat thousands of times)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if not len(uniques):
        return pd.Series(False, index=values.index)
    hit = pd.Series(uniques, dtype="str").str.contains(pattern, regex=True).to_numpy(dtype=bool)
    return pd.Series(np.where(codes >= 0, hit[codes.clip(min=0)], False), index=values.index)


def _text(col: pd.Series) -> pd.Series:
    s = col.astype("string").str.strip()
    return s.mask(s == "")


def _amounts(
    col: pd.Series, col_name: str, rows: pd.Series, name: str, notes: list[str]
) -> tuple[pd.Series, pd.Series]:
    decimal_comma = looks_decimal_comma(col)
    if decimal_comma:
        notes.append(
            f"Amounts in '{col_name}' use decimal commas (1.234,56), so ',' was read as the decimal point and '.' as a thousands separator."
        )
    amount = parse_amounts(col, decimal_comma=decimal_comma)
    ok = amount.notna()
    text = col.astype("string").str.strip()
    blank = (text.isna() | (text == "")).fillna(True).astype(bool)
    if not ok.any():
        if blank.all():
            raise SpendGeoError(f"The amount column '{col_name}' in {name} is empty on every row.")
        bad = [(r, v) for r, v, b in zip(rows, col, blank, strict=True) if not b][:3]
        shown = "; ".join(f"data row {r:,} has '{_shorten(v)}'" for r, v in bad)
        raise SpendGeoError(f"No amounts could be read in column '{col_name}' of {name}: {shown}.")
    dropped = ~ok
    if dropped.any():
        n, total = int(dropped.sum()), len(col)
        examples = ", ".join(
            f"{r:,} ('{_shorten(v, 20)}')"
            for r, v in zip(rows[dropped].head(3), col[dropped].head(3), strict=True)
        )
        share = n / total
        lead = "Warning: " if share > _WARN_BAD_SHARE else ""
        notes.append(
            f"{lead}Dropped {n:,} of {total:,} rows ({share:.1%}) whose '{col_name}' is blank or not a number, first at data row(s) {examples}."
        )
    return amount, ok


def _dates(
    frame: pd.DataFrame, mapping: dict[str, str], rows: pd.Series, notes: list[str]
) -> pd.Series:
    if "date" not in mapping:
        notes.append("No payment date column was found, so dates are left empty.")
        return pd.Series(pd.NaT, index=range(len(frame)), dtype="datetime64[ns]").to_numpy()
    col = frame[mapping["date"]]
    dates = parse_dates(col)
    bad = dates.isna() & col.notna()
    if bad.any():
        examples = ", ".join(
            f"{r:,} ('{_shorten(v, 20)}')"
            for r, v in zip(rows[bad].head(3), col[bad].head(3), strict=True)
        )
        notes.append(
            f"{int(bad.sum()):,} row(s) have a '{mapping['date']}' that could not be read as a day-first date, e.g. data row(s) {examples}; their date is left empty."
        )
    blank = int(col.isna().sum())
    if blank:
        notes.append(f"{blank:,} row(s) have no '{mapping['date']}'.")
    return dates.to_numpy(dtype="datetime64[ns]")


def _postcodes(frame: pd.DataFrame, mapping: dict[str, str]) -> pd.Series:
    out = pd.Series(pd.NA, index=frame.index, dtype="string")
    if "postcode" in mapping:
        out = _text(frame[mapping["postcode"]])
    if "address" in mapping:
        out = out.fillna(extract(frame[mapping["address"]]))
    return out


def _split_block(block: str) -> tuple[str, str, str, str, str]:
    """'Name|Address|Ref type|Ref Number|Is SME|Is VCSE' → its parts; a '|' inside the address is kept."""
    head, *rest = block.split("|", 1)
    tail = rest[0].rsplit("|", 4) if rest else []
    if len(tail) < 5:
        tail = [*tail, *[""] * (5 - len(tail))] if tail else ["", "", "", "", ""]
    address, _ref_type, ref_no, sme, vcse = tail
    return head.strip(), address.strip(), ref_no.strip(), sme.strip(), vcse.strip()


def _explode_packed(
    frame: pd.DataFrame,
    packed: str,
    out: pd.DataFrame,
    amount: pd.Series,
    rows: pd.Series,
    notes: list[str],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series, pd.Series]:
    """One row per `[...]` supplier block of a Contracts Finder notice, its awarded value split equally."""
    blocks_per_row: list[list[tuple[str, str, str, str, str]]] = []
    repeated = 0
    for cell in frame[packed].tolist():
        text = (
            ""
            if cell is None or (isinstance(cell, float) and np.isnan(cell))
            else str(cell).strip()
        )
        if text.startswith("[") and text.endswith("]"):
            text = text[1:-1]
        parts = [_split_block(b) for b in re.split(r"\]\s*\[", text)] if text else []
        unique = list(dict.fromkeys(p for p in parts if any(p)))
        repeated += len(parts) - len(unique)
        blocks_per_row.append(unique or [("", "", "", "", "")])
    counts = np.array([len(b) for b in blocks_per_row], dtype=np.int64)
    idx = np.repeat(np.arange(len(frame)), counts)
    flat = [b for bl in blocks_per_row for b in bl]
    cols = list(zip(*flat, strict=True)) if flat else [[]] * 5
    new = out.iloc[idx].reset_index(drop=True)
    new["supplier_name"] = _text(pd.Series(cols[0], dtype="string"))
    new["supplier_id"] = _text(pd.Series(cols[2], dtype="string"))
    new["is_sme"] = parse_flags(pd.Series(cols[3], dtype=object))
    new["is_vcse"] = parse_flags(pd.Series(cols[4], dtype=object))
    new["postcode_raw"] = extract(pd.Series(cols[1], dtype="string"))
    shared = pd.Series(counts[idx], dtype="Int64")
    split_amount = pd.Series(amount.to_numpy()[idx] / counts[idx], dtype="float64")
    multi = int((counts > 1).sum())
    if multi:
        notes.append(
            f"{multi:,} notice(s) name more than one supplier; each supplier got an equal share of the awarded value (column amount_shared_by says how many shared it)."
        )
    if repeated:
        notes.append(
            f"{repeated:,} supplier(s) listed twice within the same notice were counted once."
        )
    notes.append(
        "Supplier postcodes come from the supplier address in the supplier column; the file's 'Postcode' (delivery location) and 'Contact Postcode' (the buyer's) columns were not used."
    )
    return (
        frame.iloc[idx].reset_index(drop=True),
        new,
        split_amount,
        shared,
        pd.Series(rows.to_numpy()[idx]),
    )


def _mapping_note(mapping: dict[str, str], name: str) -> str:
    used = "; ".join(f"{f} ← '{_shorten(c, 60)}'" for f, c in mapping.items())
    missing = [f for f in FIELDS if f not in mapping]
    return f"Columns used from {name}: {used}." + (
        f" Not found: {', '.join(missing)}." if missing else ""
    )


def _content_notes(
    frame: pd.DataFrame, mapping: dict[str, str], name: str, packed: bool
) -> list[str]:
    notes: list[str] = []
    n = len(frame)
    has_pc = frame["postcode_raw"].notna()
    if "postcode" not in mapping and "address" not in mapping:
        notes.append(
            f"{name} has no supplier postcode or address column, so its suppliers can be placed on the map only through a supplier register."
        )
    else:
        source = (
            "the supplier address"
            if packed
            else " and ".join(f"'{mapping[f]}'" for f in ("postcode", "address") if f in mapping)
        )
        notes.append(
            f"{int(has_pc.sum()):,} of {n:,} rows have a supplier postcode (from {source})."
        )
    no_name = frame["supplier_name"].isna()
    if no_name.any():
        notes.append(
            f"{int(no_name.sum()):,} row(s) (£{frame.loc[no_name, 'amount'].sum():,.2f}) have no supplier name."
        )
    redacted = (
        frame["supplier_name"].str.contains(_REDACTED_RE, regex=True).fillna(False).astype(bool)
    )
    if redacted.any():
        notes.append(
            f"{int(redacted.sum()):,} row(s) (£{frame.loc[redacted, 'amount'].sum():,.2f}) have a redacted or withheld supplier name; they cannot be placed."
        )
    credits = frame["is_credit"]
    if credits.any():
        notes.append(
            f"{int(credits.sum()):,} row(s) are credits (negative amounts, £{frame.loc[credits, 'amount'].sum():,.2f}); they are kept and net off the spend."
        )
    notes.append(f"Read {n:,} rows totalling £{frame['amount'].sum():,.2f} from {name}.")
    return notes


def _formula_notes(originals: pd.DataFrame) -> list[str]:
    """Say where cells would run as formulas if a download were opened in Excel; values stay as written."""
    counts: dict[str, int] = {}
    if originals.shape[1] > _WIDE:
        # Thousands of columns: one pass over every cell beats thousands of column operations.
        cells = originals.to_numpy(dtype=object)
        pattern = re.compile(_FORMULA_RE)
        hit = np.array(
            [[isinstance(v, str) and bool(pattern.match(v)) for v in row] for row in cells],
            dtype=bool,
        ).reshape(cells.shape)
        for k in np.flatnonzero(hit.any(axis=0)):
            counts[str(originals.columns[k])] = int(hit[:, k].sum())
    else:
        for col in originals.columns:
            s = originals[col]
            uniques = pd.Series(s.dropna().unique(), dtype="str")
            if uniques.empty:
                continue
            bad = uniques.str.contains(_FORMULA_RE, regex=True)
            if bad.any():
                counts[str(col)] = int(s.isin(set(uniques[bad])).sum())
    if not counts:
        return []
    where = ", ".join(f"'{c}' ({n:,})" for c, n in list(counts.items())[:5])
    return [
        f"{sum(counts.values()):,} cell(s) begin like a spreadsheet formula (=, +, -, @) in {where}; they are kept as plain text and must not be opened as formulas."
    ]
