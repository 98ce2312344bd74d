"""Place suppliers page (AppTest): how-to for a postcode-less file, £ by route, fuzzy review in bulk, basis switch — on REAL Calderdale 2021/22."""

from __future__ import annotations

import pytest

from geo.spend import pipeline
from geo.spend.companies import read_companies
from geo.spend.match import Reference
from tests.spend.placing_fixture import FUZZY_KEYS, REGISTER_CSV, build_index, calderdale_files

PAGE = "pages/suppliers.py"


@pytest.fixture(scope="module")
def index_path(tmp_path_factory):
    # The REAL 0.1% Companies House sample plus rows WRITTEN BY THE TEST (tests/spend/placing_fixture.py).
    return build_index(tmp_path_factory.mktemp("companies"))


@pytest.fixture(scope="module")
def calderdale(store_path, index_path):
    from geo.spend.geocode import PostcodeLookup
    from geo.store import read as store

    lookup = PostcodeLookup.from_index(store.read_postcodes())
    ref = Reference.from_table(
        "companies", read_companies(index_path), "company_number", "company_name"
    )
    files = [(f.read_bytes(), f.name) for f in calderdale_files()]
    return pipeline.build_dataset(
        files,
        lookup,
        register=(REGISTER_CSV.encode(), "register.csv"),
        companies=ref,
        labels={"companies": f"{len(ref):,} companies, index at {index_path}"},
    )


def _click(at, button) -> None:
    """Click and run. AppTest resets Streamlit's pages-directory mode before every run, so each run
    enters the page without app.py and ui.frame.guard() reruns it, which drops a button's click;
    marking the run as entered through the frame (as app.py does) keeps the click."""
    at.session_state["_sg_entered_through_app"] = True
    button.click()
    at.run(timeout=240)
    assert not at.exception, [e.message for e in at.exception]


def _text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += (
        [i.value for i in at.info] + [e.value for e in at.error] + [w.value for w in at.warning]
    )
    # Page text is Markdown-escaped (md_escape): drop the escapes to read it as a person does.
    return "\n".join(str(p) for p in parts).replace("\\", "")


def _routes(at) -> dict[str, tuple[int, float]]:
    """{route phrase: (rows, £)} from the page's route table (the first dataframe)."""
    frame = at.dataframe[0].value
    return {r.route: (int(r.rows), float(r.amount)) for r in frame.itertuples()}


def test_postcode_less_file_is_told_exactly_how_to_place_suppliers(
    run_page, no_postcode_dataset, monkeypatch, tmp_path
) -> None:
    monkeypatch.setenv("SPENDGEO_COMPANIES", str(tmp_path / "no-index-here.parquet"))
    at = run_page(PAGE, no_postcode_dataset)
    text = _text(at)
    assert "How to place more of your suppliers" in [h.value for h in at.subheader]
    assert "supplier register" in text.lower()
    assert "python -m geo fetch companies" in text
    assert "Charity Commission" in text
    assert "Contracts Finder" in text
    routes = _routes(at)
    # Every route is listed, the fuzzy one too (at £0: nothing accepted), and nothing is placed.
    assert routes["fuzzy name match accepted in review"] == (0, 0.0)
    assert routes["not placed"][0] == no_postcode_dataset.rows
    assert at.metric[1].value == f"0 of {no_postcode_dataset.rows:,}"


def test_calderdale_shows_pounds_by_route_and_kind(run_page, calderdale, index_path, monkeypatch):
    monkeypatch.setenv("SPENDGEO_COMPANIES", str(index_path))
    at = run_page(PAGE, calderdale)
    routes = _routes(at)
    g = calderdale.geocoded
    for route, phrase in [
        ("company_number", "company number → Companies House registered office"),
        ("register_name", "supplier register, by name"),
    ]:
        rows = g["located_by"] == route
        assert routes[phrase] == (int(rows.sum()), pytest.approx(g.loc[rows, "amount"].sum()))
        assert routes[phrase][0] > 0
    kinds = at.dataframe[1].value
    assert {
        "The Companies House registered office (not necessarily where work is done)",
        "The supplier's address in the officer's supplier register",
    } <= set(kinds["kind of place"])
    # No gap sentence for what was given (register, companies); the others remain.
    text = _text(at)
    assert "No supplier register was given" not in text
    assert "Charity Commission" in text
    assert "Location basis: registered office" in text


def test_accept_all_at_score_places_fuzzy_rows_and_shows_their_pounds(
    run_page, calderdale, index_path, monkeypatch
) -> None:
    monkeypatch.setenv("SPENDGEO_COMPANIES", str(index_path))
    at = run_page(PAGE, calderdale)
    # The review editor (third table) lists the candidates, largest £ first, none ticked yet.
    review = at.dataframe[2].value
    assert set(FUZZY_KEYS) <= set(review["supplier_key"])
    assert not review["accept"].any()
    assert "Locala Community Partnerships CIC" in set(review["supplier_name"])
    at.number_input(key="suppliers.at").set_value(97.0)
    _click(at, at.button(key="suppliers.accept_at"))
    ds = at.session_state["spend_dataset"]
    fuzzy = ds.geocoded["located_by"] == "fuzzy_accepted"
    assert set(ds.geocoded.loc[fuzzy, "supplier_name"]) == {
        "Community Support Services",
        "Locala Community Partnerships CIC",
        "Mediline Home Care Ltd",
    }
    accepted = set(ds.review.loc[ds.review["decision"] == "accepted", "supplier_key"])
    assert set(FUZZY_KEYS) <= accepted
    rows, amount = _routes(at)["fuzzy name match accepted in review"]
    assert rows == int(fuzzy.sum()) and amount == pytest.approx(
        ds.geocoded.loc[fuzzy, "amount"].sum()
    )
    assert amount > 8_000_000


def test_branch_basis_switch_is_stored_with_the_dataset(
    run_page, calderdale, index_path, monkeypatch
) -> None:
    monkeypatch.setenv("SPENDGEO_COMPANIES", str(index_path))
    at = run_page(PAGE, calderdale)
    at.radio(key="suppliers.basis").set_value("branch")
    _click(at, at.button[0])  # the form's "Place suppliers"
    ds = at.session_state["spend_dataset"]
    assert ds.location_basis == "branch"
    trust = ds.geocoded["supplier_name"] == "Calderdale & Huddersfield NHS Foundation Trust"
    assert (ds.geocoded.loc[trust, "location_kind"] == "branch").all()
    assert "Location basis: local branch" in _text(at)
    assert at.metric[2].value == "Local branch"


def test_public_mode_review_shows_no_name_the_public_table_hides(
    run_page, store_path, index_path, monkeypatch
) -> None:
    from geo.spend.geocode import PostcodeLookup
    from geo.spend.privacy import REDACTED_LABEL
    from geo.store import read as store

    monkeypatch.setenv("SPENDGEO_COMPANIES", str(index_path))
    monkeypatch.setenv("SPENDGEO_PUBLIC", "1")
    ref = Reference.from_table(
        "companies", read_companies(index_path), "company_number", "company_name"
    )
    lookup = PostcodeLookup.from_index(store.read_postcodes())
    files = [(f.read_bytes(), f.name) for f in calderdale_files()]
    ds = pipeline.build_dataset(files, lookup, companies=ref, public=True)
    assert "located_ref" not in ds.geocoded.columns
    at = run_page(PAGE, ds)
    shown = set(ds.geocoded["supplier_name"].dropna().astype(str))
    review = at.dataframe[2].value
    assert len(review) >= 3
    assert set(review["supplier_name"]) <= shown | {REDACTED_LABEL}
    unplaced = at.dataframe[3].value
    assert set(unplaced["supplier_name"]) <= shown | {REDACTED_LABEL}


@pytest.fixture(scope="module")
def defra(store_path):
    from geo.spend.geocode import PostcodeLookup
    from geo.store import read as store
    from tests.spend.realdata import real_sets

    lookup = PostcodeLookup.from_index(store.read_postcodes())
    return pipeline.build_dataset(real_sets()["defra"], lookup)


def test_headline_is_the_located_share_and_postcodes_that_place_nothing_are_listed(
    run_page, defra
) -> None:
    # REAL Defra 2025-26 £25k files: 99.9% of the £ has a postcode in the file, but overseas zip
    # codes and slips put 2.5% of it nowhere. The page once headlined "Spend placed 99.9%" while
    # the Spend map said "Located 97.4%"; now both say the located share.
    from geo.fmt import format_share
    from geo.spend.matchreport import located_share

    at = run_page(PAGE, defra)
    assert at.metric[0].label == "Spend located"
    assert at.metric[0].value == format_share(located_share(defra.geocoded)) == "97.4%"
    assert at.metric[1].value == f"{defra.located_rows:,} of {defra.rows:,}"
    assert "Postcodes that give no location" in [h.value for h in at.subheader]
    assert "99.9% of the £" in _text(at)
    table = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    fera = table.loc[table["supplier_name"] == "Fera Science Ltd"].iloc[0]
    assert fera["postcode"] == "YO41 1LK"
    assert fera["reason"] == "Postcode not found in the NSPL"  # the reader's words, not a code
