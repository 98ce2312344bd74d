"""Downloads: CSV/XLSX/GeoPackage bytes round-trip with human headings and area names, formulas neutralised, nothing written to disk."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd
import pyogrio
import pytest

from geo.errors import SpendGeoError
from geo.present import exports
from geo.spend.suppliers import read_register

FRAME = pd.DataFrame(
    {
        "supplier_name": ['=HYPERLINK("http://x")', "Acme Ltd", "@SUM(1)", " =1+1", "＝1+1"],
        "amount": [-12.5, 1000.0, 3.0, 4.0, 5.0],
        "lat": [53.48, None, 51.5, None, None],
        "lon": [-2.24, None, -0.12, None, None],
        "lad21cd": pd.Categorical(["E08000009", None, "E09000001", None, None]),
        "Supplier": ["+cmd", "Acme", "Plain", "-12.50", "x"],
        "Amount": ["-12.50", "1,000", "3", "4", "5"],  # the file's own column beside `amount`
    }
)
NAMES = {"lad21cd": pd.Series({"E08000009": "Trafford", "E09000001": "City of London"})}


def _csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)


def test_csv_round_trip_and_neutralised():
    back = _csv(exports.to_csv(FRAME, names=NAMES))
    sup = back["Supplier"].tolist()
    assert sup[0].startswith("'=") and sup[2] == "'@SUM(1)"
    assert sup[3] == "' =1+1" and sup[4] == "'＝1+1"  # leading space and full-width equals
    # The file's own "Supplier" beside the engine's says whose it is (it read "Supplier (2)").
    assert back["Supplier (as in the file)"].tolist()[:4] == ["'+cmd", "Acme", "Plain", "-12.50"]
    assert back["Amount (£, net)"].astype(float).tolist() == [-12.5, 1000.0, 3.0, 4.0, 5.0]
    assert back["LAD name (LAD December 2021)"].tolist()[:3] == [
        "Trafford",
        None,
        "City of London",
    ] or back["LAD name (LAD December 2021)"].fillna("").tolist()[:3] == [
        "Trafford",
        "",
        "City of London",
    ]


@pytest.mark.parametrize("writer", ["to_csv", "to_xlsx"])
@pytest.mark.parametrize("cell", [" =1+1", "＝1+1", "\t=1+1", "  @SUM(A1)", "＋cmd"])
def test_formula_variants_neutralised(writer, cell):
    frame = pd.DataFrame({"supplier_name": [cell, "Acme Ltd"], "amount": [1.0, 2.0]})
    data = getattr(exports, writer)(frame)
    back = _csv(data) if writer == "to_csv" else pd.read_excel(io.BytesIO(data), dtype=str)
    assert back.iloc[0, 0] == "'" + cell
    assert back.iloc[1, 0] == "Acme Ltd"


def test_names_beside_codes():
    out = exports.export_table(FRAME, NAMES)
    cols = list(out.columns)
    i = cols.index("LAD code (LAD December 2021)")
    assert cols[i + 1] == "LAD name (LAD December 2021)"


def test_xlsx_round_trip():
    back = pd.read_excel(io.BytesIO(exports.to_xlsx(FRAME, names=NAMES)))
    assert back["Supplier"].iloc[1] == "Acme Ltd"
    assert back["Supplier"].iloc[0].startswith("'=") and back["Supplier"].iloc[3] == "' =1+1"
    assert back["Amount (£, net)"].tolist() == [-12.5, 1000.0, 3.0, 4.0, 5.0]
    wb = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(FRAME)))
    assert wb.active.max_row == len(FRAME) + 1


def test_xlsx_control_characters_are_removed_not_a_traceback():
    frame = pd.DataFrame({"supplier_name": ["Acme\x01 Ltd", "Bell\x07"], "amount": [1.0, 2.0]})
    back = pd.read_excel(io.BytesIO(exports.to_xlsx(frame)))
    assert back["Supplier"].tolist() == ["Acme Ltd", "Bell"]


@pytest.mark.parametrize(
    ("shape", "needle"),
    [((1_048_576, 1), "at most 1,048,575 rows"), ((1, 16_385), "at most 16,384")],
)
def test_xlsx_limits_are_a_sentence(shape, needle):
    rows, cols = shape
    frame = pd.DataFrame({f"c{j}": [1.0] * rows for j in range(cols)})
    with pytest.raises(SpendGeoError, match=needle):
        exports.to_xlsx(frame)


@pytest.mark.parametrize("writer", ["to_xlsx", "to_gpkg", "to_csv"])
def test_nothing_written_to_disk(tmp_path, monkeypatch, writer):
    import tempfile

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    data = getattr(exports, writer)(FRAME)
    assert data
    assert list(tmp_path.iterdir()) == []


def test_gpkg_case_insensitive_clash():
    """A file's own 'Amount' beside the normalised 'amount' crashed every GeoPackage export."""
    data = exports.to_gpkg(FRAME)
    back = pyogrio.read_dataframe(io.BytesIO(data))
    assert len(back) == len(FRAME)
    assert back.crs.to_epsg() == 4326
    assert back.geometry.iloc[0].x == pytest.approx(-2.24)
    assert back.geometry.iloc[1] is None
    assert "Amount (£, net)" in back.columns and "Amount" in back.columns


def test_unique_names_ignore_case():
    assert exports.unique_names(["Amount", "amount", "AMOUNT"]) == [
        "Amount",
        "amount (2)",
        "AMOUNT (3)",
    ]


def test_original_columns():
    assert exports.original_columns(FRAME) == ["Supplier", "Amount"]


def test_xlsx_is_a_valid_package():
    z = zipfile.ZipFile(io.BytesIO(exports.to_xlsx(FRAME)))
    assert {
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
    } <= set(z.namelist())


def test_register_template_reads_back_as_a_register():
    template = exports.register_template()
    reg = read_register(io.BytesIO(template), filename="template.csv")
    assert reg["supplier_name"].tolist() == ["Example Supplies Ltd"]
    unplaced = pd.DataFrame(
        {"supplier_name": ["GMCA", "=cmd"], "supplier_id": [None, None], "amount": [10.0, 5.0]}
    )
    back = _csv(exports.register_template(unplaced))
    assert back["Supplier"].tolist() == ["GMCA", "'=cmd"]
    assert list(back.columns)[:4] == ["Supplier", "Supplier ID", "Postcode", "Address"]


@pytest.mark.slow
def test_area_names_for_every_level(store_path):
    from geo.levels import LEVELS

    names = exports.area_names(store_path)
    for level in LEVELS.values():
        for col in level.columns:
            assert col in names and names[col].notna().all(), col
    assert names["ca24cd"]["E47000001"] == "Greater Manchester"


@pytest.mark.parametrize(
    ("cell", "kept"),
    [
        ("+0.0 pp", True),  # exports walk: a comparison's difference came out as "'+0.0 pp"
        ("-3.2%", True),
        ("+£53,398", True),
        ("-£1.2m", True),
        ("+1 pp=cmd", False),
        ("+cmd", False),
        ("-2+3", False),
        ("@1 pp", False),
    ],
)
def test_numbers_with_their_unit_are_data_not_formulas(cell, kept):
    frame = pd.DataFrame({"supplier_name": [cell], "amount": [1.0]})
    back = _csv(exports.to_csv(frame))
    assert back.iloc[0, 0] == (cell if kept else "'" + cell)


@pytest.mark.parametrize(
    ("column", "code", "words"),
    [
        ("status", "no_postcode", "No postcode (file or register)"),
        ("status", "matched", "Located in England"),
        ("located_by", "award_name", "name → supplier address in a loaded contract award file"),
        ("location_kind", "registered_office",
         "the Companies House registered office (not necessarily where work is done)"),
    ],
)  # fmt: skip
def test_downloads_give_codes_as_words_and_read_back(column, code, words):
    """The located download said 'no_postcode' and 'award_name' where the page says words
    (exports walk); `geo summary` reads such a download back to the engine's codes."""
    from geo.present.columns import codes_from_words, from_labels

    frame = pd.DataFrame(
        {column: pd.Categorical([code, None, "something_new"]), "amount": [1.0, 2.0, 3.0]}
    )
    back = _csv(exports.to_csv(frame))
    got = back.iloc[:, 0].tolist()
    assert got[0] == words and pd.isna(got[1]) and got[2] == "something_new"  # unknown: kept
    restored = codes_from_words(back.rename(columns=from_labels(list(back.columns))))
    assert restored[column].tolist()[0] == code
