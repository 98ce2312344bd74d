"""Comparisons: per-buyer shares with both averages, and any two selections side by side (periods, areas)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.analysis.filters import Filters, Locality, apply_filters
from geo.analysis.index import Selection, SpendFrame, group_cell_totals, select
from geo.analysis.periods import Period, period_bounds
from geo.analysis.shares import (
    NET_NOTE,
    check_denominator,
    denominator_description,
    frame_records,
    json_value,
    share,
)
from geo.analysis.summary import Summary, summarise

# --- across buyers ------------------------------------------------------------------------------

MEASURES: dict[str, str] = {
    "local": "local share",
    "decile1": "share with suppliers in IMD decile 1 (10% most deprived)",
    "decile12": "share with suppliers in IMD deciles 1-2 (20% most deprived)",
}


@dataclass(frozen=True)
class BuyerComparison:
    """A share per buyer plus the two ways of averaging them, which published benchmarks mix."""

    measure: str
    denominator: str
    by: str
    table: pd.DataFrame  # name, numerator_gbp, denominator_gbp, share, rows, locality
    weighted_share: float | None  # pooled: sum of numerators / sum of denominators
    simple_mean: float | None  # unweighted mean of the per-buyer shares
    n_included: int  # buyers with a defined share (positive denominator)
    weighted_label: str
    simple_label: str
    label: str

    def to_dict(self) -> dict:
        return {
            "measure": self.measure,
            "denominator": self.denominator,
            "by": self.by,
            "label": self.label,
            "weighted_share": json_value(self.weighted_share),
            "weighted_label": self.weighted_label,
            "simple_mean": json_value(self.simple_mean),
            "simple_label": self.simple_label,
            "n_included": self.n_included,
            "rows": frame_records(self.table),
        }


def compare_buyers(
    sf: SpendFrame,
    mask: np.ndarray | Selection | None,
    locality: Locality | Mapping[str, Locality] | None,
    measure: str = "local",
    denominator: str = "all",
    by: str = "buyer",
) -> BuyerComparison:
    """Per-buyer (or per-department) share of `measure`, with the spend-weighted and simple means.

    `locality` may be one boundary for every buyer, or a mapping buyer → own boundary (a council's
    "local" is usually its own area); a buyer missing from the mapping has no local share. Both
    averages use the same buyers: those with a defined share (positive denominator).
    """
    check_denominator(denominator)
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    if by not in ("buyer", "department"):
        raise ValueError(f"by must be 'buyer' or 'department', not {by!r}")
    if measure == "local" and locality is None:
        raise ValueError("the local measure needs a locality")
    if isinstance(locality, Locality):  # "lad:" / "ca:" follow the index's vintage
        locality = locality.under(sf.imd)
    elif locality is not None:
        locality = {k: v.under(sf.imd) for k, v in locality.items()}
    names = sf.buyers if by == "buyer" else sf.departments
    # Code -1 (no buyer/department named) has the last slot so it is reported, not dropped.
    k = len(names) + 1
    nc = sf.n_cells
    sel = select(sf, mask)
    # £ and rows per (group, cell), made once per selection: every per-group numerator and
    # denominator of every measure is then a matrix-vector product over the cells.
    gbp, group_rows = group_cell_totals(sf, sel, by)
    rows = group_rows.sum(axis=1)

    den_cells = np.ones(nc, bool) if denominator == "all" else sf.cell_geocoded
    den = gbp @ den_cells
    group_names = list(names) + [f"(no {by} named)"]
    loc_desc = [""] * k
    if measure == "local":
        if isinstance(locality, Locality):
            num = gbp @ (den_cells & sf.local_cells(locality))
            loc_desc = [locality.description] * k
        else:
            # Each group's own boundary; a group missing from the mapping has no local share.
            num = np.full(k, np.nan)
            for g, name in enumerate(group_names):
                loc = locality.get(name) if locality is not None else None
                if loc is not None:
                    num[g] = gbp[g] @ (den_cells & sf.local_cells(loc))
                    loc_desc[g] = loc.description
    else:
        top = 0 if measure == "decile1" else 1
        num = gbp @ (den_cells & (sf.cell_bucket <= top))

    present = rows > 0
    shares = np.full(k, np.nan)
    ok = present & (den > 0) & np.isfinite(num)
    shares[ok] = num[ok] / den[ok]
    table = pd.DataFrame(
        {
            "name": pd.array(group_names, dtype="string"),
            "numerator_gbp": num,
            "denominator_gbp": den,
            "share": shares,
            "rows": rows.astype(np.int64),
            "locality": pd.array(loc_desc, dtype="string"),
        }
    )[present]
    table = table.sort_values(["share", "name"], ascending=[False, True], na_position="last")
    table = table.reset_index(drop=True)
    n_ok = int(ok.sum())
    weighted = share(float(num[ok].sum()), float(den[ok].sum())) if n_ok else None
    simple = float(shares[ok].mean()) if n_ok else None
    of = denominator_description(denominator).replace(" in the selection", "")
    what = MEASURES[measure]
    if measure != "local":  # name the vintage: "IMD 2025 decile 1 … (LSOA 2021)"
        v = sf.vintage
        what = what.replace("IMD", v.label).replace(")", f", {v.lsoa_vintage})")
    if measure == "local":
        where = (
            locality.description if isinstance(locality, Locality) else "each buyer's own boundary"
        )
        what = f"local share ({where})"
    return BuyerComparison(
        measure=measure,
        denominator=denominator,
        by=by,
        table=table,
        weighted_share=weighted,
        simple_mean=simple,
        n_included=n_ok,
        weighted_label=f"Spend-weighted (pooled £) {what} across {n_ok} {by}s: sum of their "
        f"numerators / sum of their denominators ({of})",
        simple_label=f"Simple mean of the {n_ok} {by}s' {what} (each {by} counts equally)",
        label=f"{what[0].upper()}{what[1:]} per {by}, of {of}; {NET_NOTE}",
    )


# --- two selections side by side ------------------------------------------------------------

CHANGE_UNITS = {"share": "pp", "gbp": "gbp", "count": "count"}


@dataclass(frozen=True)
class SideBySide:
    """Each headline figure for selection A and B, and the difference B − A (£, count or pp)."""

    kind: str  # "periods" or "areas"
    label_a: str
    label_b: str
    a: Summary
    b: Summary
    table: pd.DataFrame  # figure, label, unit, a, b, change, change_unit
    basis: str

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "a": self.label_a,
            "b": self.label_b,
            # Older readers of the period comparison look for these two keys.
            "period_a": self.label_a,
            "period_b": self.label_b,
            "basis": self.basis,
            "rows": frame_records(self.table),
        }


# The period comparison was the first side-by-side; its name stays for callers.
PeriodChange = SideBySide


def pair_summaries(a: Summary, b: Summary) -> pd.DataFrame:
    """Every headline figure of A beside B with the difference (share changes in percentage points)."""
    records = []
    for fig_a, fig_b in zip(a.headline(), b.headline(), strict=True):
        va, vb = fig_a.value, fig_b.value
        if va is None or vb is None:
            change = None
        elif fig_a.unit == "share":
            change = (vb - va) * 100
        else:
            change = vb - va
        records.append(
            {
                "figure": fig_a.name,
                "label": fig_a.label,
                "unit": fig_a.unit,
                "a": va,
                "b": vb,
                "change": change,
                "change_unit": CHANGE_UNITS[fig_a.unit],
            }
        )
    table = pd.DataFrame.from_records(records)
    for col in ("a", "b", "change"):
        table[col] = pd.to_numeric(table[col], errors="coerce").astype("float64")
    return table


def compare_periods(
    sf: SpendFrame,
    base_filters: Filters,
    period_a: Period,
    period_b: Period,
    locality: Locality | None,
    denominator: str = "all",
) -> SideBySide:
    """Headline figures for the base filters restricted to period A and to period B.

    A period is (from, to) dates (inclusive, None = open) or a financial-year label '2023-24';
    it replaces the base filters' dates. Share changes are in percentage points (B − A) × 100.
    """
    lo_a, hi_a, label_a = period_bounds(period_a)
    lo_b, hi_b, label_b = period_bounds(period_b)
    fa = base_filters.replace(date_from=lo_a, date_to=hi_a)
    fb = base_filters.replace(date_from=lo_b, date_to=hi_b)
    sa = summarise(sf, apply_filters(sf, fa), locality, denominator, selection=fa.describe())
    sb = summarise(sf, apply_filters(sf, fb), locality, denominator, selection=fb.describe())
    return SideBySide(
        kind="periods",
        label_a=label_a,
        label_b=label_b,
        a=sa,
        b=sb,
        table=pair_summaries(sa, sb),
        basis=sa.basis + " Share changes are percentage points (B minus A).",
    )


def compare_areas(
    sf: SpendFrame,
    filters: Filters,
    area_a: Locality,
    area_b: Locality,
    denominator: str = "all",
    filters_b: Filters | None = None,
) -> SideBySide:
    """The same selection with "local" meaning area A, then area B (an LA and its CA; two CAs).

    `filters_b` (default: the same filters) lets each side keep its own buyers, e.g. each
    council's own spend measured against its own area. Share changes are percentage points.
    """
    fb = filters if filters_b is None else filters_b
    mask_a = apply_filters(sf, filters)
    mask_b = mask_a if fb == filters else apply_filters(sf, fb)
    sa = summarise(sf, mask_a, area_a, denominator, selection=filters.describe())
    sb = summarise(sf, mask_b, area_b, denominator, selection=fb.describe())
    same = "the same selection" if fb == filters else "each side's own selection"
    return SideBySide(
        kind="areas",
        label_a=area_a.name,
        label_b=area_b.name,
        a=sa,
        b=sb,
        table=pair_summaries(sa, sb),
        basis=(
            f"A: local = {area_a.description}; B: local = {area_b.description}; {same}, shares "
            f"of {denominator_description(denominator)}; {NET_NOTE}. Share changes are "
            "percentage points (B minus A)."
        ),
    )


def compare_chart_frame(result: SideBySide) -> pd.DataFrame:
    """The share figures of a side-by-side as long rows (label, side, value) for a paired bar chart."""
    shares = result.table[result.table["unit"] == "share"]
    long = shares.melt(id_vars=["figure", "label"], value_vars=["a", "b"], var_name="side")
    long["side"] = long["side"].map({"a": f"A: {result.label_a}", "b": f"B: {result.label_b}"})
    return long.reset_index(drop=True)
