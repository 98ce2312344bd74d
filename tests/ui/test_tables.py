"""ui.tables: every share column reads as a percentage, every count and £ column has its format."""

from __future__ import annotations

import re

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


@pytest.mark.parametrize("level", ["lad", "lep", "ca"])
def test_area_table_download_has_the_screens_headings(store_path, level):
    """Exports walk: the area-table CSVs came out with engine names and unlabelled fractions."""
    from ui import cache

    raw = cache.area_table(level, "2025")
    out = tables.as_download(raw, "2025")
    assert len(out) == len(raw)
    assert not [c for c in out.columns if "_" in c], list(out.columns)
    share = "Share of LSOAs in decile 1 (%)"
    assert out[share].between(0, 100).all() and out[share].max() > 1
    assert (out[share] - (raw["share_decile1"] * 100).round(2)).abs().max() < 1e-9


def test_unplaced_download_reads_as_on_screen():
    frame = pd.DataFrame(
        {
            "supplier_name": ["Acme Ltd"],
            "supplier_id": [""],
            "reason": ["no_postcode"],
            "rows": [3],
            "amount": [3613164.0100000002],
            "share_of_unplaced": [0.2788],
        }
    )
    out = tables.as_download(frame)
    assert list(out.columns) == [
        "Supplier", "Supplier ID", "Why not located", "Transactions", "Amount (£, net)",
        "Share of unplaced £ (%)",
    ]  # fmt: skip
    row = out.iloc[0]
    assert row["Why not located"] == "No postcode (file or register)"
    assert row["Amount (£, net)"] == 3613164.01 and row["Share of unplaced £ (%)"] == 27.88


@pytest.mark.parametrize(
    ("columns", "shown"),
    [
        # The area tables began with the GSS code: on a phone the names were off to the right.
        (["code", "name", "population"], ["name", "code", "population"]),
        (["rank", "code", "name", "share_decile1"], ["rank", "name", "code", "share_decile1"]),
        (["supplier", "gbp", "share"], ["supplier", "gbp", "share"]),
        (["status", "rows", "gbp"], ["status", "rows", "gbp"]),  # no name column: as it was
    ],
)
def test_a_rows_name_comes_first(columns, shown):
    assert tables.name_first(columns) == shown
    frame = pd.DataFrame({c: [1] for c in columns})
    assert list(tables.for_display(frame).columns) == shown


@pytest.mark.parametrize(
    ("frame", "head", "first_row"),
    [
        (
            pd.DataFrame({"gbp": [833246352.4], "share": [0.1729], "supplier": ["WDP"]}),
            ["Supplier", "Spend (£, net)", "Share of all spend"],
            '<th scope="row">WDP</th><td class=sg-num>£833,246,352</td><td class=sg-num>17.3%</td>',
        ),
        # Missing numbers read n/a, never £0 or 0%; a name is escaped, never markup.
        (
            pd.DataFrame({"supplier": ["<b>A & B</b>"], "gbp": [None], "share": [None]}),
            ["Supplier", "Spend (£, net)", "Share of all spend"],
            '<th scope="row">&lt;b&gt;A &amp; B&lt;/b&gt;</th><td class=sg-num>n/a</td>'
            "<td class=sg-num>n/a</td>",
        ),
        (
            pd.DataFrame({"rows": [1234], "supplier": ["X Ltd"]}),
            ["Supplier", "Transactions"],
            '<th scope="row">X Ltd</th><td class=sg-num>1,234</td>',
        ),
    ],
)
def test_small_html(frame, head, first_row):
    html = tables.small_html(frame, "Top suppliers", imd="2025")
    assert html.startswith('<table class="sg-small" aria-label="Top suppliers">')
    assert re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', html) == head
    assert f"<tr>{first_row}</tr>" in html
