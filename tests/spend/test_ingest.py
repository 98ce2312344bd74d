"""Reading real spend files (Trafford LGA zip, Contracts Finder export) and the formats councils save them in."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from geo.spend.ingest import NORMALISED, SpendTable, read_spend

TRAFFORD_ZIP = "spend/trafford-supplier-spend-2024-25.zip"
CF_CSV = "spend/contracts_finder_awarded_substance_misuse_2015-2024_notices.csv"
CF_SUPPLIER = "Supplier [Name|Address|Ref type|Ref Number|Is SME|Is VCSE]"


@pytest.fixture(scope="module")
def trafford(raw_path: Path) -> SpendTable:
    return read_spend(raw_path / TRAFFORD_ZIP)


@pytest.fixture(scope="module")
def contracts_finder(raw_path: Path) -> SpendTable:
    return read_spend(raw_path / CF_CSV)


@pytest.fixture(scope="module")
def trafford_sample(raw_path: Path) -> list[list[str]]:
    """Header + the first 400 real Trafford rows, as cells, to re-save in other formats."""
    with zipfile.ZipFile(raw_path / TRAFFORD_ZIP) as zf, zf.open(zf.namelist()[0]) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8")
        rows = [row for _, row in zip(range(401), csv.reader(text), strict=False)]
    return rows


# ----------------------------------------------------------------------------------- real files


def test_trafford_loads_every_row(trafford: SpendTable) -> None:
    f = trafford.frame
    assert len(f) == 210_068
    assert round(f["amount"].sum(), 2) == 565_219_573.74
    assert f["supplier_name"].nunique() == 2_328
    assert f["date"].min() == pd.Timestamp("2024-04-02")
    assert f["date"].max() == pd.Timestamp("2025-03-31")
    assert f["date"].notna().all()
    assert (f["amount"] >= 500).sum() == 79_296  # SOURCES.md: rows at or above £500


def test_trafford_schema(trafford: SpendTable) -> None:
    f = trafford.frame
    assert list(f.columns[: len(NORMALISED)]) == list(NORMALISED)
    assert trafford.mapping == {
        "buyer": "OrganisationLabel",
        "department": "OrganisationalUnit",
        "supplier_name": "BeneficiaryName",
        "supplier_id": "BeneficiaryOtherID",
        "amount": "Amount",
        "date": "PaymentDate",
    }
    # Every original column survives under its own name, as text.
    for col in (
        "OrganisationLabel",
        "BeneficiaryName",
        "Amount",
        "VATRegistrationNumber",
        "ProclassLabel",
        "Purpose",
    ):
        assert col in f.columns
    assert f["Amount"].iloc[0] == "3082.50"
    assert f["amount"].dtype == "float64"
    assert f["date"].dtype == "datetime64[ns]"
    assert str(f["is_sme"].dtype) == "boolean" and f["is_sme"].isna().all()
    assert f["is_credit"].dtype == bool
    assert f["is_credit"].sum() == (f["amount"] < 0).sum() > 0
    assert f["row_number"].tolist()[:3] == [1, 2, 3] and f["row_number"].iloc[-1] == 210_068
    assert (f["amount_shared_by"] == 1).all()


def test_trafford_says_it_has_no_supplier_postcodes(trafford: SpendTable) -> None:
    assert trafford.frame["postcode_raw"].isna().all()
    assert any("no supplier postcode or address column" in n for n in trafford.notes)
    assert any("redacted" in n for n in trafford.notes)
    assert trafford.source_name.endswith("trafford-supplier-spend-2024-25.csv")


def test_contracts_finder_maps_automatically(contracts_finder: SpendTable) -> None:
    m = contracts_finder.mapping
    assert m["buyer"] == "Organisation Name"
    assert m["amount"] == "Awarded Value"
    assert m["date"] == "Awarded Date"
    assert m["supplier_name"] == CF_SUPPLIER
    assert "Postcode" not in m.values() and "Contact Postcode" not in m.values()


def test_contracts_finder_explodes_suppliers(contracts_finder: SpendTable, raw_path: Path) -> None:
    f = contracts_finder.frame
    source = pd.read_csv(raw_path / CF_CSV)
    assert f["row_number"].nunique() == len(source) == 561
    assert len(f) > 561
    # The first notice names three suppliers: one row each, a third of the value each.
    first = f[f["row_number"] == 1]
    assert first["supplier_name"].tolist() == [
        "change, grow, live (CGL)",
        "Bridge Substance Misuse Programme Ltd",
        "Richmond Fellowship",
    ]
    assert (first["amount_shared_by"] == 3).all()
    assert first["amount"].sum() == pytest.approx(58_400_000)
    assert first["is_sme"].tolist() == [False, True, True]
    # Splitting never changes the total awarded.
    assert f["amount"].sum() == pytest.approx(source["Awarded Value"].sum())
    assert any("equal share" in n for n in contracts_finder.notes)


def test_contracts_finder_postcodes_come_from_supplier_address(
    contracts_finder: SpendTable,
) -> None:
    f = contracts_finder.frame
    assert f.loc[f["postcode_raw"].notna(), "row_number"].nunique() >= 517
    # Notice 1's supplier CGL is in Brighton (BN1 1YR); its delivery 'Postcode' is elsewhere.
    assert f["postcode_raw"].iloc[0] == "BN11YR"
    delivery = f["Postcode"].astype("string").str.replace(" ", "").str.upper()
    assert (delivery != f["postcode_raw"]).fillna(True).mean() > 0.5
    # The block whose address itself holds '|' keeps its postcode (EC1Y 8ST).
    assert "EC1Y8ST" in set(
        f.loc[f["supplier_name"] == "RED SNAPPER MANAGED SERVICES", "postcode_raw"]
    )
    assert f["date"].notna().all()


# --------------------------------------------------------------------------- formats of one file


def _write_csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def _xlsx(rows: list[list[object]], sheet: str = "Spend", before: list[str] | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    if before:
        ws.title = before[0]
        ws.append(["These notes are not spend"])
        for name in before[1:]:
            wb.create_sheet(name).append(["Nothing here"])
        ws = wb.create_sheet(sheet)
    else:
        ws.title = sheet
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _typed(rows: list[list[str]]) -> list[list[object]]:
    """Cells as Excel would hold them: numbers as numbers, dates as dates."""
    head, body = rows[0], rows[1:]
    amount, date = head.index("Amount"), head.index("PaymentDate")
    out: list[list[object]] = [head]
    for r in body:
        r2: list[object] = list(r)
        r2[amount] = float(r[amount])
        r2[date] = pd.Timestamp(r[date]).to_pydatetime()
        out.append(r2)
    return out


def _zip(name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, data)
    return buf.getvalue()


FORMATS = {
    "utf8": lambda rows: (_write_csv(rows).encode("utf-8"), "s.csv", None, None),
    "utf8-bom": lambda rows: (b"\xef\xbb\xbf" + _write_csv(rows).encode("utf-8"), "s.csv", None, None),
    "cp1252": lambda rows: (_write_csv(rows).encode("cp1252"), "s.csv", None, "Windows-1252"),
    "latin1-lf": lambda rows: (_write_csv(rows).replace("\r\n", "\n").encode("latin-1"), "s.csv", None, "Windows-1252"),
    "utf16-tab": lambda rows: (_write_csv(rows, "\t").encode("utf-16"), "s.txt", None, "tabs"),
    "semicolon": lambda rows: (_write_csv(rows, ";").encode(), "s.csv", None, "semicolons"),
    "tab": lambda rows: (_write_csv(rows, "\t").encode(), "s.tsv", None, "tabs"),
    "pipe": lambda rows: (_write_csv(rows, "|").encode(), "s.csv", None, "vertical bars"),
    "mac-cr": lambda rows: (_write_csv(rows).replace("\r\n", "\r").encode(), "s.csv", None, None),
    "preamble": lambda rows: (
        _write_csv([["Trafford Council"], ["Spend over £500", "2024-25"], [], ["Published 23/04/2025"], *rows]).encode(),
        "s.csv", None, "line(s) above it were skipped",
    ),
    "zip-csv": lambda rows: (_zip("inner.csv", _write_csv(rows).encode()), "s.zip", None, None),
    "xlsx": lambda rows: (_xlsx(_typed(rows)), "s.xlsx", None, None),
    "xlsx-named-sheet": lambda rows: (_xlsx(_typed(rows), "Data", before=["Notes", "Other"]), "s.xlsx", "Data", None),
    "xlsx-later-sheet": lambda rows: (_xlsx(_typed(rows), "Data", before=["Notes"]), "s.xlsx", None, "Read sheet 'Data'"),
    "xlsx-preamble": lambda rows: (_xlsx([["Title"], ["Generated 2025"], [], *_typed(rows)]), "s.xlsx", None, "row 4"),
    "zip-xlsx": lambda rows: (_zip("inner.xlsx", _xlsx(_typed(rows))), "s.zip", None, None),
}  # fmt: skip


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_same_rows_in_every_format(fmt: str, trafford_sample: list[list[str]]) -> None:
    rows = [list(r) for r in trafford_sample]
    rows[1][4] = "Café Société £ Ltd"  # a non-ASCII supplier name survives every encoding
    data, name, sheet, note = FORMATS[fmt](rows)
    table = read_spend(data, filename=name, sheet=sheet)
    f = table.frame
    expected = pd.Series([float(r[8]) for r in rows[1:]])
    assert len(f) == 400
    assert f["amount"].sum() == pytest.approx(expected.sum(), abs=0.005)
    assert f["supplier_name"].iloc[0] == "Café Société £ Ltd"
    assert f["date"].notna().all()
    assert f["row_number"].tolist() == list(range(1, 401))
    assert table.mapping["amount"] == "Amount"
    if note:
        assert any(note in n for n in table.notes), table.notes


def test_path_bytes_and_stream_agree(raw_path: Path) -> None:
    path = raw_path / CF_CSV
    a = read_spend(path)
    b = read_spend(path.read_bytes(), filename=path.name)
    with path.open("rb") as fh:
        c = read_spend(fh)
    assert a.source_name == b.source_name == c.source_name == path.name
    pd.testing.assert_frame_equal(a.frame, b.frame)
    pd.testing.assert_frame_equal(a.frame, c.frame)


# ------------------------------------------------------------------------ home-made layouts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Body Name,Service Area,Vendor Name,Amount (£),Date Paid,Supplier Postcode\n"
            'Trafford Council,Highways,Amey LG Ltd,"£1,234.50",02/04/2024,EC4A 1AB\n'
            "Trafford Council,Highways,Amey LG Ltd,(34.50),03/04/2024,ec4a1ab\n",
            {"amount": [1234.5, -34.5], "postcode_raw": ["EC4A 1AB", "ec4a1ab"], "department": ["Highways"] * 2,
             "date": ["2024-04-02", "2024-04-03"]},
        ),
        (
            "Directorate;Payee;Net Amount;Transaction Date;Supplier Address\n"
            "Adults;Together Trust;1.234,56;02-Apr-2024;Schools Hill, Cheadle SK8 1JE\n"
            "Adults;Together Trust;99,00;2 April 2024;Schools Hill\n",
            {"amount": [1234.56, 99.0], "postcode_raw": ["SK81JE", None], "department": ["Adults"] * 2,
             "date": ["2024-04-02", "2024-04-02"]},
        ),
        (
            "Organisation\tSupplier Name\tValue\tPayment Date\tSME\tVCSE\n"
            "Trafford Council\tMaking Space\t500 CR\t45384\tNo\tYes\n",
            {"amount": [-500.0], "is_sme": [False], "is_vcse": [True], "date": ["2024-04-02"]},
        ),
    ],
)  # fmt: skip
def test_home_made_layouts(text: str, expected: dict[str, list[object]]) -> None:
    f = read_spend(text.encode("utf-8"), filename="council.csv").frame
    for col, values in expected.items():
        got = f[col].tolist()
        if col == "date":
            got = [d.strftime("%Y-%m-%d") for d in f[col]]
        assert [None if pd.isna(v) else v for v in got] == values, col


def test_overrides_choose_columns() -> None:
    text = "Payee,Gross,Net,Paid On\nAcme Ltd,120,100,02/04/2024\n"
    auto = read_spend(text.encode(), filename="o.csv")
    assert (
        auto.frame["amount"].iloc[0] == 100.0
    )  # 'Net' is a known amount header; 'Gross' too, ranked later
    chosen = read_spend(
        text.encode(), filename="o.csv", overrides={"amount": "Gross", "date": "Paid On"}
    )
    assert chosen.mapping["amount"] == "Gross" and chosen.frame["amount"].iloc[0] == 120.0
    assert chosen.frame["date"].iloc[0] == pd.Timestamp("2024-04-02")


def test_original_columns_that_clash_are_prefixed() -> None:
    text = "supplier_name,amount,postcode\nAcme Ltd,£10,M32 0TH\n"
    t = read_spend(text.encode(), filename="clash.csv")
    assert {"src_supplier_name", "src_amount", "src_postcode"} <= set(t.frame.columns)
    assert t.frame["amount"].iloc[0] == 10.0 and t.frame["src_amount"].iloc[0] == "£10"
    assert any("src_" in n for n in t.notes)


def test_embedded_newlines_and_missing_trailing_fields() -> None:
    text = 'Supplier,Amount,Description,Date\n"Acme\nLtd",10,"two\nlines",02/04/2024\nBeta Ltd,20\nGamma Ltd,30,x,03/04/2024\n'
    t = read_spend(text.encode(), filename="ragged.csv")
    assert t.frame["supplier_name"].tolist() == ["Acme\nLtd", "Beta Ltd", "Gamma Ltd"]
    assert t.frame["amount"].tolist() == [10.0, 20.0, 30.0]
    assert t.frame["row_number"].tolist() == [1, 2, 3]
    assert any("fewer fields" in n for n in t.notes)


def test_unreadable_amounts_are_dropped_and_counted() -> None:
    rows = "\n".join(f"Supplier {i},{'TBC' if i in (3, 7) else i}" for i in range(1, 101))
    t = read_spend(("Supplier,Amount\n" + rows).encode(), filename="tbc.csv")
    assert len(t.frame) == 98
    assert 3 not in set(t.frame["row_number"]) and 7 not in set(t.frame["row_number"])
    note = next(n for n in t.notes if "Dropped 2 of 100 rows" in n)
    assert "3 ('TBC')" in note and "Warning" not in note


def test_dates_not_read_are_counted() -> None:
    text = "Supplier,Amount,Date\nA,1,02/04/2024\nB,2,04/13/2024\nC,3,\n"
    t = read_spend(text.encode(), filename="d.csv")
    assert t.frame["date"].isna().tolist() == [False, True, True]
    assert any(
        "1 row(s) have a 'Date' that could not be read" in n and "04/13/2024" in n for n in t.notes
    )
    assert any("1 row(s) have no 'Date'" in n for n in t.notes)
