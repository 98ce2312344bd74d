"""The one formatter: money (full, short, pence), shares, counts, changes; missing is n/a, never 0."""

from __future__ import annotations

import math

import pytest

from geo import fmt
from geo.present import legend


@pytest.mark.parametrize(
    ("fn", "value", "text"),
    [
        (fmt.format_gbp, 1234.4, "£1,234"),
        (fmt.format_gbp, -50, "-£50"),
        (fmt.format_gbp, None, "n/a"),
        (fmt.format_gbp, math.nan, "n/a"),
        (fmt.format_money, 950, "£950"),
        (fmt.format_money, 12_500, "£12k"),
        (fmt.format_money, 3_400_000, "£3.4m"),
        (fmt.format_money, -2e9, "-£2.0bn"),
        (fmt.format_money, None, "n/a"),
        (fmt.format_pence, 1234.5, "£1,234.50"),
        (fmt.format_share, 0.1234, "12.3%"),
        (fmt.format_share, None, fmt.NA_SHARE),
        (fmt.format_count, 12345, "12,345"),
    ],
)
def test_formats(fn, value, text) -> None:
    assert fn(value) == text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(1.25, "pp", "+1.2 pp"), (-300, "gbp", "-£300"), (300, "gbp", "+£300"), (-3, "count", "-3"), (None, "pp", "n/a")],
)  # fmt: skip
def test_changes(value, unit, text) -> None:
    assert fmt.format_change(value, unit) == text


def test_vector_form_matches_scalar_and_legend_uses_the_same_formatter() -> None:
    values = [0.0, 1234.4, -50.0, math.nan, 1e9]
    assert fmt.format_gbp_many(values) == [fmt.format_gbp(v) for v in values]
    assert legend.format_money is fmt.format_money


@pytest.mark.parametrize(
    ("value", "unit", "why", "text"),
    [
        (None, "share", "no local boundary chosen", "n/a (no local boundary chosen)"),
        (math.nan, "gbp", "no located spend", "n/a (no located spend)"),
        (0.0, "share", "unused when present", "0.0%"),  # a real zero stays a zero
        (None, "share", "", fmt.NA_SHARE),
    ],
)
def test_a_missing_value_says_why(value, unit, why, text) -> None:
    assert fmt.format_value(value, unit, why) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0.0%"),
        (416_667 / 4.8e9, "<0.1%"),  # not zero, so never "0.0%"
        (0.0005, "0.1%"),
        (0.123456, "12.3%"),
        (0.99951, ">99.9%"),  # not all, so never "100.0%"
        (1.0, "100.0%"),
        (-0.02, "-2.0%"),  # net of credit notes a share can be negative
        (math.nan, fmt.NA_SHARE),
    ],
)
def test_a_share_that_is_not_zero_never_reads_zero(value, text) -> None:
    assert fmt.format_share(value) == text


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        # A ZIP's file (the Trafford download): the ZIP's name, no ".zip" or "›" in the middle.
        (
            "trafford-supplier-spend-2024-25.zip › trafford-supplier-spend-2024-25.csv",
            "trafford-supplier-spend-2024-25",
        ),
        ("August_Over__25K_Transparency.csv and 6 more", "August_Over_25K_Transparency_and_6_more"),
        (
            "Contracts Finder awarded notices: substance-misuse",
            "Contracts_Finder_awarded_notices_substance-misuse",
        ),
        ("Dépenses £500+.xlsx", "D_penses_500"),
        ("", "spend"),
        ("x" * 80 + ".csv", "x" * 60),
        ("a_very_long_name_" * 6, "a_very_long_name_a_very_long_name_a_very_long_name_a_very"),
    ],
)
def test_file_stem_is_ascii_and_whole_words(name: str, stem: str) -> None:
    from geo.fmt import file_stem

    assert file_stem(name) == stem
    assert file_stem(name).isascii()
