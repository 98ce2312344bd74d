"""Growth Deals page: £/head choropleth with grey no-figure LEPs, deprivation map, scatter and table."""

from __future__ import annotations

import json

from tests.pages.conftest import deck_layers


def test_growth_deals_maps_and_missing_figures(run_page):
    at = run_page("pages/growth_deals.py")
    left, right = deck_layers(at, 0), deck_layers(at, 1)
    assert "lep-per-head" in left
    assert len(left["lep-per-head"]["data"]["features"]) == 38
    assert "lad-share-decile1" in right and "lep-outline" in right
    assert len(right["lad-share-decile1"]["data"]["features"]) == 309
    # Missing figures are grey and carry their reason, never £0.
    missing = [
        f for f in left["lep-per-head"]["data"]["features"] if "No figure" in f["properties"]["x"]
    ]
    assert missing and all("£0" not in f["properties"]["x"] for f in missing)
    text = " ".join(str(i.value) for i in at.info)
    assert "two LEPs" in text and "2014–2017" in text


def test_growth_deals_zoom_to_lep(run_page):
    at = run_page("pages/growth_deals.py", lep="E37000001")
    assert "focus" in deck_layers(at, 0)
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert spec["initialViewState"]["zoom"] > 7
