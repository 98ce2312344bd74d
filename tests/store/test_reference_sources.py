"""Reference registers: fetch from a mirror (the real Companies House sample), checksums recorded and checked, damaged ZIPs refused."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from geo.errors import SpendGeoError
from geo.store.reference_sources import SOURCES, fetch_reference
from tests.conftest import SHARED_DATA

# SOURCES.md: sha256 of the real 0.1% sample in the mirror.
SAMPLE_SHA256 = "86025b0b4d4bd480e92e1c9b567b53bafe2623c3d81eb00fb6371bf845b6e878"


def test_catalogue_entries_name_official_addresses() -> None:
    ch = SOURCES["companies"]
    assert ch.url_template.startswith("https://download.companieshouse.gov.uk/")
    assert "Open Government Licence" in ch.licence
    import datetime as dt

    assert ch.name_for(dt.date(2026, 12, 1)) == "BasicCompanyDataAsOneFile-2026-12-01.zip"
    assert "charitycommission.gov.uk" in SOURCES["charities"].official_page


def test_fetch_companies_from_the_mirror(tmp_path: Path) -> None:
    got = fetch_reference("companies", mirror=SHARED_DATA, dest_root=tmp_path, progress=False)
    assert got.action == "mirrored" and got.sha256 == SAMPLE_SHA256
    assert got.path.name == "BasicCompanyDataAsOneFile-2020-05-01_sample.csv"
    assert (
        (tmp_path / "companies" / (got.path.name + ".sha256")).read_text().startswith(SAMPLE_SHA256)
    )
    again = fetch_reference("companies", mirror=SHARED_DATA, dest_root=tmp_path, progress=False)
    assert again.action == "present"


def test_mirror_sha256sums_mismatch_is_refused(tmp_path: Path) -> None:
    mirror = tmp_path / "mirror" / "companies"
    mirror.mkdir(parents=True)
    shutil.copy(
        SHARED_DATA / "companies" / "BasicCompanyDataAsOneFile-2020-05-01_sample.csv", mirror
    )
    (mirror / "SHA256SUMS").write_text(
        "0" * 64 + "  BasicCompanyDataAsOneFile-2020-05-01_sample.csv\n"
    )
    with pytest.raises(SpendGeoError, match="Checksum mismatch"):
        fetch_reference(
            "companies", mirror=tmp_path / "mirror", dest_root=tmp_path / "raw", progress=False
        )


def test_damaged_zip_is_discarded(tmp_path: Path) -> None:
    mirror = tmp_path / "mirror" / "companies"
    mirror.mkdir(parents=True)
    good = mirror / "BasicCompanyDataAsOneFile-2026-11-01.zip"
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "BasicCompanyDataAsOneFile-2026-11-01.csv", "CompanyName,CompanyNumber\n" * 2000
        )
    data = bytearray(good.read_bytes())
    data[200:260] = b"\x00" * 60  # corrupt the compressed bytes; the CRC check must catch it
    good.write_bytes(bytes(data))
    with pytest.raises(SpendGeoError, match="damaged|not a complete ZIP"):
        fetch_reference(
            "companies", mirror=tmp_path / "mirror", dest_root=tmp_path / "raw", progress=False
        )
    assert not (tmp_path / "raw" / "companies" / good.name).exists()


def test_missing_mirror_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(SpendGeoError, match="No Charity Commission"):
        fetch_reference("charities", mirror=tmp_path, dest_root=tmp_path / "raw", progress=False)


def test_geo_fetch_companies_builds_the_index_through_the_main_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `python -m geo fetch companies --mirror DIR --index` into a temporary data folder (the real
    # sample from the mirror; the lead's store is never touched).
    from geo.cli.main import main
    from geo.spend.companies import read_companies

    monkeypatch.setenv("SPENDGEO_DATA", str(tmp_path))
    (tmp_path / "store").mkdir()
    rc = main(["fetch", "companies", "--mirror", str(SHARED_DATA), "--index", "--quiet"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "mirrored" in out and SAMPLE_SHA256 in out
    assert "4,537 companies" in out
    index = tmp_path / "store" / "companies.parquet"
    assert read_companies(index).num_rows == 4537
    # No reference named: the catalogue fetch, whose unknown key is one sentence.
    assert main(["fetch", "--only", "nosuchkey", "--mirror", str(tmp_path)]) == 2
    assert "Unknown dataset key" in capsys.readouterr().err


def test_prepare_builds_the_company_index_only_when_the_file_is_fetched(tmp_path: Path) -> None:
    from geo.store.reference_sources import prepare_companies_index

    raw, store, said = tmp_path / "raw", tmp_path / "store", []
    store.mkdir()
    assert prepare_companies_index(raw=raw, store=store, log=said.append) is None
    assert "skipping the company index" in said[-1]
    fetch_reference("companies", mirror=SHARED_DATA, dest_root=raw, progress=False)
    out = prepare_companies_index(raw=raw, store=store, log=said.append)
    assert out == store / "companies.parquet" and out.is_file()
    assert "4,537 companies" in said[-1]
    prepare_companies_index(raw=raw, store=store, log=said.append)
    assert "kept" in said[-1]  # newer than the file: not rebuilt
