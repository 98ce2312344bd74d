"""`python -m geo prepare`: build the store, then the optional Companies House index and the map tiles."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from geo.paths import store_dir
from geo.store.prepare import _log, prepare


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force", action="store_true", help="rebuild even if the store is up to date"
    )
    parser.add_argument(
        "--no-tiles", action="store_true", help="skip the vector tiles (static/tiles/)"
    )


def prepare_tiles(store: Path | None = None, out: Path | None = None) -> None:
    """The maps' vector tiles (both IMD vintages' LSOAs, every boundary) after the store; skipped
    when static/tiles/tiles.json already names this store build (so a re-run costs nothing)."""
    from geo.present.tiles import default_tiles_dir
    from geo.present.tilesets import build_tiles

    store = store or store_dir()
    out = out or default_tiles_dir()
    t0 = time.perf_counter()
    stats = build_tiles(store, out, force=False)
    if not stats:
        _log(f"tiles at {out} match the store build; not rebuilt")
        return
    size = sum(s.bytes_total for s in stats.values()) / 1e6
    _log(
        f"tiles ready at {out}: {len(stats)} sets, {size:.0f} MB in {time.perf_counter() - t0:.0f} s"
    )


def run(args: argparse.Namespace) -> int:
    prepare(force=bool(getattr(args, "force", False)))
    # Optional: the Companies House index, when its file has been fetched into data/raw/companies/.
    from geo.store.reference_sources import prepare_companies_index

    prepare_companies_index(force=bool(getattr(args, "force", False)), log=_log)
    if not getattr(args, "no_tiles", False):
        prepare_tiles()
    return 0
