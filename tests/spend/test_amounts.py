"""Amount, date and flag parsing: the spellings council finance systems actually export."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from geo.spend.amounts import (
    looks_decimal_comma,
    marks_only,
    parse_amounts,
    parse_dates,
    parse_flags,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.56", 1234.56),
        ("£1,234.56", 1234.56),
        ("£ 1,000,000", 1_000_000.0),
        ("1 234.56", 1234.56),
        ("1\u00a0234.56", 1234.56),  # non-breaking space from Excel's number format
        ("-195.75", -195.75),  # Trafford credit rows
        ("(123.45)", -123.45),
        ("£(123.45)", -123.45),
        ("123.45-", -123.45),
        ("123.45 CR", -123.45),
        ("123.45CR", -123.45),
        ("-123.45 CR", -123.45),  # already negative stays negative
        ("12.50 DR", 12.5),
        ("-£5", -5.0),
        ("GBP 10", 10.0),
        ("+7", 7.0),
        (".5", 0.5),
        ("0", 0.0),
        ("abc", math.nan),
        ("", math.nan),
        ("   ", math.nan),
        ("12,5", math.nan),  # a decimal comma in a UK-style column is not silently 125
        ("1,23", math.nan),
        ("inf", math.nan),
        ("nan", math.nan),
        ("1e5", math.nan),
        ("=1+1", math.nan),
        ("TBC", math.nan),
        (None, math.nan),
    ],
)
def test_parse_amounts(text: str | None, expected: float) -> None:
    got = parse_amounts(pd.Series([text, "1.00"], dtype=object)).iloc[0]
    assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", 1234.56),
        ("12,5", 12.5),
        ("-3,00", -3.0),
        ("1.000.000,00", 1e6),
        ("(5,50)", -5.5),
        ("7", 7.0),
    ],
)
def test_parse_amounts_decimal_comma(text: str, expected: float) -> None:
    assert parse_amounts(pd.Series([text]), decimal_comma=True).iloc[0] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1.234,56", "12,50", "3,00"], True),
        (["1,234.56", "12.50", "3.00"], False),
        (["1,234", "12.50"], False),  # UK thousands
        (["500", "1000"], False),
        ([], False),
    ],
)
def test_looks_decimal_comma(values: list[str], expected: bool) -> None:
    assert looks_decimal_comma(pd.Series(values, dtype=object)) is expected


def test_parse_amounts_numeric_passthrough() -> None:
    out = parse_amounts(pd.Series([1.5, -2, np.nan]))
    assert out.dtype == "float64"
    assert out.tolist()[:2] == [1.5, -2.0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-04-02", "2024-04-02"),
        ("2024-04-02T10:00:00Z", "2024-04-02"),
        ("2024-04-02T10:00:00+01:00", "2024-04-02"),
        ("2024-04-02 00:00:00", "2024-04-02"),
        ("02/04/2024", "2024-04-02"),  # UK order: 2 April, never 4 February
        ("2/4/2024", "2024-04-02"),
        ("2/4/24", "2024-04-02"),
        ("02/04/2024 13:45", "2024-04-02"),
        ("02/04/2024 1:45 PM", "2024-04-02"),
        ("02-04-2024", "2024-04-02"),
        ("02.04.2024", "2024-04-02"),
        ("02-Apr-2024", "2024-04-02"),
        ("2-apr-24", "2024-04-02"),
        ("2 April 2024", "2024-04-02"),
        ("2 Apr 2024", "2024-04-02"),
        ("Tue 2nd April 2024", "2024-04-02"),
        ("20240402", "2024-04-02"),
        ("45384", "2024-04-02"),  # Excel serial day number
        ("45384.75", "2024-04-02"),
        ("04/13/2024", None),  # US order is not guessed
        ("31/02/2024", None),
        ("2204-01-01", None),  # a typo, not a payment date
        ("12345", None),  # an id in the date column is not an Excel date
        ("garbage", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_dates(text: str | None, expected: str | None) -> None:
    got = parse_dates(pd.Series([text], dtype=object))
    assert got.dtype == "datetime64[ns]"
    if expected is None:
        assert pd.isna(got.iloc[0])
    else:
        assert got.iloc[0] == pd.Timestamp(expected)


@pytest.mark.parametrize(
    "values",
    [
        pd.Series([45384, 45384.0]),
        pd.Series([pd.Timestamp("2024-04-02 10:30"), pd.Timestamp("2024-04-02")]),
        pd.Series([pd.Timestamp("2024-04-02 09:00"), pd.Timestamp("2024-04-02")], dtype=object),
    ],
)
def test_parse_dates_typed(values: pd.Series) -> None:
    assert parse_dates(values).tolist() == [pd.Timestamp("2024-04-02")] * 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yes", True), ("yes ", True), ("Y", True), ("TRUE", True), ("true", True), ("1", True), (1, True), (True, True),
        ("No", False), ("N", False), ("False", False), ("0", False), (0, False), (False, False),
        ("Unknown", None), ("NONE", None), ("", None), (None, None), ("maybe", None),
    ],
)  # fmt: skip
def test_parse_flags(text: object, expected: bool | None) -> None:
    got = parse_flags(pd.Series([text], dtype=object))
    assert got.dtype == "boolean"
    assert (pd.isna(got.iloc[0]) and expected is None) or got.iloc[0] == expected


def test_parsing_repeats_use_distinct_values() -> None:
    """A million-row column of a few hundred distinct values parses quickly and in order."""
    values = pd.Series(["£1,000.00", "(5.00)", "x"] * 100_000)
    out = parse_amounts(values)
    assert out.iloc[:3].tolist()[:2] == [1000.0, -5.0] and math.isnan(out.iloc[2])
    assert out.isna().sum() == 100_000


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["Y", None, "", " ", "Y"], True),  # Calderdale's VCSE column: yes or blank
        (["Yes", None], True),
        (["Y", "N", None], False),  # says no somewhere: a blank is not stated
        (["Y", "Unknown", None], False),  # other text: not a mark column
        ([None, "", None], False),  # never says yes: nothing to read
        (["N", None], False),
        (["Y", "Y"], False),  # nothing blank: nothing to fill (all stated already)
    ],
)
def test_marks_only(values, expected) -> None:
    col = pd.Series(values, dtype=object)
    got = marks_only(col, parse_flags(col))
    assert got is expected
