"""Spend map page: default dataset drawn, filters change the cards, layers and URL state round-trip."""

from __future__ import annotations

from tests.pages.conftest import deck_layers, metric
from ui.views import SpendMapView


def test_spend_map_runs_with_default_dataset(run_page):
    at = run_page("pages/spend_map.py")
    layers = deck_layers(at)
    assert "suppliers" in layers and "lep-outline" in layers
    assert "lsoa-imd" not in layers  # LSOAs only when switched on
    assert metric(at, "Total spend").startswith("£")


def test_changing_a_filter_changes_the_summary_cards(run_page):
    at = run_page("pages/spend_map.py")
    before = metric(at, "Total spend")
    buyers = at.multiselect(key=SpendMapView.key("filters", "buyers")).options
    at.multiselect(key=SpendMapView.key("filters", "buyers")).set_value([buyers[0]]).run()
    assert not at.exception
    after = metric(at, "Total spend")
    assert after != before
    assert at.query_params.get("buyer")  # the filter is in the URL


def test_layers_switched_on_are_in_the_deck(run_page):
    at = run_page("pages/spend_map.py", layers="lad,ca", imd="1")
    layers = deck_layers(at)
    assert {"lad-outline", "ca-outline", "lsoa-imd", "suppliers"} <= set(layers)
    assert "lep-outline" not in layers
    at.toggle(key=SpendMapView.key("imd")).set_value(False).run()
    assert "lsoa-imd" not in deck_layers(at)


def test_locality_from_url_sets_local_share(run_page):
    at = run_page("pages/spend_map.py", local="ca:E47000001")
    assert at.radio(key=SpendMapView.key("local_kind")).value == "ca"
    assert at.selectbox(key=SpendMapView.key("locality", "ca")).value == "E47000001"
    assert "%" in metric(at, "Local share") or "n/a" in metric(at, "Local share")


def test_filter_matching_nothing_shows_message_not_traceback(run_page):
    at = run_page("pages/spend_map.py", q="zzzz-no-such-supplier-zzzz")
    assert any("No spend matches" in str(i.value) for i in at.info)
    assert "suppliers" not in deck_layers(at)


def test_amount_slider_changes_cards_and_url(run_page):
    # Issue 10 item 3: the select_slider was seeded through session state without a pair `value`,
    # so it was a one-thumb slider and moving it changed neither the cards nor the URL.
    at = run_page("pages/spend_map.py")
    before = metric(at, "Transactions")
    slider = at.select_slider(key=SpendMapView.key("filters", "amount"))
    assert slider.value == ("no minimum", "no maximum")
    slider.set_value(("£25,000", "no maximum")).run()
    assert not at.exception
    assert at.query_params.get("min") == "25000.0"
    assert metric(at, "Transactions") != before


def test_link_with_an_odd_amount_keeps_it_on_the_slider(run_page):
    at = run_page("pages/spend_map.py", min="1234")
    assert at.select_slider(key=SpendMapView.key("filters", "amount")).value == (
        "£1,234",
        "no maximum",
    )
    at.run()
    assert at.query_params.get("min") == "1234.0"  # a rerun does not drop the link's bound


def test_file_without_postcodes_shows_na_and_how_to_place_suppliers(run_page, no_postcode_dataset):
    at = run_page("pages/spend_map.py", _dataset=no_postcode_dataset)
    for label in ("Deprived areas (decile 1)", "Deprived areas (deciles 1–2)", "Located (by £)"):
        assert metric(at, label) == "n/a — no supplier located"
    text = " ".join(str(w.value) for w in at.warning)
    assert "supplier register" in text and "no supplier postcodes" in text
