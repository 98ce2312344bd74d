"""MVT layer specs: URL templates instead of geometry, decile colours from the palette, pickable ids."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from geo import levels
from geo.present import deck, tiled
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
    # With the deciles on, ONE tile layer draws them, the boundaries (the tiles' bands) and the
    # LSOA edges (the tiles' gaps): a software-WebGL browser pays per layer and per line drawn.
    layers = tiled.tiled_layers(True, levels.BOUNDARY_KEYS, imd=imd)
    spec = deck.deck_spec(layers, ENGLAND_VIEW, map_style=deck.NO_BASEMAP)
    doc = json.loads(spec.json)
    assert [lyr["id"] for lyr in doc["layers"]] == ["lsoa-imd"]
    for lyr in doc["layers"]:
        assert lyr["data"] == [f"/app/static/tiles/{lsoa}/{{z}}/{{x}}/{{y}}.pbf"]
    fill = doc["layers"][0]["getFillColor"]
    assert all(f"properties.lvl === '{k}'" in fill for k in outlines)
    assert tiled.tilesets_for(True, levels.BOUNDARY_KEYS, imd) == [lsoa]
    assert all(lyr["@@type"] == "MVTLayer" for lyr in doc["layers"])
    assert [lyr["id"] for lyr in doc["layers"] if lyr["pickable"]] == ["lsoa-imd"]
    assert "coordinates" not in spec.json
    assert spec.n_bytes < 6_000


@pytest.mark.parametrize(
    ("imd", "outlines"),
    [(None, ["lad24", "lep", "ca25"]), ("2019", ["lad", "lep", "ca"])],
)
def test_without_deciles_each_boundary_is_clickable_areas_under_lines(imd, outlines):
    doc = json.loads(deck.deck_spec(tiled.tiled_layers(False, levels.BOUNDARY_KEYS, imd=imd),
                                    ENGLAND_VIEW).json)  # fmt: skip
    ids = [f"{k}-{part}" for k in outlines for part in ("outline", "line")]
    assert [lyr["id"] for lyr in doc["layers"]] == ids
    assert [lyr["data"].split("/")[4] for lyr in doc["layers"][::2]] == outlines
    assert tiled.tilesets_for(False, levels.BOUNDARY_KEYS, imd) == outlines


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


def test_the_map_never_stretches_the_deepest_tiles_more_than_4x():
    # The LSOA gaps and the bands are baked in pixels at the tiles' deepest zoom (12); at the
    # old limit (zoom 16) they were stretched 16×: ~10 px white gaps between LSOAs.
    from geo.present.tiles import MAX_ZOOM
    from geo.present.views import MAX_VIEW_ZOOM, fit_view

    doc = json.loads(deck.deck_spec(tiled.tiled_layers(True, ("lep",)), ENGLAND_VIEW).json)
    assert doc["initialViewState"]["maxZoom"] == MAX_VIEW_ZOOM <= MAX_ZOOM + 2
    assert fit_view((-2.2430, 53.4800, -2.2420, 53.4805)).zoom == MAX_VIEW_ZOOM  # one street


def test_no_layer_strokes_the_lsoas():
    # The LSOA edges as a stroked layer were 188,000 path segments zoomed to Manchester: each
    # frame of that map (each pan step, the frame after each click) took ~3.7 s on software WebGL
    # against ~0.3 s without. They are now gaps in the tiles (tests/present/test_tiles.py).
    for imd in (None, "2019"):
        for focus in (None, ("lad", "E08000003")):
            layers = tiled.tiled_layers(True, levels.BOUNDARY_KEYS, imd=imd, focus=focus)
            assert len(layers) == 1
            assert layers[0].props["stroked"] is False and layers[0].props["filled"] is True


def test_area_pick_layer_has_no_fill_accessor():
    # Streamlit's selection highlight rewrites getFillColor by the picked index, which in an
    # MVTLayer counts within each tile: one click lit an unrelated area in every tile.
    layer = tiled.area_pick_layer("lep")
    assert "getFillColor" not in layer.props and layer.props["opacity"] == 0
    assert layer.props["pickable"] and layer.props["filled"]


def test_tile_url_and_vintage_name():
    assert tiled.tile_url("lsoa21", "/tiles/") == "/tiles/lsoa21/{z}/{x}/{y}.pbf"
    lyr = tiled.decile_tile_layer("lsoa21", layer_id="lsoa-imd25")
    # A one-item list: Streamlit's selection highlight then leaves the map as drawn.
    assert json.loads(lyr.data_json) == ["/app/static/tiles/lsoa21/{z}/{x}/{y}.pbf"]
    assert lyr.props["loadOptions"]["mvt"]["workerUrl"] == tiled.MVT_WORKER_URL


@pytest.mark.parametrize(
    ("layer", "pool"),
    [
        (tiled.decile_tile_layer("lsoa21", bands=("lep",), focus=("ca", "E47000001")), True),
        (tiled.outline_tile_layer("lep"), False),
        (tiled.area_pick_layer("ca25"), False),
    ],
    ids=["deciles", "outline", "pick"],
)
def test_decile_tiles_parse_a_views_tiles_side_by_side(layer, pool):
    """loaders.gl reads its worker pool size from loadOptions.core (3 by default, 1 on phones).
    The LSOA decile tiles (50-110 kB each) ask for one worker per tile of a zoomed view; the
    boundary tiles (a few kB) keep the default: 16 workers each loading the worker script made
    Growth Deals' 16 small tiles slower."""
    core = layer.props["loadOptions"].get("core")
    if not pool:
        assert core is None
        return
    assert core["maxConcurrency"] >= 9  # a zoomed CA's tiles (9 for Greater Manchester at z9)
    assert 1 < core["maxMobileConcurrency"] <= core["maxConcurrency"]


@pytest.mark.parametrize(
    ("bands", "focus", "imd", "want"),
    [
        ((), None, "2025", ["lsoa21"]),
        (("lep",), None, "2025", ["lsoa21", "band-lep"]),
        (("lep",), ("ca", "E47000001"), "2025", ["lsoa21", "band-lep", "focus-ca25"]),
        (
            ("lad", "ca"),
            ("lad", "E08000003"),
            "2019",
            ["lsoa11", "band-lad", "band-ca", "focus-lad"],
        ),
        # A code that is not a GSS code draws no focus (bandfill.focus_test), so no focus layer.
        (("lep",), ("ca", "x' || 1"), "2025", ["lsoa21", "band-lep"]),
    ],
)
def test_decile_tiles_parse_only_the_band_layers_the_map_shows(bands, focus, imd, want):
    """loaders.gl parses the listed MVT layers only, in this order (LSOAs, then bands over them);
    the same list is the getTileData trigger, since deck.gl never compares loadOptions."""
    from geo.present.tilesets import lsoa_tileset

    lyr = tiled.decile_tile_layer(lsoa_tileset(imd), bands=bands, focus=focus, imd=imd)
    assert lyr.props["loadOptions"]["mvt"]["layers"] == want
    assert lyr.props["loadOptions"]["mvt"]["workerUrl"] == tiled.MVT_WORKER_URL
    assert lyr.props["updateTriggers"] == {"getTileData": ",".join(want)}
    # Every band the colour expression can show is in a parsed layer.
    expr = lyr.props["getFillColor"]
    for layer in want[1:]:
        kind, key = layer.split("-", 1)
        assert f"properties.lvl === '{key}'" in expr
    focus_drawn = re.search(r"(?<!!)properties\.f &&", expr) is not None
    assert focus_drawn == any(w.startswith("focus-") for w in want)


def test_a_filter_change_keeps_the_tiles_but_a_new_boundary_reloads_them():
    a = tiled.decile_tile_layer("lsoa21", bands=("lep",), imd="2025")
    b = tiled.decile_tile_layer("lsoa21", bands=("lep",), imd="2025")
    c = tiled.decile_tile_layer("lsoa21", bands=("lep", "ca"), imd="2025")
    assert a.props["updateTriggers"] == b.props["updateTriggers"] and a.data_json == b.data_json
    assert c.props["updateTriggers"] != a.props["updateTriggers"]


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
