"""Command line: `python -m geo fetch|prepare|tiles|areas|geocode|summary|report`; user errors print one sentence, never a traceback."""

from __future__ import annotations

import argparse
import importlib
import sys

# Subcommand → module providing add_arguments(parser) and run(args) -> int.
COMMANDS: dict[str, tuple[str, str]] = {
    "fetch": ("geo.cli.fetch", "download or mirror the catalogued source files into data/raw/"),
    "prepare": ("geo.cli.prepare", "build the embedded store under data/store/ from data/raw/"),
    "areas": ("geo.cli.areas", "print an area table (LSOA, LAD, LEP, CA) without geometry"),
    "geocode": ("geo.cli.geocode", "read a spend file, locate suppliers, print the match report"),
    "summary": (
        "geo.cli.summary",
        "print the progressive-procurement summaries of a geocoded file",
    ),
    "report": ("geo.cli.report", "write a committee-ready HTML or DOCX report of a geocoded file"),
    "tiles": ("geo.cli.tiles", "build the map's vector tiles (static/tiles/) from data/store/"),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Build the parser; with `only`, import just that subcommand's module (fast start-up)."""
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_module=module)
        if only in (None, name):
            importlib.import_module(module).add_arguments(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    from geo.errors import SpendGeoError

    argv = sys.argv[1:] if argv is None else argv
    first = argv[0] if argv and argv[0] in COMMANDS else None
    args = build_parser(first).parse_args(argv)
    try:
        return int(importlib.import_module(args._module).run(args) or 0)
    except SpendGeoError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except MemoryError:
        print("error: ran out of memory; the input is too large for this machine.", file=sys.stderr)
        return 2
