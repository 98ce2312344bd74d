"""`python -m geo areas`: an area table (LSOA, LAD, LEP, CA) without geometry, as CSV or JSON."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from geo.errors import SpendGeoError
from geo.store import read as store_api

# CLI and app level names → store files; `ca` is the current (2024) Combined Authority set.
LEVELS: dict[str, str] = {
    "lsoa": "lsoa",
    "lad": "lad",
    "lep": "lep",
    "ca": "ca24",
    "ca24": "ca24",
    "ca21": "ca21",
}
CLI_LEVELS: tuple[str, ...] = ("lsoa", "lad", "lep", "ca", "ca21")


def area_table(level: str, store: Path | None = None) -> pd.DataFrame:
    """The store's table for `level` without geometry (also what the app offers for download)."""
    if level not in LEVELS:
        raise SpendGeoError(f"Unknown level {level!r}; choose one of {', '.join(CLI_LEVELS)}.")
    name = LEVELS[level]
    frame = store_api.read_lsoa(store) if name == "lsoa" else store_api.read_areas(name, store)  # type: ignore[arg-type]
    return pd.DataFrame(frame.drop(columns=frame.geometry.name))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--level", required=True, choices=CLI_LEVELS, help="which areas (ca = 2024 set)"
    )
    parser.add_argument("--format", default="csv", choices=("csv", "json"), help="output format")


def render(table: pd.DataFrame, fmt: str) -> str:
    """CSV (header + rows) or JSON records; missing values are empty / null, never 0."""
    if fmt == "json":
        return table.to_json(orient="records", force_ascii=False) + "\n"
    return table.to_csv(index=False, lineterminator="\n")


def run(args: argparse.Namespace) -> int:
    text = render(area_table(args.level), args.format)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error for a listing command.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces the closed stream for exit
    return 0
