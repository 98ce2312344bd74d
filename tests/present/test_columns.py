"""Human column labels and area names beside GSS codes, one table for every download."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.present import columns


@pytest.mark.parametrize(
    ("internal", "human"),
    [
        ("gd_round1_gbp_m", "Growth Deal round 1 (£m, 2014)"),
        ("lad21cd", "LAD code (LAD December 2021)"),
        ("lad21cd_name", "LAD name (LAD December 2021)"),
        ("ca24cd", "Combined Authority code (CA May 2024)"),
        ("share_decile1", "Share of LSOAs in IMD 2019 decile 1 (10% most deprived)"),
        ("imd_decile", "IMD 2019 decile (1 = most deprived)"),
        ("gbp", "Spend (£, net)"),
        ("some_new_column", "Some new column"),
        ("Awarded Value", "Awarded Value"),  # the source file's own headers pass through
    ],
)
def test_label(internal, human):
    assert columns.label(internal) == human


def test_humanise_puts_names_beside_codes_and_reads_statuses():
    df = pd.DataFrame(
        {
            "lad21cd": ["E08000009", None],
            "status": ["matched_outside_england", "no_postcode"],
            "gbp": [1.0, 2.0],
        }
    )
    out = columns.humanise(df, {"E08000009": "Trafford"})
    assert list(out.columns) == [
        "LAD code (LAD December 2021)",
        "LAD name (LAD December 2021)",
        "Location status",
        "Spend (£, net)",
    ]
    assert out.iloc[0, 1] == "Trafford" and pd.isna(out.iloc[1, 1])
    assert out.iloc[0, 2].startswith("Located outside England")


def test_area_names_from_the_store(store_path):
    names = columns.area_names(store_path)
    assert names["E08000009"] == "Trafford"
    assert names["E47000001"] == "Greater Manchester"
    assert len(names) >= 309 + 38 + 11
