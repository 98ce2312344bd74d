"""LSOA 2021 → LAD 2021 by name, LAD 2025 → LAD 2024 recodes, LAD 2021 → LAD 2024: the pure rules on small tables."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.errors import SpendGeoError
from geo.store.current import lad21_to_lad24, lad25_to_lad24
from geo.store.layers import lad21_from_lsoa21_names

LAD21 = pd.Series(
    {"E07000026": "Allerdale", "E06000023": "Bristol, City of", "E08000019": "Sheffield"}
)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Allerdale 007A", "E07000026"),
        ("Bristol 032C", "E06000023"),
        ("Sheffield 073D", "E08000019"),
    ],
)
def test_lad21_from_lsoa21_names(name, code):
    assert lad21_from_lsoa21_names(pd.Series([name]), LAD21).iloc[0] == code


def test_lad21_from_unknown_name_is_an_error():
    with pytest.raises(SpendGeoError, match="Cardiff 001A"):
        lad21_from_lsoa21_names(pd.Series(["Allerdale 007A", "Cardiff 001A"]), LAD21)


def test_lad25_recodes_matched_by_name():
    lad24 = pd.Series(
        {"E08000016": "Barnsley", "E08000019": "Sheffield", "E08000003": "Manchester"}
    )
    got = lad25_to_lad24(
        pd.Series(["E08000038", "E08000039", "E08000003"]),
        pd.Series(["Barnsley", "Sheffield", "Manchester"]),
        lad24,
    )
    assert got == {"E08000038": "E08000016", "E08000039": "E08000019", "E08000003": "E08000003"}


def test_lad25_unmatched_is_an_error():
    with pytest.raises(SpendGeoError, match="E08000099"):
        lad25_to_lad24(
            pd.Series(["E08000099"]), pd.Series(["Nowhere"]), pd.Series({"E08000016": "Barnsley"})
        )


def test_lad21_split_across_lad24_is_an_error():
    lsoa = pd.DataFrame({"lad21cd": ["A", "A", "B"], "lad24cd": ["X", "Y", "X"]})
    with pytest.raises(SpendGeoError, match="split"):
        lad21_to_lad24(lsoa)
    ok = pd.DataFrame({"lad21cd": ["A", "B", "B"], "lad24cd": ["X", "X", "X"]})
    assert lad21_to_lad24(ok).to_dict() == {"A": "X", "B": "X"}
