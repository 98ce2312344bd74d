"""`python -m geo tiles`: build the vector tiles the maps read (static/tiles/) from the prepared store."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.paths import store_dir


def add_arguments(p: argparse.ArgumentParser) -> None:
    from geo.present.tiles import default_tiles_dir

    p.add_argument("--store", type=Path, default=None, help="prepared store (default data/store)")
    p.add_argument(
        "--out", type=Path, default=None, help=f"tile directory (default {default_tiles_dir()})"
    )


def run(args: argparse.Namespace) -> int:
    from geo.present.tiles import default_tiles_dir
    from geo.present.tilesets import build_tiles

    out = args.out or default_tiles_dir()
    stats = build_tiles(args.store or store_dir(), out)
    for s in stats.values():
        print(
            f"{s.name}: z{s.minzoom}–{s.maxzoom}, {s.tiles} tiles, {s.bytes_total / 1e6:.1f} MB, "
            f"largest {s.bytes_max / 1e3:.0f} kB, {s.seconds:.0f} s"
        )
    print(f"tiles written to {out}")
    return 0
