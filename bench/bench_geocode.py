"""Benchmark: geocode 1M spend-like rows by postcode lookup, against a geopandas sjoin of the same points."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.paths import store_dir  # noqa: E402
from geo.spend.geocode import PostcodeLookup, geocode  # noqa: E402
from geo.spend.postcode import display  # noqa: E402

ROWS = 1_000_000
SUPPLIERS = 4_000
SEED = 20190926  # IMD 2019 publication date: any fixed seed keeps runs comparable


def spend_like(index: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """1M rows over a few thousand real supplier postcodes, skewed like real spend, plus junk."""
    real = display(index["pcd"].sample(SUPPLIERS, random_state=SEED)).tolist()
    # Spellings seen in officers' files: lower case, no space, stray spaces; and the failures.
    variants = [p.lower() for p in real[:200]] + [p.replace(" ", "") for p in real[200:400]]
    junk = ["ZZ99 9ZZ", "XX1 1XX", "QQ12 3AB", "N/A", "see invoice", "12345", "", None]
    values = np.array(real + variants + junk, dtype=object)
    # Zipf-like weights: a few suppliers take most transactions, as in council spend.
    weights = 1.0 / np.arange(1, len(values) + 1) ** 0.8
    weights = rng.permutation(weights / weights.sum())
    raw = values[rng.choice(len(values), size=ROWS, p=weights)]
    return pd.DataFrame(
        {
            "supplier_name": pd.array(
                [f"supplier {i % SUPPLIERS}" for i in range(ROWS)], dtype="string"
            ),
            "amount": rng.lognormal(7, 1.5, ROWS).round(2),
            "postcode_raw": pd.array(raw, dtype="string"),
        }
    )


def main() -> int:
    store = store_dir()
    postcodes, lsoa_bng = store / "postcodes.parquet", store / "lsoa_bng.parquet"
    for path in (postcodes, lsoa_bng):
        if not path.exists():
            print(f"error: {path} is missing; run `python -m geo prepare` first.", file=sys.stderr)
            return 2
    rng = np.random.default_rng(SEED)
    t = time.perf_counter()
    index = pd.read_parquet(postcodes)
    print(f"index_read_seconds={time.perf_counter() - t:.3f}")
    print(f"index_rows={len(index)}")
    frame = spend_like(index, rng)
    print(f"rows={len(frame)}")
    print(f"distinct_postcode_raw={frame['postcode_raw'].nunique(dropna=False)}")

    t = time.perf_counter()
    lookup = PostcodeLookup.from_index(index)
    print(f"lookup_build_seconds={time.perf_counter() - t:.3f}")

    geocode(frame.head(1000), lookup)  # warm up imports and first-call allocations
    times = []
    for _ in range(3):
        t = time.perf_counter()
        out = geocode(frame, lookup)
        times.append(time.perf_counter() - t)
    best = min(times)
    print(f"geocode_seconds={best:.3f}")
    print(f"geocode_rows_per_second={len(frame) / best:,.0f}")
    print(f"geocode_target_met={len(frame) / best >= 1_000_000}")
    for status, n in out["status"].value_counts(sort=False).items():
        print(f"status_{status}={n}")

    # The naive alternative: project every row's point and spatially join it to the LSOAs.
    polygons = gpd.read_parquet(lsoa_bng, columns=["lsoa11cd", "geometry"])
    located = out["lat"].notna().to_numpy()
    print(f"sjoin_points={int(located.sum())}")
    t = time.perf_counter()
    points = gpd.GeoDataFrame(
        {"row": np.flatnonzero(located)},
        geometry=gpd.points_from_xy(out.loc[located, "lon"], out.loc[located, "lat"]),
        crs=4326,
    ).to_crs(27700)
    joined = gpd.sjoin(points, polygons, how="left", predicate="intersects")
    sjoin_seconds = time.perf_counter() - t
    print(f"sjoin_seconds={sjoin_seconds:.3f}")
    print(f"sjoin_rows_per_second={located.sum() / sjoin_seconds:,.0f}")
    print(f"sjoin_over_geocode_ratio={sjoin_seconds / best:.1f}")

    # Both methods should agree wherever the point lies inside an LSOA (the index also snaps
    # coastal points and keeps the first LSOA on shared boundaries).
    first = joined[~joined.index.duplicated()]
    got = out["lsoa11cd"].to_numpy(dtype=object)[first["row"].to_numpy()]
    both = first["lsoa11cd"].notna().to_numpy()
    agree = (got[both] == first["lsoa11cd"].to_numpy(dtype=object)[both]).mean()
    print(f"sjoin_agreement_share={agree:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
