"""`python -m geo fetch [companies|charities]`: download or mirror the catalogued files (and the reference registers)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from geo.errors import SpendGeoError
from geo.store import catalogue
from geo.store.fetch import fetch


def add_arguments(p: argparse.ArgumentParser) -> None:
    # `python -m geo fetch companies|charities [--index]`: a dated reference register
    # (geo.store.reference_sources); with no name, every catalogued dataset.
    p.add_argument(
        "reference",
        nargs="?",
        choices=("companies", "charities"),
        help="fetch a supplier reference register instead: Companies House or Charity Commission",
    )
    p.add_argument(
        "--month", help="Companies House month to download, YYYY-MM (default: this month)"
    )
    p.add_argument(
        "--index",
        action="store_true",
        help="with a register: also build its Parquet index in data/store/",
    )
    p.add_argument("--index-out", type=Path, help="with --index: where to write the index")
    p.add_argument("--mirror", help="take files from this local folder (default: $SPENDGEO_MIRROR)")
    p.add_argument(
        "--base-url", help="download every file from this HTTP mirror base address instead"
    )
    p.add_argument("--only", nargs="*", help="dataset keys to fetch (default: all)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")


def run(args: argparse.Namespace) -> int:
    if getattr(args, "reference", None):
        from geo.store import reference_sources

        return reference_sources.run(argparse.Namespace(**{**vars(args), "source": args.reference}))
    mirror = args.mirror or os.environ.get("SPENDGEO_MIRROR") or None
    keys = args.only or [d.key for d in catalogue.DATASETS]
    unknown = [k for k in keys if k not in catalogue.BY_KEY]
    if unknown:
        raise SpendGeoError(
            f"Unknown dataset key(s): {', '.join(unknown)}. Known: {', '.join(catalogue.BY_KEY)}."
        )
    results = fetch(
        [catalogue.get(k) for k in keys],
        mirror=Path(mirror) if mirror else None,
        base_url=args.base_url,
        progress=not args.quiet,
    )
    for r in results:
        print(f"{r.action:>10}  {r.key:<15} {r.path}")
    return 0
