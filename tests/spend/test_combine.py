"""Several monthly files (or a ZIP of them) read as one dataset, with rows per file; a different layout is one sentence."""

from __future__ import annotations

import io
import zipfile

import pytest

from geo.errors import SpendGeoError
from geo.spend.combine import read_spend_files
from tests.spend.realdata import real_sets

# Rows and £ per council for FY 2021/22, from SOURCES.md (Open Innovations' cleaned files).
PUBLISHED = {"manchester": (39_188, 837.5e6), "calderdale": (24_372, None)}


@pytest.mark.parametrize("council", ["manchester", "calderdale"])
def test_twelve_monthly_files_as_one(council):
    files = real_sets()[council]
    assert len(files) == 12
    table = read_spend_files(files)
    rows, total = PUBLISHED[council]
    assert len(table.frame) == rows
    if total:
        assert table.frame["amount"].sum() == pytest.approx(total, rel=1e-3)
    assert table.files["rows"].sum() == rows and len(table.files) == 12
    counts = table.frame["source_file"].value_counts()
    assert dict(zip(table.files["file"], table.files["rows"], strict=True)) == counts.to_dict()
    assert f"Read 12 files as one dataset of {rows:,} rows" in table.notes[0]


def test_zip_of_monthly_files_is_one_dataset():
    files = real_sets()["calderdale"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            zf.write(f, f"calderdale/{f.name}")
    table = read_spend_files([(buf.getvalue(), "calderdale-2021-22.zip")])
    assert len(table.frame) == 24_372
    assert len(table.files) == 12
    assert table.files["file"].iloc[0] == "calderdale-2021-22.zip › calderdale/2021-04.csv"


def test_defra_months_with_quirky_headers():
    """DEFRA's months differ (December adds Comments); they provide the same fields, so read as one."""
    files = real_sets()["defra"]
    table = read_spend_files(files)
    assert len(table.frame) == 7_113
    assert any("Comments" in n for n in table.notes)


def test_different_layout_names_the_file():
    a = (b"Supplier,Amount,Postcode\nAcme Ltd,10,M1 1AD\n", "a.csv")
    b = (b"Supplier,Amount\nBeta Ltd,20\n", "b.csv")
    with pytest.raises(
        SpendGeoError,
        match=r"^b.csv has a different layout from a.csv \(it has no postcode column\)",
    ):
        read_spend_files([a, b])


def test_zip_total_unpacked_cap():
    buf = io.BytesIO()
    body = b"Supplier,Amount\n" + b"Acme Ltd,1\n" * 200_000
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.csv", body)
        zf.writestr("b.csv", body)
    with pytest.raises(SpendGeoError, match="the limit is 3 MB in total"):
        read_spend_files([(buf.getvalue(), "two.zip")], max_bytes=3_000_000)


@pytest.mark.parametrize(
    ("council", "vcse_yes", "stated"),
    [
        # SOURCES.md: Calderdale's 'Voluntary Community and Social Enterprise Supplier' is 7.3%
        # filled ('Y' on 1,789 rows, empty on the rest): a mark column, so every row is stated.
        ("calderdale", 1_789, 24_372),
        ("manchester", 0, 0),  # no VCSE column: nothing stated, the share is n/a, not 0
    ],
)
def test_a_vcse_mark_column_reads_blanks_as_no_and_says_so_once(council, vcse_yes, stated):
    table = read_spend_files(real_sets()[council])
    vcse = table.frame["is_vcse"]
    assert int(vcse.eq(True).sum()) == vcse_yes and int(vcse.notna().sum()) == stated
    said = [n for n in table.notes if "a blank is read as not VCSE" in n]
    assert len(said) == (1 if stated else 0)  # one note for twelve monthly files
