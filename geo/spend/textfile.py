"""Text files: decode (UTF-8, UTF-16, Windows-1252, mixed), sniff the delimiter, find rows, parse the body."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections import Counter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from geo.errors import SpendGeoError

# A header may be long (thousands of columns), but one line of 16 million characters is no table.
MAX_LINE = 16_000_000
csv.field_size_limit(MAX_LINE)  # the csv module's own limit (131,072) would cut long cells
HEADER_SEARCH_ROWS = 30  # the header is looked for among this many rows (preambles, titles)
SAMPLE_CHARS = 256_000  # enough text to sniff the delimiter and find the header


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Decode stray non-UTF-8 bytes as Windows-1252: files edited on two machines mix both."""
    assert isinstance(err, UnicodeDecodeError)
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="replace"), err.end


codecs.register_error("spendgeo_cp1252", _cp1252_fallback)


def decode(data: bytes, name: str, notes: list[str]) -> str:
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


def sniff_delimiter(sample: str) -> str:
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


def check_line_length(text: str, name: str) -> None:
    """Refuse text whose first line runs past MAX_LINE characters: it is not a table of rows."""
    first = text.find("\n", 0, MAX_LINE + 1)
    if first < 0 and len(text) > MAX_LINE:
        raise SpendGeoError(
            f"{name} has a first line over {MAX_LINE // 1_000_000} million characters with no line break; "
            "a spend table has one row per line, so this is not a CSV table (or its line endings are damaged)."
        )


def sample_text(text: str) -> str:
    """The first SAMPLE_CHARS characters, extended to the end of the line they cut (a long header)."""
    if len(text) <= SAMPLE_CHARS:
        return text
    end = text.find("\n", SAMPLE_CHARS, MAX_LINE)
    return text[: end + 1] if end >= 0 else text[:MAX_LINE]


def sample_rows(text: str, delim: str, name: str = "the file") -> list[tuple[int, list[str]]]:
    """The first rows as (physical line where the row starts, cells), for header detection."""
    out: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(sample_text(text)), delimiter=delim)
    try:
        while len(out) < HEADER_SEARCH_ROWS:
            start = reader.line_num
            row = next(reader)
            if any(c.strip() for c in row):
                out.append((start, row))
    except StopIteration:
        pass
    except csv.Error as err:
        if not out:
            raise SpendGeoError(
                f"{name} could not be read as CSV on its first line ({err}); check it is a CSV table."
            ) from None
    return out


def line_offset(text: str, line: int) -> int:
    pos = 0
    for _ in range(line):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return pos


def parse_body(
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
