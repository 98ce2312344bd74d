"""`python -m geo report GEOCODED [filters…] --local … --out report.html|report.docx`: a committee-ready report."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from geo import levels
from geo.analysis.compare import (
    MEASURES,
    BuyerComparison,
    PeriodChange,
    compare_buyers,
    compare_periods,
)
from geo.analysis.filters import Locality, apply_filters
from geo.analysis.index import SpendFrame, prepare_spend, select
from geo.analysis.summary import format_share, summarise
from geo.cli import summary as summary_cli
from geo.errors import SpendGeoError
from geo.fmt import format_change, format_value
from geo.present import columns

# Rows of a per-buyer comparison printed in the report; the CLI summary JSON lists all.
BUYER_ROWS = 25


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # The same selection options as `summary`, so a report and a summary of one command line agree.
    summary_cli.add_arguments(parser)
    for action in parser._actions:
        if "--format" in action.option_strings:
            action.help = argparse.SUPPRESS  # the format comes from --out's extension
    parser.add_argument("--out", type=Path, required=True, help="report.html or report.docx")
    parser.add_argument(
        "--public", action="store_true", help="public-mode rules: individuals are never named"
    )
    parser.add_argument("--title", default="", help="report title")
    parser.add_argument(
        "--no-maps", action="store_true", help="leave the map images out (faster, smaller file)"
    )


def leakage_extras(
    sf: SpendFrame,
    mask,
    locality: Locality,
    names: dict[str, str],
    top: int,
    maps: bool,
    store: Path | None = None,
) -> tuple[list, list]:
    """(report sections, flow-map images) of where the selection's non-local £ goes."""
    from geo.analysis.leakage import (
        area_centroids,
        centre_on_own_table,
        leakage,
        locality_centre,
    )
    from geo.present import image, image_flows, sections
    from geo.store import read

    imd = sf.imd
    leak = leakage(sf, select(sf, mask), locality, "geocoded", summary_cli.lad_regions(imd), names)
    found = sections.leakage_sections(leak, names, top or None)
    if not maps:
        return found, []
    lad = read.read_areas(levels.for_imd("lad", imd).key, store)
    own = read.read_areas(locality.level.key, store) if centre_on_own_table(lad, locality) else lad
    centre = locality_centre(own, locality)
    if centre is None:
        return found, []
    vintages = image.default_vintages(read.read_manifest(store), imd)
    flow = image_flows.flow_map_image(
        leak, "lad", area_centroids(lad, imd), centre, lad, names, vintages
    )
    return found, [flow]


def buyer_section(c: BuyerComparison) -> tuple[str, pd.DataFrame, str]:
    """A per-buyer comparison as an extra report section, both averages named in the note."""
    table = c.table.rename(columns={"name": c.by, "share": f"share_of_{c.by}"})
    if "locality" in table.columns and table["locality"].nunique(dropna=False) <= 1:
        table = table.drop(columns="locality")  # one boundary for every buyer: said in the note
    table = table.head(BUYER_ROWS)
    more = (
        f" Showing {BUYER_ROWS} of {len(c.table):,} {c.by}s." if len(c.table) > BUYER_ROWS else ""
    )
    note = (
        f"{c.label}. {c.weighted_label}: {format_share(c.weighted_share)}. "
        f"{c.simple_label}: {format_share(c.simple_mean)}.{more}"
    )
    return f"By {c.by}: {MEASURES[c.measure]}", table, note


def period_section(p: PeriodChange) -> tuple[str, pd.DataFrame, str]:
    t = p.table
    out = pd.DataFrame({"Figure": t["label"]})
    for col, name in (("a", p.label_a), ("b", p.label_b)):
        out[name] = [format_value(v, u) for v, u in zip(t[col], t["unit"], strict=True)]
    out["Change"] = [
        format_change(v, u) for v, u in zip(t["change"], t["change_unit"], strict=True)
    ]
    return f"Change from {p.label_a} to {p.label_b}", out, p.basis


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("html", "docx"):
        raise SpendGeoError(f"--out {out} must end in .html or .docx.")
    if not out.parent.exists():
        raise SpendGeoError(f"The folder {out.parent} does not exist.")
    if args.top < 0:
        raise SpendGeoError("--top must be 0 or more.")
    names = columns.area_names()
    imd = getattr(args, "imd", None)
    locality = Locality.parse(args.local, args.local_label, imd) if args.local else None
    if locality is not None and not locality.label and names:
        label = " + ".join(names.get(c, c) for c in locality.codes)
        locality = Locality(locality.kind, locality.codes, label, locality.imd)
    path = Path(args.geocoded)
    geocoded = summary_cli.read_geocoded(path)
    sf = prepare_spend(geocoded, imd)
    filters = summary_cli.build_filters(args, sf)
    mask = apply_filters(sf, filters)
    s = summarise(sf, mask, locality, args.denominator, args.top, filters.describe())

    extra = []
    if len(set(sf.buyer_code[mask].tolist())) > 1:
        for measure in MEASURES:
            if measure == "local" and locality is None:
                continue
            extra.append(
                buyer_section(compare_buyers(sf, mask, locality, measure, args.denominator))
            )
    if args.compare_periods:
        a, b = (summary_cli._period(p) for p in args.compare_periods)
        extra.append(period_section(compare_periods(sf, filters, a, b, locality, args.denominator)))

    flow_maps = []
    if locality is not None:
        # Where non-local money goes, as the Compare & leakage page's report has it: the tables
        # (by LAD, CA, region) and, with maps, the flow map by LAD.
        leak_sections, flow_maps = leakage_extras(
            sf, mask, locality, {**names, **summary_cli.region_names()}, args.top, not args.no_maps
        )
        extra += leak_sections

    from geo.present.report_maps import report_for_view

    data = report_for_view(
        s,
        geocoded,
        mask,
        filters,
        locality,
        fmt=fmt,
        public=args.public,
        source_name=path.name,
        title=args.title,
        extra_sections=extra,
        extra_maps=flow_maps,
        maps=not args.no_maps,
        top_n=args.top,
        imd=sf.imd,
    )
    out.write_bytes(data)
    print(f"Report written: {out} ({len(data) / 1e6:.1f} MB).")
    return 0
