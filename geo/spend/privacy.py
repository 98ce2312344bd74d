"""Public-mode privacy: redact suppliers who are individuals or sole traders, and neutralise spreadsheet formulas."""

from __future__ import annotations

import importlib
import re
from functools import cache

import pandas as pd

REDACTED_LABEL = "Individual (redacted)"

# Markers councils put in place of a personal name (Transparency Code guidance lets them withhold
# individuals' names); Trafford 2024-25 uses "Redacted" on 34,612 rows.
_MARKER = re.compile(
    r"^\s*(redacted|\*+|x{3,}|withheld|personal (data|information)|name withheld|"
    r"private individual|individual|sole trader|not disclosed|data protection|gdpr)\b",
    re.IGNORECASE,
)

# A company or institutional form anywhere in the name means it is not a private individual.
_COMPANY_FORM = re.compile(
    r"\b(ltd|limited|plc|llp|llc|lp|cic|cio|inc|corp|co|company|gmbh|sa|bv|t/a|trading as|"
    r"trust|council|society|association|partnership|partners|group|holdings|foundation|charity|"
    r"federation|authority|borough|department|ministry|agency|commission|nhs|hospital|school|"
    r"academy|college|university|church|parish|club|centre|center|court|police|fire|"
    r"services?|solutions|systems|supplies|consult\w*|management|care|nursery|pre-?school|"
    r"playgroup|pharmacy|housing|homes|estates?|travel|taxis?|transport|hire|motors?|garage|"
    r"arts?|band|theatre|studios?|media|photography|entertainment|events?|catering|cafe|"
    r"foods?|farm|gardens?|landscapes?|builders?|building|construction|electrical|plumbing|"
    r"cleaning|security|training|education|learning|tuition|therapy|therapies|health|"
    r"healthcare|medical|dental|clinic|surgery|practice|pharma\w*|sports?|fitness|leisure|"
    r"community|communities|project|projects|network|alliance|forum|union|institute|"
    r"international|national|uk|gb|england|britain|north|south|east|west|manchester|"
    r"productions?|creations?|associates?|assoc|chambers|solicitors?|accountants?|office|unit|fund|"
    r"home|house|residential|nursing|organisation|organization|movers|removals|futures?|"
    r"worldwide|global|treatment|recovery|centres|centers|support|works|"
    r"trafford|cheshire|city|county|district|the|and|&|of|for|at|on|in|by|with)\b",
    re.IGNORECASE,
)
_TITLE = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|prof|professor|rev|revd|sir|dame|lady|lord)\.?$", re.IGNORECASE
)
_WORD = re.compile(r"^[A-Za-z]+(?:[-'][A-Za-z]+)*$")
_INITIAL = re.compile(r"^[A-Za-z]\.?$")

# Forename lists of the locales most common among UK suppliers' owners, from Faker (MIT).
_FORENAME_LOCALES = (
    "en_GB", "en_US", "en_IE", "en_IN", "en_NZ", "ga_IE", "fr_FR", "de_DE", "es_ES", "it_IT",
    "pl_PL", "pt_PT", "nl_NL", "ro_RO", "lt_LT", "hu_HU", "cs_CZ", "el_GR", "tr_TR", "ar_AA",
    "fa_IR", "hi_IN", "bn_BD", "ne_NP", "yo_NG", "zu_ZA", "tw_GH", "zh_CN", "vi_VN", "ko_KR",
)  # fmt: skip


@cache
def forenames() -> frozenset[str]:
    """Lower-case forenames (ASCII spellings) pooled from Faker's person providers."""
    names: set[str] = set()
    for locale in _FORENAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            values = getattr(provider, attr, ())
            names.update(n.lower() for n in values if n.isascii() and n.isalpha())
    return frozenset(names)


def _person_shape(tokens: list[str]) -> bool:
    """'Jane Smith', 'Mr J Smith', 'B R W Sparrow', 'Dr Jane Mary Smith-Jones'."""
    titled = bool(tokens) and bool(_TITLE.match(tokens[0]))
    if titled:
        tokens = tokens[1:]
    if not 2 <= len(tokens) <= 4 or not _WORD.match(tokens[-1]) or len(tokens[-1]) < 2:
        return False
    if not all(_WORD.match(t) or _INITIAL.match(t) for t in tokens):
        return False
    if titled:
        return True
    initials = [bool(_INITIAL.match(t)) for t in tokens[:-1]]
    if all(initials):  # initials then one surname: a person, as a ledger abbreviates them
        return True
    return not initials[0] and tokens[0].lower() in forenames()


def is_individual(name: object) -> bool:
    """True when a supplier name is a redaction marker, or has a person-name shape and no company form."""
    if not isinstance(name, str) or not name.strip():
        return False
    text = " ".join(name.split())
    if _MARKER.match(text):
        return True
    if _COMPANY_FORM.search(text) or any(ch.isdigit() for ch in text):
        return False
    if "," in text:  # "SMITH, Jane" → "Jane SMITH"
        surname, _, rest = text.partition(",")
        text = f"{rest.strip()} {surname.strip()}"
    return _person_shape(text.split())


def redact_names(names: pd.Series) -> pd.Series:
    """Replace individuals' names with the redaction label; decided once per distinct name."""
    codes, uniques = pd.factorize(names, use_na_sentinel=True)
    flags = pd.Series(uniques, dtype="object").map(is_individual).to_numpy(dtype=bool)
    out = names.astype("object").copy()
    hit = (codes >= 0) & flags[codes.clip(min=0)] if len(uniques) else codes < -1
    out[hit] = REDACTED_LABEL
    return out


# Spreadsheet apps evaluate a cell starting with one of these as a formula (OWASP CSV injection);
# tab and carriage return are included because some apps strip them before evaluating.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe; numbers are untouched."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if not (pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s)):
            continue
        text = s.astype("string")
        risky = text.str.startswith(_FORMULA_START).fillna(False).astype(bool)
        if risky.any():
            out[col] = s.astype("object").where(~risky, "'" + text.astype("object"))
    safe_cols = [
        ("'" + c) if isinstance(c, str) and c.startswith(_FORMULA_START) else c for c in out.columns
    ]
    out.columns = safe_cols
    return out


# Original columns that hold people's contact details (Contracts Finder carries the buyer's
# contact name, e-mail and telephone, and "Supplier's contact name"): never shown in public mode.
_CONTACT_COLUMN = re.compile(r"contact|e-?mail|telephone|phone|mobile|fax", re.IGNORECASE)
# Normalised fields whose source columns identify a supplier; for an individual they are personal data.
_IDENTITY_FIELDS = ("supplier_name", "supplier_id", "address", "postcode")


def public_view(frame: pd.DataFrame, mapping: dict[str, str] | None = None) -> pd.DataFrame:
    """The geocoded table as a public instance may show it: no individual is identifiable.

    Individuals (see is_individual) become REDACTED_LABEL with no supplier id, postcode or point
    location; their LSOA, area codes and IMD decile stay, so every aggregate still counts their £
    but no map point sits on a sole trader's home. Original columns that carried supplier identity
    (the mapped name/id/address/postcode columns, e.g. Contracts Finder's packed supplier cell,
    which also names co-suppliers) and contact-detail columns are dropped.
    """
    out = frame.copy()
    if "supplier_name" in out.columns:
        names = out["supplier_name"]
        out["supplier_name"] = redact_names(names)
        person = (out["supplier_name"] == REDACTED_LABEL).to_numpy(dtype=bool)
        for col in ("supplier_id", "postcode", "postcode_raw", "lat", "lon"):
            if col in out.columns:
                out[col] = out[col].astype("object").where(~person, None)
                if col in ("lat", "lon"):
                    out[col] = pd.to_numeric(out[col], errors="coerce")
    mapped = {(mapping or {}).get(f) for f in _IDENTITY_FIELDS} - {None}
    drop = [
        c for c in out.columns if c in mapped or (isinstance(c, str) and _CONTACT_COLUMN.search(c))
    ]
    return out.drop(columns=drop)
