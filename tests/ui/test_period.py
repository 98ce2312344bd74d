"""Presentation mode's month slider: steps, value and the dates a value means."""

from __future__ import annotations

from datetime import date

import pytest

from ui.period import dates_from_months, month_label, month_steps, months_value

LO, HI = date(2010, 11, 10), date(2024, 11, 27)  # the bundled file's span


@pytest.mark.parametrize(
    ("lo", "hi", "n", "first", "last"),
    [
        (LO, HI, 169, date(2010, 11, 1), date(2024, 11, 1)),
        (date(2024, 4, 1), date(2025, 3, 31), 12, date(2024, 4, 1), date(2025, 3, 1)),
        (date(2024, 12, 5), date(2025, 1, 2), 2, date(2024, 12, 1), date(2025, 1, 1)),
        (date(2024, 5, 9), date(2024, 5, 20), 1, date(2024, 5, 1), date(2024, 5, 1)),
    ],
)
def test_month_steps(lo, hi, n, first, last):
    steps = month_steps(lo, hi)
    assert (len(steps), steps[0], steps[-1]) == (n, first, last)
    assert all(d.day == 1 for d in steps) and list(steps) == sorted(set(steps))


@pytest.mark.parametrize(
    ("value", "start", "end", "expected"),
    [
        # Untouched: a link's exact dates are kept, not rounded to whole months.
        ((date(2018, 4, 1), date(2023, 3, 1)), date(2018, 4, 15), date(2023, 3, 10),
         (date(2018, 4, 15), date(2023, 3, 10))),
        # Moved: whole months, first day to last day.
        ((date(2020, 4, 1), date(2023, 3, 1)), date(2018, 4, 15), date(2023, 3, 10),
         (date(2020, 4, 1), date(2023, 3, 31))),
        ((date(2024, 2, 1), date(2024, 2, 1)), LO, HI, (date(2024, 2, 1), date(2024, 2, 29))),
        # The file's own first and last days bound the months at its ends.
        ((date(2010, 11, 1), date(2024, 11, 1)), date(2012, 1, 1), HI, (LO, HI)),
        # Thumbs crossed over are read in order; nonsense keeps the period.
        ((date(2023, 3, 1), date(2020, 4, 1)), LO, HI, (date(2020, 4, 1), date(2023, 3, 31))),
        ("junk", date(2018, 4, 1), HI, (date(2018, 4, 1), HI)),
        ((date(2018, 4, 1),), date(2018, 4, 1), HI, (date(2018, 4, 1), HI)),
    ],
)  # fmt: skip
def test_dates_from_months(value, start, end, expected):
    assert dates_from_months(value, start, end, LO, HI) == expected


@pytest.mark.parametrize(
    ("start", "end", "value"),
    [
        (date(2018, 4, 15), date(2023, 3, 10), (date(2018, 4, 1), date(2023, 3, 1))),
        # A link's dates outside the file are held to its span, so the value is always a step.
        (date(2001, 1, 1), date(2030, 1, 1), (date(2010, 11, 1), date(2024, 11, 1))),
        (date(2030, 1, 1), date(2031, 1, 1), (date(2024, 11, 1), date(2024, 11, 1))),
    ],
)
def test_months_value_is_always_a_step(start, end, value):
    got = months_value(start, end, LO, HI)
    assert got == value and set(got) <= set(month_steps(LO, HI))


def test_month_label():
    assert month_label(date(2018, 4, 1)) == "Apr 2018"
