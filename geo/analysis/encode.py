"""Steps that turn spend columns into small-integer codes for the spend index (geo.analysis.index)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.analysis.periods import financial_year_label

NO_DAY = np.iinfo(np.int32).min
EPOCH = np.datetime64("1970-01-01", "D")
NO_DATE = "no date"
UNNAMED = "(supplier not named)"
# Three-valued flags: the data may say yes, no, or nothing — "not stated" is never counted as no.
YES, NO, NOT_STATED = 0, 1, 2


def factorize_text(
    series: pd.Series, fold: bool = False, upper: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Text column → (code per row, sorted categories, raw-distinct → code, raw code per row, raw distinct).

    Strips (with `fold`: case-folds and collapses whitespace; with `upper`: upper-cases) only the
    distinct values — spend files repeat a few thousand names a million times. Blank or missing → -1.
    """
    raw_codes, uniq = pd.factorize(series, use_na_sentinel=True)
    raw = pd.Series(np.asarray(uniq, dtype=object), dtype="string").str.strip()
    u = raw
    if fold:
        u = u.str.casefold().str.replace(r"\s+", " ", regex=True)
    if upper:
        u = u.str.upper()
    u = u.mask(u == "")
    codes_u, cats = pd.factorize(u, sort=True, use_na_sentinel=True)
    lut = np.append(codes_u, -1).astype(np.int32)  # raw code -1 (missing) → -1
    return (
        lut[raw_codes],
        np.asarray(cats, dtype=object),
        lut,
        raw_codes,
        raw.to_numpy(dtype=object),
    )


def codes(
    series: pd.Series, fold: bool = False, upper: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """(int32 code per row, -1 = missing or blank; sorted categories)."""
    c, cats, _, _, _ = factorize_text(series, fold, upper)
    return c, cats


def flag(series: pd.Series | None, n: int) -> np.ndarray:
    """Three-valued YES/NO/NOT_STATED from booleans or yes/no-like text (CSV round trip)."""
    out = np.full(n, NOT_STATED, dtype=np.int8)
    if series is None:
        return out
    c, cats = codes(series.astype("string"), fold=True)
    lut = np.full(len(cats) + 1, NOT_STATED, dtype=np.int8)  # last slot: missing (code -1)
    for i, cat in enumerate(cats):
        if cat in ("true", "yes", "y", "1", "1.0", "t"):
            lut[i] = YES
        elif cat in ("false", "no", "n", "0", "0.0", "f"):
            lut[i] = NO
    return lut[c]


def decompose(keys: np.ndarray, sizes: list[int]) -> list[np.ndarray]:
    """Inverse of key = (((a * s1 + b) * s2 + c) …): the parts, in the order the sizes were given."""
    parts = []
    rest = keys.copy()
    for size in reversed(sizes[1:]):
        parts.append(rest % size)
        rest = rest // size
    parts.append(rest)
    return parts[::-1]


def amounts(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(signed £ with 0 where unreadable, bool unreadable) per row."""
    raw = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    missing = ~np.isfinite(raw)
    return np.where(missing, 0.0, raw).astype(np.float64), missing


@dataclass(frozen=True)
class Dates:
    day: np.ndarray  # int32 days since 1970-01-01; NO_DAY when undated
    month: np.ndarray  # int32 index into month_labels (0 = no date)
    month_labels: np.ndarray
    month_fy: np.ndarray  # month index → index into fy_labels (0 = no date)
    fy_labels: np.ndarray


def dates(series: pd.Series) -> Dates:
    """Day, month and financial-year codes; parses the distinct values only (a few hundred dates)."""
    date_codes, date_uniq = pd.factorize(series, use_na_sentinel=True)
    when_u = pd.to_datetime(
        pd.Series(np.asarray(date_uniq, dtype=object)), errors="coerce", format="mixed"
    )
    if getattr(when_u.dt, "tz", None) is not None:
        when_u = when_u.dt.tz_localize(None)
    ok_u = when_u.notna().to_numpy()
    day_u = np.full(len(when_u) + 1, NO_DAY, dtype=np.int32)  # last slot: missing
    day_u[:-1][ok_u] = (
        (when_u[ok_u].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]") - EPOCH)
        .astype(np.int64)
        .astype(np.int32)
    )
    ym_u = np.zeros(len(when_u) + 1, dtype=np.int64)
    ym_u[:-1][ok_u] = when_u[ok_u].dt.year.to_numpy() * 12 + when_u[ok_u].dt.month.to_numpy() - 1
    day = day_u[date_codes]
    dated = day != NO_DAY
    ym = ym_u[date_codes]
    lo, hi = (int(ym[dated].min()), int(ym[dated].max())) if dated.any() else (0, -1)
    month = np.where(dated, ym - lo + 1, 0).astype(np.int32)
    month_ym = np.arange(lo, hi + 1)
    month_labels = np.array(
        [NO_DATE] + [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in month_ym], dtype=object
    )
    # UK financial year runs April–March: Jan–Mar belong to the year that started the April before.
    fy_start = np.array([m // 12 if m % 12 >= 3 else m // 12 - 1 for m in month_ym], dtype=np.int64)
    fy_years = np.unique(fy_start)
    fy_labels = np.array([NO_DATE] + [financial_year_label(int(y)) for y in fy_years], dtype=object)
    month_fy = np.zeros(len(month_labels), dtype=np.int32)
    month_fy[1:] = np.searchsorted(fy_years, fy_start) + 1
    return Dates(day, month, month_labels, month_fy, fy_labels)


def suppliers(series: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(code per row, identity keys, display names).

    Identity is the name case-folded with whitespace collapsed ("ACME LTD" = "Acme  Ltd"); the
    display name is the spelling seen on most rows. Rows with no name share one
    "(supplier not named)" category so their £ stays visible.
    """
    supplier_code, keys, key_of_raw, raw_code, raw_names = factorize_text(series, fold=True)
    names = keys.copy()
    raw_count = np.bincount(raw_code[raw_code >= 0], minlength=len(raw_names))
    named = np.flatnonzero(key_of_raw[:-1] >= 0)
    if len(named):
        order = named[np.lexsort((-raw_count[named], key_of_raw[named]))]
        k_sorted = key_of_raw[order]
        first = np.r_[True, k_sorted[1:] != k_sorted[:-1]]
        names[k_sorted[first]] = raw_names[order[first]]
    unnamed = supplier_code < 0
    if unnamed.any():
        keys = np.append(keys, UNNAMED.casefold())
        names = np.append(names, UNNAMED)
        supplier_code[unnamed] = len(keys) - 1
    return supplier_code, keys, names


def first_index(codes_: np.ndarray, k: int) -> np.ndarray:
    """Row index of the first occurrence of each code 0..k-1 (codes ≥ 0)."""
    out = np.full(k, -1, dtype=np.int64)
    rows = np.arange(len(codes_), dtype=np.int64)
    # Written in reverse so, element by element, the earliest row is the last write.
    out[codes_[::-1]] = rows[::-1]
    return out


def flagged(df: pd.DataFrame) -> np.ndarray | None:
    """Bool per row: a data-quality flag is set (`flags` non-empty text); None when no such column."""
    if "flags" not in df.columns:
        return None
    c, cats = codes(df["flags"].astype("string"))
    lut = np.append(
        np.ones(len(cats), dtype=bool), False
    )  # any non-blank text is a flag; -1 = none
    return lut[c]
