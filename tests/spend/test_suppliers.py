"""Supplier register: name/id normalisation, reading registers, and the join onto real Trafford and Contracts Finder rows."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from geo.spend.ingest import SpendTable, read_spend
from geo.spend.suppliers import (
    RegisterReport,
    join_register,
    normalise_id,
    normalise_name,
    read_register,
)

# Real Trafford 2024-25 suppliers, written as an officer might, with the organisations' published
# head or registered office postcodes.
REGISTER_CSV = """Supplier,Supplier ID,Postcode
Manchester University NHS Foundation Trust,141896,M13 9WL
Amey LG Limited,,EC4A 1AB
Reed Specialist Recruitment Limited,,WC2A 1DT
Together Trust,,SK8 1JE
London and Quadrant Housing Trust,,SE13 5JQ
Greater Manchester Combined Authority,,M1 6EU
Galliford Try Building Ltd,,UB8 2AD
Trafford Council,,M32 0TH
"""
# Manchester University NHS FT: Cobbett House, Oxford Road (M13 9WL), matched only by Trafford's
# supplier id 141896 because the names differ. Amey: Chancery Exchange, Furnival Street; Reed:
# Academy Court, Chancery Lane; Together Trust: Schools Hill, Cheadle; L&Q: Kings Hall Mews,
# Lewisham; GMCA: Tootal Buildings, Oxford Street; Galliford Try: Blake House, Cowley, Uxbridge;
# Trafford Council: Trafford Town Hall, Stretford (not a supplier in its own file → unused).


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Amey LG Ltd", "amey lg"),
        ("Amey LG Limited", "amey lg"),
        ("AMEY LG LTD.", "amey lg"),
        ("The Together Trust", "together trust"),
        ("Together Trust", "together trust"),
        ("London & Quadrant Housing Trust", "london and quadrant housing trust"),
        ("George Cox & Sons Ltd", "george cox and sons"),
        ("Smith & Co Ltd", "smith"),
        ("Smith and Co.", "smith"),
        ("Future Directions CIC", "future directions"),
        ("DAC Beachcroft LLP", "dac beachcroft"),
        ("Kier Construction Company Inc", "kier construction"),
        ("Acme Holdings PLC", "acme holdings"),
        ("Arielle's Care Ltd", "arielles care"),
        ("VLC (Stairlifts) Limited", "vlc stairlifts"),
        ("The Company", "company"),  # nothing but a suffix: kept rather than emptied
        ("  ", None),
        (None, None),
    ],
)
def test_normalise_name(name: str | None, key: str | None) -> None:
    got = normalise_name(pd.Series([name], dtype="string")).iloc[0]
    assert (pd.isna(got) and key is None) or got == key


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("141896", "141896"),
        (" 0141896 ", "141896"),
        ("GB 812 311 285", "GB812311285"),
        ("01921087", "1921087"),
        ("", None),
    ],
)
def test_normalise_id(raw: str, key: str | None) -> None:
    got = normalise_id(pd.Series([raw], dtype="string")).iloc[0]
    assert (pd.isna(got) and key is None) or got == key


@pytest.fixture(scope="module")
def trafford(raw_path: Path) -> SpendTable:
    return read_spend(raw_path / "spend/trafford-supplier-spend-2024-25.zip")


@pytest.fixture(scope="module")
def joined(trafford: SpendTable) -> tuple[pd.DataFrame, RegisterReport]:
    return join_register(
        trafford.frame, read_register(REGISTER_CSV.encode(), filename="register.csv")
    )


def test_read_register_csv() -> None:
    reg = read_register(REGISTER_CSV.encode(), filename="register.csv")
    assert list(reg.columns[:3]) == ["supplier_name", "supplier_id", "postcode_raw"]
    assert len(reg) == 8
    assert reg.loc[0, "supplier_id"] == "141896" and pd.isna(reg.loc[1, "supplier_id"])
    assert reg.loc[0, "postcode_raw"] == "M13 9WL"


def test_read_register_xlsx_with_addresses() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Company", "Registered Address"])
    ws.append(["Together Trust", "Schools Hill, Cheadle, Cheshire SK8 1JE"])
    ws.append(["No Postcode Ltd", "Somewhere"])
    buf = io.BytesIO()
    wb.save(buf)
    reg = read_register(buf.getvalue(), filename="register.xlsx")
    assert reg["supplier_name"].tolist() == ["Together Trust"]
    assert reg["postcode_raw"].tolist() == ["SK81JE"]
    assert any("ignored" in n for n in reg.attrs["notes"])


def test_join_matches_by_id_name_and_truncated_name(
    joined: tuple[pd.DataFrame, RegisterReport],
) -> None:
    _, report = joined
    how = dict(zip(report.matched["supplier_name"], report.matched["matched_by"], strict=True))
    assert how == {
        "Greater Manchester Combined Authori": "name_prefix",  # Trafford cuts names at 35 characters
        "Amey LG Ltd": "name",  # Ltd vs Limited
        "Manchester University NHS FT": "supplier_id",
        "Reed Specialist Recruitment Ltd": "name",
        "The Together Trust": "name",  # 'The ' prefix
        "Galliford Try Building Limited": "name",
        "London & Quadrant Housing Trust": "name",  # & vs and
    }
    # Sorted by £, largest first, with the Trafford figures.
    assert report.matched["amount"].is_monotonic_decreasing
    top = report.matched.iloc[0]
    assert (top["rows"], round(top["amount"], 2)) == (110, 68_159_561.17)
    amey = report.matched.set_index("supplier_name").loc["Amey LG Ltd"]
    assert (amey["rows"], round(amey["amount"], 2)) == (1165, 34_083_582.33)
    assert report.rows_filled == int(report.matched["rows"].sum()) == 4076


def test_join_fills_postcodes_and_reports_misses(
    joined: tuple[pd.DataFrame, RegisterReport],
) -> None:
    frame, report = joined
    assert frame.loc[frame["supplier_name"] == "Amey LG Ltd", "postcode_raw"].unique().tolist() == [
        "EC4A 1AB"
    ]
    assert frame.loc[
        frame["supplier_name"] == "Manchester University NHS FT", "postcode_source"
    ].unique().tolist() == ["register_id"]
    assert frame["postcode_raw"].notna().sum() == report.rows_filled
    # Missed suppliers by £: the redacted rows and HMRC lead, Amey is no longer missed.
    assert report.missed["supplier_name"].iloc[:2].tolist() == ["Redacted", "HMRC CUMBERNAULD"]
    assert report.missed["amount"].is_monotonic_decreasing
    assert "Amey LG Ltd" not in set(report.missed["supplier_name"])
    assert len(report.missed) == 2_328 - 7
    assert report.unused["supplier_name"].tolist() == ["Trafford Council"]
    assert "no supplier postcodes of its own" in " ".join(report.notes)
    assert "placed 7 supplier(s)" in report.summary()


def test_register_only_fills_rows_without_a_postcode(raw_path: Path) -> None:
    cf = read_spend(
        raw_path / "spend/contracts_finder_awarded_substance_misuse_2015-2024_notices.csv"
    ).frame
    # Addaction's address gives EC1M 6PU in most notices; Turning Point's is written "EC3 N2LU",
    # which is not a postcode shape, so that notice has none until the register supplies it.
    register = pd.DataFrame(
        {
            "supplier_name": ["Addaction", "Turning Point (Services) Limited"],
            "supplier_id": pd.array([pd.NA, pd.NA], dtype="string"),
            "postcode_raw": ["EC3N 2LU", "EC3N 2LU"],
        }
    )
    out, report = join_register(cf, register)
    had = cf["postcode_raw"].notna()
    # Every postcode the file already had is untouched, whatever the register says.
    assert (out.loc[had, "postcode_raw"] == cf.loc[had, "postcode_raw"]).all()
    assert set(out.loc[had, "postcode_source"]) == {"file"}
    assert "EC1M6PU" in set(out.loc[out["supplier_name"] == "Addaction", "postcode_raw"])
    filled = out["postcode_source"] == "register_name"
    assert set(out.loc[filled, "postcode_raw"]) == {"EC3N 2LU"}
    assert "Turning Point (Services) Ltd" in set(report.matched["supplier_name"])
    assert (~had & filled).sum() == filled.sum() == report.rows_filled


def test_conflicting_register_entries_first_wins() -> None:
    frame = pd.DataFrame(
        {"supplier_name": ["Acme Ltd", "Acme Ltd"], "supplier_id": pd.array([pd.NA, pd.NA], dtype="string"),
         "postcode_raw": pd.array([pd.NA, pd.NA], dtype="string"), "amount": [10.0, 5.0]}
    )  # fmt: skip
    register = pd.DataFrame(
        {
            "supplier_name": ["ACME LIMITED", "Acme"],
            "supplier_id": [None, None],
            "postcode_raw": ["M32 0TH", "M1 6EU"],
        }
    )
    out, report = join_register(frame, register)
    assert out["postcode_raw"].tolist() == ["M32 0TH", "M32 0TH"]
    assert any("more than one postcode" in n for n in report.notes)
    assert report.matched.to_dict("records") == [
        {"supplier_name": "Acme Ltd", "matched_by": "name", "rows": 2, "amount": 15.0}
    ]
