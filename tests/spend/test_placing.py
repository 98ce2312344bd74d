"""The pipeline's placing step on REAL Calderdale 2021/22: register join, company numbers, fuzzy review, basis, relocate."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.spend import pipeline
from geo.spend.companies import read_companies
from geo.spend.locate_report import basis_sentence, format_routes, route_summary
from geo.spend.match import decide
from tests.spend.placing_fixture import (
    FUZZY_KEYS,
    REGISTER_CSV,
    WRITTEN_BY_NUMBER,
    build_index,
    calderdale_files,
)

NUMBER = "Supplier Registered Company Number"


@pytest.fixture(scope="module")
def lookup(store_path):
    from geo.spend.geocode import PostcodeLookup
    from geo.store import read as store

    return PostcodeLookup.from_index(store.read_postcodes())


@pytest.fixture(scope="module")
def companies(tmp_path_factory):
    # The REAL 0.1% Companies House sample plus rows WRITTEN BY THE TEST (placing_fixture).
    return read_companies(build_index(tmp_path_factory.mktemp("ch")))


@pytest.fixture(scope="module")
def placed(lookup, companies):
    files = [(f.read_bytes(), f.name) for f in calderdale_files()]
    return pipeline.build_dataset(
        files, lookup, register=(REGISTER_CSV.encode(), "register.csv"), companies=companies
    )


def _by(ds: pipeline.SpendDataset) -> pd.Series:
    return ds.geocoded["located_by"].astype("string").fillna("unplaced")


def test_real_register_join_and_company_numbers_place_calderdale(placed) -> None:
    routes = route_summary(placed.geocoded)
    print("\nCalderdale 2021/22, register + companies index (real sample + test-written rows):")
    print(format_routes(routes))
    by = _by(placed)
    g = placed.geocoded
    names = g["supplier_name"].astype("string")
    # Register rows: every row of the six register suppliers is placed by name, at the register's postcode.
    for name, pc in [("Calder High School", "HX7 5QN"), ("Leeds City Council", "LS1 1UR")]:
        rows = names == name
        assert rows.sum() > 0
        assert (by[rows] == "register_name").all()
        assert (g.loc[rows, "postcode"] == pc).all()
        assert (g.loc[rows, "status"] == "matched").all()
    # Company numbers: every row whose number is one the test wrote is placed via the index.
    written = {c["CompanyNumber"] for c in WRITTEN_BY_NUMBER}
    numbers = g[NUMBER].astype("string").str.strip().str.zfill(8)
    hit = numbers.isin(written) & ~by.str.startswith("register")
    assert hit.sum() >= 400
    assert (by[hit] == "company_number").all()
    assert (g.loc[hit, "location_kind"] == "registered_office").all()
    assert (g.loc[hit, "located_ref"].isin(written)).all()
    # The exact name the test wrote places Creative Support's rows; fuzzy candidates wait.
    assert (by[names == "Creative Support Ltd"] == "name_companies").all()
    assert "fuzzy_accepted" not in set(by)
    assert set(FUZZY_KEYS) <= set(placed.review["supplier_key"])
    assert (placed.review["decision"] == "pending").all()
    # The £ table adds up to the file.
    total = routes.set_index("route").loc["total", "amount"]
    assert total == pytest.approx(pd.to_numeric(g["amount"]).sum())
    assert placed.located_with.keys() == {"register", "companies"}


def test_accepted_fuzzy_matches_place_rows_and_count_separately(placed, lookup, companies) -> None:
    review = decide(placed.review, accept=list(FUZZY_KEYS))
    again = pipeline.relocate(placed, lookup, companies=companies, review=review)
    by = _by(again)
    fuzzy = by == "fuzzy_accepted"
    names = set(again.geocoded.loc[fuzzy, "supplier_name"])
    assert names == {
        "Community Support Services",
        "Locala Community Partnerships CIC",
        "Mediline Home Care Ltd",
    }
    routes = route_summary(again.geocoded).set_index("route")
    assert routes.loc["fuzzy_accepted", "amount"] == pytest.approx(
        again.geocoded.loc[fuzzy, "amount"].sum()
    )
    assert routes.loc["fuzzy_accepted", "amount"] > 8_000_000  # 3.09m + 4.34m + 1.06m
    # The register and basis are kept by relocate.
    assert (by == "register_name").sum() == (_by(placed) == "register_name").sum()
    assert again.location_basis == "registered_office"
    # Rejected stays unplaced.
    rejected = pipeline.relocate(
        placed, lookup, companies=companies, review=decide(placed.review, reject=list(FUZZY_KEYS))
    )
    assert "fuzzy_accepted" not in set(_by(rejected))


def test_branch_basis_uses_the_register_branch_postcode(placed, lookup, companies) -> None:
    branch = pipeline.relocate(placed, lookup, companies=companies, basis="branch")
    g = branch.geocoded
    trust = g["supplier_name"] == "Calderdale & Huddersfield NHS Foundation Trust"
    assert trust.sum() > 0
    assert (g.loc[trust, "postcode"] == "HX3 0PW").all()
    assert (g.loc[trust, "location_kind"] == "branch").all()
    # Without a branch postcode the register's own postcode stays.
    school = g["supplier_name"] == "Calder High School"
    assert (g.loc[school, "location_kind"] == "register").all()
    assert branch.location_basis == "branch"
    assert "local branch" in basis_sentence(branch.location_basis, g)
    assert "registered office" in basis_sentence(placed.location_basis, placed.geocoded)


def test_public_dataset_keeps_the_route_but_not_the_reference(lookup, companies) -> None:
    files = [(f.read_bytes(), f.name) for f in calderdale_files()[:1]]
    ds = pipeline.build_dataset(files, lookup, companies=companies, public=True)
    assert "located_by" in ds.geocoded.columns
    assert "located_ref" not in ds.geocoded.columns


def test_relocate_needs_the_table_as_read(placed, lookup) -> None:
    from dataclasses import replace

    from geo.errors import SpendGeoError

    with pytest.raises(SpendGeoError, match="load it again"):
        pipeline.relocate(replace(placed, read_frame=None), lookup)


def test_exports_label_the_route_columns(placed) -> None:
    from geo.present import exports

    head = exports.to_csv(placed.geocoded.head(5)).decode("utf-8-sig").splitlines()[0]
    assert "Located by (route)" in head and "Kind of place located" in head


@pytest.mark.parametrize(
    ("basis", "kinds", "label", "said"),
    [
        # Trafford walk: award addresses and a register only, and the card said "Registered office".
        ("registered_office", ["award_address", "register", None], "Postcode as given", "as given"),
        ("registered_office", ["file", "file"], "Postcode as given", "no row is placed at a"),
        ("registered_office", ["registered_office", "file"], "Registered office", "1 row(s)"),
        ("branch", ["branch", "registered_office"], "Local branch", "1 row(s) use a branch"),
        # The branch basis chosen, but no register gave a branch: the offices are what it shows.
        ("branch", ["registered_office"], "Registered office", "0 row(s) use a branch"),
        ("branch", ["file"], "Postcode as given", "0 row(s) use a branch"),
    ],
)
def test_basis_card_and_sentence_say_what_the_rows_are(basis, kinds, label, said) -> None:
    from geo.spend.locate_report import basis_label

    rows = pd.DataFrame({"location_kind": pd.Series(kinds, dtype="string")})
    assert basis_label(basis, rows) == label
    assert said in basis_sentence(basis, rows)


def test_basis_of_the_real_placing(placed) -> None:
    from geo.spend.locate_report import basis_label

    # Calderdale placed through Companies House: its offices are named as such.
    assert basis_label(placed.location_basis, placed.geocoded) == "Registered office"
