"""Deprivation page: LSOA decile map, overlays switched on, zoom to an area from the URL."""

from __future__ import annotations

from tests.pages.conftest import deck_layers, deck_spec


def test_default_view_draws_all_lsoas_and_lep_outline(run_page):
    at = run_page("pages/deprivation.py")
    layers = deck_layers(at)
    assert set(layers) == {"lsoa-imd", "lep-outline"}
    assert len(layers["lsoa-imd"]["data"]["features"]) == 32844
    assert deck_spec(at)["initialViewState"]["zoom"] < 6.5


def test_area_from_url_zooms_and_sends_only_its_lsoas(run_page):
    at = run_page("pages/deprivation.py", level="lad", area="E08000009", layers="lad,ca")
    layers = deck_layers(at)
    assert {"lsoa-imd", "lad-outline", "ca-outline", "focus"} <= set(layers)
    assert "lep-outline" not in layers
    n = len(layers["lsoa-imd"]["data"]["features"])
    assert 100 < n < 200  # Trafford has 138 LSOAs (2011)
    assert deck_spec(at)["initialViewState"]["zoom"] > 9
    assert "Trafford" in at.title[0].value


def test_switching_layers_changes_the_spec(run_page):
    at = run_page("pages/deprivation.py")
    at.multiselect(key="dep.layers").set_value(["ca"]).run()
    assert not at.exception
    assert set(deck_layers(at)) == {"lsoa-imd", "ca-outline"}
