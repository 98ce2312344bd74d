"""Filters / Locality: canonical form, URL-param round trip (tolerant parsing), and the row mask."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.analysis.filters import (
    Filters,
    Locality,
    apply_filters,
    denominator_from_params,
    denominator_to_params,
)
from geo.analysis.index import prepare_spend
from geo.errors import SpendGeoError
from tests.analysis.test_summary import GM_LEP, GMCA, LEP_Y, MANCHESTER, TRAFFORD, TWO_LEP, frame

ROUND_TRIP = [
    Filters(),
    Filters(date_from=date(2024, 4, 1), date_to=date(2025, 3, 31)),
    Filters(buyers=("Council A", "Smith, Jones & Co", "back\\slash", "trailing\\")),
    Filters(departments=("Adults",), supplier_query="acme, ltd"),
    Filters(amount_min=-0.1, amount_max=1e12 / 3),
    Filters(lads=(TRAFFORD, MANCHESTER), leps=(GM_LEP,), cas=(GMCA,)),
    Filters(deciles=(2, 1, 10), statuses=("matched", "no_postcode")),
]


@pytest.mark.parametrize("filters", ROUND_TRIP)
def test_params_round_trip(filters: Filters) -> None:
    params = filters.to_params()
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in params.items())
    assert Filters.from_params(params) == filters
    assert hash(Filters.from_params(params)) == hash(filters)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"from": "2024-13-01", "to": "2025-03-31"}, Filters(date_to=date(2025, 3, 31))),
        ({"decile": "0,3,11,x,3"}, Filters(deciles=(3,))),
        ({"min": "nan", "max": "inf"}, Filters()),
        ({"min": "£1,000.50"}, Filters(amount_min=1000.5)),
        ({"lad": "bogus,e08000009,"}, Filters(lads=(TRAFFORD,))),
        ({"status": "matched,made_up"}, Filters(statuses=("matched",))),
        ({"buyer": ["old", "Council A"]}, Filters(buyers=("Council A",))),  # list: last wins
        ({"buyer": 42, "q": None, "to": ["2024-01-01"]}, Filters(date_to=date(2024, 1, 1))),
        ({"buyer": " , ,", "q": "   "}, Filters()),
        ({"unknown": "x"}, Filters()),
    ],
)
def test_from_params_drops_bad_values(params: dict, expected: Filters) -> None:
    assert Filters.from_params(params) == expected


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["from", "to", "buyer", "dept", "q", "min", "max", "lad", "lep", "ca", "decile", "status", "local", "local_label", "denom", "x"]), st.one_of(st.text(), st.lists(st.text(), max_size=3), st.none(), st.integers())))  # fmt: skip
def test_from_params_never_raises_and_is_stable(params: dict) -> None:
    f = Filters.from_params(params)
    assert Filters.from_params(f.to_params()) == f
    loc = Locality.from_params(params)
    assert loc is None or Locality.from_params(loc.to_params()) == loc
    assert denominator_from_params(params) in ("all", "geocoded")


def test_canonical_and_hashable() -> None:
    a = Filters(buyers=["b", "a", "a", " "], deciles=[2, 1])  # type: ignore[arg-type]
    b = Filters(buyers=("a", "b"), deciles=(1, 2))
    assert a == b and hash(a) == hash(b) and {a: 1}[b] == 1
    assert Filters().is_empty() and not b.is_empty()
    assert b.replace(buyers=()) == Filters(deciles=(1, 2))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"deciles": (0,)},
        {"deciles": (True,)},
        {"lads": ("X",)},
        {"statuses": ("nope",)},
        {"amount_min": float("nan")},
        {"date_from": "2024-01-01"},
    ],  # fmt: skip
)
def test_constructor_rejects_invalid(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        Filters(**kwargs)


@pytest.mark.parametrize(
    ("spec", "kind", "codes"),
    [
        ("lad:E08000009", "lad", (TRAFFORD,)),
        (" LEP:e37000015 ", "lep", (GM_LEP,)),
        ("ca:E47000001", "ca", (GMCA,)),
        ("lads:E08000009, E08000003,E08000009", "lads", (MANCHESTER, TRAFFORD)),
        ("utla24:E10000017", "utla24", ("E10000017",)),  # Lancashire, a county
        ("UTLA24:e08000003", "utla24", (MANCHESTER,)),  # a metropolitan district is its own
    ],
)
def test_locality_parse(spec: str, kind: str, codes: tuple) -> None:
    loc = Locality.parse(spec, "Label")
    assert (loc.kind, loc.codes, loc.label) == (kind, codes, "Label")
    assert Locality.from_params(loc.to_params()) == loc


@pytest.mark.parametrize(
    "spec",
    [
        "E08000009",
        "lad:",
        "town:E08000009",
        "lad:E08000009,E08000003",
        "lep:E08000009",
        "ca:E37000015",
        "lad:E0800000",
        "utla24:E07000117",  # Burnley is a district of Lancashire, not an upper-tier authority
        "utla24:E47000001",
        "utla24:E10000017,E10000016",
    ],  # fmt: skip
)
def test_locality_parse_errors(spec: str) -> None:
    with pytest.raises(SpendGeoError):
        Locality.parse(spec)
    assert Locality.from_params({"local": spec}) is None


def test_denominator_params() -> None:
    assert denominator_from_params(denominator_to_params("geocoded")) == "geocoded"
    assert denominator_from_params({"denom": "bogus"}) == "all"


# Rows of tests/test_summary.ROWS (0-based): 0,1 Acme (A, Trafford d1; 1 is the credit),
# 2 Beta (A, Manchester d2), 3 Gamma (A, two-LEP LAD d5), 4 Delta (B, outside England),
# 5 Epsilon (B, no postcode), 6 Acme (B, Trafford d1, no date), 7 Zeta (B, Trafford d10).
@pytest.mark.parametrize(
    ("filters", "rows"),
    [
        (Filters(), [0, 1, 2, 3, 4, 5, 6, 7]),
        (Filters(buyers=("Council B",)), [4, 5, 6, 7]),
        (Filters(departments=("Adults", "Roads")), [0, 1, 4, 5]),
        (Filters(date_from=date(2024, 5, 1)), [1, 2, 3, 4, 5]),  # undated row 6 dropped
        (Filters(date_to=date(2024, 4, 30)), [0, 7]),
        (Filters(date_from=date(2024, 5, 1), date_to=date(2024, 5, 1)), [1]),
        (Filters(supplier_query="ACME"), [0, 1, 6]),
        (Filters(supplier_query="acme ltd"), [0, 1, 6]),  # whitespace collapsed
        (Filters(amount_min=0), [0, 2, 3, 4, 5, 6, 7]),
        (Filters(amount_max=150), [1, 4, 6]),
        (Filters(lads=(TRAFFORD,)), [0, 1, 6, 7]),
        (Filters(leps=(LEP_Y,)), [3]),  # via lep21cd2
        (Filters(cas=(GMCA,)), [0, 1, 2, 6, 7]),
        (Filters(lads=(TWO_LEP,), cas=(GMCA,)), []),  # AND across kinds
        (Filters(deciles=(1, 2)), [0, 1, 2, 6]),
        (Filters(statuses=("no_postcode", "matched_outside_england")), [4, 5]),
        (Filters(buyers=("Council A",), deciles=(1,)), [0, 1]),
        (Filters(buyers=("Nobody",)), []),
    ],
)
def test_apply_filters(filters: Filters, rows: list[int]) -> None:
    sf = prepare_spend(frame(), imd="2019")
    assert np.flatnonzero(apply_filters(sf, filters)).tolist() == rows


# --- data-quality flags ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "exclude", "kept"),
    [
        (["", "amount_outlier", None, "duplicate;redacted_name"], True, [0, 2]),
        (["", "amount_outlier", None, "duplicate;redacted_name"], False, [0, 1, 2, 3]),
        (None, True, [0, 1, 2, 3]),  # no flags column: the filter is a no-op
    ],
)
def test_exclude_flagged(flags, exclude, kept) -> None:
    df = pd.DataFrame(
        {
            "buyer": ["A"] * 4, "supplier_name": ["S"] * 4, "amount": [1.0, 2.0, 3.0, 4.0],
            "date": ["2024-05-01"] * 4, "status": ["matched"] * 4, "lad21cd": ["E08000009"] * 4,
            "lep21cd": [None] * 4, "lep21cd2": [None] * 4, "ca24cd": [None] * 4, "imd_decile": [3] * 4,
        }
    )  # fmt: skip
    if flags is not None:
        df["flags"] = pd.array(flags, dtype="string")
    sf = prepare_spend(df, imd="2019")
    mask = apply_filters(sf, Filters(exclude_flagged=exclude))
    assert list(np.flatnonzero(mask)) == kept


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("true", True), ("0", False), ("x", False), (None, False)])  # fmt: skip
def test_exclude_flagged_url_round_trip(value, expected) -> None:
    params = {} if value is None else {"noflag": value}
    f = Filters.from_params(params)
    assert f.exclude_flagged is expected
    assert Filters.from_params(f.to_params()) == f
    assert ("noflag" in f.to_params()) is expected
    if expected:
        assert "data-quality flags excluded" in f.describe()
