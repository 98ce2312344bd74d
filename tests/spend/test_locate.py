"""Locating suppliers route by route on REAL spend files: Calderdale company numbers, a Trafford register join, awards, charities."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from geo.spend.charities import read_charities
from geo.spend.companies import build_company_index, read_companies
from geo.spend.ingest import read_spend
from geo.spend.locate import locate_suppliers
from geo.spend.locate_report import enrichment_gaps, format_routes, route_summary, top_unplaced
from geo.spend.match import decide
from geo.spend.names import company_number
from geo.spend.suppliers import read_register
from tests.conftest import SHARED_DATA
from tests.spend.companies_fixture import company, write_companies_file
from tests.spend.placing_fixture import WRITTEN_BY_NUMBER
from tests.spend.test_suppliers import REGISTER_CSV

SPEND = SHARED_DATA / "spend"
NUMBER = "Supplier Registered Company Number"

# Calderdale 2021/22 suppliers with a company number, WRITTEN BY THE TEST into the company file
# (the real 0.1% sample holds none of them; postcodes are stand-ins): tests/spend/placing_fixture.
CALDERDALE_COMPANIES = WRITTEN_BY_NUMBER
# Trafford 2024-25 suppliers the register does not cover, WRITTEN BY THE TEST into the company
# file under their Companies House style names (ids and postcodes are stand-ins).
TRAFFORD_COMPANIES = [
    company("TEST0001", "KIER CONSTRUCTION LIMITED", "M1 1AA"),
    company("TEST0002", "MARIA MALLABAND 16 LIMITED", "M1 1AB"),
    company("TEST0003", "VOYAGE LIMITED", "M1 1AD"),
    company("TEST0004", "FUTURE DIRECTIONS COMMUNITY INTEREST COMPANY", "M1 1AE"),
]


@pytest.fixture(scope="module")
def calderdale() -> pd.DataFrame:
    files = sorted((SPEND / "council_2021-22" / "calderdale").glob("*.csv"))
    assert len(files) == 12
    return pd.concat([read_spend(f).frame for f in files], ignore_index=True)


@pytest.fixture(scope="module")
def trafford() -> pd.DataFrame:
    return read_spend(SPEND / "trafford-supplier-spend-2024-25.zip").frame


@pytest.fixture(scope="module")
def contracts_finder() -> pd.DataFrame:
    return read_spend(
        SPEND / "contracts_finder_awarded_substance_misuse_2015-2024_notices.csv"
    ).frame


def _index(tmp: Path, rows: list[dict[str, str]]):
    src = write_companies_file(tmp, rows, official_header=True, as_zip=True)
    out = tmp / "companies.parquet"
    build_company_index(src, out)
    return read_companies(out)


def test_calderdale_rows_with_a_company_number_are_placed_by_the_index(
    calderdale: pd.DataFrame, tmp_path: Path
) -> None:
    # Real sample + the six test-written Calderdale companies (see CALDERDALE_COMPANIES).
    companies = _index(tmp_path, CALDERDALE_COMPANIES)
    located = locate_suppliers(calderdale, companies=companies, fuzzy=False)
    f = located.frame
    numbers = company_number(calderdale[NUMBER])
    ours = numbers.isin([c["CompanyNumber"] for c in CALDERDALE_COMPANIES]).to_numpy()
    # Every row carrying one of those numbers — including Calderdale's unpadded spellings and
    # the second name "Andrew Greenwood Electrical Serv" — is placed by the number.
    assert ours.sum() == 76 + 92 + 17 + 131 + 153 + 896
    assert (f.loc[ours, "located_by"] == "company_number").all()
    assert (f.loc[ours, "location_kind"] == "registered_office").all()
    assert (f.loc[ours, "located_ref"] == numbers[ours]).all()
    want = numbers[ours].map(
        {c["CompanyNumber"]: c["RegAddress.PostCode"] for c in CALDERDALE_COMPANIES}
    )
    assert (f.loc[ours, "postcode_raw"] == want).all()
    # Other numbers are not in this index: they stay unplaced (no name in the sample either).
    assert f.loc[~ours, "located_by"].isna().all()
    summary = route_summary(f).set_index("route")
    assert summary.loc["company_number", "amount"] == pytest.approx(
        calderdale.loc[ours, "amount"].sum()
    )
    assert summary.loc["total", "amount"] == pytest.approx(176_306_444.66)  # Calderdale 2021/22
    print("\nCalderdale 2021/22, £ placed by each route:\n" + format_routes(route_summary(f)))
    # 30 rows carry something that is not a company number; it is reported, never echoed.
    note = next(n for n in located.notes if "not a Companies House number" in n)
    assert note.startswith("30 row(s)") and "JN" not in note


def test_register_join_on_real_trafford_with_routes_printed(
    trafford: pd.DataFrame, contracts_finder: pd.DataFrame, tmp_path: Path
) -> None:
    register = read_register(REGISTER_CSV.encode(), filename="register.csv")
    companies = _index(tmp_path, TRAFFORD_COMPANIES)
    located = locate_suppliers(
        trafford, register=register, companies=companies, awards=[contracts_finder]
    )
    f = located.frame
    summary = route_summary(f).set_index("route")
    print("\nTrafford 2024-25, £ placed by each route:\n" + format_routes(route_summary(f)))
    by = f.groupby("supplier_name")["located_by"].first()
    assert by["Manchester University NHS FT"] == "register_id"  # the register's id 141896
    assert by["Amey LG Ltd"] == "register_name"
    assert by["Greater Manchester Combined Authori"] == "register_name_prefix"  # cut at 35
    assert by["Kier Construction Ltd"] == "name_companies"
    assert by["Future Directions CIC"] == "name_companies"
    assert by["Creative Support Ltd"] == "award_name"  # its Contracts Finder supplier address
    assert by["University of Manchester"] == "award_name"
    assert summary.loc["register_id", "rows"] == 146
    assert summary.loc["award_name", "amount"] > 3_702_439  # Creative Support alone
    # Rows placed by the register say so; a Companies House postcode says it is a registered office.
    kinds = f.groupby("located_by")["location_kind"].unique()
    assert list(kinds["register_name"]) == ["register"]
    assert list(kinds["name_companies"]) == ["registered_office"]
    assert list(kinds["award_name"]) == ["award_address"]
    # Redacted rows are the biggest unplaced "supplier"; nothing was invented for them.
    assert top_unplaced(f, 3).iloc[0]["supplier_name"] == "Redacted"
    assert summary.loc["total", "amount"] == pytest.approx(565_219_573.74)


def test_branch_basis_uses_the_register_branch_postcode(trafford: pd.DataFrame) -> None:
    register = read_register(
        b"Supplier,Postcode,Branch Postcode\n"
        b"Amey LG Ltd,EC4A 1AB,M41 7FN\nThe Together Trust,SK8 1JE,\n",
        filename="register.csv",
    )
    office = locate_suppliers(trafford, register=register, fuzzy=False).frame
    branch = locate_suppliers(trafford, register=register, basis="branch", fuzzy=False).frame
    amey = trafford["supplier_name"] == "Amey LG Ltd"
    assert set(office.loc[amey, "postcode_raw"]) == {"EC4A 1AB"}
    assert set(office.loc[amey, "location_kind"]) == {"register"}
    assert set(branch.loc[amey, "postcode_raw"]) == {"M41 7FN"}
    assert set(branch.loc[amey, "location_kind"]) == {"branch"}
    together = trafford["supplier_name"] == "The Together Trust"
    assert set(branch.loc[together, "location_kind"]) == {"register"}  # no branch given


def test_fuzzy_candidates_wait_for_review_then_place(
    trafford: pd.DataFrame, tmp_path: Path
) -> None:
    # A test-written company whose name is a misspelling away from Trafford's "Away Day Care Ltd".
    companies = _index(tmp_path, [company("TEST0009", "AWAY DAY CARES LIMITED", "M33 7ZZ")])
    first = locate_suppliers(trafford, companies=companies)
    away = trafford["supplier_name"] == "Away Day Care Ltd"
    assert first.frame.loc[away, "located_by"].isna().all()  # never placed silently
    row = first.review.set_index("supplier_key").loc["away day care"]
    assert row["ref_name"] == "AWAY DAY CARES LIMITED" and row["score"] >= 90
    assert row["amount"] == pytest.approx(2_764_239.35) and row["decision"] == "pending"
    accepted = decide(first.review, accept=["away day care"])
    second = locate_suppliers(trafford, companies=companies, review=accepted)
    assert set(second.frame.loc[away, "located_by"]) == {"fuzzy_accepted"}
    assert set(second.frame.loc[away, "postcode_raw"]) == {"M33 7ZZ"}
    rejected = decide(first.review, reject=["away day care"])
    third = locate_suppliers(trafford, companies=companies, review=rejected)
    assert third.frame.loc[away, "located_by"].isna().all()


# A small Charity Commission extract BUILT HERE IN CODE from the documented columns of
# publicextract.charity.txt (tab-separated). Names are real Trafford suppliers; the numbers,
# postcodes, phone and e-mail are written by the test.
CHARITY_COLUMNS = [
    "date_of_extract", "organisation_number", "registered_charity_number",
    "linked_charity_number", "charity_name", "charity_type", "charity_registration_status",
    "date_of_registration", "date_of_removal", "charity_reporting_status",
    "charity_contact_address1", "charity_contact_postcode", "charity_contact_phone",
    "charity_contact_email", "charity_company_registration_number",
]  # fmt: skip
CHARITY_ROWS = [
    ["2026-11-30", "1", "1000001", "0", "MAKING SPACE", "Charitable company", "Registered", "1982-05-01", "", "Submission Received", "1 Test Street", "WA1 1AA", "01234 567890", "test@example.org", "01234567"],
    ["2026-11-30", "2", "1000001", "1", "MAKING SPACE LINKED FUND", "", "Registered", "1990-01-01", "", "", "", "WA1 1AB", "", "", ""],
    ["2026-11-30", "3", "1000002", "0", "BARNARDO'S", "Charitable company", "Registered", "1963-01-01", "", "Submission Received", "", "IG6 1QG", "", "", ""],
]  # fmt: skip


def _charity_zip(tmp: Path) -> Path:
    text = "\n".join("\t".join(r) for r in [CHARITY_COLUMNS, *CHARITY_ROWS]) + "\n"
    path = tmp / "publicextract.charity.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("publicextract.charity.txt", text.encode("utf-8-sig"))
    return path


def test_charity_extract_built_in_code_is_read_without_contact_details(tmp_path: Path) -> None:
    charities = read_charities(_charity_zip(tmp_path))
    assert charities["charity_number"].tolist() == ["1000001", "1000002"]  # linked fund dropped
    assert charities["name_key"].tolist() == ["making space", "barnardos"]
    assert not {"charity_contact_phone", "charity_contact_email", "address"} & set(charities)
    assert charities.loc[0, "company_number"] == "01234567"


def test_charities_place_by_number_then_name(trafford: pd.DataFrame, tmp_path: Path) -> None:
    charities = read_charities(_charity_zip(tmp_path))
    frame = trafford.copy()
    # Trafford has no charity number column: the test adds one to Barnardos rows only.
    frame["Supplier Registered Charity Number"] = pd.Series(
        pd.NA, index=frame.index, dtype="string"
    )
    frame.loc[frame["supplier_name"] == "Barnardos", "Supplier Registered Charity Number"] = (
        "1000002"
    )
    f = locate_suppliers(frame, charities=charities, fuzzy=False).frame
    by = f.groupby("supplier_name")["located_by"].first()
    assert by["Barnardos"] == "charity_number"
    assert by["Making Space"] == "name_charities"
    assert set(f.loc[f["supplier_name"] == "Making Space", "location_kind"]) == {"charity_contact"}


def test_enrichment_gaps_without_reference_files(
    trafford: pd.DataFrame, calderdale: pd.DataFrame
) -> None:
    gaps = enrichment_gaps(trafford, register=False, companies=False, charities=False)
    assert len(gaps) == 4 and all(g.endswith(".") for g in gaps)
    assert "supplier register" in gaps[0] and "python -m geo fetch companies" in gaps[1]
    cal = enrichment_gaps(calderdale, register=True, companies=False, charities=True, awards=True)
    assert cal == [next(g for g in cal if g.startswith("This file has company numbers"))]
    # Said in the app: no server path, no command-line flag an officer cannot pass.
    path = Path("/srv/spendgeo/data/store/companies.parquet")
    for gap in enrichment_gaps(trafford, register=False, companies=False, charities=False, companies_path=path, app=True):  # fmt: skip
        assert str(path) not in gap and "--companies" not in gap and "--charities" not in gap
        assert gap.endswith(".")
    assert str(path) in enrichment_gaps(trafford, register=False, companies=False, charities=False, companies_path=path)[1]  # fmt: skip
    # Without any reference file, locating still works: nothing placed, nothing invented.
    f = locate_suppliers(trafford).frame
    assert f["located_by"].isna().all() and len(f) == len(trafford)


def test_bad_basis_is_one_sentence(trafford: pd.DataFrame) -> None:
    from geo.errors import SpendGeoError

    with pytest.raises(SpendGeoError, match="basis must be one of"):
        locate_suppliers(trafford.head(), basis="nearest")


def test_read_register_keeps_the_branch_column() -> None:
    reg = read_register(
        io.BytesIO(b"Name,Postcode,Delivery Postcode\nA Ltd,M1 1AA,WA1 1AA\n"), filename="r.csv"
    )
    assert reg.loc[0, "branch_postcode_raw"] == "WA1 1AA"


@pytest.mark.parametrize("basis", ["registered_office", "branch"])
@pytest.mark.parametrize("file", ["calderdale", "trafford"])
def test_a_register_matching_no_supplier_places_nothing_and_says_so(
    request: pytest.FixtureRequest, file: str, basis: str
) -> None:
    # Raised KeyError before: with no register line matched, no joined postcode held the
    # postcode/kind separator, so the split gave one column.
    frame = request.getfixturevalue(file).head(500)
    register = read_register(
        io.BytesIO(b"Supplier,Postcode\nNo Such Supplier Anywhere Ltd,M1 1AD\n"), filename="r.csv"
    )
    located = locate_suppliers(frame, register=register, basis=basis, fuzzy=False)
    by = located.frame["located_by"]
    assert not by.isin(["register_id", "register_name", "register_name_prefix"]).any()
    assert any("matched none of the suppliers" in n for n in located.notes)
