"""Companies House index: built from the REAL 0.1% sample (plus test-written rows where said), official ZIP and header quirk."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from geo.errors import SpendGeoError
from geo.spend.companies import (
    INDEX_COLUMNS,
    build_company_index,
    companies_frame,
    read_companies,
)
from tests.spend.companies_fixture import SAMPLE, company, write_companies_file


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ch") / "companies.parquet"
    build_company_index(SAMPLE, out)
    return out


def test_index_from_the_real_sample(sample_index: Path) -> None:
    table = read_companies(sample_index)
    assert table.column_names == list(INDEX_COLUMNS)
    assert table.num_rows == 4537  # every row of the real sample
    f = companies_frame(table).set_index("company_number")
    # The sample's first row, as published: C.S. ENGINEERING (SOUTH EAST) LIMITED, TN38 9LH.
    row = f.loc["10231623"]
    assert row["company_name"] == "C.S. ENGINEERING (SOUTH EAST) LIMITED"
    assert row["name_key"] == "cs engineering south east"
    assert row["postcode"] == "TN38 9LH" and row["sic_codes"] == "25990"
    assert str(row["incorporated"]) == "2016-06-14"
    # SOURCES.md: postcode filled in 98.8% of the sample.
    assert f["postcode"].notna().mean() == pytest.approx(0.988, abs=0.001)
    # R wrote missing values as "NA"; none survive as text.
    assert not (f["postcode"] == "NA").any() and f["dissolved"].isna().all()


def test_no_personal_data_columns(sample_index: Path) -> None:
    names = set(pq.read_schema(sample_index).names)
    assert not {n for n in names if "care" in n.lower() or "address" in n.lower()}
    assert not {n for n in names if "officer" in n.lower() or "psc" in n.lower()}


@pytest.mark.parametrize(
    ("official_header", "as_zip"), [(True, True), (True, False), (False, True)]
)
def test_official_zip_and_header_quirk(tmp_path: Path, official_header: bool, as_zip: bool) -> None:
    # The real sample plus one row WRITTEN BY THIS TEST, in the official " CompanyNumber" layout.
    src = write_companies_file(
        tmp_path,
        [company("99999999", "TEST-WRITTEN COMPANY LIMITED", "HX1 1UJ")],
        official_header=official_header,
        as_zip=as_zip,
    )
    stats = build_company_index(src, tmp_path / "companies.parquet")
    assert stats.rows == 4538
    f = companies_frame(read_companies(src)).set_index("company_number")
    assert f.loc["99999999", "postcode"] == "HX1 1UJ"
    assert f.loc["99999999", "name_key"] == "test written"  # "Company Limited" stripped


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Supplier,Amount\nA,1\n", "not a Companies House BasicCompanyData file"),
        (b"PAR1garbage", "not a company index"),
    ],
)
def test_wrong_files_get_one_sentence(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / ("x.parquet" if content.startswith(b"PAR1") else "x.csv")
    path.write_bytes(content)
    with pytest.raises(SpendGeoError, match=message):
        read_companies(path)


def test_missing_index_says_how_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(SpendGeoError, match="python -m geo fetch companies"):
        read_companies(tmp_path / "companies.parquet")
