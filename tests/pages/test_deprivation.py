"""Deprivation page: IMD 2025 by default (tiles nationally), IMD 2019 from the link or the control, zoom, vintages compared."""

from __future__ import annotations

import json

import pytest

from geo.present.tiled import tiles_available
from geo.store import read as store
from tests.pages.conftest import deck_layers, deck_spec

LSOAS = {"2025": 33755, "2019": 32844}
TILES = {"2025": "lsoa21", "2019": "lsoa11"}


def _texts(at) -> str:
    parts = [t.value for t in at.title] + [c.value for c in at.caption]
    parts += [str(h.value) for h in at.subheader] + [str(m.value) for m in at.markdown]
    parts += [str(e.proto.body) for e in at.get("html")]
    return " ".join(parts)


@pytest.mark.parametrize(("params", "imd"), [({}, "2025"), ({"imd": "2019"}, "2019")])
def test_national_view_names_its_vintage_and_draws_every_lsoa(run_page, params, imd):
    at = run_page("pages/deprivation.py", **params)
    layers = deck_layers(at)
    data = layers["lsoa-imd"]["data"]
    if tiles_available([TILES[imd]]):
        # Vector tiles: the spec carries a URL template, not 33,755 polygons; the LEP outlines
        # are the tiles' bands, coloured by the same layer (one layer: see geo.present.ribbons).
        assert layers["lsoa-imd"]["@@type"] == "MVTLayer" and f"/{TILES[imd]}/" in data[0]
        assert "properties.lvl === 'lep'" in layers["lsoa-imd"]["getFillColor"]
        assert set(layers) == {"lsoa-imd"}
    else:
        assert "lep-outline" in layers
        assert len(data["features"]) == LSOAS[imd]
    assert deck_spec(at)["initialViewState"]["zoom"] < 6.5
    text = _texts(at)
    assert f"IMD {imd}" in at.title[0].value
    other = "2019" if imd == "2025" else "2025"
    assert f"IMD {imd} decile" in text  # the legend and the chart title name the vintage
    assert f"IMD {other} decile 1" not in at.title[0].value
    # Decile counts: every LSOA of the vintage in exactly one decile.
    dist = at.dataframe[0].value
    assert int(dist["LSOAs"].sum() if "LSOAs" in dist else dist["lsoas"].sum()) == LSOAS[imd]


@pytest.mark.parametrize(
    ("params", "vintage"), [({}, "IMD 2025 decile of the LSOA (1 = most deprived, LSOA 2021)"),
                            ({"imd": "2019"}, "IMD 2019 decile of the LSOA (1 = most deprived, LSOA 2011)")],
)  # fmt: skip
def test_decile_table_headings_say_lsoas_and_the_pages_vintage(run_page, params, vintage):
    # The table once read "IMD 2025 decile of supplier" and "Share of all spend" on this page of
    # LSOAs, under either vintage: its columns were named like a spend summary's.
    at = run_page("pages/deprivation.py", **params)
    el = at.dataframe[0]
    cols = json.loads(el.proto.columns)
    headings = {c: cols[c].get("label") for c in el.value.columns}
    # The full heading is the tooltip; the column shows its short form and stays narrow (the long
    # heading alone once set its width and pushed the counts out of the column at 1440 px).
    assert cols["lsoa_decile"]["help"] == vintage
    assert headings["lsoa_decile"] == vintage.split(" of the LSOA")[0]
    assert cols["lsoa_decile"]["width"] == "small"
    assert headings["share_of_lsoas"] == "Share of LSOAs"
    assert cols["share_of_lsoas"]["type_config"]["format"] == "%.1f%%"
    assert round(float(el.value["share_of_lsoas"].sum()), 6) == 100.0  # percentages of LSOAs
    assert not any("supplier" in h or "spend" in h for h in headings.values() if h)


@pytest.mark.parametrize(
    ("imd", "level", "code", "column"),
    [("2025", "ca", "E47000001", "ca25cd"), ("2019", "lad", "E08000009", "lad21cd")],
)
def test_area_zoom_draws_the_vintage_tiles_and_sends_only_the_area_outline(
    run_page, imd, level, code, column
):
    at = run_page("pages/deprivation.py", level=level, area=code, layers="lad,ca", imd=imd)
    layers = deck_layers(at)
    expected = int((store.read_lsoa(imd=imd, columns=[column])[column] == code).sum())
    if tiles_available([TILES[imd]]):
        # Zoomed, the deciles are the same tile layer as nationally: a URL template, no LSOA
        # geometry, and no area geometry either: the colour expression veils the LSOAs outside
        # the area (by the code each LSOA carries) and blackens the area's own focus band.
        fill = layers["lsoa-imd"]
        assert fill["@@type"] == "MVTLayer" and f"/{TILES[imd]}/" in fill["data"][0]
        assert f"properties.{column} === '{code}'" in fill["getFillColor"]
        assert f"properties.c === '{code}'" in fill["getFillColor"]
        assert "focus" not in layers
        assert len(at.get("deck_gl_json_chart")[0].proto.json) < 10_000
    else:
        assert len(layers["focus"]["data"]["features"]) == 1 and layers["focus"]["filled"]
        assert len(layers["lsoa-imd"]["data"]["features"]) == expected
    assert deck_spec(at)["initialViewState"]["zoom"] > 8
    if imd == "2019":
        assert expected == 138  # Trafford, LSOA 2011
    # The comparison table shows this area's decile-1 share under both indices.
    compare = at.dataframe[-1].value
    assert len(compare) == 1


def test_vintage_control_switches_figures_and_legend(run_page):
    at = run_page("pages/deprivation.py", level="lad")
    before = at.title[0].value
    ranked_2025 = at.dataframe[1].value
    at.radio(key="sg.imd").set_value("2019").run()
    assert not at.exception
    assert "IMD 2025" in before and "IMD 2019" in at.title[0].value
    assert at.query_params["imd"] in ("2019", ["2019"])
    ranked_2019 = at.dataframe[1].value
    # LAD 2024 (296) under IMD 2025, LAD 2021 (309) under IMD 2019.
    assert (len(ranked_2025), len(ranked_2019)) == (296, 309)
    assert "IMD 2019 decile" in _texts(at)


def test_decile1_comparison_has_both_vintages_and_says_the_lsoa_sets_differ(run_page):
    at = run_page("pages/deprivation.py", level="lad")
    compare = at.dataframe[-1].value
    cols = " ".join(map(str, compare.columns))
    assert "imd19_share_decile1" in cols and "imd25_share_decile1" in cols
    assert len(compare) == 296
    text = _texts(at)
    assert "32,844" in text and "33,755" in text


def test_switching_layers_changes_the_spec(run_page):
    at = run_page("pages/deprivation.py")
    fill_before = deck_layers(at)["lsoa-imd"]["getFillColor"]
    at.multiselect(key="dep.layers").set_value(["ca"]).run()
    assert not at.exception
    layers = deck_layers(at)
    if tiles_available(["lsoa21"]):
        # From tiles the boundaries are the decile tiles' bands: the colour expression changes.
        fill = layers["lsoa-imd"]["getFillColor"]
        assert fill != fill_before
        assert "properties.lvl === 'ca25'" in fill and "properties.lvl === 'lep'" not in fill
        assert set(layers) == {"lsoa-imd"}
    else:  # as GeoJSON, one layer each
        assert set(layers) == {"lsoa-imd", "ca25-outline"}


@pytest.mark.parametrize("params", [{}, {"level": "ca", "area": "E47000001", "imd": "2019"}])
def test_map_image_buttons_and_the_image_they_build(run_page, params):
    """Every map page exports its view: the Deprivation page's PNG is a real, non-blank A4 map."""
    import io

    from PIL import Image

    from geo import levels
    from geo.present import image

    at = run_page("pages/deprivation.py", **params)
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Map (PNG)", "Map (SVG)", "Map (PDF)"} <= set(labels)
    # The same call the button makes (built on click in the browser).
    imd = params.get("imd", levels.DEFAULT_IMD)
    level, code = params.get("level"), params.get("area")
    view = image.MapView("Deprivation", focus_level=level, focus_code=code, imd=imd)
    lsoa, areas = image.load_layers(view)
    png = image.render_map(view, lsoa, areas, None, fmt="png")
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.width >= 2000 and len(set(img.resize((200, 280)).getdata())) > 50


@pytest.mark.parametrize("imd", ["2025", "2019"])
def test_upper_tier_outlines_drawn_under_both_vintages(run_page, imd):
    at = run_page("pages/deprivation.py", layers="lad,utla24", imd=imd)
    layers = deck_layers(at)
    if tiles_available([TILES[imd]]):
        assert "properties.lvl === 'utla24'" in layers["lsoa-imd"]["getFillColor"]
    else:
        assert "utla24-outline" in layers
