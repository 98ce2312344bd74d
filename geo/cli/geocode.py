"""`python -m geo geocode`: read spend files as one dataset, locate suppliers, write CSV/XLSX/GeoPackage/Parquet, print the reports."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from geo.cli.output import OUTPUT_SUFFIXES, check_output, table_bytes, write_table  # noqa: F401
from geo.errors import SpendGeoError

# .csv/.xlsx/.gpkg are the app's downloads (human headings, area names); .parquet keeps the
# internal column names and types for `python -m geo summary` and other programs.
_TOP_UNPLACED = 15


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "spend",
        type=Path,
        nargs="+",
        help="spend file(s): CSV, XLSX/XLS or a ZIP of them; several files with one layout are read as one dataset",
    )
    parser.add_argument(
        "--register",
        "--suppliers",
        dest="suppliers",
        type=Path,
        help="supplier register (CSV/Excel: supplier name or id, postcode[, branch postcode])",
    )
    parser.add_argument("--sheet", help="worksheet name for spreadsheet input")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="use file column COLUMN for normalised FIELD (e.g. 'Vendor Post Code=postcode'); repeatable",
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        help="output table, format by extension: .csv, .xlsx, .gpkg or .parquet",
    )
    parser.add_argument(
        "--unplaced", type=Path, help="also write the unplaced suppliers (by £) to this CSV"
    )
    # --companies, --charities, --awards, --review, --review-out, --basis, --no-fuzzy, --threshold.
    from geo.cli.locate import add_locate_arguments

    add_locate_arguments(parser, register=False)


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


def format_report(report: pd.DataFrame) -> str:
    """Fixed-width table: status, rows, £, share of rows, share of £."""
    lines = [f"{'status':<28} {'rows':>10} {'£':>16} {'rows %':>7} {'£ %':>7}"]
    for rec in report.itertuples(index=False):
        if rec.status == "total":
            lines.append("-" * len(lines[0]))
        lines.append(
            f"{rec.status:<28} {rec.rows:>10,} {rec.amount:>16,.2f} "
            f"{100 * rec.share_rows:>6.1f}% {100 * rec.share_amount:>6.1f}%"
        )
    return "\n".join(lines)


def format_unplaced(unplaced: pd.DataFrame, n: int = _TOP_UNPLACED) -> str:
    if unplaced.empty:
        return "Every supplier was placed."
    lines = [f"{'supplier':<48} {'why':<18} {'rows':>7} {'£':>16}"]
    for r in unplaced.head(n).itertuples(index=False):
        lines.append(
            f"{str(r.supplier_name)[:48]:<48} {r.reason:<18} {r.rows:>7,} {r.amount:>16,.2f}"
        )
    if len(unplaced) > n:
        rest = unplaced.iloc[n:]
        lines.append(
            f"… and {len(rest):,} more supplier(s), {int(rest['rows'].sum()):,} rows, £{rest['amount'].sum():,.2f}"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    # Imported here so `python -m geo --help` stays quick and a broken sibling module cannot
    # break argument parsing.
    from geo.present.exports import area_names, register_template
    from geo.spend.combine import read_spend_files
    from geo.spend.flags import flag_summary, format_flag_summary
    from geo.spend.geocode import PostcodeLookup
    from geo.spend.matchreport import locate, located_share, match_summary, unplaced_suppliers
    from geo.store.read import read_postcodes

    out = Path(args.out)
    check_output(out)  # before the (possibly long) read so a typo fails at once
    paths = [Path(p) for p in args.spend]
    for p in paths:
        if not p.is_file():
            raise SpendGeoError(f"Spend file {p} does not exist.")
    if args.suppliers is not None and not Path(args.suppliers).is_file():
        raise SpendGeoError(f"Supplier register {args.suppliers} does not exist.")
    overrides = parse_map(args.map)

    t0 = time.perf_counter()
    # The index first: a missing store should fail before a long read of the spend file.
    lookup = PostcodeLookup.from_index(read_postcodes())
    table = read_spend_files(paths, sheet=args.sheet, overrides=overrides or None)
    frame, notes = table.frame, list(table.notes or [])
    # Place suppliers (register, company/charity numbers, names, accepted fuzzy, awards): the
    # same geo.spend.locate step as the app; `placing` is its report, printed below.
    from geo.cli.locate import locate_for_cli

    frame, placing = locate_for_cli(frame, args, lookup)

    geocoded = locate(frame, lookup)
    names = area_names() if out.suffix.lower() != ".parquet" else None
    write_table(geocoded, out, names)
    unplaced = unplaced_suppliers(geocoded)
    if args.unplaced is not None:
        try:
            Path(args.unplaced).write_bytes(register_template(unplaced))
        except OSError as err:
            raise SpendGeoError(f"Could not write {args.unplaced}: {err.strerror or err}.") from err
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    seconds = time.perf_counter() - t0
    if table.files is not None and len(table.files) > 1:
        print("Files read:")
        for r in table.files.itertuples(index=False):
            print(f"  {r.file:<48} {r.rows:>9,} rows  £{r.amount:>16,.2f}")
    print(f"{table.source_name}: {len(geocoded):,} rows geocoded in {seconds:.1f}s → {out}")
    print("Data-quality flags (rows are kept; a row may carry several flags):")
    print(format_flag_summary(flag_summary(geocoded)))
    print("Suppliers placed, by route:")
    print("\n".join(placing))
    print(format_report(match_summary(geocoded)))
    share = located_share(geocoded)
    if share is None or share == 0:
        print(
            "Share of £ located: n/a — no supplier located. Give a supplier register with "
            "postcodes (--register REGISTER.csv) or a Companies House index (--companies); --unplaced FILE.csv writes one to fill in."
        )
    else:
        print(f"Share of £ located: {share:.1%}")
    print("Unplaced suppliers, largest £ first:")
    print(format_unplaced(unplaced))
    return 0
