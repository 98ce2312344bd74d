"""Map-point codes for the spend index: each supplier location, and the grid groups it falls in."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.analysis import encode

N_BUCKETS = 12  # decile buckets, as in geo.analysis.index


@dataclass(frozen=True, eq=False)
class GridGroups:
    """Map points grouped into grid cells of one decile bucket and one place, numbered at build
    time, so grouping per filter is a bincount over `row_group` (no hashing or sorting per filter).
    Each group is drawn at the centre of its points (fixed: circles do not jump as filters change)."""

    point_group: np.ndarray  # point → group
    row_group: np.ndarray  # row → group; undrawable rows → n (a trailing slot)
    bucket: np.ndarray  # group → decile bucket
    place: np.ndarray  # group → place (whose "local" flag the group takes)
    cell: np.ndarray  # group → grid cell × bucket (groups of one cell and decile merge when
    # their places are both local or both not)
    size: np.ndarray  # group → points in it (weights its centre when groups merge)
    lon: np.ndarray
    lat: np.ndarray

    @property
    def n(self) -> int:
        return len(self.bucket)

    @functools.cached_property
    def n_cells(self) -> int:
        """Distinct values of `cell` (dense codes 0..n_cells-1, from pd.factorize)."""
        return int(self.cell.max(initial=-1)) + 1


@dataclass(frozen=True, eq=False)
class PointTable:
    """Map points: one supplier at one location (lon/lat), with its place and decile bucket; and
    the same points grouped into ~2, ~20 and ~50 km cells (`grids`). Plain numpy arrays
    (not a DataFrame): the filter path reads them on every call."""

    supplier: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    postcode: np.ndarray
    place: np.ndarray
    bucket: np.ndarray
    grids: tuple[GridGroups, ...]  # finest first

    def __len__(self) -> int:
        return len(self.supplier)


# Grid cells points are grouped into past a few thousand (degrees of lon, lat: ~2, ~20 and ~50 km
# in England); the finest that gives few enough groups is used.
GRIDS = ((0.03, 0.02), (0.3, 0.2), (0.75, 0.5))


def encode_points(
    df: pd.DataFrame, located: np.ndarray, supplier_code: np.ndarray,
    place_code: np.ndarray, bucket: np.ndarray,
) -> tuple[np.ndarray, PointTable]:  # fmt: skip
    """(point code per row, point table): a point is one supplier at one location (lon/lat) with its
    place and decile, so a point's local flag and decile are exactly its rows' (no 'first row')."""
    n = len(df)
    if "lat" in df.columns and "lon" in df.columns:
        lon = pd.to_numeric(df["lon"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        lat = pd.to_numeric(df["lat"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        drawn = np.flatnonzero(located & np.isfinite(lon) & np.isfinite(lat))
    else:
        lon = lat = np.zeros(n)
        drawn = np.zeros(0, dtype=np.int64)
    # 1e-5° ≈ 1 m: distinct postcodes never share a key, one postcode's rows always do.
    lon_i = np.round(lon[drawn] * 1e5).astype(np.int64) + 18_000_000
    lat_i = np.round(lat[drawn] * 1e5).astype(np.int64) + 9_000_000
    loc_code, _ = pd.factorize(lon_i * 20_000_000 + lat_i)
    key = supplier_code[drawn].astype(np.int64) * (int(loc_code.max(initial=0)) + 1) + loc_code
    key = (key * (int(place_code.max(initial=0)) + 1) + place_code[drawn]) * N_BUCKETS
    pcode, uniq = pd.factorize(key + bucket[drawn])
    point = np.full(n, -1, np.int32)
    point[drawn] = pcode
    first = drawn[encode.first_index(pcode, len(uniq))]
    postcode = (
        df["postcode"].astype("string").fillna("").to_numpy(dtype=object)[first]
        if "postcode" in df.columns
        else np.full(len(first), "", dtype=object)
    )
    p_place, p_bucket = place_code[first].astype(np.int32), bucket[first].astype(np.int16)
    p_lon, p_lat = lon[first], lat[first]
    n_places = int(place_code.max(initial=0)) + 1
    grids = []
    for dx, dy in GRIDS:
        g = np.floor((p_lon + 180) / dx).astype(np.int64) * 100_000
        g += np.floor((p_lat + 90) / dy).astype(np.int64)
        groups, keys = pd.factorize((g * N_BUCKETS + p_bucket) * n_places + p_place)
        k = len(keys)
        cell = pd.factorize(keys // n_places)[0].astype(np.int32)
        size = np.maximum(np.bincount(groups, minlength=k), 1)
        row_group = np.full(n, k, np.int32)
        row_group[drawn] = groups[pcode]
        grids.append(
            GridGroups(
                point_group=groups.astype(np.int32),
                row_group=row_group,
                bucket=((keys // n_places) % N_BUCKETS).astype(np.int16),
                place=(keys % n_places).astype(np.int32),
                cell=cell,
                size=size,
                lon=np.bincount(groups, weights=p_lon, minlength=k) / size,
                lat=np.bincount(groups, weights=p_lat, minlength=k) / size,
            )
        )
    return point, PointTable(
        supplier=supplier_code[first].astype(np.int32),
        lon=p_lon,
        lat=p_lat,
        postcode=postcode,
        place=p_place,
        bucket=p_bucket,
        grids=tuple(grids),
    )
