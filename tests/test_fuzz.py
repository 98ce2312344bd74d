"""Bounded fuzzing of the spend-file reader and the URL-parameter parsers (bench/fuzz.py runs 100k+)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz_cases import check_spend_file, check_url_params, spend_files, url_params

BOUNDED = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@BOUNDED
@given(spend_files())
def test_spend_reader_never_raises_anything_but_a_clear_error(case):
    check_spend_file(case)


@settings(max_examples=3000, deadline=None)
@given(url_params)
def test_url_params_never_raise_and_round_trip(params):
    check_url_params(params)


@pytest.mark.parametrize("digits", ["²", "٣", "１０", "¹⁰"])
def test_regression_non_ascii_digits_in_deciles(digits):
    # Found by bench/fuzz.py: "²".isdigit() is True but int("²") raises.
    from geo.analysis.filters import Filters
    from geo.analysis.periods import financial_year
    from geo.cli.summary import _deciles
    from geo.errors import SpendGeoError

    assert Filters.from_params({"decile": digits}).deciles == ()
    with pytest.raises(SpendGeoError, match="not an IMD decile"):
        _deciles(digits)
    with pytest.raises(ValueError, match="financial year"):
        financial_year(f"2024-{digits}")
