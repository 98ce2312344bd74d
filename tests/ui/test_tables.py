"""ui.tables: every share column reads as a percentage, every count and £ column has its format."""

from __future__ import annotations

import pandas as pd
import pytest

from ui import tables

# Every fraction column a page shows through tables.show (geo.spend.pipeline, matchreport,
# analysis summaries, the Deprivation and Growth Deals tables).
SHARES = (
    "share",
    "share_rows",
    "share_amount",
    "share_decile1",
    "share_decile12",
    "share_located",
    "share_of_unplaced",
    "imd19_share_decile1",
    "imd25_share_decile1",
)


@pytest.mark.parametrize("col", SHARES)
def test_share_columns_show_as_percent(col):
    shown = tables.for_display(pd.DataFrame({col: [0.0243, None]}))
    assert shown[col].iloc[0] == pytest.approx(2.43)
    assert pd.isna(shown[col].iloc[1])  # missing stays missing, not 0%
    assert tables.column_config(shown)[col]["type_config"]["format"] == "%.1f%%"


@pytest.mark.parametrize(
    ("col", "fmt"),
    [("amount", "£%,.0f"), ("gd_total_gbp_m", "£%,.1fm"), ("rows", "%,d"), ("n_lsoa", "%,d")],
)
def test_money_and_count_formats(col, fmt):
    shown = tables.for_display(pd.DataFrame({col: [1234.0]}))
    assert shown[col].iloc[0] == 1234.0
    assert tables.column_config(shown)[col]["type_config"]["format"] == fmt
