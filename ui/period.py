"""Whole-month periods for presentation mode's period slider: its steps, its value and the dates it means (pure)."""

from __future__ import annotations

from calendar import monthrange
from datetime import date


def month_start(d: date) -> date:
    return date(d.year, d.month, 1)


def month_end(d: date) -> date:
    return date(d.year, d.month, monthrange(d.year, d.month)[1])


def month_steps(lo: date, hi: date) -> tuple[date, ...]:
    """The first day of every month from `lo`'s to `hi`'s (both included)."""
    out: list[date] = []
    d = month_start(min(lo, hi))
    last = month_start(max(lo, hi))
    while d <= last:
        out.append(d)
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return tuple(out)


def month_label(d: date) -> str:
    """'Apr 2018': a thumb names its whole month."""
    return d.strftime("%b %Y")


def months_value(start: date, end: date, lo: date, hi: date) -> tuple[date, date]:
    """The slider's value for a period: the months holding its first and last days, held inside
    the file's span [lo, hi] (a link's dates may lie outside it; the value must be a step)."""
    a = min(max(start, lo), hi)
    b = max(min(end, hi), lo)
    return month_start(min(a, b)), month_start(max(a, b))


def dates_from_months(
    value: object, start: date, end: date, lo: date, hi: date
) -> tuple[date, date]:
    """The dates a slider value means: from its first month's first day to its last month's last
    day, within the file's own span [lo, hi]. A value equal to the period's own months keeps the
    period's exact dates, so a link's 15 April is not rounded to 1 April unless the slider moves.
    Anything that is not a pair of dates keeps the period."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        return start, end
    a, b = value
    if not isinstance(a, date) or not isinstance(b, date):
        return start, end
    a, b = min(a, b), max(a, b)
    if (a, b) == months_value(start, end, lo, hi):
        return start, end
    return max(month_start(a), lo), min(month_end(b), hi)
