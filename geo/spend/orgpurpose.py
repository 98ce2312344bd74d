"""Payment purposes only an organisation can receive (a school's delegated budget): evidence the payee is one."""

from __future__ import annotations

import re

import pandas as pd

from geo.spend.sensitive import first_reason, reason_rows

# A maintained school's budget share is delegated by law to its governing body (School and Early
# Years Finance Regulations): no person can be paid it. Trafford 2024-25 writes "SCHOOL BUDGET SHARE
# - 162877advMar25" (to "The Orchards", a special school), Manchester 2021-22 "Pay School Budget",
# Calderdale 2021-22 "Schools Budget Share". Only purposes that cannot go to a person belong here.
ORG_ONLY: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        ("school budget share", r"\bschools?\s*budget\s*share|\bpay\s*school\s*budgets?\b"),
    )
)
# The share of a name's rows that must carry such a purpose: one miscoded row is not evidence.
MIN_SHARE = 0.5


def org_only_reason(text: object) -> str:
    """The organisation-only purpose a text names ('school budget share'), or ''."""
    return first_reason(text, ORG_ONLY)


def org_only_rows(frame: pd.DataFrame) -> pd.Series:
    """Per row, the first organisation-only purpose in any purpose/category column ('' for none)."""
    return reason_rows(frame, org_only_reason)


def org_only_by_name(names: pd.Series, reasons: pd.Series) -> dict[str, str]:
    """Names paid an organisation-only purpose on at least MIN_SHARE of their rows → that purpose."""
    named = names.notna() & (names.astype("object") != "")
    if not named.any():
        return {}
    frame = pd.DataFrame({"name": names[named].astype(str), "reason": reasons[named]})
    share = (frame["reason"] != "").groupby(frame["name"], sort=False).mean()
    first = frame[frame["reason"] != ""].groupby("name", sort=False)["reason"].first()
    keep = share[share >= MIN_SHARE].index
    return {n: first[n] for n in keep if n in first.index}
