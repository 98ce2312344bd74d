"""UK financial years and date periods: '2024-25' ↔ (1 April 2024, 31 March 2025)."""

from __future__ import annotations

from datetime import date

# A period is (from, to) dates (inclusive, None = open) or a financial-year label '2023-24'.
Period = tuple[date | None, date | None] | str


def financial_year_label(start_year: int) -> str:
    """UK financial year starting April `start_year`: 2024 → '2024-25'."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def financial_year(label: str) -> tuple[date, date]:
    """'2024-25' → (2024-04-01, 2025-03-31); ValueError if it is not such a label."""
    text = str(label).strip()
    head, sep, tail = text.partition("-")
    if not (
        sep
        and head.isascii()
        and head.isdigit()
        and len(head) == 4
        and tail.isascii()
        and tail.isdigit()
        and len(tail) == 2
    ):
        raise ValueError(f"{label!r} is not a financial year like 2024-25")
    start = int(head)
    if (start + 1) % 100 != int(tail):
        raise ValueError(f"{label!r} is not a financial year like 2024-25")
    return date(start, 4, 1), date(start + 1, 3, 31)


def period_bounds(p: Period) -> tuple[date | None, date | None, str]:
    """(from, to, label) of a period; a financial-year label gives its April–March dates."""
    if isinstance(p, str):
        lo, hi = financial_year(p)
        return lo, hi, p
    lo, hi = p
    text = f"{lo.isoformat() if lo else 'start'} to {hi.isoformat() if hi else 'end'}"
    return lo, hi, text
