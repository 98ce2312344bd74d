"""The pipeline's placing step on real files: place + geocode with each source against geocode alone (the step's cost), and a relocate against a full re-read."""

# Run: .venv/bin/python bench/bench_placing.py   (needs data/store and ../shared/data/spend)

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.spend import pipeline  # noqa: E402
from geo.spend.geocode import PostcodeLookup, geocode  # noqa: E402
from geo.store import read as store  # noqa: E402

SPEND = Path(__file__).resolve().parents[2] / "shared" / "data" / "spend"


def best(fn, n: int = 3) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    lookup = PostcodeLookup.from_index(store.read_postcodes())
    cf = pipeline.build_dataset(
        [SPEND / "contracts_finder_awarded_substance_misuse_2015-2024_notices.csv"], lookup
    )
    awards = cf.geocoded[["supplier_name", "postcode"]].rename(columns={"postcode": "postcode_raw"})
    sets = {
        "trafford": [SPEND / "trafford-supplier-spend-2024-25.zip"],
        "calderdale": sorted((SPEND / "council_2021-22" / "calderdale").glob("*.csv")),
    }
    for name, files in sets.items():
        frame, mapping, notes, counts = pipeline.read_many(files)
        args = {"mapping": mapping, "read_notes": notes, "counts": counts}
        base = best(lambda f=frame: geocode(f, lookup))
        bare = best(lambda f=frame, a=args: pipeline.locate_and_geocode(f, lookup, **a))
        with_aw = best(
            lambda f=frame, a=args: pipeline.locate_and_geocode(f, lookup, awards=[awards], **a)
        )
        ds = pipeline.locate_and_geocode(frame, lookup, awards=[awards], **args)
        reread = best(lambda fs=files: pipeline.build_dataset(fs, lookup, awards=[awards]), n=1)
        relocate = best(lambda d=ds: pipeline.relocate(d, lookup, awards=[awards]))
        print(
            f"{name}: {len(frame):,} rows; geocode alone {base:.2f}s; place+geocode, no sources "
            f"{bare:.2f}s ({bare / base:.1f}x); with bundled awards {with_aw:.2f}s, placed "
            f"{ds.located_rows:,} rows; relocate {relocate:.2f}s vs re-read+place {reread:.2f}s "
            f"({reread / relocate:.1f}x faster)"
        )


if __name__ == "__main__":
    main()
