"""Payment categories that identify a person's circumstances: redacted in public mode whatever the name."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

# Columns that describe what a payment was for. Matched on the ORIGINAL header, lower case:
# Trafford "Purpose", "ProclassLabel"; Manchester "Expenses Type"; Calderdale "Purpose of Spend
# (Summary)", "Procurement Classification: …", "Definition", "Extended Description".
PURPOSE_COLUMN = re.compile(
    r"purpose|categor|classification|expense\w*\s*type|expenditure\s*type|proclass|"
    r"description|narrative|definition|subjective|account\s*(name|desc)|cost\s*element|"
    r"payment\s*type|spend\s*type|details?$",
    re.IGNORECASE,
)

# Curated from the purpose/category values in Trafford 2024-25 ("SECT 17 PAY ITEM 6", "DIRECT
# PAYMENTS", "FOSTERING IN HOUSE", "SPECIAL GUARDIANSHIP", "ADOPTIONS", "Compensation Paymnts",
# "HB OPs CASH REFUNDS"), Manchester 2021-22 ("Compensation Payments", "Foster Payments",
# "Welfare Provision Service Awards") and Calderdale 2021-22 ("Personal Budgets", "Direct
# payments to service users…"). Each pattern is one reason, shown in the officer preview.
SENSITIVE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        ("section 17 (Children Act)", r"\bsect(ion)?\.?\s*17\b|\bs\.?\s?17\b"),
        ("direct payment", r"\bdirect\s*pay(ment)?s?\b|\bdp\s+payments?\b"),
        ("personal budget", r"\bpersonal\s*(health\s*)?budgets?\b|individual\s*service\s*funds?"),
        ("foster care", r"\bfoster(ing|er|ers)?\b"),
        ("adoption", r"\badopt(ion|ions|er|ers)\b"),
        ("special guardianship / kinship", r"special\s*guardian|kinship|connected\s*carers?"),
        ("care leaver / staying put", r"staying\s*put|care\s*leavers?|leaving\s*care\s*(allow|grant)"),
        ("compensation", r"\bcompensat\w*|\bex[\s-]?gratia\b"),
        ("refund to an individual", r"\brefunds?\b|\breimburse?\w*|\breimbs\w*"),
        ("welfare / hardship award", r"welfare\s*(provision|assist|award|secure)|hardship|"
         r"discretionary\s*housing|crisis\s*(payment|support|grant)"),
        ("client's personal payment", r"\bclients?\s*(pers(onal)?|pock\w*|money)|pocket\s*money"),
        ("service for service users", r"service\s*users?"),
        ("transfer payment to an individual", r"transfer\s*payments?\s*individual|"
         r"payments?\s*to\s*(individuals?|residents?|clients?|families)"),
        ("allowance to a person", r"\b(children'?s|childrens|carers?'?|fostering|adoption|"
         r"guardianship|residence\s*order|disturbance)\s*allowances?\b"),
    )
)  # fmt: skip


# Reasons that say something about the PAYEE, not about a client the payment is for: a refund or
# compensation paid to an organisation ("Dave Draws Ltd", purpose "ARTWORK REIMBSTS") identifies
# no one. They redact a row only when its payee is not positively an organisation.
# So do "service users": a contract award "treatment services for service users" is a contract with
# a provider; all 120 such Contracts Finder awards were hidden as "Individual or unverified", 68
# of them won by NHS trusts, companies and charities. A payment TO a service user is caught
# first, as a direct payment or a client's personal payment.
PAYEE_DEPENDENT: frozenset[str] = frozenset(
    {"refund to an individual", "compensation", "service for service users"}
)


def purpose_columns(columns: pd.Index | list[str]) -> list[str]:
    """The original columns that say what a payment was for."""
    return [c for c in columns if isinstance(c, str) and PURPOSE_COLUMN.search(c)]


def first_reason(text: object, table) -> str:
    """The reason of the first (reason, pattern) in `table` whose pattern is in `text`, or ''."""
    if not isinstance(text, str) or not text.strip():
        return ""
    for reason, pattern in table:
        if pattern.search(text):
            return reason
    return ""


def sensitive_reason(text: object) -> str:
    """The reason a purpose/category text is sensitive ('foster care'), or '' when it is not."""
    return first_reason(text, SENSITIVE)


def sensitive_rows(frame: pd.DataFrame) -> pd.Series:
    """Per row, the first sensitive reason found in any purpose/category column ('' for none).

    Each distinct text is tested once: a year of council payments has a few thousand purposes.
    """
    return reason_rows(frame, sensitive_reason)


def reason_rows(frame: pd.DataFrame, reason: Callable[[object], str]) -> pd.Series:
    """Per row, the first non-empty `reason(text)` over the purpose/category columns ('' for none);
    each distinct text is tested once."""
    out = pd.Series("", index=frame.index, dtype="object")
    for col in purpose_columns(frame.columns):
        codes, uniques = pd.factorize(frame[col].astype("object"), use_na_sentinel=True)
        if not len(uniques):
            continue
        reasons = pd.Series(uniques, dtype="object").map(reason).to_numpy(dtype=object)
        found = pd.Series(reasons[codes.clip(min=0)], index=frame.index).where(codes >= 0, "")
        out = out.where(out != "", found)
    return out
