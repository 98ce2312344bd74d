"""Long fuzz run of the spend-file reader and URL parsers: `python bench/fuzz.py [--cases 100000]` prints counts."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.fuzz_cases import check_spend_file, check_url_params, spend_files, url_params  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--cases", type=int, default=100_000, help="cases per target (default 100,000)"
    )
    args = parser.parse_args()
    opts = dict(
        max_examples=args.cases,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )

    outcomes: Counter[str] = Counter()

    @settings(**opts)
    @given(spend_files())
    def spend(case):
        outcomes[check_spend_file(case)] += 1

    params = Counter()

    @settings(**opts)
    @given(url_params)
    def urls(p):
        check_url_params(p)
        params["ok"] += 1

    # Each target prints as soon as it finishes; an uncaught exception fails the run (exit 1)
    # with Hypothesis's minimal failing case.
    t0 = time.perf_counter()
    urls()
    t1 = time.perf_counter()
    print(f"fuzz_url_params_cases={params['ok']} uncaught=0 seconds={t1 - t0:.1f}", flush=True)
    spend()
    t2 = time.perf_counter()
    print(f"fuzz_spend_reader_cases={sum(outcomes.values())} read={outcomes['read']} "
          f"rejected_with_message={outcomes['rejected']} uncaught=0 seconds={t2 - t1:.1f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
