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

from geo import levels  # noqa: E402
from geo.paths import raw_dir  # noqa: E402
from geo.store import catalogue  # noqa: E402
from geo.store import read as store  # noqa: E402
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
        # ru_maxrss of waited-for children, in KiB on Linux: the prepare subprocess's peak; CPU
        # seconds too, because on a shared 2-core machine wall time also measures the neighbours.
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mb = usage.ru_maxrss / 1024
        cpu_seconds = usage.ru_utime + usage.ru_stime
        store_path = Path(tmp) / "store"
        manifest = store.read_manifest(store_path)
        print(f"prepare_seconds={seconds:.1f}  (target <= {TARGET_SECONDS})")
        print(f"prepare_cpu_seconds={cpu_seconds:.1f}  (user + system of the prepare process)")
        print(f"peak_rss_mb={peak_mb:.0f}")
        sizes = []
        for v in levels.IMD.values():
            cols = [v.lsoa_column, v.lsoa_name_column, v.decile_column]
            lsoa = store.read_lsoa(store_path, columns=cols, imd=v.key)
            mb = geojson_mb(lsoa)
            sizes.append(mb)
            tol = manifest["parameters"][
                "lsoa21_tolerance_m" if v.key == "2025" else "lsoa_tolerance_m"
            ]
            print(
                f"lsoa_{v.key}_geojson_mb={mb:.2f}  (target <= {TARGET_LSOA_MB}; {', '.join(cols)} "
                f"+ geometry, {manifest['parameters']['display_decimals']} dp, tolerance {tol:.0f} m, "
                f"{len(lsoa):,} LSOAs, {int(lsoa.geometry.count_coordinates().sum()):,} vertices)"
            )
        for level in ("lad", "lep", "ca24", "ca21", "lad24", "ca25"):
            areas = store.read_areas(level, store_path)
            print(f"{level}_geojson_mb={geojson_mb(areas[['code', 'name', 'geometry']]):.2f}")
        print("steps_seconds=" + json.dumps(manifest["steps_seconds"]))
        print("counts=" + json.dumps(manifest["counts"]))
        ok = seconds <= TARGET_SECONDS and max(sizes) <= TARGET_LSOA_MB
        print("targets_met=" + ("yes" if ok else "no"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
