"""The placing-suppliers CLI hook on a real Calderdale month: routes printed, review written, gaps said."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geo.cli.locate import main
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
    alliance = table["supplier_name"] == "Alliance Leisure Services Ltd"
    assert alliance.any()
    assert set(table.loc[alliance, "located_by"]) == {"company_number"}
    assert set(table.loc[alliance, "location_kind"]) == {"registered_office"}
    assert (tmp_path / "review.csv").is_file()


def test_cli_bad_output_is_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(CALDERDALE_APRIL), "--out", str(tmp_path / "x.txt")]) == 2
    assert capsys.readouterr().err.startswith("error: Output")
