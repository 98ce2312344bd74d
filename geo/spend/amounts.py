"""Parse spend-file text into numbers, dates and yes/no flags, vectorised over the distinct values."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

# Decimal-comma style ("1.234,56", "12,5"): a comma followed by one or two digits at the end, with
# optional dot thousands groups. "1,234" (three digits) stays UK thousands, the common case.
_EURO_RE = (
    r"^[-+(]?\s*(?:£|€|GBP|EUR)?\s*\d{1,3}(?:[.\s]\d{3})*,\d{1,2}\s*\)?-?$|^[-+(]?\d+,\d{1,2}\)?-?$"
)
_UK_RE = r"\.\d{1,2}\b|\d,\d{3}(?:[.,]|$)"

# Excel serial day numbers for 1990-01-01 .. 2100-12-31: bare numbers outside this range are not
# taken as dates, so an amount or an id that slips into a date column is not invented into one.
_SERIAL_MIN, _SERIAL_MAX = 32874, 73415
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")  # Excel's day 0, absorbing its 1900 leap-year bug

# Tried in order on what is still unparsed; day-first only: UK files never use month-first, and
# "04/05/2024" must be 4 May. Two-digit years come last so four-digit forms win.
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d-%b-%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%B-%Y",
    "%d/%b/%Y",
    "%Y/%m/%d",
    "%Y%m%d",
    "%d/%m/%y",
    "%d-%b-%y",
    "%d-%m-%y",
    "%d %b %y",
)
# A time of day (and an offset) after the date: payments are dated by day, so it is dropped.
_TIME_RE = r"[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm])?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT|BST)?$"
# Ordinals and weekday names as written by hand: "Tue 2nd April 2024".
_ORDINAL_RE = r"(?<=\d)(?:st|nd|rd|th)\b"
_WEEKDAY_RE = r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*,?\s+"

_TRUE = {"yes", "y", "true", "t", "1", "1.0"}
_FALSE = {"no", "n", "false", "f", "0", "0.0"}


def _on_uniques(
    values: pd.Series, parse: Callable[[pd.Series], pd.Series], dtype: str
) -> pd.Series:
    """Apply `parse` to the distinct values once and broadcast back: spend files repeat values."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = parse(pd.Series(uniques, dtype=object)) if len(uniques) else pd.Series([], dtype=dtype)
    arr = np.asarray(parsed.to_numpy(dtype=dtype, na_value=_na_for(dtype)))
    out = np.empty(len(codes), dtype=dtype)
    out[:] = _na_for(dtype)
    ok = codes >= 0
    out[ok] = arr[codes[ok]]
    return pd.Series(out, index=values.index, dtype=dtype)


def _na_for(dtype: str) -> object:
    return np.datetime64("NaT") if dtype.startswith("datetime64") else np.nan


def looks_decimal_comma(values: pd.Series, sample: int = 2000) -> bool:
    """True when amounts are written continental style ("1.234,56") rather than UK ("1,234.56").

    Decided on the column as a whole, by majority over a sample, because a single value such as
    "1,234" is ambiguous and the file's other values settle it.
    """
    s = values.dropna().astype(str).str.strip()
    s = s[s != ""].head(sample)
    if s.empty:
        return False
    euro = int(s.str.contains(_EURO_RE, regex=True).sum())
    uk = int(s.str.contains(_UK_RE, regex=True).sum())
    return euro > uk


def parse_amounts(values: pd.Series, *, decimal_comma: bool = False) -> pd.Series:
    """Pounds as float64 (NaN where the text is not an amount); credits come out negative.

    Accepts "£1,234.56", "1 234.56", "(123.45)", "123.45-", "123.45 CR", "-£5", "GBP 10", "12.5 DR".
    """
    if pd.api.types.is_bool_dtype(values.dtype):
        return pd.Series(np.nan, index=values.index, dtype="float64")
    if pd.api.types.is_numeric_dtype(values.dtype):
        return pd.to_numeric(values, errors="coerce").astype("float64")
    return _on_uniques(values, lambda u: _parse_amount_text(u, decimal_comma), "float64")


def _parse_amount_text(u: pd.Series, decimal_comma: bool) -> pd.Series:
    s = u.map(_as_text).astype("string").str.strip().str.upper()
    # Credit markers: a trailing CR (credit note), parentheses, or a trailing minus (ledger style).
    cr = s.str.contains(r"\s*(?:CR|CREDIT)\.?$", regex=True)
    s = s.str.replace(r"\s*(?:CR|CREDIT|DR|DEBIT)\.?$", "", regex=True)
    s = s.str.replace(r"£|€|GBP|EUR|STG|\s|\u00a0|'", "", regex=True)
    paren = s.str.contains(r"^-?\(.*\)$", regex=True)
    s = s.str.replace(r"^-?\((.*)\)$", r"\1", regex=True)
    trailing = s.str.contains(r"\d-$", regex=True)
    s = s.str.replace(r"-$", "", regex=True)
    if decimal_comma:
        s = s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        # Thousands commas only where they group three digits; "12,5" stays unparseable, not 125.
        ok = s.str.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?|[-+]?[^,]*")
        s = s.where(ok.fillna(False).astype(bool)).str.replace(",", "", regex=False)
    # Only plain decimal numbers: to_numeric would otherwise accept "inf", "nan" and "1e400".
    s = s.where(s.str.fullmatch(r"[-+]?(?:\d+\.?\d*|\.\d+)").fillna(False).astype(bool))
    num = pd.to_numeric(s, errors="coerce").astype("float64")
    negate = (cr | paren | trailing).fillna(False).astype(bool).to_numpy()
    arr = num.to_numpy(copy=True)
    arr[negate] = -np.abs(arr[negate])
    return pd.Series(arr, index=u.index)


def _as_text(v: object) -> object:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return pd.NA
    return str(v)


def parse_dates(values: pd.Series) -> pd.Series:
    """Day-first dates as datetime64[ns] (time of day dropped); NaT where the text is not a date.

    Accepts ISO ("2024-04-02", "2024-04-02T10:00:00Z"), UK ("02/04/2024", "2/4/24"), "02-Apr-2024",
    "2 April 2024", "Tue 2nd April 2024" and Excel serial day numbers (45384).
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        out = values.dt.tz_localize(None) if getattr(values.dt, "tz", None) else values
        return out.dt.normalize().astype("datetime64[ns]")
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return _from_serial(pd.to_numeric(values, errors="coerce"))
    return _on_uniques(values, _parse_date_text, "datetime64[ns]")


def _from_serial(num: pd.Series) -> pd.Series:
    num = num.where((num >= _SERIAL_MIN) & (num <= _SERIAL_MAX))
    days = np.floor(num.to_numpy(dtype="float64", na_value=np.nan))
    out = _EXCEL_EPOCH + pd.to_timedelta(days, unit="D")
    return pd.Series(np.asarray(out, dtype="datetime64[ns]"), index=num.index)


def _parse_date_text(u: pd.Series) -> pd.Series:
    out = pd.Series(pd.NaT, index=u.index, dtype="datetime64[ns]")
    # Excel hands back real datetimes in object columns; take those directly.
    is_ts = u.map(lambda v: isinstance(v, pd.Timestamp | np.datetime64) or hasattr(v, "year"))
    if is_ts.any():
        out[is_ts] = pd.to_datetime(u[is_ts], errors="coerce").dt.normalize()
    s = u.map(_as_text).astype("string").str.strip()
    s = s.str.replace(_WEEKDAY_RE, "", regex=True, case=False)
    s = s.str.replace(_ORDINAL_RE, "", regex=True, case=False)
    s = s.str.replace(r"\s+", " ", regex=True).str.replace(r"\s*,\s*", " ", regex=True)
    s = s.str.replace(_TIME_RE, "", regex=True)
    serial = pd.to_numeric(
        s.where(s.str.fullmatch(r"\d{5}(?:\.\d+)?").fillna(False).astype(bool)), errors="coerce"
    )
    todo = out.isna() & s.notna()
    if serial.notna().any():
        out[todo] = _from_serial(serial[todo]).to_numpy()
    for fmt in _DATE_FORMATS:
        todo = out.isna() & s.notna()
        if not todo.any():
            break
        got = pd.to_datetime(s[todo], format=fmt, errors="coerce")
        out[todo] = np.asarray(got, dtype="datetime64[ns]")
    # Implausible years (a typo such as 2204) are more likely errors than real payment dates.
    out = out.where((out.dt.year >= 1990) & (out.dt.year <= 2100))
    return out


def parse_flags(values: pd.Series) -> pd.Series:
    """Yes/No, True/False, Y/N, 1/0 → pandas boolean; anything else (blank, 'Unknown') → <NA>."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    text = pd.Series(uniques, dtype=object).map(_as_text).astype("string").str.strip().str.lower()
    state = np.where(text.isin(_TRUE), 1, np.where(text.isin(_FALSE), 0, -1))
    per_row = np.where(codes >= 0, state[np.maximum(codes, 0)] if len(state) else -1, -1)
    out = pd.array(per_row == 1, dtype="boolean")
    out[per_row < 0] = pd.NA
    return pd.Series(out, index=values.index)


def marks_only(values: pd.Series, flags: pd.Series) -> bool:
    """True when a yes/no column only ever says yes and leaves every other row blank: a mark
    column, where a blank means no. Calderdale's 'Voluntary Community and Social Enterprise
    Supplier' is 'Y' on 1,789 of 24,372 rows and empty on the rest (2021/22); read as yes/not
    stated, its VCSE share was 100% of the stated £. A column with any 'No' or any other text
    ('Unknown') is a yes/no column, and a blank there stays not stated."""
    if not bool(flags.eq(True).any()) or bool(flags.eq(False).any()):
        return False
    unread = flags.isna().to_numpy()
    if not unread.any():
        return False  # every row already says yes: nothing blank to read
    text = values[unread].astype("string").str.strip()
    return bool(text.isna().all() or (text.fillna("") == "").all())
