"""Bench `python -m geo prepare`: wall time, peak RSS and display-layer GeoJSON sizes, into a temporary store."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo import catalogue, store  # noqa: E402
from geo.paths import raw_dir  # noqa: E402
from geo.store.prepare import INPUT_KEYS  # noqa: E402

TARGET_SECONDS = 180  # whole prepare on 2 cores from the mirror
TARGET_LSOA_MB = 15.0  # all-England LSOA layer as compact GeoJSON


def geojson_mb(frame) -> float:
    """Compact GeoJSON (no spaces; coordinates already rounded in the store) in MB (10^6 bytes)."""
    return len(frame.to_json(separators=(",", ":"), drop_id=True).encode()) / 1e6


def main() -> int:
    src = raw_dir()
    with tempfile.TemporaryDirectory(prefix="spendgeo-bench-") as tmp:
        # Same layout as data/raw/, files symlinked so nothing is copied.
        for key in INPUT_KEYS:
            rel = catalogue.get(key).path
            dest = Path(tmp) / "raw" / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.symlink_to((src / rel).resolve())
        env = {**os.environ, "SPENDGEO_DATA": tmp}
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "geo", "prepare", "--force"], cwd=ROOT, env=env, check=False
        )
        seconds = time.perf_counter() - t0
        if done.returncode != 0:
            print(f"prepare failed with exit code {done.returncode}", file=sys.stderr)
            return done.returncode
        # ru_maxrss of waited-for children, in KiB on Linux: the prepare subprocess's peak.
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        store_path = Path(tmp) / "store"
        manifest = store.read_manifest(store_path)
        lsoa = store.read_lsoa(store_path, columns=["lsoa11cd", "lsoa11nm", "imd_decile"])
        lsoa_mb = geojson_mb(lsoa)
        print(f"prepare_seconds={seconds:.1f}  (target <= {TARGET_SECONDS})")
        print(f"peak_rss_mb={peak_mb:.0f}")
        print(
            f"lsoa_geojson_mb={lsoa_mb:.2f}  (target <= {TARGET_LSOA_MB}; lsoa11cd, lsoa11nm, "
            f"imd_decile + geometry, {manifest['parameters']['display_decimals']} dp, "
            f"tolerance {manifest['parameters']['lsoa_tolerance_m']:.0f} m)"
        )
        print(f"lsoa_geojson_code_only_mb={geojson_mb(lsoa[['lsoa11cd', 'geometry']]):.2f}")
        for level in ("lad", "lep", "ca24", "ca21"):
            areas = store.read_areas(level, store_path)
            print(f"{level}_geojson_mb={geojson_mb(areas[['code', 'name', 'geometry']]):.2f}")
        print(f"lsoa_display_vertices={int(lsoa.geometry.count_coordinates().sum()):,}")
        print("steps_seconds=" + json.dumps(manifest["steps_seconds"]))
        print("counts=" + json.dumps(manifest["counts"]))
        ok = seconds <= TARGET_SECONDS and lsoa_mb <= TARGET_LSOA_MB
        print("targets_met=" + ("yes" if ok else "no"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
