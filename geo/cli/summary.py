"""`python -m geo summary GEOCODED`: print every progressive-procurement summary of a geocoded spend file."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pandas as pd

from geo import levels
from geo.analysis.benchmark import benchmark
from geo.analysis.compare import (
    MEASURES,
    compare_areas,
    compare_buyers,
    compare_periods,
)
from geo.analysis.filters import DENOMINATORS, STATUSES, Filters, Locality, apply_filters
from geo.analysis.index import SpendFrame, prepare_spend, select
from geo.analysis.leakage import leakage
from geo.analysis.multiplier import DEFAULT_RESPEND, Assumption, estimate_lm3
from geo.analysis.periods import financial_year
from geo.analysis.shares import frame_records
from geo.analysis.summary import summarise
from geo.cli.summary_text import render_extras, render_table
from geo.errors import SpendGeoError
from geo.paths import store_dir
from geo.present.columns import codes_from_words, from_labels


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("geocoded", help="CSV or Parquet written by `python -m geo geocode`")
    parser.add_argument(
        "--local",
        metavar="KIND:CODE",
        help="what counts as local: lad:CODE, lep:CODE, ca:CODE, utla24:CODE (upper-tier "
        "authority, 2024: county, unitary, metropolitan district or London borough) or "
        "lads:CODE,CODE,… (GSS codes); lad/ca follow --imd (LAD 2024 / CA May 2025 under 2025, "
        "LAD 2021 / CA May 2024 under 2019); lad24:, lad21:, ca25:, ca24: name one vintage",
    )
    add_imd_argument(parser)
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
    parser.add_argument(
        "--compare-areas",
        nargs=2,
        metavar=("A", "B"),
        help="also show the selection with local = area A beside local = area B (KIND:CODE each)",
    )
    parser.add_argument(
        "--lm3-respend",
        type=float,
        metavar="RATE",
        help="LM3 estimate: share (0-1) of local suppliers' income re-spent locally (round 3); "
        f"default {DEFAULT_RESPEND.value} ({DEFAULT_RESPEND.source})",
    )
    parser.add_argument(
        "--exclude-flagged",
        action="store_true",
        help="leave out rows with a data-quality flag (the `flags` column; no-op without it)",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")


def add_imd_argument(parser: argparse.ArgumentParser) -> None:
    """--imd 2025|2019: the deprivation vintage (and current LAD / CA set) of every figure."""
    parser.add_argument(
        "--imd",
        default=levels.DEFAULT_IMD,
        choices=tuple(levels.IMD),
        help="deprivation vintage: 2025 (IMD 2025 on LSOA 2021, LAD 2024, CA 2025; default) or "
        "2019 (IMD 2019 on LSOA 2011, LAD 2021, CA 2024)",
    )


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
            table = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
            # A CSV written by `geo geocode` or downloaded from the app has human headings
            # (geo.present.columns): read them back to the engine's names.
            return codes_from_words(table.rename(columns=from_labels(list(table.columns))))
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise SpendGeoError(f"{path} could not be read ({reason}).") from None
    raise SpendGeoError(f"{path} is not a .csv or .parquet file.")


def area_names() -> dict[str, str]:
    """GSS code → name from the store's LAD/LEP/CA tables; empty when the store is not built.

    Names are display only: the summaries are keyed by code, so a missing store loses no figures.
    """
    names: dict[str, str] = {}
    for store in dict.fromkeys(lv.store for lv in levels.LEVELS.values()):
        path = store_dir() / f"{store}.parquet"
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
        exclude_flagged=bool(getattr(args, "exclude_flagged", False)),
    )


def lad_regions(imd: str | None = None) -> dict[str, str]:
    """LAD code → region code (rgn21cd) from the store's LAD table of the IMD vintage (LAD 2024
    under 2025, LAD 2021 under 2019); empty when not built."""
    lad = levels.for_imd("lad", imd).store
    try:
        table = pd.read_parquet(
            store_dir() / f"{lad}.parquet", columns=["code", "rgn21cd", "rgn21nm"]
        )
    except (OSError, ValueError, KeyError):
        return {}
    return dict(zip(table["code"].astype(str), table["rgn21cd"].astype(str), strict=True))


def region_names() -> dict[str, str]:
    try:
        table = pd.read_parquet(store_dir() / "lad.parquet", columns=["rgn21cd", "rgn21nm"])
    except (OSError, ValueError, KeyError):
        return {}
    return dict(zip(table["rgn21cd"].astype(str), table["rgn21nm"].astype(str), strict=True))


def _respend(args: argparse.Namespace) -> Assumption:
    rate = getattr(args, "lm3_respend", None)
    if rate is None:
        return DEFAULT_RESPEND
    if not 0 <= rate <= 1:
        raise SpendGeoError(f"--lm3-respend {rate} must be a share between 0 and 1 (e.g. 0.4).")
    return Assumption(DEFAULT_RESPEND.name, float(rate), "set with --lm3-respend")


def _named(locality: Locality, names: dict[str, str]) -> Locality:
    if locality.label or not names:
        return locality
    return Locality(
        locality.kind,
        locality.codes,
        " + ".join(names.get(c, c) for c in locality.codes),
        locality.imd,
    )


def run(args: argparse.Namespace) -> int:
    imd = getattr(args, "imd", levels.DEFAULT_IMD)
    locality = Locality.parse(args.local, args.local_label, imd) if args.local else None
    if args.top < 0:
        raise SpendGeoError("--top must be 0 or more.")
    names = area_names()
    if locality is not None:
        locality = _named(locality, names)
    areas = None
    if getattr(args, "compare_areas", None):
        areas = tuple(_named(Locality.parse(a, "", imd), names) for a in args.compare_areas)
    respend = _respend(args)
    path = Path(args.geocoded)
    sf = prepare_spend(read_geocoded(path), imd)
    filters = build_filters(args, sf)
    mask = apply_filters(sf, filters)
    sel = select(sf, mask)
    summary = summarise(sf, sel, locality, args.denominator, args.top, filters.describe())
    tables = {name: with_names(df, names) for name, df in summary.tables().items()}
    tables["top_suppliers"] = with_names(tables["top_suppliers"], names, sf.lad_column)
    comparisons = []
    bench = None
    if len(set(sf.buyer_code[mask].tolist())) > 1:
        for measure in MEASURES:
            if measure == "local" and locality is None:
                continue
            comparisons.append(compare_buyers(sf, sel, locality, measure, args.denominator))
        bench = benchmark(sf, sel, locality, args.denominator)
    change = None
    if args.compare_periods:
        a, b = (_period(p) for p in args.compare_periods)
        change = compare_periods(sf, filters, a, b, locality, args.denominator)
    side = compare_areas(sf, filters, *areas, args.denominator) if areas else None
    leak = lm3 = None
    if locality is not None:
        leak = leakage(sf, sel, locality, "geocoded", lad_regions(imd), {**names, **region_names()})
        lm3 = estimate_lm3(summary, respend)

    if args.format == "json":
        out = {
            "file": str(path),
            "imd": sf.imd,
            "filters": filters.to_params(),
            "summary": summary.to_dict(),
        }
        for name, df in tables.items():
            out["summary"]["tables"][name]["rows"] = frame_records(df)
        out["summary"]["leakage"] = leak.to_dict() if leak else None
        out["buyer_comparisons"] = [c.to_dict() for c in comparisons]
        out["benchmark"] = bench.to_dict() if bench else None
        out["period_change"] = change.to_dict() if change else None
        out["area_comparison"] = side.to_dict() if side else None
        out["lm3_estimate"] = lm3.to_dict() if lm3 else None
        # allow_nan=False: any NaN that slipped past to_dict would make invalid JSON, so fail loudly.
        json.dump(out, sys.stdout, indent=2, allow_nan=False, ensure_ascii=False)
        print()
        return 0
    text = render_table(path, summary, tables, comparisons, change, args.top)
    print(text + render_extras(leak, side, lm3, bench, args.top))
    return 0
