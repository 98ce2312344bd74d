"""Matching keys for organisation names and registration numbers: supplier, Companies House and charity names alike."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Legal-form words that differ between a finance system, a register and Companies House
# ("Ltd" / "LIMITED", "C.I.C." / "Community Interest Company", Welsh "Cyf"). Multi-word forms are
# stripped before the single words so "limited liability partnership" does not leave "limited".
_LONG_SUFFIXES = (
    "community interest company",
    "limited liability partnership",
    "public limited company",
    "charitable incorporated organisation",
    "and company",
    "and co",
)
_SHORT_SUFFIXES = (
    "ltd", "limited", "plc", "llp", "llc", "lp", "co", "company", "inc", "incorporated", "corp",
    "corporation", "cic", "cio", "cyf", "cyfyngedig", "and",
)  # fmt: skip
_LONG_RE = r"\s+(?:" + "|".join(_LONG_SUFFIXES) + r")$"
_SHORT_RE = r"\s+(?:" + "|".join(_SHORT_SUFFIXES) + r")$"
_ANY_SUFFIX = r"(?:" + "|".join((*_LONG_SUFFIXES, *_SHORT_SUFFIXES)) + r")"
# "Hind Care Ltd T/A Brookfield", "R W Smith trading as Langdale Carpets": the registered entity
# is the part before; a name that starts with "T/A" has only the trading name.
_TRADING_AS = r"\s*\b(?:t\s*/\s*a|t/as|trading\s+as)\b\s*"
# Companies House company numbers: 8 digits, or a 2-letter register prefix (SC Scotland, NI,
# OC LLPs, SO, NC, IP, RS, …) + 6 digits, or R + 7 digits (old Northern Irish numbers).
COMPANY_NUMBER_RE = r"^(?:[0-9]{8}|[A-Z]{2}[0-9]{6}|R[0-9]{7})$"
# Charity Commission (England and Wales) registered numbers: 6 or 7 digits; "-1" marks a linked
# subsidiary charity and is dropped to reach the main charity.
CHARITY_NUMBER_RE = r"^[0-9]{6,7}$"


def _arrow(values: pd.Series) -> pa.Array:
    arr = pa.array(values.astype("string").to_numpy(dtype=object, na_value=None), type=pa.string())
    return arr


_NULL = pa.scalar(None, pa.string())
# Trailing legal words, any number of them, plus a leading "the", removed in one RE2 pass.
_ENDS = r"^(?:\s*the\s+|\s+)|(?:\s+(?:" + "|".join((*_LONG_SUFFIXES, *_SHORT_SUFFIXES)) + r"))*\s*$"


def normalise_key_array(arr: pa.Array) -> pa.Array:
    """The name key of an Arrow string array (null where nothing is left); RE2 kernels, no Python per row.

    About ten vectorised passes: 5 million Companies House names take seconds, not minutes.
    """
    s = pc.utf8_lower(arr)
    s = pc.replace_substring_regex(s, r"[.'’`]", "")
    s = pc.replace_substring(s, "&", " and ")
    # Registered part before "T/A"; a name that begins with "T/A" keeps the trading name.
    s = pc.replace_substring_regex(s, r"^\s*(?:t\s*/\s*a|trading\s+as)\b\s*", "")
    s = pc.replace_substring_regex(s, _TRADING_AS + r".*$", "")
    # A branch or site in brackets after the legal form ("HC-One Ltd (Avalon Park)"), a bracket
    # cut off by a 35-character field ("SQR Security Solutions Ltd (SQR Gro") and a Contracts
    # Finder lot ("Riverside Group Ltd (Lot 1)").
    s = pc.replace_substring_regex(s, r"\b(" + _ANY_SUFFIX + r")\s*\([^)]*\)?[\s\d]*$", r"\1")
    s = pc.replace_substring_regex(s, r"\s*(?:\([^)]*|\(?\blot\s*\d+\)?\s*)$", "")
    loose = pc.replace_substring_regex(s, r"[^a-z0-9]+", " ")
    s = pc.replace_substring_regex(loose, _ENDS, "")
    # A name that is nothing but legal words ("The Company") keeps its loose form.
    loose = pc.utf8_trim_whitespace(loose)
    s = pc.if_else(pc.greater(pc.utf8_length(s), 0), s, loose)
    return pc.if_else(pc.greater(pc.utf8_length(s), 0), s, _NULL)


def key_hash(keys: pa.Array | pd.Series) -> np.ndarray:
    """Stable 64-bit hash of each name key (pandas' SipHash with its fixed key; null → hash of "")."""
    if isinstance(keys, pa.Array | pa.ChunkedArray):
        values = pc.fill_null(keys, "").to_numpy(zero_copy_only=False)
    else:
        values = pd.Series(keys, dtype="string").fillna("").to_numpy(dtype=object)
    return pd.util.hash_array(np.asarray(values, dtype=object), categorize=False)


def normalise_name(names: pd.Series) -> pd.Series:
    """A matching key for organisation names: 'The Smith & Co. Ltd' and 'SMITH AND CO LIMITED' → 'smith'.

    Lower case; '&' → 'and'; dots and apostrophes dropped, other punctuation → space; the part
    after 'T/A' dropped; legal forms (Ltd, Limited, PLC, LLP, CIC, …) and a leading 'The' removed.
    Works on the distinct names only (spend files repeat suppliers); <NA> where nothing is left.
    """
    codes, uniques = pd.factorize(names, use_na_sentinel=True)
    if len(uniques) == 0:
        return pd.Series(pd.NA, index=names.index, dtype="string")
    keys = normalise_key_array(_arrow(pd.Series(uniques)))
    u = pd.array(keys.to_pandas(types_mapper=pd.ArrowDtype).to_numpy(), dtype="string")
    out = pd.Series(u[codes.clip(min=0)], index=names.index, dtype="string")
    out[codes < 0] = pd.NA
    return out


def _by_distinct(values: pd.Series, fn) -> pd.Series:
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) == 0:
        return pd.Series(pd.NA, index=values.index, dtype="string")
    u = fn(pd.Series(uniques, dtype="string"))
    arr = pd.array(u.to_numpy(), dtype="string")[codes.clip(min=0)]
    out = pd.Series(arr, index=values.index, dtype="string")
    out[codes < 0] = pd.NA
    return out


def company_number(values: pd.Series) -> pd.Series:
    """Companies House number in its 8-character form ('9309308' → '09309308'), <NA> if not one.

    Finance systems drop leading zeros and add spaces; anything else (a VAT or National Insurance
    number typed in the wrong box) is <NA>, never guessed.
    """

    def fix(u: pd.Series) -> pd.Series:
        s = u.str.upper().str.replace(r"[\s\-./]", "", regex=True)
        digits = s.str.fullmatch(r"[0-9]{1,8}").fillna(False).astype(bool)
        s = s.where(~digits, s.str.zfill(8))
        prefixed = s.str.fullmatch(r"[A-Z]{2}[0-9]{1,6}").fillna(False).astype(bool)
        s = s.where(~prefixed, s.str[:2] + s.str[2:].str.zfill(6))
        zero = s.str.fullmatch(r"0+").fillna(False).astype(bool)
        ok = s.str.fullmatch(COMPANY_NUMBER_RE).fillna(False).astype(bool) & ~zero
        return s.where(ok)

    return _by_distinct(values, fix)


def charity_number(values: pd.Series) -> pd.Series:
    """Registered charity number (England and Wales) as digits ('1123456-1' → '1123456'), else <NA>."""

    def fix(u: pd.Series) -> pd.Series:
        s = u.str.strip().str.replace(r"\s+", "", regex=True).str.replace(r"-\d+$", "", regex=True)
        s = s.str.replace(r"^0+(?=\d{6})", "", regex=True)
        return s.where(s.str.fullmatch(CHARITY_NUMBER_RE).fillna(False).astype(bool))

    return _by_distinct(values, fix)


def first_token(keys: pd.Series) -> pd.Series:
    """First word of each name key: the blocking key for fuzzy matching."""
    return keys.str.extract(r"^(\S+)", expand=False).astype("string")


def token_sets(keys: np.ndarray) -> list[set[str]]:
    return [set(str(k).split()) for k in keys]


def is_company_number_header(header: str) -> bool:
    """'Supplier Registered Company Number', 'CompanyNumber', 'Company Reg No' → True."""
    k = re.sub(r"[^a-z]", "", header.lower())
    return "company" in k and bool(re.search(r"(number|no|regn|crn)$", k)) and "vat" not in k


def is_charity_number_header(header: str) -> bool:
    """'Supplier Registered Charity Number', 'Charity No' → True."""
    k = re.sub(r"[^a-z]", "", header.lower())
    return "charity" in k and bool(re.search(r"(number|no)$", k))
