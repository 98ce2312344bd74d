"""CLI hook for placing suppliers: arguments and one call that `python -m geo geocode` makes before geocoding."""

# Wiring (geo/cli/geocode.py belongs to the spend helper): call add_locate_arguments(parser) in
# its add_arguments, and `frame, lines = locate_for_cli(frame, args)` between read_spend and
# geocode; print `lines`. Until then this module runs on its own:
#   python -m geo.cli.locate SPEND [SPEND …] [--register REG.csv] [--companies FILE]
#       [--charities FILE] [--awards FILE …] [--review REVIEW.csv] --out OUT

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from geo.errors import SpendGeoError


def add_locate_arguments(parser: argparse.ArgumentParser, *, register: bool = True) -> None:
    g = parser.add_argument_group("placing suppliers without postcodes")
    if register:
        g.add_argument(
            "--register",
            type=Path,
            help="supplier register (CSV/Excel: name or id, postcode[, branch postcode])",
        )
    g.add_argument(
        "--companies",
        type=Path,
        help="Companies House BasicCompanyDataAsOneFile ZIP/CSV or the prepared index (default: the index in data/store/ if present)",
    )
    g.add_argument(
        "--charities",
        type=Path,
        help="Charity Commission publicextract.charity ZIP/TXT or prepared Parquet",
    )
    g.add_argument(
        "--awards",
        type=Path,
        nargs="*",
        default=[],
        help="other spend/award files with supplier postcodes (e.g. Contracts Finder) used as name → postcode",
    )
    g.add_argument(
        "--review",
        type=Path,
        help="review table with decisions (accepted/rejected) from an earlier run",
    )
    g.add_argument("--review-out", type=Path, help="write the fuzzy-match review table here (CSV)")
    g.add_argument("--basis", choices=("registered_office", "branch"), default="registered_office",
                   help="use the register's branch postcode where it has one ('based or branched')")  # fmt: skip
    g.add_argument("--no-fuzzy", action="store_true", help="do not look for fuzzy candidates")
    g.add_argument("--threshold", type=float, default=90.0, help="fuzzy score threshold (0-100)")


def _read_spend_files(paths: list[Path]) -> pd.DataFrame:
    from geo.spend.ingest import read_spend

    frames = []
    for p in paths:
        if not Path(p).is_file():
            raise SpendGeoError(f"Spend file {p} does not exist.")
        frames.append(read_spend(Path(p)).frame)
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def locate_for_cli(
    frame: pd.DataFrame, args: argparse.Namespace, lookup=None
) -> tuple[pd.DataFrame, list[str]]:
    """Run every route the arguments allow; return the located frame and the report lines to print.

    With the postcode `lookup`, a register line corrects a file postcode that places nothing.
    """
    from geo.spend.charities import read_charities
    from geo.spend.companies import default_index_path, read_companies
    from geo.spend.locate import locate_suppliers
    from geo.spend.locate_report import (
        enrichment_gaps,
        format_routes,
        kind_summary,
        top_unplaced,
    )
    from geo.spend.matchreport import file_postcode_locates
    from geo.spend.suppliers import read_register

    register_path = getattr(args, "register", None) or getattr(args, "suppliers", None)
    register = read_register(Path(register_path)) if register_path else None
    companies_path = args.companies
    if companies_path is None and default_index_path().is_file():
        companies_path = default_index_path()
    companies = read_companies(companies_path) if companies_path else None
    charities = read_charities(args.charities) if args.charities else None
    awards = [_read_spend_files([p]) for p in args.awards]
    review = pd.read_csv(args.review, dtype="string") if args.review else None
    if review is not None and "score" in review:
        review["score"] = pd.to_numeric(review["score"], errors="coerce")
    located = locate_suppliers(
        frame,
        register=register,
        companies=companies,
        charities=charities,
        awards=awards,
        review=review,
        basis=args.basis,
        fuzzy=not args.no_fuzzy,
        threshold=args.threshold,
        file_locates=(
            file_postcode_locates(frame, lookup)
            if lookup is not None and register is not None
            else None
        ),
    )
    f = located.frame
    lines = [f"note: {n}" for n in located.notes]
    lines.append(format_routes(route_summary_of(f)))
    kinds = kind_summary(f)
    lines.append("kinds of place: " + "; ".join(
        f"{r.location_kind} {r.rows:,} rows £{r.amount:,.0f}" for r in kinds.itertuples()
    ))  # fmt: skip
    lines.append(f"local figures use basis={located.basis}")
    unplaced = top_unplaced(f, 10)
    if len(unplaced):
        lines.append("top unplaced suppliers:")
        lines += [
            f"  {r.supplier_name[:50]:<50} {r.rows:>7,} rows £{r.amount:>15,.2f}"
            for r in unplaced.itertuples()
        ]
    pending = located.review[located.review["decision"] == "pending"]
    if len(pending):
        where = (
            f" written to {args.review_out}"
            if args.review_out
            else " (pass --review-out to write it)"
        )
        lines.append(
            f"{len(pending):,} fuzzy candidate(s) await review{where}; accepted ones place rows on the next run with --review."
        )
    if args.review_out:
        located.review.to_csv(args.review_out, index=False)
    for gap in enrichment_gaps(
        frame,
        register=register is not None,
        companies=companies is not None,
        charities=charities is not None,
        awards=bool(awards),
        companies_path=default_index_path(),
    ):
        lines.append(f"not done: {gap}")
    return f, lines


def route_summary_of(frame: pd.DataFrame) -> pd.DataFrame:
    from geo.spend.locate_report import route_summary

    return route_summary(frame)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.cli.locate", description=__doc__)
    parser.add_argument("spend", type=Path, nargs="+", help="spend file(s)")
    parser.add_argument("--out", type=Path, required=True, help="output table: .csv or .parquet")
    add_locate_arguments(parser)
    args = parser.parse_args(argv)
    try:
        from geo.cli.output import write_table
        from geo.spend.geocode import PostcodeLookup, geocode
        from geo.store.read import read_postcodes

        if args.out.suffix.lower() not in (".csv", ".parquet"):
            raise SpendGeoError(f"Output {args.out} must end in .csv or .parquet.")
        frame = _read_spend_files(args.spend)
        located, lines = locate_for_cli(frame, args)
        try:
            lookup = PostcodeLookup.from_index(read_postcodes())
            located = geocode(located, lookup)
        except SpendGeoError as err:
            lines.append(f"not done: geocoding ({err})")
        write_table(located, args.out)
        print("\n".join(lines))
        print(f"{len(located):,} rows → {args.out}")
        return 0
    except SpendGeoError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
