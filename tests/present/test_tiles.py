"""Vector tiles: tile maths, and tiles built from the real store decode to the right LSOAs and deciles."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import geopandas as gpd
import mapbox_vector_tile
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import levels
from geo.present import ribbons, tiles, tilesets


def _slippy(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The OSM wiki's tile-number formula, written independently of geo.present.tiles."""
    n = 2**z
    x = int((lon + 180.0) / 360.0 * n)
    lr = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(lr)) / math.pi) / 2.0 * n)
    return x, y


@pytest.mark.parametrize(
    "lon,lat,z",
    [(-2.2426, 53.4808, 10), (-0.1276, 51.5072, 12), (-1.6178, 54.9783, 7), (1.2974, 52.6309, 5)],
)
def test_tile_range_of_a_point_matches_slippy_map_formula(lon, lat, z):
    pt = tiles._to_mercator(np.asarray([shapely.Point(lon, lat)], dtype=object))
    xs, ys = tiles._tile_range(shapely.total_bounds(pt), z)
    assert (xs.start, ys.start) == _slippy(lon, lat, z)
    assert len(xs) == len(ys) == 1


@pytest.mark.parametrize("x", [0.0, 1.0, 4.9e5, 1.0e6, 2.4e6, 1.2e7])
def test_nice_ceiling_is_at_or_above_and_nice(x):
    from geo.present import palette

    top = palette.nice_ceiling(x)
    if x == 0:
        assert top == 0
        return
    assert top >= x and top < 5 * x
    mant = top / 10 ** math.floor(math.log10(top))
    assert round(mant, 6) in (1, 2, 2.5, 5)


def _built(root: Path, z: int) -> list[Path]:
    """The zoom's tiles that hold features (the rest of England's box are 0-byte empty tiles)."""
    return sorted(f for f in (root / str(z)).rglob("*.pbf") if f.stat().st_size)


def _features(path: Path) -> list[dict]:
    """A tile's features in drawing order: its layers in turn (the LSOAs first, then the bands)."""
    return [f for layer in mapbox_vector_tile.decode(path.read_bytes()).values() for f in layer["features"]]  # fmt: skip


def _decode_all(root: Path, z: int) -> list[dict]:
    return [feat for f in _built(root, z) for feat in _features(f)]


TRAFFORD = "E08000009"


@pytest.fixture(scope="module")
def trafford_tiles(store_path, tmp_path_factory):
    """IMD 2019 tiles (z5–12) for Trafford's LSOAs, from the real store, with the bands of
    Trafford, its LEP and its CA (the full build bands every area of England)."""
    src = tilesets.lsoa11_source(store_path)
    lsoa = pd.read_parquet(store_path / "lsoa.parquet", columns=["lsoa11cd", "lad21cd"])
    codes = set(lsoa.loc[lsoa["lad21cd"] == TRAFFORD, "lsoa11cd"])
    frame = src.frame[src.frame["lsoa11cd"].isin(codes)].reset_index(drop=True)
    frames = {}
    for key, code in (("lad", TRAFFORD), ("lep", "E37000015"), ("ca", "E47000001")):
        areas = gpd.read_parquet(store_path / f"{levels.get(key).store}.parquet")
        frames[key] = areas.loc[areas["code"] == code]
    bands = ribbons.band_overlay(
        ribbons.band_sets(frames, ("lad", "lep", "ca")), tiles.TILE_PX, tiles.SIMPLIFY_PX
    )
    out = tmp_path_factory.mktemp("tiles")
    small = dataclasses.replace(src, frame=frame, minzoom=5, overlay=bands)
    stats = tiles.build_tileset(small, out)
    return out / "lsoa11", frame, stats


def _lsoas(feats: list[dict]) -> list[dict]:
    """The LSOA (or patch) features of a decile tile: not the bands, not the first speck."""
    return [f for f in feats if f["properties"] and "lvl" not in f["properties"]]


def test_every_lsoa_is_in_the_deepest_tiles_with_its_decile(trafford_tiles):
    root, frame, stats = trafford_tiles
    feats = _lsoas(_decode_all(root, tiles.MAX_ZOOM))
    seen = {f["properties"]["c"]: f["properties"] for f in feats}
    assert set(seen) == set(frame["lsoa11cd"])
    for code, decile, name in zip(
        frame["lsoa11cd"], frame["imd_decile"], frame["lsoa11nm"], strict=True
    ):
        assert seen[code]["d"] == int(decile)
        assert seen[code]["n"] == name
        assert seen[code]["x"].startswith(f"IMD 2019 decile {int(decile)}")
        # Its areas' codes, so a map can veil all but one area in the same layer.
        assert seen[code]["lad21cd"] == TRAFFORD and seen[code]["ca24cd"] == "E47000001"
        assert seen[code]["lep21cd"] == "E37000015"
    assert stats.bytes_max < 250_000


def test_national_zooms_merge_same_decile_neighbours_and_drop_names(trafford_tiles):
    root, frame, _ = trafford_tiles
    low = _lsoas(_decode_all(root, 5))
    # Trafford: 138 LSOAs → 70 patches (measured); well under the LSOA count.
    assert 0 < len(low) < 0.6 * len(frame)
    # A patch keeps its decile and its district (and the LEP and CA the district lies in).
    want = {"d", "x", "lad21cd", "lep21cd", "ca24cd"}
    assert all(want <= set(f["properties"]) and "c" not in f["properties"] for f in low)
    assert {f["properties"]["d"] for f in low} == set(frame["imd_decile"].astype(int))
    mid = _lsoas(_decode_all(root, 7))
    assert all("n" not in f["properties"] and "c" in f["properties"] for f in mid)


@pytest.mark.parametrize("z", [5, 9, 12])
def test_every_tile_starts_with_a_speck_no_click_can_pick(trafford_tiles, z):
    # Streamlit's selection highlight fades the map when a clicked index is below the length
    # of the layer's data list (one URL): index 0 must never be a real feature.
    root, _, _ = trafford_tiles
    for f in _built(root, z):
        layers = mapbox_vector_tile.decode(f.read_bytes())
        assert next(iter(layers)) == "lsoa11"  # the LSOA layer first: its speck is feature 0
        first = layers["lsoa11"]["features"][0]
        assert first["properties"] == {}
        assert shapely.geometry.shape(first["geometry"]).area <= 1


@pytest.mark.parametrize("z", [7, 10, 12])
def test_bands_follow_the_lsoas_and_sit_inside_their_area(trafford_tiles, z):
    """Each band lies just inside its area's edge, a few pixels wide, drawn after every LSOA."""
    root, _, _ = trafford_tiles
    px = tiles.EXTENT / tiles.TILE_PX  # grid units per CSS pixel at the tile's zoom
    seen = set()
    for f in _built(root, z):
        feats = _features(f)
        kinds = ["band" if "lvl" in x["properties"] else "lsoa" for x in feats[1:]]
        assert kinds == sorted(kinds, key=lambda k: k == "band")  # bands last: drawn on top
        for x in feats:
            p = x["properties"]
            if "lvl" not in p:
                continue
            seen.add((p["lvl"], p["c"], bool(p.get("f"))))
            g = shapely.geometry.shape(x["geometry"]).buffer(0)
            width = palette_width(p["lvl"], bool(p.get("f")))
            # A band's area is about its length times its width (length ≈ half its perimeter).
            if g.length > 40 * px:
                assert g.area / (g.length / 2) == pytest.approx(width * px, rel=0.5)
    assert {("lad", TRAFFORD, False), ("lad", TRAFFORD, True), ("ca", "E47000001", True)} <= seen


@pytest.mark.parametrize("z", [6, 9, 12])
def test_each_band_group_is_its_own_layer_so_a_map_parses_only_what_it_shows(trafford_tiles, z):
    """The LSOA layer holds no band; every band sits in the layer ribbons.layer_of names, and a
    map's loadOptions (tiled.decile_tile_layer) list exactly such names."""
    root, _, _ = trafford_tiles
    names = set()
    for f in _built(root, z):
        for name, layer in mapbox_vector_tile.decode(f.read_bytes()).items():
            names.add(name)
            for x in layer["features"]:
                p = x["properties"]
                assert ("lvl" in p) == (name != "lsoa11")
                if "lvl" in p:
                    assert name == ribbons.layer_of(p)
    assert {"lsoa11", "band-lad", "focus-lad", "band-lep", "band-ca", "focus-ca"} <= names


def palette_width(level: str, focus: bool) -> float:
    from geo.present import palette

    if focus:
        return palette.OUTLINE_WIDTH_PX["focus"]
    return max(palette.OUTLINE_WIDTH_PX[palette.outline_key(level)] / 2, ribbons.MIN_BAND_PX)


@pytest.mark.parametrize(
    ("z", "gap_px"), [(9, 0.0), (10, tilesets.LSOA_GAP_PX), (12, tilesets.LSOA_GAP_PX)]
)
def test_lsoa_edges_are_gaps_between_neighbours_from_zoom_10(trafford_tiles, z, gap_px):
    """From zoom 10 neighbouring LSOAs stand LSOA_GAP_PX apart (the background draws their edge;
    no stroked layer: see tiles.inset_features); further out they touch."""
    root, _, _ = trafford_tiles
    px = tiles.EXTENT / tiles.TILE_PX
    gaps = []
    for f in _built(root, z):
        feats = _features(f)
        polys = np.asarray([shapely.geometry.shape(x["geometry"]) for x in _lsoas(feats)])
        if not len(polys):
            continue
        tree = shapely.STRtree(polys)
        left, right = tree.query(polys, predicate="dwithin", distance=3 * px)
        gaps += [
            polys[i].distance(polys[j]) / px for i, j in zip(left, right, strict=True) if i < j
        ]
    assert len(gaps) > 50
    # Integer grid rounding moves an edge by up to half a unit (1/16 px) each side.
    assert np.median(gaps) == pytest.approx(gap_px, abs=0.15)
    if gap_px:  # a sliver too thin to shrink is kept whole and touches its neighbours: rare
        assert np.mean(np.asarray(gaps) < gap_px / 2) < 0.05


def test_every_position_in_englands_box_is_a_tile_and_the_rest_are_empty(trafford_tiles):
    """deck.gl asks for every tile inside tiles.ENGLAND_EXTENT: each one exists, so none is a
    404 (a sea tile was). Positions with no feature are the one 0-byte file, hard-linked (no copy
    of it takes disk space), and decode to no feature; built tiles are untouched."""
    root, _, stats = trafford_tiles
    empty = root / tiles.EMPTY_TILE
    assert empty.stat().st_size == 0
    n_empty = n_built = 0
    for z in range(5, tiles.MAX_ZOOM + 1):
        xs, ys = tiles.extent_tiles(z)
        for x in xs:
            for y in ys:
                f = root / str(z) / str(x) / f"{y}.pbf"
                assert f.exists(), f"{z}/{x}/{y} would be a 404"
                if f.stat().st_size:
                    n_built += 1
                else:
                    assert f.stat().st_ino == empty.stat().st_ino
                    assert mapbox_vector_tile.decode(f.read_bytes()) == {}
                    n_empty += 1
    assert (n_built, n_empty) == (stats.tiles, stats.empty)
    # The box's corners are the tiles of Scilly's south-west and Lowestoft's north-east.
    for z in (5, 9, 12):
        xs, ys = tiles.extent_tiles(z)
        assert (xs[0], ys[-1]) == _slippy(-6.45, 49.85, z)
        assert (xs[-1], ys[0]) == _slippy(1.8, 55.85, z)


def test_tile_geometry_covers_the_area_it_came_from(trafford_tiles):
    """At z12 the decoded polygons (back in lon/lat) cover Trafford to within a few metres' worth
    (each LSOA grown back by half its gap first)."""
    root, frame, _ = trafford_tiles
    z = tiles.MAX_ZOOM
    span = tiles._tile_span(z)
    parts = []
    for f in _built(root, z):
        x, y = int(f.parent.name), int(f.stem)
        minx, maxy = -tiles._HALF + x * span, tiles._HALF - y * span
        for feat in mapbox_vector_tile.decode(
            f.read_bytes(), default_options={"y_coord_down": True}
        )["lsoa11"]["features"]:
            if not feat["properties"] or "lvl" in feat["properties"]:
                continue  # the speck and the bands: not LSOAs
            g = shapely.geometry.shape(feat["geometry"])
            g = shapely.transform(
                g,
                lambda c, minx=minx, maxy=maxy: np.column_stack(
                    [minx + c[:, 0] * span / 4096, maxy - c[:, 1] * span / 4096]
                ),
            )
            parts.append(
                g.buffer(tilesets.LSOA_GAP_PX / 2 * span / tiles.TILE_PX, join_style="mitre")
            )
    tiled = shapely.union_all(parts)
    source = shapely.union_all(tiles._to_mercator(np.asarray(frame.geometry.values, dtype=object)))
    # Symmetric difference under 1% of the area: clipping and half-pixel simplification only.
    assert shapely.area(shapely.symmetric_difference(tiled.buffer(0), source)) < 0.01 * source.area


@pytest.mark.parametrize("key", levels.OUTLINE_KEYS)
def test_area_source_reads_level_vocabulary(store_path, key):
    lv = levels.get(key)
    frame = gpd.read_parquet(store_path / f"{lv.store}.parquet")
    src = tilesets.area_source(key, frame)
    assert src.name == lv.key and src.vintage == lv.vintage and not src.coverage
    assert set(src.properties) == {"c", "n", "x"}


def test_build_tiles_without_store_is_one_sentence(tmp_path):
    from geo.errors import SpendGeoError

    with pytest.raises(SpendGeoError, match="No prepared data store"):
        tilesets.build_tiles(tmp_path / "nowhere", tmp_path / "out")
    assert tiles.read_tiles_manifest(tmp_path / "out") == {}


@pytest.mark.parametrize(
    ("stamp", "sets", "current"),
    [
        ("same", "all", True),
        ("older", "all", False),  # a rebuilt store: tiles are stale
        ("same", "no_lsoa21", False),  # tiles from before IMD 2025
        ("old_format", "all", False),  # tiles from before the decile tiles carried bands
    ],
)
def test_prepare_skips_tiles_that_match_the_store(
    store_path, tmp_path, capsys, stamp, sets, current
):
    import json

    from geo.cli import prepare
    from geo.levels import IMD

    built_at = json.loads((store_path / "manifest.json").read_text())["built_at"]
    names = [tilesets.lsoa_tileset(k) for k in IMD] + list(tilesets.boundary_tilesets())
    assert names[:2] == ["lsoa21", "lsoa11"]
    assert {"lad24", "ca25", "lad", "ca", "lep", "utla24"} <= set(names)
    if sets == "no_lsoa21":
        names.remove("lsoa21")
    fmt = tilesets.TILES_FORMAT if stamp != "old_format" else tilesets.TILES_FORMAT - 1
    doc = {tiles.STORE_KEY: {"built_at": built_at if stamp != "older" else "2020-01-01"}}
    doc[tiles.STORE_KEY]["format"] = fmt
    doc |= {n: {"tiles": 5} for n in names}
    (tmp_path / tiles.MANIFEST).write_text(json.dumps(doc))
    assert tilesets.tiles_current(store_path, tmp_path) is current
    if current:  # prepare's tile step is then free: nothing is rebuilt
        prepare.prepare_tiles(store_path, tmp_path)
        assert "not rebuilt" in capsys.readouterr().err
        assert tilesets.build_tiles(store_path, tmp_path, force=False) == {}


def _vertices(feats: list[dict]) -> int:
    return sum(shapely.get_num_coordinates(shapely.geometry.shape(f["geometry"])) for f in feats)


@pytest.mark.parametrize("z", [9, 11])
def test_coarser_zooms_drop_detail_under_two_pixels_and_keep_the_shape(
    trafford_tiles, store_path, tmp_path, monkeypatch, z
):
    """Below the deepest zoom the LSOAs are simplified to COVERAGE_SIMPLIFY_PX (software WebGL
    spends its frame time per vertex): far fewer vertices than at half a pixel, the same area."""
    root, frame, _ = trafford_tiles
    now = _lsoas(_decode_all(root, z))
    monkeypatch.setattr(tiles, "COVERAGE_SIMPLIFY_PX", tiles.SIMPLIFY_PX)
    src = dataclasses.replace(tilesets.lsoa11_source(store_path), frame=frame, minzoom=z)
    tiles.build_tileset(src, tmp_path)
    fine = _lsoas(_decode_all(tmp_path / "lsoa11", z))
    codes = set(frame["lsoa11cd"])  # every LSOA still drawn (a feature per tile it crosses)
    assert {f["properties"]["c"] for f in now} == {f["properties"]["c"] for f in fine} == codes
    assert _vertices(now) < 0.75 * _vertices(fine)
    px = tiles.EXTENT / tiles.TILE_PX

    def area(feats: list[dict]) -> float:
        return sum(shapely.geometry.shape(f["geometry"]).area for f in feats)

    # The same ground within a 2 px rim: a coverage simplification moves shared edges, not area.
    rim = 2 * px * math.sqrt(area(fine)) * 4
    assert abs(area(now) - area(fine)) < rim
