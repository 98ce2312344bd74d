"""Growth Deal £ per head on the signing-time area: the rule on a small table."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.store.growth_deals import growth_deal_columns, national_total

DEALS = pd.DataFrame(
    {
        "lep_name_2017": ["Leeds City Region", "Cumbria", "GCGP", "Humber"],
        "lep21cd": ["E37000062", "E37000007", "E37000059", pd.NA],
        "successor_lep21cd": ["E37000062", "E37000007", "E37000059", "E37000061"],
        "round1_gbp_m": [572.8, 26.8, 100.0, 103.7],
        "round2_gbp_m": [54.6, 20.9, 20.0, 9.9],
        "round3_gbp_m": [67.5, 12.7, 26.7, 27.9],
        "total_gbp_m": [694.9, 60.4, 146.7, 141.5],
        "confidence": ["high"] * 4,
        "notes": [""] * 4,
    }
)
LEP = pd.DataFrame(
    {"population": [2_000_000, 500_000, 800_000], "members": ["L1;L2", "C1", "G1"]},
    index=pd.Index(["E37000062", "E37000007", "E37000059"]),
)
# LAD21 codes named in growth_deals.SIGNING_AREA_EXTRA for Leeds City Region.
POP = pd.Series(
    {"L1": 1_000_000, "L2": 1_000_000, "C1": 500_000, "G1": 800_000, "E08000016": 200_000,
     "E07000163": 50_000, "E07000165": 150_000, "E07000169": 90_000, "E06000014": 210_000}
)  # fmt: skip


@pytest.mark.parametrize(
    ("code", "population", "per_head"),
    [
        ("E37000062", 2_700_000, 694.9e6 / 2_700_000),  # 2021 area + the five removed districts
        ("E37000007", 500_000, 60.4e6 / 500_000),  # unchanged area
        ("E37000059", None, None),  # not comparable
    ],
)
def test_per_head_on_the_deal_area(code, population, per_head):
    out = growth_deal_columns(LEP, DEALS, POP, pd.Series(dtype="string"))
    if population is None:
        assert pd.isna(out.loc[code, "gd_per_head_gbp"])
        assert out.loc[code, "gd_not_comparable_reason"].startswith("Not comparable")
    else:
        assert out.loc[code, "gd_population"] == population
        assert out.loc[code, "gd_per_head_gbp"] == pytest.approx(per_head)
    assert out.loc[code, "gd_per_head_2021_area_gbp"] == pytest.approx(
        DEALS.set_index("lep21cd").loc[code, "total_gbp_m"] * 1e6 / LEP.loc[code, "population"]
    )


def test_national_total_beside_headline():
    total = national_total(DEALS)
    assert total["table_total_gbp_m"] == pytest.approx(1_043.5)
    assert total["headline_total_gbp_m"] == 9_100.0 and total["rows_with_total"] == 4
