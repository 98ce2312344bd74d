"""Which row is a spend file's header, which columns overrides name, and the sentence when none fits."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from geo.errors import SpendGeoError
from geo.spend.columns import (
    FIELDS,
    accepted_names,
    header_key,
    map_columns,
    packed_supplier_column,
)
from geo.spend.textfile import HEADER_SEARCH_ROWS


def shorten(v: object, n: int = 40) -> str:
    s = "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
    return s if len(s) <= n else s[: n - 1] + "…"


def _list_headers(headers: list[str], n: int = 20) -> str:
    shown = [f"'{shorten(h, 40)}'" for h in headers if h][:n]
    more = len([h for h in headers if h]) - len(shown)
    return ", ".join(shown) + (f" and {more:,} more" if more > 0 else "") if shown else "(none)"


def spend_header_checks(
    overrides: dict[str, str],
) -> tuple[Callable[[list[str]], bool], Callable[[str, list[str]], SpendGeoError]]:
    def resolve(headers: list[str]) -> dict[str, str] | None:
        got: dict[str, str] = {}
        for f, col in overrides.items():
            hit = find_header(headers, col)
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
            if find_header(headers, col) is None:
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


def find_header(headers: list[str], wanted: str) -> str | None:
    """The header an override names: exact, else the one header equal ignoring case/punctuation."""
    w = str(wanted).strip()
    if w in headers:
        return w
    hits = [h for h in headers if h and header_key(h) == header_key(w)]
    return hits[0] if len(hits) == 1 else None


def check_overrides(overrides: dict[str, str] | None) -> dict[str, str]:
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
