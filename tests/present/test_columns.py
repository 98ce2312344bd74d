"""Human column labels and area names beside GSS codes, one table for every download."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.present import columns


@pytest.mark.parametrize(
    ("internal", "imd", "human"),
    [
        ("gd_round1_gbp_m", None, "Growth Deal round 1 (£m, 2014)"),
        ("lad21cd", None, "LAD code (LAD December 2021)"),
        ("lad21cd_name", None, "LAD name (LAD December 2021)"),
        ("ca24cd", None, "Combined Authority code (CA May 2024)"),
        ("lad24cd", None, "LAD code (LAD 2024 (IoD2025 codes; May 2025 boundaries))"),
        ("ca25cd", "2019", "Combined Authority code (CA May 2025)"),  # named columns: fixed
        ("lsoa21cd", None, "LSOA code (LSOA 2021)"),
        ("lsoa11cd", None, "LSOA code (LSOA 2011)"),
        ("imd_decile", None, "IMD 2019 decile (1 = most deprived, LSOA 2011)"),
        ("imd25_decile", "2019", "IMD 2025 decile (1 = most deprived, LSOA 2021)"),
        (
            "imd19_share_decile1",
            None,
            "Share of LSOAs in IMD 2019 decile 1 (10% most deprived, LSOA 2011)",
        ),  # fmt: skip
        # Generic columns follow the chosen vintage (default IMD 2025).
        (
            "share_decile1",
            None,
            "Share of LSOAs in IMD 2025 decile 1 (10% most deprived, LSOA 2021)",
        ),  # fmt: skip
        (
            "share_decile1",
            "2019",
            "Share of LSOAs in IMD 2019 decile 1 (10% most deprived, LSOA 2011)",
        ),  # fmt: skip
        ("decile", "2025", "IMD 2025 decile of supplier (1 = most deprived, LSOA 2021)"),
        ("bucket", "2019", "IMD 2019 decile of supplier's LSOA (LSOA 2011)"),
        ("gbp", None, "Spend (£, net)"),
        ("some_new_column", None, "Some new column"),
        ("Awarded Value", None, "Awarded Value"),  # the source file's own headers pass through
    ],
)
def test_label(internal, imd, human):
    assert columns.label(internal, imd) == human


@pytest.mark.parametrize(
    "internal", ["amount", "lsoa21cd", "lad24cd", "ca25cd", "imd25_decile", "imd_decile", "flags"]
)
def test_from_labels_inverts_the_one_vocabulary(internal):
    heading = columns.column_label(internal)
    assert columns.from_labels([heading, "Their own column"]) == {heading: internal}


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
