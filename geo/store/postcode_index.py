"""Build the postcode index: every NSPL postcode → LSOA 2011 and LSOA 2021 (LAD, LEP, CA, IMD deciles) by point-in-polygon."""

from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import shapely
from pyproj import Transformer

from geo.errors import SpendGeoError
from geo.spend.geocode import encode_keys
from geo.spend.postcode import normalise

# Coastal postcodes can sit just off the generalised, clipped LSOA polygons (a pier, a marina,
# the 20 m generalisation); within this distance they are given the nearest LSOA.
SNAP_METRES = 1_000.0
LSOA_ATTRIBUTES: tuple[str, ...] = (
    "lsoa11cd",
    "lad21cd",
    "lep21cd",
    "lep21cd2",
    "ca24cd",
    "imd_decile",
)
# The LSOA 2021 layer's attributes carried to each postcode (IMD 2025 and current geography).
LSOA21_ATTRIBUTES: tuple[str, ...] = ("lsoa21cd", "lad24cd", "ca25cd", "utla24cd", "imd25_decile")
# Candidate header names across NSPL/ONSPD releases and the lat/long extract in data/raw.
_POSTCODE_COLUMNS = ("Postcode", "pcds", "pcd", "pcd7", "pcd8")
_LAT_COLUMNS = ("lat", "Latitude", "latitude")
_LON_COLUMNS = ("long", "lon", "Longitude", "longitude")
_DOTERM_COLUMNS = ("doterm", "DOTERM")


def _log(message: str) -> None:
    print(f"[prepare] postcodes: {message}", file=sys.stderr, flush=True)


def _pick(header: list[str], names: tuple[str, ...], path: Path, what: str) -> str | None:
    for name in names:
        if name in header:
            return name
    if what:
        raise SpendGeoError(f"{path.name} has no {what} column (looked for {', '.join(names)}).")
    return None


def read_nspl(nspl_path: Path) -> pd.DataFrame:
    """Columns pcd (compact, may be <NA> for non-standard codes), lat, lon, doterm (if present)."""
    path = Path(nspl_path)
    if not path.exists():
        raise SpendGeoError(f"Postcode file {path} does not exist; run `python -m geo fetch`.")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig") as fh:
        header = [h.strip().strip('"') for h in fh.readline().rstrip("\r\n").split(",")]
    pc = _pick(header, _POSTCODE_COLUMNS, path, "postcode")
    lat = _pick(header, _LAT_COLUMNS, path, "latitude")
    lon = _pick(header, _LON_COLUMNS, path, "longitude")
    doterm = _pick(header, _DOTERM_COLUMNS, path, "")
    wanted = [c for c in (pc, lat, lon, doterm) if c]
    types = {pc: pa.string(), lat: pa.float64(), lon: pa.float64()}
    if doterm:
        types[doterm] = pa.string()
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=16 << 20),
            convert_options=pacsv.ConvertOptions(
                include_columns=wanted, column_types=types, strings_can_be_null=True
            ),
        )
    except (pa.ArrowInvalid, OSError) as err:
        raise SpendGeoError(f"Could not read postcode file {path.name}: {err}") from err
    frame = pd.DataFrame(
        {
            "raw": table.column(pc).to_pandas(types_mapper=pd.ArrowDtype).astype("string"),
            "lat": table.column(lat).to_numpy(),
            "lon": table.column(lon).to_numpy(),
        }
    )
    if doterm:
        # NSPL gives a termination date (yyyymm) for terminated postcodes, blank for live ones.
        dt = table.column(doterm).to_pandas().astype("string").str.strip()
        frame["terminated"] = pd.array(dt.notna() & (dt != ""), dtype="boolean")
    else:
        frame["terminated"] = pd.array([pd.NA] * len(frame), dtype="boolean")
    frame["pcd"] = normalise(frame.pop("raw"))
    return frame


def _assign_lsoa(
    x: np.ndarray, y: np.ndarray, lsoa_bng: gpd.GeoDataFrame, lad_uk_bng: gpd.GeoDataFrame
) -> tuple[np.ndarray, dict[str, int]]:
    """LSOA row per point (-1 = outside England): containment, then a guarded coastal snap."""
    points = shapely.points(x, y)
    polygons = np.asarray(lsoa_bng.geometry.values)
    tree = shapely.STRtree(polygons)
    # 'intersects' (not 'within') so points exactly on a shared boundary still get an LSOA;
    # results are sorted by point, so the first hit per point wins deterministically.
    p_idx, t_idx = tree.query(points, predicate="intersects")
    first_p, first_at = np.unique(p_idx, return_index=True)
    lsoa_row = np.full(len(points), -1, dtype=np.int64)
    lsoa_row[first_p] = t_idx[first_at]

    outside = np.flatnonzero(lsoa_row < 0)
    # Only points with an English LSOA within reach are snap candidates; this keeps the costly
    # nearest-LAD test to a few thousand points instead of all of Scotland, Wales and NI.
    (near_i, near_t), _ = tree.query_nearest(
        points[outside], max_distance=SNAP_METRES, return_distance=True, all_matches=False
    )
    cand = outside[near_i]
    lad_geoms = np.asarray(lad_uk_bng.geometry.values)
    english = lad_uk_bng["code"].astype("string").str.startswith("E").to_numpy(dtype=bool)
    lad_tree = shapely.STRtree(lad_geoms)
    (ci, li) = lad_tree.query_nearest(points[cand], all_matches=True, return_distance=False)
    nearest_english = np.ones(len(cand), dtype=bool)
    np.logical_and.at(nearest_english, ci, english[li])
    # The UK LAD file is ultra-generalised (~500 m), so along the Welsh border a Welsh postcode
    # can sit inside an English LAD polygon; refuse to snap if any non-English LAD is that close.
    other_tree = shapely.STRtree(lad_geoms[~english])
    oi, _ = other_tree.query(points[cand], predicate="dwithin", distance=SNAP_METRES)
    near_other = np.zeros(len(cand), dtype=bool)
    near_other[oi] = True
    snap = nearest_english & ~near_other
    lsoa_row[cand[snap]] = near_t[snap]
    stats = {
        "inside_lsoa": int(len(points) - len(outside)),
        "snap_candidates": int(len(cand)),
        "snapped": int(snap.sum()),
        "snap_refused_border": int((nearest_english & near_other).sum()),
    }
    return lsoa_row, stats


def _take_attributes(
    index: pd.DataFrame, attrs: pd.DataFrame, columns: tuple[str, ...], row: np.ndarray
) -> None:
    """Add `columns` of `attrs` at row `row` (-1 = none) to `index`: codes as categories, decile Int8."""
    found = row >= 0
    for col in columns[:-1]:
        values = attrs[col].astype("string").astype("category")
        codes = np.asarray(values.cat.codes)
        index[col] = pd.Categorical.from_codes(
            np.where(found, codes[np.maximum(row, 0)], -1), dtype=values.dtype
        )
    decile = attrs[columns[-1]].astype("Int8").to_numpy(dtype=np.int8, na_value=-1)
    taken = np.where(found, decile[np.maximum(row, 0)], -1).astype(np.int8)
    index[columns[-1]] = pd.arrays.IntegerArray(taken, taken < 0)


def _check_layer(
    lsoa: gpd.GeoDataFrame, lad_uk: gpd.GeoDataFrame, columns: tuple[str, ...]
) -> None:
    missing = [c for c in (*columns, "geometry") if c not in lsoa.columns]
    if missing:
        raise SpendGeoError(f"LSOA boundaries lack column(s) {', '.join(missing)}.")
    if "code" not in lad_uk.columns:
        raise SpendGeoError("UK LAD boundaries lack the column code.")
    for name, gdf in (("LSOA", lsoa), ("UK LAD", lad_uk)):
        if gdf.crs is None or gdf.crs.to_epsg() != 27700:
            raise SpendGeoError(f"{name} boundaries must be in EPSG:27700, not {gdf.crs}.")


def build_postcode_index(
    nspl_path: Path,
    lsoa_bng: gpd.GeoDataFrame,
    lad_uk_bng: gpd.GeoDataFrame,
    lsoa21_bng: gpd.GeoDataFrame | None = None,
    lad25_uk_bng: gpd.GeoDataFrame | None = None,
) -> pd.DataFrame:
    """One row per NSPL postcode (sorted by compact `pcd`) with location, LSOA attributes and flags.

    With `lsoa21_bng` (and the UK LAD May 2025 file for its border guard) every postcode is also
    placed in an LSOA 2021 by the same rule (containment, then the guarded 1 km coastal snap),
    adding lsoa21cd, lad24cd, ca25cd, utla24cd and imd25_decile after the 2011 columns. `in_england` stays
    the LSOA 2011 answer; the two vintages disagree only for a few hundred edge points
    (stats: lsoa21_only, lsoa11_only). Build statistics are in `result.attrs["stats"]`.
    """
    t0 = time.perf_counter()
    _check_layer(lsoa_bng, lad_uk_bng, LSOA_ATTRIBUTES)
    with21 = lsoa21_bng is not None
    if with21:
        if lad25_uk_bng is None:
            raise SpendGeoError("The LSOA 2021 postcode pass needs the UK LAD May 2025 boundaries.")
        _check_layer(lsoa21_bng, lad25_uk_bng, LSOA21_ATTRIBUTES)

    nspl = read_nspl(nspl_path)
    rows_read = len(nspl)
    bad_shape = nspl["pcd"].isna().to_numpy()
    nspl = nspl.loc[~bad_shape]
    dup = nspl["pcd"].duplicated(keep="first").to_numpy()
    nspl = nspl.loc[~dup]
    _log(
        f"read {rows_read:,} rows in {time.perf_counter() - t0:.1f}s; dropped {int(bad_shape.sum()):,} "
        f"non-standard codes (e.g. NPT pseudo-postcodes) and {int(dup.sum()):,} duplicates"
    )

    keys = encode_keys(nspl["pcd"])
    nspl = nspl.iloc[np.argsort(keys, kind="stable")].reset_index(drop=True)

    lat = nspl["lat"].to_numpy(dtype=np.float64)
    lon = nspl["lon"].to_numpy(dtype=np.float64)
    # NSPL marks a missing grid reference with an empty lat (GIR 0AA has long 0 but no lat).
    has_location = np.isfinite(lat) & np.isfinite(lon)
    lon = np.where(has_location, lon, np.nan)

    t1 = time.perf_counter()
    located = np.flatnonzero(has_location)
    transformer = Transformer.from_crs(4326, 27700, always_xy=True)
    x, y = transformer.transform(lon[located], lat[located])
    lsoa_sub, stats = _assign_lsoa(np.asarray(x), np.asarray(y), lsoa_bng, lad_uk_bng)
    lsoa_row = np.full(len(nspl), -1, dtype=np.int64)
    lsoa_row[located] = lsoa_sub
    in_england = lsoa_row >= 0
    _log(
        f"point-in-polygon for {len(located):,} located postcodes in {time.perf_counter() - t1:.1f}s: "
        f"{stats['inside_lsoa']:,} inside an English LSOA, {stats['snapped']:,} snapped within "
        f"{SNAP_METRES:.0f} m, {stats['snap_refused_border']:,} near-border snaps refused, "
        f"{int(has_location.sum() - in_england.sum()):,} outside England"
    )

    attrs = lsoa_bng[list(LSOA_ATTRIBUTES)].reset_index(drop=True)
    index = pd.DataFrame(
        {
            "pcd": nspl["pcd"].astype("string"),
            "lat": lat.astype(np.float32),
            "lon": lon.astype(np.float32),
        }
    )
    _take_attributes(index, attrs, LSOA_ATTRIBUTES, lsoa_row)
    index["in_england"] = in_england
    index["has_location"] = has_location
    index["terminated"] = nspl["terminated"].astype("boolean").array
    stats21: dict[str, int] = {}
    if with21:
        t2 = time.perf_counter()
        sub21, snap21 = _assign_lsoa(np.asarray(x), np.asarray(y), lsoa21_bng, lad25_uk_bng)
        row21 = np.full(len(nspl), -1, dtype=np.int64)
        row21[located] = sub21
        attrs21 = lsoa21_bng[list(LSOA21_ATTRIBUTES)].reset_index(drop=True)
        _take_attributes(index, attrs21, LSOA21_ATTRIBUTES, row21)
        stats21 = {
            **{f"lsoa21_{k}": v for k, v in snap21.items()},
            "lsoa21_assigned": int((row21 >= 0).sum()),
            "lsoa21_only": int(((row21 >= 0) & ~in_england).sum()),
            "lsoa11_only": int(((row21 < 0) & in_england).sum()),
        }
        _log(
            f"LSOA 2021 point-in-polygon in {time.perf_counter() - t2:.1f}s: "
            f"{stats21['lsoa21_assigned']:,} assigned ({snap21['snapped']:,} snapped, "
            f"{snap21['snap_refused_border']:,} near-border snaps refused)"
        )

    index.attrs["stats"] = {
        "rows_read": rows_read,
        "dropped_non_standard": int(bad_shape.sum()),
        "dropped_duplicates": int(dup.sum()),
        "rows": len(index),
        "no_location": int((~has_location).sum()),
        "in_england": int(in_england.sum()),
        "outside_england": int((has_location & ~in_england).sum()),
        "terminated_known": bool(index["terminated"].notna().any()),
        **stats,
        **stats21,
        "seconds": round(time.perf_counter() - t0, 1),
    }
    _log(f"{len(index):,} postcodes indexed in {time.perf_counter() - t0:.1f}s")
    return index
