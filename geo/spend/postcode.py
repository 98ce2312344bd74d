"""UK postcode shape: normalise to a compact key, format for display, extract from free-text addresses."""

from __future__ import annotations

import re

import pandas as pd

# Outward code (A9, A99, A9A, AA9, AA99, AA9A) + inward code (9AA), spaces removed. GIR 0AA is
# the one historic exception (Girobank) and is still in NSPL.
_COMPACT = r"(?:[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)"
COMPACT_RE = re.compile(rf"^{_COMPACT}$")
# In an address the two halves may be split by any spacing and written in either case.
ADDRESS_RE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)\s*([0-9][A-Za-z]{2})(?![A-Za-z0-9])"
)


def normalise(values: pd.Series) -> pd.Series:
    """Compact upper-case key ('SW1A1AA') per value, or <NA> where it is not a UK postcode shape.

    Works on the distinct values only: spend files repeat the same suppliers many times.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) == 0:
        return pd.Series(pd.NA, index=values.index, dtype="string")
    u = pd.Series(uniques, dtype="string").str.upper().str.replace(r"[^A-Z0-9]", "", regex=True)
    u = u.where(u.str.fullmatch(_COMPACT).fillna(False).astype(bool))
    out = pd.Series(pd.array(u.to_numpy(), dtype="string")[codes], index=values.index)
    out[codes < 0] = pd.NA
    return out


def display(compact: pd.Series) -> pd.Series:
    """'SW1A1AA' → 'SW1A 1AA' (the inward code is always the last three characters)."""
    s = compact.astype("string")
    return s.str[:-3] + " " + s.str[-3:]


def extract(text: pd.Series) -> pd.Series:
    """The last postcode-shaped token in each address (addresses end with the postcode), compact."""
    found = text.astype("string").str.findall(ADDRESS_RE)
    last = found.map(
        lambda m: (m[-1][0] + m[-1][1]).upper() if isinstance(m, list) and m else pd.NA
    )
    return pd.Series(last, index=text.index, dtype="string")
