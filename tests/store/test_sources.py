"""Readers of the raw files, on the real catalogued data."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo.store import catalogue, sources


def _raw(raw_path, key):
    return raw_path / catalogue.get(key).path


@pytest.fixture(scope="module")
def lsoa(raw_path):
    return sources.read_lsoa_boundaries(_raw(raw_path, "lsoa11"))


@pytest.fixture(scope="module")
def imd(raw_path):
    return sources.read_imd_file1(_raw(raw_path, "imd19_file1"))


def test_lsoa_boundaries_repaired_in_bng(lsoa):
    frame, n_repaired = lsoa
    assert len(frame) == 32_844
    assert frame["lsoa11cd"].is_unique
    assert frame.crs.to_epsg() == 27700
    # SOURCES.md: 90 ring self-intersections, all fixed by make_valid.
    assert n_repaired == 90
    assert shapely.is_valid(frame.geometry.values).all()
    assert set(shapely.get_type_id(frame.geometry.values)) <= {3, 6}


@pytest.mark.parametrize(
    ("reader", "key", "rows", "repaired"),
    [
        (sources.read_lad_boundaries, "lad21", 374, 1),  # E07000085 East Hampshire
        (sources.read_lep_boundaries, "lep21", 38, 0),
        (sources.read_ca24_boundaries, "ca24", 11, 0),
        (sources.read_ca21_boundaries, "ca21", 10, 0),
    ],
)
def test_area_boundaries(raw_path, reader, key, rows, repaired):
    frame, n_repaired = reader(_raw(raw_path, key))
    assert len(frame) == rows
    assert n_repaired == repaired
    assert list(frame.columns) == ["code", "name", "geometry"]
    assert frame["code"].is_unique
    assert frame.crs.to_epsg() == 27700
    assert shapely.is_valid(frame.geometry.values).all()


def test_english_lads(raw_path):
    frame, _ = sources.read_lad_boundaries(_raw(raw_path, "lad21"))
    assert int(sources.is_english_lad(frame["code"]).sum()) == 309


@pytest.mark.parametrize("decile", range(1, 11))
def test_imd_deciles_hold_a_tenth(imd, decile):
    assert int((imd["imd_decile"] == decile).sum()) in (3_284, 3_285)


def test_imd_file1_shape(imd, lsoa):
    assert len(imd) == 32_844
    assert imd["imd_rank"].between(1, 32_844).all()
    # The official file has 26 tied ranks (e.g. 2852: Leicester 011A and Eastbourne 010C), so
    # ranks are not a strict permutation of 1..32,844.
    assert imd["imd_rank"].nunique() == 32_818
    assert imd["lad19cd"].nunique() == 317
    assert set(imd["lsoa11cd"]) == set(lsoa[0]["lsoa11cd"])


def test_imd_file10(raw_path):
    f10 = sources.read_imd_file10(_raw(raw_path, "imd19_file10"))
    assert len(f10) == 317
    assert f10["prop_decile1"].between(0, 1).all()


@pytest.mark.parametrize(
    ("code", "population"),
    [
        ("K02000001", 66_796_807),  # United Kingdom, SOURCES.md check figure
        ("E92000001", 56_286_961),  # England
    ],
)
def test_population_rows(raw_path, code, population):
    pop = sources.read_population(_raw(raw_path, "pop19"))
    assert int(pop.loc[pop["code"] == code, "population"].iloc[0]) == population


def test_growth_deals_keep_gaps(raw_path):
    gd = sources.read_growth_deals(_raw(raw_path, "growth_deals"))
    assert len(gd) == 39
    assert int(gd["lep21cd"].notna().sum()) == 36
    totals = gd["total_gbp_m"].dropna()
    assert len(totals) == 32
    # Quoted to one decimal in SOURCES.md ("£7,728.0m"); the exact cell sum is 7,728.03.
    assert round(totals.sum(), 1) == 7_728.0
    # Empty cells are missing, not zero.
    money = gd[["round1_gbp_m", "round2_gbp_m", "round3_gbp_m", "total_gbp_m"]]
    assert money.isna().to_numpy().sum() > 0
    assert not (money == 0).to_numpy().any()


@pytest.mark.parametrize(
    ("wkt", "expected_type", "area"),
    [
        ("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))", "Polygon", 1.0),
        (
            "GEOMETRYCOLLECTION (POLYGON ((0 0, 1 0, 1 1, 0 0)), LINESTRING (5 5, 6 6))",
            "MultiPolygon",
            0.5,
        ),
        (
            "GEOMETRYCOLLECTION (MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 2, 3 3, 2 2))), POINT (9 9))",
            "MultiPolygon",
            1.0,
        ),
        ("GEOMETRYCOLLECTION (LINESTRING (5 5, 6 6))", "Polygon", 0.0),
    ],
)
def test_polygonal_keeps_polygon_parts(wkt, expected_type, area):
    out = sources.polygonal(np.array([shapely.from_wkt(wkt)], dtype=object))[0]
    assert out.geom_type == expected_type
    assert out.area == pytest.approx(area)
