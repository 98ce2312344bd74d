"""Postcode shape: normalise, display, and extraction from addresses."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.spend.postcode import display, extract, normalise


@pytest.mark.parametrize(
    ("raw", "compact"),
    [
        ("sw1a 1aa", "SW1A1AA"),
        (" M1  1AE ", "M11AE"),
        ("EC1A1BB", "EC1A1BB"),
        ("w1a0ax", "W1A0AX"),
        ("GIR 0AA", "GIR0AA"),
        ("B33 8TH", "B338TH"),
        ("CR2 6XH", "CR26XH"),
        ("DN55 1PT", "DN551PT"),
        ("bad", None),
        ("12345", None),
        ("SW1A 1A", None),
        ("", None),
        (None, None),
        ("Q1 1AA", "Q11AA"),  # shape-valid; the index decides whether it exists
    ],
)
def test_normalise(raw, compact):
    out = normalise(pd.Series([raw], dtype="object"))
    assert (None if pd.isna(out.iloc[0]) else out.iloc[0]) == compact


def test_display_inserts_space_before_inward_code():
    assert display(pd.Series(["SW1A1AA", "M11AE"])).tolist() == ["SW1A 1AA", "M1 1AE"]


@pytest.mark.parametrize(
    ("address", "compact"),
    [
        ("1 High St, Leeds, ls1 4ap, UK", "LS14AP"),
        ("Unit 5, M15 4FN then WA14 1AB", "WA141AB"),
        ("PO Box 12, London EC1A 1BB", "EC1A1BB"),
        ("no postcode here", None),
        ("Company number 12345678", None),
    ],
)
def test_extract(address, compact):
    out = extract(pd.Series([address]))
    assert (None if pd.isna(out.iloc[0]) else out.iloc[0]) == compact
