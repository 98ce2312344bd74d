"""The one formatter (geo/fmt.py): money, shares, changes and values as people read them."""

from __future__ import annotations

import math
import re

import numpy as np

NA = "n/a"
NA_SHARE = "n/a (no spend in selection)"


def _missing(value: object) -> bool:
    # pd.NA (nullable columns) without importing pandas here: its type is NAType.
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or type(value).__name__ == "NAType"
    )


def format_gbp(value: float | None) -> str:
    """Whole pounds with thousands separators: '£1,234', '-£50'; missing is 'n/a', never £0."""
    if _missing(value):
        return NA
    v = float(value)  # type: ignore[arg-type]
    return f"-£{-v:,.0f}" if v < 0 else f"£{v:,.0f}"


def format_gbp_many(values: object) -> list[str]:
    """format_gbp over an array in one pass (map tooltips for thousands of points per filter)."""
    out = []
    for v in np.asarray(values, dtype="float64").tolist():
        if v != v:  # NaN
            out.append(NA)
        else:
            out.append(f"-£{-v:,.0f}" if v < 0 else f"£{v:,.0f}")
    return out


def format_money(value: float | None) -> str:
    """Short £ with k / m / bn suffixes for a legend, a card or a chart label: '£12k', '£3.4m'."""
    if _missing(value):
        return NA
    x = float(value)  # type: ignore[arg-type]
    a = abs(x)
    sign = "-" if x < 0 else ""
    if a >= 1e9:
        return f"{sign}£{a / 1e9:,.1f}bn"
    if a >= 1e6:
        return f"{sign}£{a / 1e6:,.1f}m"
    if a >= 1e4:
        return f"{sign}£{a / 1e3:,.0f}k"
    return f"{sign}£{a:,.0f}"


# format_money's rule as a Vega expression, for chart axes (Vega formats ticks in the browser):
# '£200m', '£1.2bn', '£50k', '-£3m'. Trailing zeros are trimmed (d3-format '~'): ticks are round.
MONEY_LABEL_EXPR = (
    "(datum.value < 0 ? '-£' : '£') + ("
    "abs(datum.value) >= 1e9 ? format(abs(datum.value) / 1e9, ',.1~f') + 'bn' : "
    "abs(datum.value) >= 1e6 ? format(abs(datum.value) / 1e6, ',.1~f') + 'm' : "
    "abs(datum.value) >= 1e4 ? format(abs(datum.value) / 1e3, ',.0f') + 'k' : "
    "format(abs(datum.value), ',.0f'))"
)


def format_pence(value: float | None) -> str:
    """Pounds and pence, for a single transaction or a filter bound: '£1,234.50'."""
    if _missing(value):
        return NA
    v = float(value)  # type: ignore[arg-type]
    return f"-£{-v:,.2f}" if v < 0 else f"£{v:,.2f}"


def format_share(value: float | None, missing: str = NA_SHARE) -> str:
    """A fraction as '12.3%'; missing (None/NaN) is shown as n/a, never as 0 %. A share that is
    not zero never reads as zero, nor one short of all as all: '<0.1%' (a district's £416,667 of a
    £4.8bn selection read "0.0% of all spend") and '>99.9%'."""
    if _missing(value):
        return missing
    v = float(value)  # type: ignore[arg-type]
    if 0 < v < 0.0005:
        return "<0.1%"
    if 0.9995 <= v < 1:
        return ">99.9%"
    return f"{100 * v:.1f}%"


def format_count(value: float | None) -> str:
    if _missing(value):
        return NA
    return f"{int(value):,}"  # type: ignore[arg-type]


def format_change(value: float | None, unit: str) -> str:
    """A signed difference: 'pp' percentage points, 'gbp' pounds, 'count' whole numbers."""
    if _missing(value):
        return NA
    d = float(value)  # type: ignore[arg-type]
    if unit == "pp":
        return f"{d:+.1f} pp"
    if unit == "gbp":
        return ("+" if d >= 0 else "") + format_gbp(d)
    if unit == "ratio":
        return f"{d:+.2f}"
    return f"{int(d):+,}"


def format_value(value: object, unit: str, why_missing: str = "") -> str:
    """One figure by its unit ('gbp', 'share', 'count', 'ratio'); a missing one says why when told."""
    if why_missing and _missing(value):
        return f"{NA} ({why_missing})"
    if unit == "share":
        return format_share(value)  # type: ignore[arg-type]
    if unit == "gbp":
        return format_gbp(value)  # type: ignore[arg-type]
    if unit == "ratio":
        return NA if _missing(value) else f"{float(value):.2f}"  # type: ignore[arg-type]
    return format_count(value)  # type: ignore[arg-type]


_EXTENSION = re.compile(r"\.(csv|tsv|txt|xlsx|xlsm|xls|zip|parquet|ods)\b", re.IGNORECASE)


def file_stem(name: str, limit: int = 60) -> str:
    """A download's file-name stem from a dataset name: ASCII letters, digits, - and _ only.

    A file read from a ZIP is named "x.zip › x.csv" (the › is not ASCII, and ".zip" landed in the
    middle of the saved name): the ZIP's own name is used; extensions anywhere are dropped.
    """
    outer = name.split(" › ", 1)[0]
    plain = _EXTENSION.sub("", outer)
    keep = "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "_" for c in plain)
    parts = [p for p in keep.split("_") if p]
    out = ""
    for part in parts:  # whole words only, up to the limit
        nxt = f"{out}_{part}" if out else part
        if len(nxt) > limit:
            break
        out = nxt
    return out or (parts[0][:limit] if parts else "spend")
