"""UK postcode shape: normalise to a compact key, format for display, extract from free-text addresses."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

# Outward code (A9, A99, A9A, AA9, AA99, AA9A) + inward code (9AA), spaces removed. GIR 0AA is
# the one historic exception (Girobank) and is still in NSPL.
_COMPACT = r"(?:[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)"
COMPACT_RE = re.compile(rf"^{_COMPACT}$")
# In an address the two halves may be split by any spacing and written in either case.
ADDRESS_RE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)\s*([0-9][A-Za-z]{2})(?![A-Za-z0-9])"
)


# What finance systems write where a supplier has no postcode ("NULL" in Defra's 2025-26 £25k
# files, "N/A", "-", "TBC"), compared without spaces or punctuation: no postcode, not an invalid
# one, so a supplier register or another route may still place the supplier.
NO_POSTCODE_TOKENS = frozenset(
    {"", "NULL", "NA", "NONE", "NIL", "TBC", "TBA", "UNKNOWN", "NOTKNOWN", "NOPOSTCODE", "0", "00"}
)


def is_blank(values: pd.Series) -> pd.Series:
    """True where a postcode field holds nothing: missing, empty, or a placeholder (NO_POSTCODE_TOKENS)."""
    token = values.astype("string").str.upper().str.replace(r"[^A-Z0-9]", "", regex=True)
    return (values.isna() | token.isin(NO_POSTCODE_TOKENS)).fillna(True).astype(bool)


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


# Typing slips repaired: letter O for zero and back, letter I for one and back, only in positions
# where the postcode shape allows just a letter or just a digit (the first character, the
# outward code's fixed places, the inward digit and letters). Elsewhere (the third character of
# 'M1O' or 'M10') both are valid and nothing is guessed.
_TO_LETTER = {"0": "O", "1": "I"}
_TO_DIGIT = {"O": "0", "I": "1"}
# Outward length -> positions that must be letters / digits (A9; A99|A9A|AA9; AA99|AA9A).
_OUTWARD_FIXED = {2: ("L", "D"), 3: ("L", "?", "?"), 4: ("L", "L", "D", "?")}


def repair_variants(value: str) -> list[str]:
    """The postcode-shaped repair of `value` (O/0, I/1 in fixed positions), as a list of 0 or 1."""
    s = re.sub(r"[^A-Z0-9]", "", str(value).upper())
    outward = _OUTWARD_FIXED.get(len(s) - 3)
    if outward is None:
        return []
    kinds = (*outward, "D", "L", "L")
    chars = [
        _TO_LETTER.get(ch, ch) if kind == "L" else _TO_DIGIT.get(ch, ch) if kind == "D" else ch
        for ch, kind in zip(s, kinds, strict=True)
    ]
    cand = "".join(chars)
    return [cand] if cand != s and COMPACT_RE.match(cand) else []


def repair(values: pd.Series, is_known) -> pd.Series:
    """The one known postcode each unknown or malformed value becomes by O/0, I/1 swaps, else <NA>.

    `is_known(pd.Series of compact keys) -> bool array` says which keys are real postcodes (the
    postcode index). Values that are already known postcodes are never changed.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if not len(uniques):
        return pd.Series(pd.NA, index=values.index, dtype="string")
    u = pd.Series(uniques, dtype="string")
    compact = normalise(u)
    known_now = np.asarray(is_known(compact.fillna(""))) & compact.notna().to_numpy()
    fixed: list[object] = [pd.NA] * len(u)
    todo = [i for i in range(len(u)) if not known_now[i] and isinstance(u.iloc[i], str)]
    cands = {i: repair_variants(u.iloc[i]) for i in todo}
    flat = sorted({c for v in cands.values() for c in v})
    if flat:
        ok = dict(zip(flat, np.asarray(is_known(pd.Series(flat, dtype="string"))), strict=True))
        for i, vs in cands.items():
            good = [c for c in vs if ok.get(c)]
            if len(good) == 1:
                fixed[i] = good[0]
    arr = pd.array(fixed + [pd.NA], dtype="string")
    return pd.Series(arr[np.where(codes < 0, len(u), codes)], index=values.index)
