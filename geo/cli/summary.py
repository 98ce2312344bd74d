"""`python -m geo summary GEOCODED`: print every progressive-procurement summary of a geocoded spend file."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pandas as pd

from geo.analysis.compare import (
    MEASURES,
    BuyerComparison,
    PeriodChange,
    compare_buyers,
    compare_periods,
)
from geo.analysis.filters import DENOMINATORS, STATUSES, Filters, Locality, apply_filters
from geo.analysis.index import SpendFrame, prepare_spend
from geo.analysis.periods import financial_year
from geo.analysis.shares import frame_records
from geo.analysis.summary import Summary, summarise
from geo.errors import SpendGeoError
from geo.paths import store_dir
from geo.present.fmt import format_gbp, format_share


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("geocoded", help="CSV or Parquet written by `python -m geo geocode`")
    parser.add_argument(
        "--local",
        metavar="KIND:CODE",
        help="what counts as local: lad:CODE, lep:CODE, ca:CODE or lads:CODE,CODE,… (GSS codes)",
    )
    parser.add_argument("--local-label", default="", help="display name for the local boundary")
    parser.add_argument(
        "--denominator",
        choices=DENOMINATORS,
        default="all",
        help="local and deprived shares are of all spend (default) or of geocoded spend only",
    )
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="first date, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="last date, YYYY-MM-DD")
    parser.add_argument("--fy", metavar="YYYY-YY", help="one UK financial year, e.g. 2024-25")
    parser.add_argument("--buyer", action="extend", nargs="+", default=[], metavar="NAME")
    parser.add_argument("--department", action="extend", nargs="+", default=[], metavar="NAME")
    parser.add_argument(
        "--supplier", default="", metavar="TEXT", help="supplier name contains TEXT"
    )
    parser.add_argument(
        "--decile", metavar="D,D", help="only suppliers in these IMD deciles, e.g. 1,2"
    )
    parser.add_argument(
        "--status", action="extend", nargs="+", default=[], choices=STATUSES, metavar="STATUS"
    )
    parser.add_argument("--top", type=int, default=10, metavar="N", help="top suppliers to list")
    parser.add_argument(
        "--compare-periods",
        nargs=2,
        metavar=("A", "B"),
        help="also show the change between two periods: financial years (2023-24) or FROM:TO dates",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")


def read_geocoded(path: Path) -> pd.DataFrame:
    """Read a geocoded spend table from CSV or Parquet; SpendGeoError on anything unreadable."""
    if not path.exists():
        raise SpendGeoError(f"{path} does not exist.")
    if not path.is_file():
        raise SpendGeoError(f"{path} is not a file.")
    name = path.name.lower()
    try:
        if name.endswith((".parquet", ".pq")):
            return pd.read_parquet(path)
        if name.endswith((".csv", ".csv.gz")):
            # Text in, typed by prepare_spend: pandas' per-chunk type guessing would split columns.
            return pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise SpendGeoError(f"{path} could not be read ({reason}).") from None
    raise SpendGeoError(f"{path} is not a .csv or .parquet file.")


AREA_FILES = {"by_lad": "lad", "by_lep": "lep", "by_ca": "ca24"}


def area_names() -> dict[str, str]:
    """GSS code → name from the store's LAD/LEP/CA tables; empty when the store is not built.

    Names are display only: the summaries are keyed by code, so a missing store loses no figures.
    """
    names: dict[str, str] = {}
    for level in AREA_FILES.values():
        path = store_dir() / f"{level}.parquet"
        try:
            table = pd.read_parquet(path, columns=["code", "name"])
        except (OSError, ValueError, KeyError):
            continue
        names.update(zip(table["code"].astype(str), table["name"].astype(str), strict=True))
    return names


def with_names(df: pd.DataFrame, names: dict[str, str], column: str = "code") -> pd.DataFrame:
    """Insert a `name` column after `column` (empty where the code is not in the store)."""
    if not names or column not in df.columns:
        return df
    out = df.copy()
    out.insert(out.columns.get_loc(column) + 1, f"{column}_name" if column != "code" else "name", pd.array([names.get(str(c), pd.NA) if pd.notna(c) else pd.NA for c in df[column]], dtype="string"))  # fmt: skip
    return out


def _date(text: str | None, flag: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise SpendGeoError(f"{flag} {text!r} is not a date: use YYYY-MM-DD.") from None


def _fy(text: str, flag: str) -> tuple[date, date]:
    try:
        return financial_year(text)
    except ValueError:
        raise SpendGeoError(f"{flag} {text!r} is not a financial year like 2024-25.") from None


def _period(text: str) -> tuple[date | None, date | None] | str:
    if ":" in text:
        lo, _, hi = text.partition(":")
        return _date(lo or None, "--compare-periods"), _date(hi or None, "--compare-periods")
    _fy(text, "--compare-periods")
    return text.strip()


def _match_names(wanted: list[str], known: Iterable[object], what: str) -> tuple[str, ...]:
    """Map names case-insensitively to those in the file; an unknown one is an error, not 0 rows."""
    by_fold = {str(k).casefold(): str(k) for k in known}
    out = []
    for w in wanted:
        hit = by_fold.get(w.strip().casefold())
        if hit is None:
            sample = ", ".join(sorted(by_fold.values())[:5]) or "none"
            raise SpendGeoError(f"{what} {w!r} is not in the file (e.g. {sample}).")
        out.append(hit)
    return tuple(out)


def _deciles(text: str | None) -> tuple[int, ...]:
    if not text:
        return ()
    out = []
    for piece in text.split(","):
        p = piece.strip()
        if not (p.isascii() and p.isdigit() and 1 <= int(p) <= 10):
            raise SpendGeoError(f"--decile {text!r}: {piece!r} is not an IMD decile 1-10.")
        out.append(int(p))
    return tuple(out)


def build_filters(args: argparse.Namespace, sf: SpendFrame) -> Filters:
    date_from = _date(args.date_from, "--from")
    date_to = _date(args.date_to, "--to")
    if args.fy:
        if date_from or date_to:
            raise SpendGeoError("--fy cannot be combined with --from/--to.")
        date_from, date_to = _fy(args.fy, "--fy")
    if date_from and date_to and date_from > date_to:
        raise SpendGeoError(f"--from {date_from} is after --to {date_to}.")
    return Filters(
        date_from=date_from,
        date_to=date_to,
        buyers=_match_names(args.buyer, sf.buyers, "--buyer"),
        departments=_match_names(args.department, sf.departments, "--department"),
        supplier_query=args.supplier or "",
        deciles=_deciles(args.decile),
        statuses=tuple(args.status),
    )


def run(args: argparse.Namespace) -> int:
    locality = Locality.parse(args.local, args.local_label) if args.local else None
    if args.top < 0:
        raise SpendGeoError("--top must be 0 or more.")
    names = area_names()
    if locality is not None and not locality.label and names:
        label = " + ".join(names.get(c, c) for c in locality.codes)
        locality = Locality(locality.kind, locality.codes, label)
    path = Path(args.geocoded)
    sf = prepare_spend(read_geocoded(path))
    filters = build_filters(args, sf)
    mask = apply_filters(sf, filters)
    summary = summarise(sf, mask, locality, args.denominator, args.top, filters.describe())
    tables = {name: with_names(df, names) for name, df in summary.tables().items()}
    tables["top_suppliers"] = with_names(tables["top_suppliers"], names, "lad21cd")
    comparisons = []
    if len(set(sf.buyer_code[mask].tolist())) > 1:
        for measure in MEASURES:
            if measure == "local" and locality is None:
                continue
            comparisons.append(compare_buyers(sf, mask, locality, measure, args.denominator))
    change = None
    if args.compare_periods:
        a, b = (_period(p) for p in args.compare_periods)
        change = compare_periods(sf, filters, a, b, locality, args.denominator)

    if args.format == "json":
        out = {"file": str(path), "filters": filters.to_params(), "summary": summary.to_dict()}
        for name, df in tables.items():
            out["summary"]["tables"][name]["rows"] = frame_records(df)
        out["buyer_comparisons"] = [c.to_dict() for c in comparisons]
        out["period_change"] = change.to_dict() if change else None
        # allow_nan=False: any NaN that slipped past to_dict would make invalid JSON, so fail loudly.
        json.dump(out, sys.stdout, indent=2, allow_nan=False, ensure_ascii=False)
        print()
        return 0
    print(render_table(path, summary, tables, comparisons, change, args.top))
    return 0


# --- table rendering ----------------------------------------------------------------------------


def _fmt(value: object, unit: str) -> str:
    if unit == "share":
        return format_share(value)  # type: ignore[arg-type]
    if unit == "gbp":
        return format_gbp(value)  # type: ignore[arg-type]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{int(value):,}"


def _frame_text(df: pd.DataFrame) -> str:
    if df.empty:
        return "  (none)"
    shown = df.copy()
    for col in shown.columns:
        if col in ("gbp", "numerator_gbp", "denominator_gbp"):
            shown[col] = [format_gbp(v) for v in shown[col]]
        elif col == "share" or col.startswith("share_"):
            # In a table n/a can also mean "does not apply" (not-geocoded row of share_of_geocoded);
            # the table's label says what each column is a share of.
            shown[col] = ["n/a" if _none(v) is None else format_share(v) for v in shown[col]]
    shown = shown.astype(object).where(shown.notna(), "")
    return "\n".join("  " + line for line in shown.to_string(index=False).splitlines())


def render_table(
    path: Path,
    s: Summary,
    tables: dict[str, pd.DataFrame],
    comparisons: list[BuyerComparison],
    change: PeriodChange | None,
    top: int,
) -> str:
    lines = [
        f"Spend summary: {path}",
        f"Selection: {s.selection or 'all rows'}",
        f"Basis: {s.basis}",
        "",
    ]
    for f in s.headline():
        lines.append(f"  {_fmt(f.value, f.unit):>28}  {f.label}")
    lines.append(f"  {s.rows_without_amount:>28,}  Rows with no readable amount (counted as £0)")
    lines.append(f"  {s.rows_without_date:>28,}  Rows with no readable date")
    sme = ", ".join(f"{k} {format_gbp(v)}" for k, v in s.sme_gbp.items())
    vcse = ", ".join(f"{k} {format_gbp(v)}" for k, v in s.vcse_gbp.items())
    lines += [f"  SME £: {sme}", f"  VCSE £: {vcse}", ""]
    for name, df in tables.items():
        lines += [f"{name}: {s.labels.get(name, '')}", _frame_text(df.head(top) if name in AREA_FILES else df)]  # fmt: skip
        if name in AREA_FILES and len(df) > top:
            lines.append(
                f"  … {len(df) - top:,} more (--top N shows more; --format json lists all)"
            )
        lines.append("")
    for c in comparisons:
        lines += [
            f"by buyer: {c.label}",
            _frame_text(c.table),
            f"  {format_share(c.weighted_share):>28}  {c.weighted_label}",
            f"  {format_share(c.simple_mean):>28}  {c.simple_label}",
            "",
        ]
    if change is not None:
        t = change.table
        lines.append(f"change from A = {change.label_a} to B = {change.label_b}: {change.basis}")
        for r in t.itertuples(index=False):
            a, b = _fmt(_none(r.a), r.unit), _fmt(_none(r.b), r.unit)
            d = _none(r.change)
            if d is None:
                delta = "n/a"
            elif r.change_unit == "pp":
                delta = f"{d:+.1f} pp"
            elif r.change_unit == "gbp":
                delta = ("+" if d >= 0 else "") + format_gbp(d)
            else:
                delta = f"{int(d):+,}"
            lines.append(f"  {r.figure:<24} A {a:>30}  B {b:>30}  change {delta}")
        lines.append("")
    return "\n".join(lines).rstrip()


def _none(v: object) -> object:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v
