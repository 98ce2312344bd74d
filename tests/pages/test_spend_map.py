"""Spend map page: default dataset drawn, filters change the cards, layers and URL state round-trip."""

from __future__ import annotations

from tests.pages.conftest import deck_layers, metric


def test_spend_map_runs_with_default_dataset(run_page):
    at = run_page("pages/spend_map.py")
    layers = deck_layers(at)
    assert "suppliers" in layers and "lep-outline" in layers
    assert "lsoa-imd" not in layers  # LSOAs only when switched on
    assert metric(at, "Total spend").startswith("£")


def test_changing_a_filter_changes_the_summary_cards(run_page):
    at = run_page("pages/spend_map.py")
    before = metric(at, "Total spend")
    buyers = at.multiselect(key="sm_buyers").options
    at.multiselect(key="sm_buyers").set_value([buyers[0]]).run()
    assert not at.exception
    after = metric(at, "Total spend")
    assert after != before
    assert at.query_params.get("buyer")  # the filter is in the URL


def test_layers_switched_on_are_in_the_deck(run_page):
    at = run_page("pages/spend_map.py", layers="lad,ca", imd="1")
    layers = deck_layers(at)
    assert {"lad-outline", "ca-outline", "lsoa-imd", "suppliers"} <= set(layers)
    assert "lep-outline" not in layers
    at.toggle(key="sm_imd").set_value(False).run()
    assert "lsoa-imd" not in deck_layers(at)


def test_locality_from_url_sets_local_share(run_page):
    at = run_page("pages/spend_map.py", local="ca:E47000001")
    assert at.radio(key="sm_local_kind").value == "ca"
    assert at.selectbox(key="sm_local_code").value == "E47000001"
    assert "%" in metric(at, "Local share") or "n/a" in metric(at, "Local share")


def test_filter_matching_nothing_shows_message_not_traceback(run_page):
    at = run_page("pages/spend_map.py", q="zzzz-no-such-supplier-zzzz")
    assert any("No spend matches" in str(i.value) for i in at.info)
    assert "suppliers" not in deck_layers(at)
