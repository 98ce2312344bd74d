"""Deck spec building: compact JSON, only needed properties, rounding, view fitting, points, URL views."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon

from geo import levels
from geo.analysis.filters import Locality
from geo.present import mapspec, palette


def _areas() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "code": ["E37000001", "E37000002"],
            "name": ["Alpha", "Beta"],
            "population": [1000, 2000],
            "gd_per_head_gbp": [150.0, None],
            "gd_total_gbp_m": [0.15, None],
            "gd_missing_reason": [None, "round 2 not found"],
            "share_decile1": [0.2, 0.0],
            "n_decile1": [2, 0],
            "n_lsoa": [10, 5],
            "extra": ["dropped", "dropped"],
        },
        geometry=[
            Polygon([(-1.123456789, 52.0), (-1.0, 52.0), (-1.0, 52.1), (-1.123456789, 52.0)]),
            Polygon([(-2.0, 53.0), (-1.9, 53.0), (-1.9, 53.1), (-2.0, 53.0)]),
        ],
        crs="EPSG:4326",
    )


def test_outline_layer_is_compact_rounded_and_keeps_only_tooltip_props():
    layer = mapspec.outline_layer("lep", _areas())
    fc = json.loads(layer.data_json)
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 2
    props = fc["features"][0]["properties"]
    assert set(props) == {"n", "c", "x"} and props["c"] == "E37000001"
    assert fc["features"][0]["geometry"]["coordinates"][0][0][0] == -1.1235
    # Minified: re-dumping with compact separators reproduces the text exactly.
    assert json.dumps(fc, separators=(",", ":"), ensure_ascii=False) == layer.data_json
    assert fc["features"][0]["properties"]["x"] == levels.get("lep").label


def test_deck_spec_is_valid_compact_json_with_layers_in_order():
    a = _areas()
    layers = [mapspec.outline_layer("lad", a), mapspec.outline_layer("lep", a)]
    spec = mapspec.deck_spec(layers, mapspec.ENGLAND_VIEW, map_style=mapspec.NO_BASEMAP)
    doc = json.loads(spec.json)
    assert [layer["id"] for layer in doc["layers"]] == ["lad-outline", "lep-outline"]
    assert doc["layers"][1]["data"]["features"][1]["properties"]["n"] == "Beta"
    assert doc["mapStyle"] == mapspec.NO_BASEMAP
    assert doc["initialViewState"]["zoom"] == mapspec.ENGLAND_VIEW.zoom
    assert "\n" not in spec.json and spec.layer_ids == ("lad-outline", "lep-outline")
    assert spec.tooltip["html"].count("{") == 3


def test_deck_spec_splices_data_containing_placeholder_like_text():
    a = _areas()
    a.loc[0, "name"] = '"@@RAW1@@"'
    spec = mapspec.deck_spec(
        [mapspec.outline_layer("lad", a), mapspec.outline_layer("lep", a)], mapspec.ENGLAND_VIEW
    )
    doc = json.loads(spec.json)
    assert doc["layers"][0]["data"]["features"][0]["properties"]["n"] == '"@@RAW1@@"'


def test_basemap_from_environment(monkeypatch):
    monkeypatch.delenv(mapspec.BASEMAP_ENV, raising=False)
    assert mapspec.basemap_style() == mapspec.NO_BASEMAP
    monkeypatch.setenv(mapspec.BASEMAP_ENV, "https://tiles.example/style.json")
    doc = json.loads(mapspec.deck_spec([], mapspec.ENGLAND_VIEW).json)
    assert doc["mapStyle"] == "https://tiles.example/style.json"


@pytest.mark.parametrize(
    "bounds",
    [mapspec.ENGLAND_BOUNDS, (-2.5, 53.3, -2.0, 53.6), (-0.2, 51.45, -0.05, 51.55)],
)
def test_fit_view_centres_and_zooms_in_for_smaller_areas(bounds):
    v = mapspec.fit_view(bounds)
    assert bounds[0] < v.longitude < bounds[2] and bounds[1] < v.latitude < bounds[3]
    assert 3 <= v.zoom <= 16
    smaller = mapspec.fit_view(
        (
            bounds[0] + (bounds[2] - bounds[0]) / 4,
            bounds[1] + (bounds[3] - bounds[1]) / 4,
            bounds[2] - (bounds[2] - bounds[0]) / 4,
            bounds[3] - (bounds[3] - bounds[1]) / 4,
        )
    )
    assert smaller.zoom > v.zoom


@pytest.mark.parametrize(
    "text, ok",
    [
        ("52.9,-1.5,6", True),
        ("52.9,-1.5", False),
        ("x,y,z", False),
        ("95,0,5", False),
        (None, False),
    ],
)
def test_view_param_round_trip(text, ok):
    v = mapspec.View.from_param(text)
    assert (v is not None) == ok
    if v:
        assert mapspec.View.from_param(v.to_param()) == v


def _geocoded() -> pd.DataFrame:
    return pd.DataFrame(
        {
            # The geocoded-table columns the spend index needs (points count over it).
            "buyer": ["Council"] * 4,
            "date": ["2024-05-01"] * 4,
            "status": ["matched", "matched", "matched", "no_postcode"],
            "supplier_name": ["A Ltd", "A Ltd", "B Ltd", "C Ltd"],
            "postcode": ["M1 1AA", "M1 1AA", "LS1 1AA", None],
            "amount": [100.0, 50.0, 400.0, 30.0],
            "lat": [53.48, 53.48, 53.8, np.nan],
            "lon": [-2.24, -2.24, -1.55, np.nan],
            "imd_decile": pd.array([1, 1, 6, pd.NA], dtype="Int8"),
            "lad21cd": ["E08000003", "E08000003", "E08000035", None],
            "lep21cd": ["E37000015", "E37000015", "E37000062", None],
            "lep21cd2": [None, None, None, None],
            "ca24cd": ["E47000001", "E47000001", "E47000003", None],
        }
    )


def test_supplier_points_aggregate_per_location_and_flag_local():
    pts = mapspec.supplier_points(_geocoded(), None, Locality("lad", ("E08000003",)))
    assert list(pts["name"]) == ["B Ltd", "A Ltd"]  # biggest first; unlocated row not drawn
    a = pts.set_index("name").loc["A Ltd"]
    assert a["amount"] == 150 and a["rows"] == 2 and bool(a["is_local"]) is True
    assert bool(pts.set_index("name").loc["B Ltd", "is_local"]) is False


def test_supplier_points_respects_mask_and_empty():
    mask = np.array([False, False, True, False])
    assert list(mapspec.supplier_points(_geocoded(), mask, None)["name"]) == ["B Ltd"]
    assert mapspec.supplier_points(_geocoded(), np.zeros(4, bool), None).empty


@pytest.mark.parametrize("colour_by", ["decile", "local"])
def test_supplier_layer_records(colour_by):
    pts = mapspec.supplier_points(_geocoded(), None, Locality("lep", ("E37000015",)))
    layer = mapspec.supplier_layer(pts, colour_by)
    recs = json.loads(layer.data_json)
    assert set(recs[0]) == {"p", "r", "f", "n", "c", "x", "k"}
    assert layer.props["@@type"] == "ScatterplotLayer" and layer.props["radiusUnits"] == "pixels"
    a = next(r for r in recs if r["n"] == "A Ltd")
    want = palette.DECILE_COLOURS[0] if colour_by == "decile" else palette.LOCAL
    assert a["f"][:3] == list(want)
    assert recs[0]["r"] >= recs[1]["r"]


def test_per_head_layers_missing_is_grey_never_zero():
    layers, scale = mapspec.per_head_layers(_areas())
    assert [layer.id for layer in layers] == ["lep-per-head"]
    main = json.loads(layers[0].data_json)["features"]
    beta = next(f for f in main if f["properties"]["c"] == "E37000002")
    assert beta["properties"]["f"][:3] == list(palette.NO_DATA)
    assert "round 2 not found" in beta["properties"]["x"]


def test_lsoas_in_and_distribution():
    lsoa = gpd.GeoDataFrame(
        {
            "lsoa11cd": ["E01000001", "E01000002", "E01000003"],
            "lsoa11nm": ["a", "b", "c"],
            "lad21cd": ["E08000003", "E08000003", "E08000035"],
            "lep21cd": ["E37000015", "E37000015", "E37000062"],
            "lep21cd2": [None, "E37000062", None],
            "ca24cd": ["E47000001", "E47000001", None],
            "imd_decile": [1, 3, 10],
        },
        geometry=[Point(0, 0).buffer(0.01)] * 3,
        crs="EPSG:4326",
    )
    assert len(mapspec.lsoas_in(lsoa, "lep", "E37000062")) == 2
    assert len(mapspec.lsoas_in(lsoa, None, None)) == 3
    dist = mapspec.decile_distribution(lsoa, "lad", "E08000003")
    assert list(dist["lsoas"]) == [1, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    layer = mapspec.decile_layer_for(lsoa, "lad", "E08000003")
    feats = json.loads(layer.data_json)["features"]
    assert feats[0]["properties"]["f"][:3] == list(palette.DECILE_COLOURS[0])
    assert "most deprived" in feats[0]["properties"]["x"]


def test_ranked_by_decile1():
    ranked = mapspec.ranked_by_decile1(_areas())
    assert list(ranked["code"]) == ["E37000001", "E37000002"] and list(ranked["rank"]) == [1, 2]
    assert "geometry" not in ranked.columns
    # The ranked figure right after the name: in a narrow column the later ones are cut.
    assert list(ranked.columns[:4]) == ["rank", "code", "name", "share_decile1"]


def test_fixed_size_scale_does_not_rescale_with_the_filter():
    """A circle of £150 is the same size whether the view holds all suppliers or only A Ltd."""
    g = _geocoded()
    all_pts = mapspec.supplier_points(g, None, None)
    top = mapspec.size_scale_max(all_pts)
    assert top == 500.0  # B Ltd's £400, rounded up to a legend-friendly £500
    only_a = mapspec.supplier_points(g, (g["supplier_name"] == "A Ltd").to_numpy(), None)

    def radius(points, name, **kw):
        recs = json.loads(mapspec.supplier_layer(points, **kw).data_json)
        return next(r["r"] for r in recs if r["n"] == name)

    assert radius(all_pts, "A Ltd", max_amount=top) == radius(only_a, "A Ltd", max_amount=top)
    # Without a fixed scale the lone point would swell to the largest circle.
    assert radius(only_a, "A Ltd") > radius(only_a, "A Ltd", max_amount=top)
    assert mapspec.size_scale_max(all_pts.iloc[0:0]) == 0.0


def test_points_over_the_imd_layer_get_a_white_ring():
    pts = mapspec.supplier_points(_geocoded(), None, None)
    plain = mapspec.supplier_layer(pts).props
    ringed = mapspec.supplier_layer(pts, over_fill=True).props
    assert ringed["getLineColor"][:3] == [255, 255, 255] and ringed["getLineWidth"] >= 2
    assert plain["getLineColor"][:3] == list(palette.POINT_OUTLINE)
    assert ringed["id"] == plain["id"] == "suppliers" and ringed["pickable"]


def test_tooltip_is_pinned_inside_the_map():
    style = mapspec.TOOLTIP["style"]
    assert style["transform"] == "translate(8px, 8px)"
    assert style["whiteSpace"] == "normal" and "maxWidth" in style


@pytest.mark.parametrize(
    ("level", "code", "max_bytes"),
    [("ca25", "E47000001", 20_000), ("lad24", "E08000009", 10_000), ("ca", "E47000006", 25_000)],
)
def test_focus_mask_is_one_small_feature_with_the_area_as_its_hole(
    store_path, level, code, max_bytes
):
    """Zoomed maps draw the deciles from tiles; the area is the hole of one veil feature."""
    import shapely
    from shapely.geometry import shape

    from geo.store import read as store

    areas = store.read_areas(levels.get(level).store)
    layer, view = mapspec.focus_for(areas, code, mask=True)
    assert layer.id == "focus" and layer.props["filled"] and layer.props["stroked"]
    assert not layer.props["pickable"]  # clicks reach the LSOA tiles under the veil
    assert layer.n_bytes < max_bytes
    data = json.loads(layer.data_json)
    assert len(data["features"]) == 1
    veil = shape(data["features"][0]["geometry"])
    area = areas.loc[areas["code"] == code].geometry.iloc[0]
    # Inside the area the veil is absent; a point just outside the area's box is veiled.
    assert not veil.contains(area.representative_point())
    minx, miny, maxx, maxy = area.bounds
    assert veil.contains(shapely.Point(maxx + 0.05, maxy + 0.05))
    assert view.zoom > 7.5
    plain, _ = mapspec.focus_for(areas, code)
    assert not plain.props["filled"]  # the Spend map without the IMD layer keeps a bare outline
