"""Bounded fuzzing of the spend-file reader and the URL-parameter parsers (bench/fuzz.py runs 100k+)."""

from __future__ import annotations

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
