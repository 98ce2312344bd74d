"""`python -m geo geocode`: read a spend file, locate each supplier postcode, write the table, print the match report."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from geo.errors import SpendGeoError

OUTPUT_SUFFIXES = (".csv", ".parquet")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "spend", type=Path, help="spend file (CSV, XLSX/XLS/ODS or ZIP of one of those)"
    )
    parser.add_argument(
        "--suppliers", type=Path, help="supplier register with postcodes, joined on supplier"
    )
    parser.add_argument("--sheet", help="worksheet name for spreadsheet input")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="use file column COLUMN for normalised FIELD (e.g. 'Vendor Post Code=postcode'); repeatable",
    )
    parser.add_argument("--out", type=Path, required=True, help="output table: .csv or .parquet")


def parse_map(items: list[str]) -> dict[str, str]:
    """['Vendor PC=postcode'] → {'postcode': 'Vendor PC'} (read_spend's field → column); the last '=' splits."""
    overrides: dict[str, str] = {}
    for item in items:
        column, sep, field = item.rpartition("=")
        if not sep or not column.strip() or not field.strip():
            raise SpendGeoError(f"--map {item!r} is not of the form COLUMN=FIELD.")
        if field.strip() in overrides:
            raise SpendGeoError(
                f"--map gives field {field.strip()!r} more than once; give one column per field."
            )
        overrides[field.strip()] = column.strip()
    return overrides


def write_table(frame: pd.DataFrame, out: Path) -> None:
    """Write CSV or Parquet by suffix; other suffixes and unwritable places are user errors."""
    suffix = out.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise SpendGeoError(
            f"Output {out} must end in .csv or .parquet, not {out.suffix or 'nothing'}."
        )
    if not out.parent.exists():
        raise SpendGeoError(f"Output folder {out.parent} does not exist.")
    try:
        if suffix == ".csv":
            frame.to_csv(out, index=False)
        else:
            frame.to_parquet(out, index=False)
    except OSError as err:
        raise SpendGeoError(f"Could not write {out}: {err.strerror or err}.") from err


def format_report(report: pd.DataFrame) -> str:
    """Fixed-width table: status, rows, £, share of rows, share of £."""
    lines = [f"{'status':<24} {'rows':>10} {'£':>16} {'rows %':>7} {'£ %':>7}"]
    for rec in report.itertuples(index=False):
        if rec.status == "total":
            lines.append("-" * len(lines[0]))
        lines.append(
            f"{rec.status:<24} {rec.rows:>10,} {rec.amount:>16,.2f} "
            f"{100 * rec.share_rows:>6.1f}% {100 * rec.share_amount:>6.1f}%"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    # Imported here so `python -m geo --help` stays quick and a broken sibling module cannot
    # break argument parsing.
    from geo.spend.geocode import PostcodeLookup, geocode, match_report
    from geo.spend.ingest import read_spend
    from geo.store.read import read_postcodes

    out = Path(args.out)
    # Check the output before the (possibly long) read so a typo fails at once.
    if out.suffix.lower() not in OUTPUT_SUFFIXES:
        raise SpendGeoError(
            f"Output {out} must end in .csv or .parquet, not {out.suffix or 'nothing'}."
        )
    if not out.parent.exists():
        raise SpendGeoError(f"Output folder {out.parent} does not exist.")
    spend_path = Path(args.spend)
    if not spend_path.is_file():
        raise SpendGeoError(f"Spend file {spend_path} does not exist.")
    if args.suppliers is not None and not Path(args.suppliers).is_file():
        raise SpendGeoError(f"Supplier register {args.suppliers} does not exist.")
    overrides = parse_map(args.map)

    t0 = time.perf_counter()
    # The index first: a missing store should fail before a long read of the spend file.
    lookup = PostcodeLookup.from_index(read_postcodes())
    table = read_spend(spend_path, sheet=args.sheet, overrides=overrides or None)
    frame, notes = table.frame, list(table.notes or [])
    register_line = None
    if args.suppliers is not None:
        from geo.spend.suppliers import join_register, read_register

        register = read_register(Path(args.suppliers))
        notes += list(register.attrs.get("notes", []))
        frame, register_report = join_register(frame, register)
        register_line = register_report.summary()
        notes += list(register_report.notes)

    geocoded = geocode(frame, lookup)
    write_table(geocoded, out)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if register_line:
        print(f"register: {register_line}", file=sys.stderr)
    seconds = time.perf_counter() - t0
    print(f"{spend_path.name}: {len(geocoded):,} rows geocoded in {seconds:.1f}s → {out}")
    print(format_report(match_report(geocoded)))
    return 0
