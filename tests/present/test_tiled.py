"""MVT layer specs: URL templates instead of geometry, decile colours from the palette, pickable ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo import levels
from geo.present import deck, palette, tiled
from geo.present.views import ENGLAND_VIEW

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("imd", "lsoa", "outlines"),
    [
        (None, "lsoa21", ["lad24", "lep", "ca25"]),  # default: IMD 2025, LAD 2024, CA May 2025
        ("2025", "lsoa21", ["lad24", "lep", "ca25"]),
        ("2019", "lsoa11", ["lad", "lep", "ca"]),  # IMD 2019: LAD 2021, CA May 2024
    ],
)
def test_tiled_deck_carries_urls_not_geometry_and_stays_tiny(imd, lsoa, outlines):
    layers = tiled.tiled_layers(True, levels.BOUNDARY_KEYS, imd=imd)
    spec = deck.deck_spec(layers, ENGLAND_VIEW, map_style=deck.NO_BASEMAP)
    doc = json.loads(spec.json)
    ids = ["lsoa-imd", "lsoa-edges"]
    ids += [f"{k}-{part}" for k in outlines for part in ("outline", "line")]
    assert [lyr["id"] for lyr in doc["layers"]] == ids
    for lyr in doc["layers"][:2]:
        assert lyr["data"] == f"/app/static/tiles/{lsoa}/{{z}}/{{x}}/{{y}}.pbf"
    assert [lyr["data"].split("/")[4] for lyr in doc["layers"][2::2]] == outlines
    assert tiled.tilesets_for(True, levels.BOUNDARY_KEYS, imd) == [lsoa, *outlines]
    assert all(lyr["@@type"] == "MVTLayer" for lyr in doc["layers"])
    # Clickable: the areas (invisible fill) and the LSOAs; the lines are drawn only.
    assert [lyr["id"] for lyr in doc["layers"] if lyr["pickable"]] == [
        "lsoa-imd",
        *(f"{k}-outline" for k in outlines),
    ]
    assert "coordinates" not in spec.json
    assert spec.n_bytes < 5_000


@pytest.mark.parametrize(
    ("imd", "title", "count"),
    [
        (None, "IMD 2025 decile (LSOA 2021)", "33,755"),
        ("2019", "IMD 2019 decile (LSOA 2011)", "32,844"),
    ],  # fmt: skip
)
def test_legends_name_the_vintage(imd, title, count):
    from geo.present import legend

    dec = legend.decile_legend(imd=imd)
    assert dec.title == title and count in dec.note
    assert title.split(" decile")[0] in legend.point_decile_legend(imd).title
    bounds = [i.label for i in legend.boundary_legend(("lad", "ca"), imd).items]
    want = [levels.for_imd(k, imd).label for k in ("lad", "ca")]
    assert bounds == want and ("2024" in bounds[0]) == (imd != "2019")


def test_lsoa_edges_are_their_own_layer_once_a_district_fills_the_map():
    # LSOA rings stroked on the national view were 2.6M of 3.2M vertices per frame: software WebGL
    # took 7-9 s to redraw the map after a filter change (2.1M of 2.6M zoomed to a CA). The fill never strokes; the edges layer
    # asks for no tile and draws nothing below EDGES_FROM_ZOOM.
    fill, edges = tiled.decile_tile_layers("lsoa21")
    assert fill.props["stroked"] is False and fill.props["filled"] is True
    assert edges.props["visibleMinZoom"] == tiled.EDGES_FROM_ZOOM == 9.5
    assert edges.props["stroked"] is True and edges.props["filled"] is False
    assert not edges.props["pickable"] and "getFillColor" not in edges.props
    assert edges.data_json == fill.data_json  # same URLs: the browser cache serves the edges
    assert tiled.decile_tile_layers("lsoa21", edges=False) == [fill]


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
