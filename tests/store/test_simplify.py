"""Display geometry keeps a clean coverage: neighbours share edges exactly, no gaps or overlaps."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.store import read as store
from geo.store import simplify

# Urban, rural and coastal LADs, including the two whose source LSOAs overlapped neighbours
# (Stockton-on-Tees, North Norfolk) before coverage cleaning.
LADS = {
    "E08000025": "Birmingham",
    "E08000003": "Manchester",
    "E09000030": "Tower Hamlets",
    "E06000052": "Cornwall",
    "E07000147": "North Norfolk",
    "E06000004": "Stockton-on-Tees",
    "E07000030": "Eden",
}


@pytest.fixture(scope="module")
def lsoa(store_path):
    return store.read_lsoa(store_path, columns=["lsoa11cd", "lsoa11nm", "lad21cd", "imd_decile"])


@pytest.fixture(scope="module")
def lsoa_bng(store_path):
    return store.read_lsoa_bng(store_path)


def test_whole_england_display_layer_is_a_coverage(lsoa):
    geoms = lsoa.geometry.values
    assert lsoa.crs.to_epsg() == 4326
    assert shapely.is_valid(geoms).all()
    assert not shapely.is_empty(geoms).any()
    assert shapely.coverage_is_valid(geoms)


def test_full_detail_layer_is_a_coverage(lsoa_bng):
    assert lsoa_bng.crs.to_epsg() == 27700
    assert shapely.coverage_is_valid(lsoa_bng.geometry.values)


@pytest.mark.parametrize("lad21cd", sorted(LADS))
def test_neighbours_share_edges_exactly(lsoa, lsoa_bng, lad21cd):
    sub = lsoa.loc[lsoa["lad21cd"] == lad21cd].reset_index(drop=True)
    assert len(sub) > 0
    disp = sub.geometry.values
    invalid = shapely.coverage_invalid_edges(disp)
    assert shapely.is_empty(invalid).all(), LADS[lad21cd]
    # Adjacent pairs from the full-detail geometry: a common boundary longer than 50 m.
    full = lsoa_bng.set_index("lsoa11cd").geometry.reindex(sub["lsoa11cd"]).values
    i, j = shapely.STRtree(full).query(full, predicate="touches")
    keep = i < j
    i, j = i[keep], j[keep]
    common = shapely.length(shapely.intersection(full[i], full[j]))
    adjacent = common > 50
    i, j = i[adjacent], j[adjacent]
    assert len(i) > 0
    shared = shapely.intersection(disp[i], disp[j])
    # Simplified neighbours still meet along a line of positive length and do not overlap.
    assert (shapely.length(shared) > 0).all()
    assert (shapely.area(shared) == 0).all()


def test_lsoa_display_geojson_within_budget(lsoa):
    # The all-England decile layer as the app ships it: code, name, decile, compact JSON.
    layer = lsoa[["lsoa11cd", "lsoa11nm", "imd_decile", "geometry"]]
    size = len(layer.to_json(separators=(",", ":"), drop_id=True).encode())
    assert size <= 15_000_000


def test_display_coordinates_are_rounded(lsoa):
    coords = shapely.get_coordinates(lsoa.geometry.values[:500])
    scaled = coords * 10**simplify.DISPLAY_DECIMALS
    assert np.allclose(scaled, np.round(scaled), atol=1e-6)


@pytest.mark.parametrize("level", ["lad", "lep", "ca24", "ca21"])
def test_area_layers_follow_lsoa_edges(store_path, lsoa, level):
    """Area display geometry is dissolved from the LSOA display layer: it covers its LSOAs exactly."""
    areas = store.read_areas(level, store_path)
    assert areas.crs.to_epsg() == 4326
    assert shapely.is_valid(areas.geometry.values).all()
    lads = store.read_areas("lad", store_path).set_index("code")
    for _, row in areas.head(3).iterrows():
        members = row["members"].split(";")
        union = shapely.union_all(lads.geometry.reindex(members).values)
        assert shapely.area(shapely.symmetric_difference(union, row.geometry)) < 1e-9


def test_lad_coverage_valid(store_path):
    lad = store.read_areas("lad", store_path)
    assert shapely.coverage_is_valid(lad.geometry.values)


@pytest.mark.parametrize(("n_points", "tolerance"), [(20, 5.0), (50, 20.0), (200, 40.0)])
def test_simplify_coverage_keeps_shared_edges(n_points, tolerance):
    # A Voronoi tessellation is an exact coverage; densify its edges so there is something to drop.
    rng = np.random.default_rng(n_points)
    pts = shapely.multipoints(rng.uniform(0, 1_000, size=(n_points, 2)))
    cells = shapely.get_parts(
        shapely.voronoi_polygons(pts, extend_to=shapely.box(0, 0, 1_000, 1_000))
    )
    cells = shapely.segmentize(shapely.intersection(cells, shapely.box(0, 0, 1_000, 1_000)), 3.0)
    # Densifying each cell on its own places shared-edge vertices slightly differently on the two
    # sides (floating point), exactly the defect of the merged LSOA file: clean_coverage fixes it.
    assert not shapely.coverage_is_valid(cells)
    cells = simplify.clean_coverage(cells)
    assert shapely.coverage_is_valid(cells)
    out = simplify.simplify_coverage(cells, tolerance)
    assert shapely.coverage_is_valid(out)
    assert shapely.get_num_coordinates(out).sum() < shapely.get_num_coordinates(cells).sum()
    assert shapely.area(shapely.union_all(out)) == pytest.approx(1_000_000, rel=1e-6)


def test_clean_coverage_removes_overlap_and_noise():
    a = shapely.box(0, 0, 1, 1)
    b = shapely.box(0.999, 0, 2, 1)  # 1 mm overlap
    c = shapely.Polygon([(2 + 1e-9, 0), (3, 0), (3, 1), (2 + 1e-9, 1)])  # vertex noise vs b
    out = simplify.clean_coverage(np.array([a, b, c], dtype=object))
    assert shapely.coverage_is_valid(out)
    assert shapely.area(shapely.intersection(out[0], out[1])) == 0


def test_dissolve_groups():
    geoms = np.array([shapely.box(i, 0, i + 1, 1) for i in range(4)], dtype=object)
    keys, out = simplify.dissolve(geoms, np.array(["b", "a", "b", "a"]))
    assert list(keys) == ["a", "b"]
    assert [g.area for g in out] == [2.0, 2.0]


def test_geojson_precision_roundtrip():
    geoms = np.array([shapely.box(400_000, 300_000, 401_000, 301_000)], dtype=object)
    out = simplify.bng_to_wgs84(geoms, decimals=3)
    coords = shapely.get_coordinates(out)
    assert np.allclose(coords, np.round(coords, 3))
    assert gpd.GeoSeries(out, crs=4326).total_bounds[1] == pytest.approx(52.6, abs=0.1)
