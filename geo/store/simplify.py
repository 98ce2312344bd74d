"""Display geometry: clean a polygon coverage, simplify it keeping shared edges, to EPSG:4326 with rounded coordinates."""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Transformer

from geo.errors import SpendGeoError
from geo.store.sources import polygonal

# Tolerance (metres, EPSG:27700) for the LSOA display layer. coverage_simplify is
# Visvalingam-Whyatt, so it drops vertices whose triangle is under ~tolerance² in area; shared
# edges are simplified once for both neighbours. Tuned on the real layer (bench/bench_prepare.py):
# the all-England LSOA GeoJSON (lsoa11cd, lsoa11nm, imd_decile, 5 dp) is ~27 MB at 75 m,
# ~17.7 MB at 150 m (the crude junction-vertex floor is ~9 MB), 15.0 MB at 175 m and ~14.7 MB at
# 180 m, the least simplification that meets the 15 MB budget. Median LSOA outline then moves by
# about a fifth of its area (symmetric difference): right for a national/regional choropleth;
# full-detail geometry stays in lsoa_bng.parquet.
LSOA_TOLERANCE_M = 180.0
# The LSOA 2021 layer (33,755 BGC polygons; lsoa21cd, lsoa21nm, imd25_decile, 5 dp) against the
# same 15 MB budget: 15.35 MB at 180 m, 14.97 MB at 190 m, 14.62 MB at 200 m (measured on the real
# layer); 190 m is the least simplification that meets it (911 more LSOAs than 2011).
LSOA21_TOLERANCE_M = 190.0
# Detail layer for maps zoomed to one area (a LAD, LEP or CA): only that area's LSOAs are sent, so
# the payload stays small while outlines follow the streets (median outline shift a few % of area).
LSOA_DETAIL_TOLERANCE_M = 20.0
# Decimal places of the EPSG:4326 display coordinates: 5 dp ≈ 1.1 m of latitude, far below the
# simplification tolerance, and identical input vertices round identically, so shared edges stay shared.
DISPLAY_DECIMALS = 5
# Gaps narrower than this (m) between neighbouring LSOAs are source slivers, not real gaps.
CLEAN_GAP_WIDTH_M = 1.0

_TO_WGS84 = Transformer.from_crs(27700, 4326, always_xy=True)


def clean_coverage(geoms_bng: np.ndarray) -> np.ndarray:
    """Make a near-coverage an exact one: snap near-identical vertices, remove tiny overlaps and gaps.

    The merged LSOA file has shared vertices that differ by ~1e-12° (the 2014 GeoJSON conversion)
    and two LSOAs (Stockton 004A, North Norfolk 002A) whose edges overlap neighbours by < 3 m²;
    GEOS's coverage cleaner fixes both, so neighbours then share identical edges.
    """
    cleaned = shapely.coverage_clean(
        np.asarray(geoms_bng, dtype=object), gap_width=CLEAN_GAP_WIDTH_M
    )
    return polygonal(cleaned)


def simplify_coverage(geoms_bng: np.ndarray, tolerance_m: float) -> np.ndarray:
    """coverage_simplify: every shared edge simplified once, so neighbours keep exactly common edges."""
    return shapely.coverage_simplify(np.asarray(geoms_bng, dtype=object), tolerance_m)


def bng_to_wgs84(
    geoms_bng: np.ndarray, decimals: int = DISPLAY_DECIMALS, coverage: bool = True
) -> np.ndarray:
    """Project EPSG:27700 → EPSG:4326 (lon, lat) and round coordinates for compact display.

    Rounding is plain per-coordinate rounding (not set_precision, whose snap-rounding nodes each
    geometry on its own and could give neighbours different vertices): identical vertices stay
    identical. It can still, in a handful of places in England, collapse a sliver or push a
    vertex across a neighbour's nearly-touching edge; with `coverage` those spots are re-cleaned
    locally (see repair_rounded_coverage). Pass coverage=False for overlapping layers (LEPs).
    """

    def project_round(coords: np.ndarray) -> np.ndarray:
        lon, lat = _TO_WGS84.transform(coords[:, 0], coords[:, 1])
        return np.round(np.column_stack([lon, lat]), decimals)

    out = shapely.transform(np.asarray(geoms_bng, dtype=object), project_round)
    if coverage:
        return repair_rounded_coverage(out, snap=10.0**-decimals)
    bad = np.flatnonzero(~shapely.is_valid(out))
    if len(bad):
        out[bad] = polygonal(shapely.make_valid(out[bad]))
    return out


def _problems(geoms: np.ndarray) -> np.ndarray:
    """Indices of invalid polygons or polygons with edges that do not match a neighbour's."""
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        # coverage_invalid_edges needs valid input: judge the rest, flag these anyway.
        ok = np.flatnonzero(~invalid)
        edges = np.zeros(len(geoms), dtype=bool)
        edges[ok] = ~shapely.is_empty(shapely.coverage_invalid_edges(geoms[ok]))
        return np.flatnonzero(invalid | edges)
    return np.flatnonzero(~shapely.is_empty(shapely.coverage_invalid_edges(geoms)))


def repair_rounded_coverage(geoms: np.ndarray, snap: float, max_rounds: int = 5) -> np.ndarray:
    """Re-clean only the polygons around the spots where rounding broke the coverage.

    Each problem polygon and every polygon whose box meets it are made valid and coverage-cleaned
    together (snapping within one rounding step); only that neighbourhood is then re-checked.
    Nodes the cleaner inserts where edges crossed are not on the rounding grid (a few vertices).
    """
    geoms = np.asarray(geoms, dtype=object).copy()
    bad = _problems(geoms)
    for _ in range(max_rounds):
        if len(bad) == 0:
            return geoms
        tree = shapely.STRtree(geoms)
        region = np.unique(tree.query(geoms[bad])[1])
        sub = polygonal(shapely.make_valid(geoms[region]))
        geoms[region] = polygonal(shapely.coverage_clean(sub, snapping_distance=snap))
        around = np.unique(tree.query(geoms[region])[1])
        bad = around[_problems(geoms[around])]
    raise SpendGeoError(
        f"Rounding display coordinates left {len(bad)} polygon(s) that do not form a clean coverage."
    )


def dissolve(geoms: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Union of a clean coverage per group (coverage_union: no noding, edges kept as they are)."""
    groups = np.asarray(groups)
    keys, inverse = np.unique(groups, return_inverse=True)
    out = np.empty(len(keys), dtype=object)
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(len(keys) + 1))
    geoms = np.asarray(geoms, dtype=object)
    for k in range(len(keys)):
        members = geoms[order[bounds[k] : bounds[k + 1]]]
        out[k] = shapely.coverage_union_all(members)
    return keys, out
