"""`python -m geo areas`: an area table (LSOA, LAD, LEP, CA, UTLA) of one IMD vintage without geometry, as CSV or JSON."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from geo import levels
from geo.errors import SpendGeoError
from geo.store import read as store_api

# "lad" and "ca" follow --imd (LAD 2024 / CA 2025 under 2025; LAD 2021 / CA 2024 under 2019);
# the explicit keys name one vintage whatever --imd says.
CLI_LEVELS: tuple[str, ...] = (
    "lsoa", "lad", "lep", "ca", "lad24", "ca25", "utla24", "lad21", "ca24", "ca21",
)  # fmt: skip
LEVELS: dict[str, str] = {"lsoa": "lsoa", **{k: k for k in CLI_LEVELS if k != "lsoa"}}


def area_table(
    level: str, store: Path | None = None, imd: str | int = levels.DEFAULT_IMD
) -> pd.DataFrame:
    """The store's table for `level` under IMD vintage `imd`, without geometry (also the app's download).

    Area tables get the vintage's decile statistics in the unsuffixed columns and an
    `imd_vintage` column; population stays the table's own (mid-2019 historic, mid-2024 current,
    named in `population_year`).
    """
    if level not in LEVELS:
        raise SpendGeoError(f"Unknown level {level!r}; choose one of {', '.join(CLI_LEVELS)}.")
    try:
        vintage = levels.imd(imd)
    except KeyError:
        raise SpendGeoError(
            f"Unknown IMD vintage {imd!r}; choose one of {', '.join(levels.IMD)}."
        ) from None
    if level == "lsoa":
        frame = store_api.read_lsoa(store, imd=vintage.key)
        frame.insert(0, "imd_vintage", vintage.label)
    else:
        frame = store_api.read_areas(
            levels.for_imd(level, vintage.key).store, store, imd=vintage.key
        )
    return pd.DataFrame(frame.drop(columns=frame.geometry.name))


def comparison_table(level: str, store: Path | None = None) -> pd.DataFrame:
    """Share of LSOAs in decile 1 under IMD 2019 and 2025 per area (`lad`/`ca` mean the current sets)."""
    if level not in LEVELS or level == "lsoa":
        raise SpendGeoError(f"--compare needs an area level, one of {', '.join(CLI_LEVELS[1:])}.")
    return store_api.decile1_comparison(levels.for_imd(level, "2025").store, store)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--level",
        required=True,
        choices=CLI_LEVELS,
        help="which areas (lad/ca follow --imd: LAD 2024 / CA 2025 under 2025, LAD 2021 / CA 2024 under 2019)",
    )
    parser.add_argument(
        "--imd",
        default=levels.DEFAULT_IMD,
        choices=tuple(levels.IMD),
        help="deprivation vintage: 2025 (LSOA 2021, default) or 2019 (LSOA 2011)",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="share of LSOAs in decile 1 under IMD 2019 and 2025 side by side",
    )
    parser.add_argument("--format", default="csv", choices=("csv", "json"), help="output format")


def render(table: pd.DataFrame, fmt: str) -> str:
    """CSV (header + rows) or JSON records; missing values are empty / null, never 0."""
    if fmt == "json":
        return table.to_json(orient="records", force_ascii=False) + "\n"
    return table.to_csv(index=False, lineterminator="\n")


def run(args: argparse.Namespace) -> int:
    if getattr(args, "compare", False):
        table = comparison_table(args.level)
    else:
        table = area_table(args.level, imd=getattr(args, "imd", levels.DEFAULT_IMD))
    text = render(table, args.format)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error for a listing command.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces the closed stream for exit
    return 0
