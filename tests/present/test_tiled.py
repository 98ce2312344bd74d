"""MVT layer specs: URL templates instead of geometry, decile colours from the palette, pickable ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo import levels
from geo.present import deck, palette, tiled
from geo.present.views import ENGLAND_VIEW

ROOT = Path(__file__).resolve().parents[2]


def test_tiled_deck_carries_urls_not_geometry_and_stays_tiny():
    layers = tiled.tiled_layers(True, levels.BOUNDARY_KEYS)
    spec = deck.deck_spec(layers, ENGLAND_VIEW, map_style=deck.NO_BASEMAP)
    doc = json.loads(spec.json)
    assert [lyr["id"] for lyr in doc["layers"]] == [
        "lsoa-imd",
        "lad-outline",
        "lad-line",
        "lep-outline",
        "lep-line",
        "ca-outline",
        "ca-line",
    ]
    assert doc["layers"][0]["data"] == "/app/static/tiles/lsoa11/{z}/{x}/{y}.pbf"
    assert all(lyr["@@type"] == "MVTLayer" for lyr in doc["layers"])
    # Clickable: the areas (invisible fill) and the LSOAs; the lines are drawn only.
    assert [lyr["id"] for lyr in doc["layers"] if lyr["pickable"]] == [
        "lsoa-imd",
        "lad-outline",
        "lep-outline",
        "ca-outline",
    ]
    assert "coordinates" not in spec.json
    assert spec.n_bytes < 5_000


def test_area_pick_layer_has_no_fill_accessor():
    # Streamlit's selection highlight rewrites getFillColor by the picked index, which in an
    # MVTLayer counts within each tile: one click lit an unrelated area in every tile.
    layer = tiled.area_pick_layer("lep")
    assert "getFillColor" not in layer.props and layer.props["opacity"] == 0
    assert layer.props["pickable"] and layer.props["filled"]


def _evaluate(expr: str, d: object) -> list[int]:
    """Evaluate the conditional chain in Python (same semantics as deck.gl's === on numbers)."""
    body = expr.removeprefix("@@=")
    while " ? " in body:
        cond, rest = body.split(" ? ", 1)
        value, body = rest.split(" : ", 1)
        if d == int(cond.rsplit("=== ", 1)[1]) and not isinstance(d, bool):
            return json.loads(value)
    return json.loads(body)


@pytest.mark.parametrize("decile", [None, 0, 1, 5, 10, 11])
def test_decile_expression_matches_palette(decile):
    expr = tiled.decile_colour_expression(alpha=200)
    assert _evaluate(expr, decile) == palette.rgba(palette.decile_colour(decile), 200)


def test_tile_url_and_vintage_name():
    assert tiled.tile_url("lsoa21", "/tiles/") == "/tiles/lsoa21/{z}/{x}/{y}.pbf"
    lyr = tiled.decile_tile_layer("lsoa21", layer_id="lsoa-imd25")
    assert json.loads(lyr.data_json) == "/app/static/tiles/lsoa21/{z}/{x}/{y}.pbf"
    assert lyr.props["loadOptions"]["mvt"]["workerUrl"] == tiled.MVT_WORKER_URL


def test_vendored_mvt_worker_matches_streamlits_loaders_gl():
    """The served worker exists and is the version of loaders.gl inside Streamlit's deck.gl bundle.

    A Streamlit upgrade that moves loaders.gl on fails here, not as blank maps in the browser.
    """
    import re

    import streamlit

    served = ROOT / "static" / tiled.MVT_WORKER_URL.removeprefix("/app/static/")
    assert served.is_file() and served.stat().st_size > 50_000
    bundles = list(
        (Path(streamlit.__file__).parent / "static" / "static" / "js").glob("DeckGlJsonChart*.js")
    )
    assert bundles
    text = bundles[0].read_text(errors="ignore")
    found = re.search(r"name:`Mapbox Vector Tile`.{0,400}?=`(\d+\.\d+\.\d+)`", text, re.S)
    assert found and found.group(1) == tiled.LOADERS_GL_VERSION


def test_tiles_available_reads_the_manifest(tmp_path):
    assert not tiled.tiles_available(["lsoa11"], tmp_path)
    (tmp_path / "tiles.json").write_text(json.dumps({"lsoa11": {"tiles": 5}, "lad": {"tiles": 0}}))
    assert tiled.tiles_available(["lsoa11"], tmp_path)
    assert not tiled.tiles_available(["lsoa11", "lad"], tmp_path)
