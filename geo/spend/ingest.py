"""Read a spend file (CSV, Excel, or a ZIP of one) into the normalised spend table, with notes on every assumption."""

from __future__ import annotations

# Decisions (columns, row numbers, dropped rows, encodings): docs/ARCHITECTURE.md, "Spend file ingestion".
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from geo.errors import SpendGeoError
from geo.spend.amounts import (
    looks_decimal_comma,
    marks_only,
    parse_amounts,
    parse_dates,
    parse_flags,
)
from geo.spend.columns import FIELDS, clean_text, map_columns, packed_supplier_column
from geo.spend.headers import check_overrides, find_header, shorten, spend_header_checks
from geo.spend.packed import explode_packed
from geo.spend.postcode import extract
from geo.spend.schema import NORMALISED, RESERVED, TEXT_FIELDS
from geo.spend.table import WIDE, RawTable, read_table

_WARN_BAD_SHARE = 0.05  # above this share of unreadable amounts the note becomes a warning
# No single payment reaches £1 trillion (UK public spending is about £1.2 trillion a year), so a
# larger amount is a damaged cell (a 400-digit number read as infinity), never data.
MAX_AMOUNT = 1e12
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
    # Several files read as one: file, rows, amount per file (None for a single file).
    files: pd.DataFrame | None = None


def read_spend(
    source: str | Path | bytes | BinaryIO,
    *,
    filename: str | None = None,
    sheet: str | None = None,
    overrides: dict[str, str] | None = None,
    max_bytes: int = 500_000_000,
) -> SpendTable:
    """Read and normalise a spend file; raise SpendGeoError (one sentence) for anything unreadable."""
    overrides = check_overrides(overrides)
    is_header, no_header = spend_header_checks(overrides)

    def protect(headers: list[str]) -> set[str]:
        ov = {f: find_header(headers, c) or c for f, c in overrides.items()}
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
            f"{filename or _name_of(source)} could not be read ({type(err).__name__}: {shorten(err, 120)})."
        ) from None


def _name_of(source: object) -> str:
    if isinstance(source, str | Path):
        return Path(source).name
    return str(getattr(source, "name", "") or "the uploaded file")


def _normalise(raw: RawTable, overrides: dict[str, str]) -> SpendTable:
    frame, name, notes = raw.frame, raw.source_name, list(raw.notes)
    names = list(frame.columns)
    # Map on the de-duplicated column names so a renamed duplicate can never be picked twice.
    ov = {f: names[raw.headers.index(find_header(raw.headers, c))] for f, c in overrides.items()}
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
            clean_text(frame[mapping[f]])
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
        out[f] = _status(frame, mapping, f, notes)
    out["postcode_raw"] = _postcodes(frame, mapping)
    shared = pd.Series(1, index=frame.index, dtype="Int64")

    if packed is not None and "supplier_name" not in ov:
        exploded, out, amount, shared, row_number = explode_packed(
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
    originals.columns = [f"src_{c}" if c in RESERVED else c for c in frame.columns]
    clashes = [c for c in frame.columns if c in RESERVED]
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


def _status(
    frame: pd.DataFrame, mapping: dict[str, str], field: str, notes: list[str]
) -> pd.Series:
    """A supplier's SME or VCSE status: yes, no, or not stated (<NA>); a column that only marks
    the yes rows reads its blanks as no, and says so."""
    if field not in mapping:
        return pd.Series(pd.NA, index=frame.index, dtype="boolean")
    column = frame[mapping[field]]
    flags = parse_flags(column)
    if marks_only(column, flags):
        what = "SME" if field == "is_sme" else "VCSE"
        # No row count: twelve monthly files give one note, not twelve (combine dedupes text).
        notes.append(
            f"The column '{mapping[field]}' marks {what} suppliers and leaves the other rows blank, "
            f"so a blank is read as not {what}."
        )
        flags = flags.fillna(False)
    return flags


def _matches(values: pd.Series, pattern: str) -> pd.Series:
    """Boolean per row, the regex run once per distinct value (names repeat thousands of times)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if not len(uniques):
        return pd.Series(False, index=values.index)
    hit = pd.Series(uniques, dtype="str").str.contains(pattern, regex=True).to_numpy(dtype=bool)
    return pd.Series(np.where(codes >= 0, hit[codes.clip(min=0)], False), index=values.index)


def _amounts(
    col: pd.Series, col_name: str, rows: pd.Series, name: str, notes: list[str]
) -> tuple[pd.Series, pd.Series]:
    decimal_comma = looks_decimal_comma(col)
    if decimal_comma:
        notes.append(
            f"Amounts in '{col_name}' use decimal commas (1.234,56), so ',' was read as the decimal point and '.' as a thousands separator."
        )
    amount = parse_amounts(col, decimal_comma=decimal_comma)
    huge = ~np.isfinite(amount.fillna(0.0)) | (amount.abs() >= MAX_AMOUNT)
    if huge.any():
        r, v = rows[huge].iloc[0], col[huge].iloc[0]
        notes.append(
            f"Warning: dropped {int(huge.sum()):,} row(s) whose '{col_name}' is too large to be a real payment "
            f"(£{MAX_AMOUNT:,.0f} or more), first at data row {r:,} ('{shorten(v, 30)}'); check the file for a damaged cell."
        )
        amount = amount.mask(huge)
    ok = amount.notna() & ~huge
    text = col.astype("string").str.strip()
    blank = (text.isna() | (text == "")).fillna(True).astype(bool)
    if not ok.any():
        if huge.any() and (huge | blank).all():
            raise SpendGeoError(
                f"No plausible amounts in column '{col_name}' of {name}: every amount is £{MAX_AMOUNT:,.0f} or more (or not a finite number)."
            )
        if blank.all():
            raise SpendGeoError(f"The amount column '{col_name}' in {name} is empty on every row.")
        bad = [(r, v) for r, v, b in zip(rows, col, blank, strict=True) if not b][:3]
        shown = "; ".join(f"data row {r:,} has '{shorten(v)}'" for r, v in bad)
        raise SpendGeoError(f"No amounts could be read in column '{col_name}' of {name}: {shown}.")
    dropped = ~ok & ~huge
    if dropped.any():
        n, total = int(dropped.sum()), len(col)
        examples = ", ".join(
            f"{r:,} ('{shorten(v, 20)}')"
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
            f"{r:,} ('{shorten(v, 20)}')"
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
        out = clean_text(frame[mapping["postcode"]])
    if "address" in mapping:
        out = out.fillna(extract(frame[mapping["address"]]))
    return out


def _mapping_note(mapping: dict[str, str], name: str) -> str:
    used = "; ".join(f"{f} ← '{shorten(c, 60)}'" for f, c in mapping.items())
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
            f"{name} has no supplier postcode or address column, so its suppliers are placed by other routes: a supplier register, company or charity numbers, or their names (see Place suppliers)."
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
    if originals.shape[1] > WIDE:
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
