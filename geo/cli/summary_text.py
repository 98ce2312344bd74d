"""Text rendering of `python -m geo summary`: headline figures, tables, comparisons, leakage, LM3."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from geo.analysis.benchmark import Benchmark
from geo.analysis.compare import BuyerComparison, PeriodChange, SideBySide
from geo.analysis.leakage import Leakage
from geo.analysis.multiplier import LM3Estimate
from geo.analysis.summary import Summary
from geo.fmt import format_change, format_gbp, format_share, format_value

AREA_FILES = {"by_lad": "lad", "by_lep": "lep", "by_ca": "ca24"}


# --- table rendering ----------------------------------------------------------------------------


def _fmt(value: object, unit: str) -> str:
    return format_value(value, unit)


def _frame_text(df: pd.DataFrame) -> str:
    if df.empty:
        return "  (none)"
    shown = df.copy()
    for col in shown.columns:
        if col in ("gbp", "numerator_gbp", "denominator_gbp", "spend_gbp"):
            shown[col] = [format_gbp(v) for v in shown[col]]
        elif col == "share" or col.startswith("share_") or col.endswith("_share"):
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
        why = f" (n/a: {f.why_missing})" if f.why_missing else ""
        lines.append(f"  {_fmt(f.value, f.unit):>28}  {f.label}{why}")
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
            delta = format_change(_none(r.change), r.change_unit)
            lines.append(f"  {r.figure:<24} A {a:>30}  B {b:>30}  change {delta}")
        lines.append("")
    return "\n".join(lines).rstrip()


def render_extras(
    leak: Leakage | None,
    side: SideBySide | None,
    lm3: LM3Estimate | None,
    bench: Benchmark | None,
    top: int,
) -> str:
    """Leakage, area comparison, LM3 estimate and buyer benchmark as text sections."""
    lines: list[str] = []
    if leak is not None:
        lines += ["", f"leakage: {leak.basis}"]
        for what, v in (("retained", leak.retained_gbp), ("leaked", leak.leaked_gbp), ("not located", leak.unlocated_gbp), ("total", leak.total_gbp)):  # fmt: skip
            lines.append(f"  {format_gbp(v):>28}  {what}")
        lines.append(
            f"  {format_share(leak.retained_share):>28}  retained share (of located spend)"
        )
        lines.append(f"  {format_share(leak.leaked_share):>28}  leaked share (of located spend)")
        for name, df in leak.tables().items():
            lines += [f"leaked £ {name.replace('_', ' ')} (destination; share = of leaked £)", _frame_text(df.head(top))]  # fmt: skip
    if side is not None:
        lines += ["", f"areas side by side: A = {side.label_a}, B = {side.label_b}. {side.basis}"]
        for r in side.table.itertuples(index=False):
            a, b = _fmt(_none(r.a), r.unit), _fmt(_none(r.b), r.unit)
            lines.append(f"  {r.figure:<24} A {a:>30}  B {b:>30}  difference {format_change(_none(r.change), r.change_unit)}")  # fmt: skip
    if lm3 is not None:
        lines += ["", lm3.label]
        lines.append(f"  {format_gbp(lm3.round1_gbp):>28}  round 1: spend")
        lines.append(f"  {format_gbp(lm3.round2_gbp):>28}  round 2: with local suppliers (data)")
        lines.append(f"  {format_gbp(lm3.round3_gbp):>28}  round 3: re-spent locally (assumed)")
        lines.append(f"  {format_value(lm3.lm3, 'ratio'):>28}  LM3 estimate")
        for a in lm3.assumptions:
            lines.append(f"  assumption: {a.name} = {a.value:.3f} (source: {a.source})")
    if bench is not None:
        lines += [
            "",
            "benchmark: each buyer side by side (shares of " + bench.denominator + " spend)",
        ]
        lines.append(_frame_text(bench.table.drop(columns=["locality"], errors="ignore")))
        lines.append(_frame_text(bench.averages))
    return "\n".join(lines)


def _none(v: object) -> object:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v
