"""Where the Data page's time goes on a real council file: each pipeline step and each page output, timed."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT = Path("/work/shared/data/spend/trafford-supplier-spend-2024-25.zip")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT])
    args = parser.parse_args()
    import pandas as pd

    from geo.analysis.filters import Filters, apply_filters
    from geo.analysis.summary import prepare_spend
    from geo.spend import pipeline
    from geo.spend.geocode import PostcodeLookup, geocode, match_report
    from geo.store import read as store

    def step(name, fn):
        t = time.perf_counter()
        out = fn()
        print(f"{name}_s={time.perf_counter() - t:.2f}", flush=True)
        return out

    lookup = step("postcode_index", lambda: PostcodeLookup.from_index(store.read_postcodes()))
    sources = [(p.read_bytes(), p.name) for p in args.files]
    frame, mapping, _, counts = step("read", lambda: pipeline.read_many(sources))
    print(f"rows={len(frame)} files={len(counts)}")
    geocoded = step("geocode", lambda: geocode(frame, lookup))
    step("hash", lambda: pd.util.hash_pandas_object(geocoded, index=False).to_numpy().tobytes())
    step("match_report", lambda: match_report(geocoded))
    step("unlocated_suppliers", lambda: pipeline.unlocated_suppliers(geocoded))
    sf = step("prepare_spend", lambda: prepare_spend(geocoded))
    step("filter_all", lambda: geocoded.loc[apply_filters(sf, Filters())])
    t = time.perf_counter()
    ds = pipeline.build_dataset(sources, lookup)
    print(f"build_dataset_total_s={time.perf_counter() - t:.2f}")

    # The Data page itself with this dataset loaded: first run, then reruns that change nothing.
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(
        str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=600
    )
    at.session_state["spend_dataset"] = ds
    at.switch_page("pages/data.py")
    t = time.perf_counter()
    at.run()
    print(f"data_page_first_run_s={time.perf_counter() - t:.2f}")
    times = []
    for _ in range(5):
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
    print(f"data_page_noop_rerun_s_median={sorted(times)[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
