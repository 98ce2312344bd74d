"""The placing-suppliers CLI hook on a real Calderdale month: routes printed, review written, gaps said."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geo.cli.locate import main
from geo.present.columns import codes_from_words, from_labels
from tests.conftest import SHARED_DATA
from tests.spend.companies_fixture import company, write_companies_file

CALDERDALE_APRIL = SHARED_DATA / "spend" / "council_2021-22" / "calderdale" / "2021-04.csv"


def test_cli_places_by_company_number_and_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The real Companies House sample plus ONE ROW WRITTEN BY THIS TEST for Alliance Leisure
    # Services Ltd (Calderdale's company number 02723797; the postcode is a stand-in).
    companies = write_companies_file(
        tmp_path, [company("02723797", "ALLIANCE LEISURE SERVICES LIMITED", "HX1 1UJ")]
    )
    out = tmp_path / "located.csv"
    rc = main([
        str(CALDERDALE_APRIL), "--companies", str(companies), "--out", str(out),
        "--review-out", str(tmp_path / "review.csv"),
    ])  # fmt: skip
    text = capsys.readouterr().out
    assert rc == 0
    assert "company number → Companies House registered office" in text
    assert "top unplaced suppliers:" in text
    assert "not done: No supplier register was given" in text
    table = pd.read_csv(out, dtype="string")
    # The CSV has the download headings ("Supplier", "Located by (route)"): read them back.
    table = codes_from_words(table.rename(columns=from_labels(list(table.columns))))
    alliance = table["supplier_name"] == "Alliance Leisure Services Ltd"
    assert alliance.any()
    assert set(table.loc[alliance, "located_by"]) == {"company_number"}
    assert set(table.loc[alliance, "location_kind"]) == {"registered_office"}
    assert (tmp_path / "review.csv").is_file()


def test_cli_bad_output_is_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(CALDERDALE_APRIL), "--out", str(tmp_path / "x.txt")]) == 2
    assert capsys.readouterr().err.startswith("error: Output")


def test_geo_geocode_places_calderdale_by_register_and_company_number(
    tmp_path: Path, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `python -m geo geocode` on the 12 real Calderdale files with a register of real suppliers and a
    # companies index from the real sample plus rows WRITTEN BY THE TEST (placing_fixture).
    from geo.cli.main import main as geo_main
    from tests.spend.placing_fixture import REGISTER_CSV, build_index, calderdale_files

    index = build_index(tmp_path)
    register = tmp_path / "register.csv"
    register.write_text(REGISTER_CSV)
    out = tmp_path / "calderdale.parquet"
    rc = geo_main([
        "geocode", *map(str, calderdale_files()), "--register", str(register),
        "--companies", str(index), "--out", str(out),
    ])  # fmt: skip
    text = capsys.readouterr().out
    print(text)
    assert rc == 0
    lines = {ln[:57].strip(): ln for ln in text.splitlines()}
    assert "378" in lines["supplier register, by name"]
    assert "1,365" in lines["company number → Companies House registered office"]
    assert "local figures use basis=registered_office" in text
    table = pd.read_parquet(out)
    assert (table["located_by"] == "company_number").sum() == 1365
    assert (table.loc[table["located_by"] == "company_number", "status"] == "matched").all()
