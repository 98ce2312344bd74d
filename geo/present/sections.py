"""Analysis tables (leakage, comparison, LM3 estimate, benchmark) for the page, the downloads and the report."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from geo import levels
from geo.analysis.benchmark import Benchmark
from geo.analysis.compare import SideBySide
from geo.analysis.leakage import Leakage
from geo.analysis.multiplier import METHOD_SOURCE, PUBLISHED_LM3, LM3Estimate
from geo.analysis.shares import NET_NOTE
from geo.fmt import format_change, format_value

# A report / download section: (title, table with internal column names, note naming its basis).
Section = tuple[str, pd.DataFrame, str]


def leakage_levels(imd: str | int | None = None) -> dict[str, str]:
    """Destination levels of the leakage tables, worded with the boundary vintage of `imd`."""
    lad, ca = levels.for_imd("lad", imd), levels.for_imd("ca", imd)
    return {
        "lad": f"local authority district ({lad.vintage})",
        "ca": f"Combined Authority ({ca.vintage})",
        "region": "region (2021)",
    }


ESTIMATE_NOTE = "An estimate, not a measured figure"


def vintages_note(imd: str | int | None = None) -> str:
    """The boundary and deprivation vintages every analysis on the page uses."""
    bounds = ", ".join(levels.for_imd(k, imd).vintage for k in ("lad", "lep", "ca"))
    return f"Boundaries: {bounds}; regions 2021; deprivation: {levels.decile_title(imd)}."


def _share(part: float, whole: float) -> float:
    return part / whole if whole > 0 and np.isfinite(whole) else np.nan


def leakage_parts(leak: Leakage) -> pd.DataFrame:
    """Retained / leaked / not located / total £ with shares of all spend and of the stated
    denominator (the parts sum to the total; 'not located' has no share of located spend)."""
    den = leak.retained_gbp + leak.leaked_gbp if leak.denominator == "geocoded" else leak.total_gbp
    parts = [
        ("Retained: suppliers inside the local boundary", leak.retained_gbp, True),
        ("Leaked: suppliers located elsewhere", leak.leaked_gbp, True),
        ("Not located: supplier's place unknown", leak.unlocated_gbp, leak.denominator == "all"),
        ("Total", leak.total_gbp, leak.denominator == "all"),
    ]
    return pd.DataFrame(
        {
            "part": [p for p, _, _ in parts],
            "gbp": [g for _, g, _ in parts],
            "share_of_total": [_share(g, leak.total_gbp) for _, g, _ in parts],
            "share_of_denominator": [_share(g, den) if ok else np.nan for _, g, ok in parts],
        }
    )


def leakage_destinations(leak: Leakage, level: str, names: Mapping[str, str] | None = None):
    """The ranked destination table at one level (rank, code, name, gbp, share_of_leaked, rows)."""
    table = leak.tables()[f"by_{level}"].rename(columns={"share": "share_of_leaked"}).copy()
    nm = names or {}
    table["name"] = [nm.get(str(c), str(n)) for c, n in zip(table["code"], table["name"], strict=True)]  # fmt: skip
    return table


REPORT_TOP = 20  # rows of a ranked table a committee paper prints; the download has them all


def leakage_sections(
    leak: Leakage, names: Mapping[str, str] | None = None, top: int | None = REPORT_TOP
) -> list[Section]:
    of = "located spend" if leak.denominator == "geocoded" else "all spend"
    out: list[Section] = [
        (
            f"Leakage: retained vs leaked — local = {leak.locality.name}",
            leakage_parts(leak),
            f"{leak.basis} The denominator column is a share of {of}.",
        )
    ]
    for level, word in leakage_levels(leak.locality.imd).items():
        table = leakage_destinations(leak, level, names)
        cut = top is not None and len(table) > top
        out.append(
            (
                f"Leakage: where the non-local £ goes, by destination {word}",
                table.head(top) if cut else table,
                f"Ranked by £ leaked; shares are of the leaked £. Local = "
                f"{leak.locality.description}; {NET_NOTE}."
                + (f" The {top} largest of {len(table)} destinations." if cut else ""),
            )
        )
    return out


# --- side by side ------------------------------------------------------------------------------


def figure_labels(result: SideBySide) -> list[str]:
    """Each figure's label, true of both sides: in an area comparison the local figures name "each
    side's local area" instead of side A's boundary."""
    labels = result.table["label"].astype(str).tolist()
    la, lb = result.a.locality, result.b.locality
    if la is not None and lb is not None and la != lb:
        labels = [t.replace(la.description, "suppliers in each side's local area") for t in labels]
    return labels


def compare_table(result: SideBySide) -> pd.DataFrame:
    """Every headline figure for A and B beside the difference B − A, as printed text, plus the raw
    values (for a spreadsheet). Column headings name the two sides."""
    t = result.table
    a_head, b_head = f"A: {result.label_a}", f"B: {result.label_b}"
    return pd.DataFrame(
        {
            "Figure": figure_labels(result),
            # A missing figure says its own side's reason (exports walk: "no spend in selection"
            # where the file states no SME status, or the side has no local spend).
            a_head: [
                format_value(v, u, result.a.why_missing(f))
                for f, v, u in zip(t["figure"], t["a"], t["unit"], strict=True)
            ],
            b_head: [
                format_value(v, u, result.b.why_missing(f))
                for f, v, u in zip(t["figure"], t["b"], t["unit"], strict=True)
            ],
            "Difference (B − A)": [
                format_change(v, u) for v, u in zip(t["change"], t["change_unit"], strict=True)
            ],
            "Unit": t["unit"].map({"gbp": "£", "share": "share", "count": "count"}).to_numpy(),
            f"{a_head} (value)": t["a"].to_numpy(),
            f"{b_head} (value)": t["b"].to_numpy(),
            "Difference (value; shares in percentage points)": t["change"].to_numpy(),
        }
    )


def compare_section(result: SideBySide) -> Section:
    what = "two areas" if result.kind == "areas" else "two periods"
    table = compare_table(result).iloc[:, :4]
    return (
        f"Side by side ({what}): A = {result.label_a}, B = {result.label_b}",
        table,
        result.basis,
    )


# --- LM3 ----------------------------------------------------------------------------------------


def lm3_table(est: LM3Estimate) -> pd.DataFrame:
    """The three rounds and the resulting ratio, each with where it comes from."""
    return pd.DataFrame(
        {
            "round": [
                "Round 1: the spend",
                "Round 2: spent with local suppliers",
                "Round 3: re-spent locally by those suppliers and their staff",
                "LM3 = (round 1 + round 2 + round 3) / round 1",
            ],
            "value": [
                format_value(est.round1_gbp, "gbp"),
                format_value(est.round2_gbp, "gbp"),
                format_value(est.round3_gbp, "gbp"),
                format_value(est.lm3, "ratio"),
            ],
            "basis": [
                "measured: net spend in the selection",
                f"measured: spend with {est.locality} "
                f"({format_value(est.round2_share, 'share')} of round 1)",
                f"ASSUMED: {100 * est.assumptions[0].value:.1f}% of round 2 re-spent locally",
                f"{ESTIMATE_NOTE}: it depends on the round-3 assumption",
            ],
        }
    )


def lm3_assumptions(est: LM3Estimate) -> pd.DataFrame:
    """What the estimate assumes, its value and the published source of the default."""
    rows = [(a.name, f"{100 * a.value:.1f}%", a.source) for a in est.assumptions]
    rows.append(("Method", "LM3", METHOD_SOURCE))
    rows += [(f"Published figure for comparison: {w}", f"{v:.2f}", s) for w, v, s in PUBLISHED_LM3]
    return pd.DataFrame(rows, columns=["assumption", "value", "source"])


def lm3_section(est: LM3Estimate) -> Section:
    assumed = "; ".join(f"{a.name}: {100 * a.value:.1f}% ({a.source})" for a in est.assumptions)
    return (
        f"LM3 local multiplier — {ESTIMATE_NOTE.lower()}",
        lm3_table(est),
        f"{est.label}. Local = {est.locality}. Assumptions: {assumed}. Method: {METHOD_SOURCE}.",
    )


# --- benchmark ----------------------------------------------------------------------------------

_BENCH_SHARES = {
    "local_share": "share_spend_local",
    "decile1_share": "share_spend_decile1",
    "decile12_share": "share_spend_decile12",
}


def benchmark_table(bm: Benchmark) -> pd.DataFrame:
    """One row per buyer (by £, largest first), then the pooled and simple-mean rows, labelled."""
    t = bm.table.sort_values(["spend_gbp", "name"], ascending=[False, True], kind="stable")
    rows = pd.DataFrame(
        {"row_kind": "Buyer", "buyer": t["name"].astype(str), "gbp": t["spend_gbp"]}
    )
    # Both averages run over the same buyers, so both rows carry their total £ (pooled or not,
    # the money is the same; only the weighting differs). A blank here read as "None" on the page.
    avg = pd.DataFrame(
        {
            "row_kind": bm.averages["average"].astype(str),
            "buyer": "All buyers above",
            "gbp": float(t["spend_gbp"].sum()),
        }
    )
    for src, dst in _BENCH_SHARES.items():
        if src in t:
            rows[dst] = t[src].to_numpy()
            avg[dst] = bm.averages[src].to_numpy()
    if "locality" in t:
        rows["local_means"] = t["locality"].astype(str).to_numpy()
    out = pd.concat([rows, avg], ignore_index=True)
    return out


def benchmark_note(bm: Benchmark) -> str:
    parts = [bm.labels[k] for k in bm.labels if k.endswith(("_pooled", "_simple"))]
    return "; ".join(parts) + "."


def benchmark_section(bm: Benchmark, top: int | None = REPORT_TOP) -> Section:
    table = benchmark_table(bm)
    buyers = table["row_kind"] == "Buyer"
    n = int(buyers.sum())
    if top is None or n <= top:
        return ("Benchmark: buyers side by side", table, benchmark_note(bm))
    shown = pd.concat([table[buyers].head(top), table[~buyers]], ignore_index=True)
    return (
        "Benchmark: buyers side by side",
        shown,
        f"The {top} largest of {n} buyers by £; both averages are over every buyer. "
        + benchmark_note(bm),
    )


def analysis_sections(
    leak: Leakage | None = None,
    comparison: SideBySide | None = None,
    estimate: LM3Estimate | None = None,
    bench: Benchmark | None = None,
    names: Mapping[str, str] | None = None,
    top: int | None = REPORT_TOP,
) -> list[Section]:
    """(title, table, note) sections for geo.present.report_maps.report_for_view(extra_sections=…);
    ranked tables keep their `top` rows (None = all), and say so."""
    out: list[Section] = []
    if leak is not None:
        out += leakage_sections(leak, names, top)
    if comparison is not None:
        out.append(compare_section(comparison))
    if estimate is not None:
        out.append(lm3_section(estimate))
    if bench is not None:
        out.append(benchmark_section(bench, top))
    return out


# --- page helpers ---------------------------------------------------------------------------------


def card_figures(imd: str | int | None = None) -> dict[str, str]:
    """The headline figures of a comparison, labelled with the deprivation vintage."""
    label = levels.imd(imd).label
    return {
        "total_gbp": "Total spend (net £)",
        "local_share": "Local share",
        "decile1_share": f"Share with suppliers in {label} decile 1 (10% most deprived)",
        "decile12_share": f"Share with suppliers in {label} deciles 1–2 (20% most deprived)",
        "share_geocoded_gbp": "Share of £ whose supplier was located",
    }


NO_LOCATION = "n/a — no supplier located"


def compare_cards(result: SideBySide, located: bool = True) -> list[tuple[str, str, str, str]]:
    """(short label, A, B, B − A) as printed, for the headline cards of a comparison.

    `located` False (no supplier in the dataset could be placed): the local and deprived-area
    shares say so instead of showing 0%.
    """
    t = result.table.set_index("figure")
    out = []
    for fig, label in card_figures(getattr(result.a, "imd", None)).items():
        r = t.loc[fig]
        if not located and fig in ("local_share", "decile1_share", "decile12_share"):
            out.append((label, NO_LOCATION, NO_LOCATION, "n/a"))
            continue
        out.append(
            (
                label,
                format_value(r["a"], r["unit"]),
                format_value(r["b"], r["unit"]),
                format_change(r["change"], r["change_unit"]),
            )
        )
    return out


def compare_sides(result: SideBySide) -> tuple[str, str]:
    """What each side is, in one line: its local boundary (areas) or its dates (periods)."""
    if result.kind == "areas":
        return tuple(  # type: ignore[return-value]
            f"Local = {s.locality.description}" if s.locality else "No locality"
            for s in (result.a, result.b)
        )
    return (f"Rows dated in {result.label_a}", f"Rows dated in {result.label_b}")


def compare_chart_rows(result: SideBySide) -> pd.DataFrame:
    """The card shares of A and B as long rows (label, side, value) for charts.side_by_side_chart."""
    t = result.table.set_index("figure")
    rows = []
    for fig, label in card_figures(getattr(result.a, "imd", None)).items():
        if t.loc[fig, "unit"] != "share":
            continue
        for side, col, name in (("a", "a", result.label_a), ("b", "b", result.label_b)):
            rows.append({"figure": fig, "label": label, "side": f"{side.upper()}: {name}", "value": t.loc[fig, col]})  # fmt: skip
    return pd.DataFrame(rows, columns=["figure", "label", "side", "value"])


def benchmark_chart_frame(bm: Benchmark, top_n: int = 12) -> pd.DataFrame:
    """The chart rows for the top_n buyers by £ and both average rows (a chart of 200 buyers is unreadable)."""
    biggest = bm.table.sort_values(["spend_gbp", "name"], ascending=[False, True], kind="stable")
    keep = set(biggest["name"].astype(str).head(top_n)) | set(bm.averages["average"].astype(str))
    order = [*biggest["name"].astype(str).head(top_n), *bm.averages["average"].astype(str)]
    frame = bm.chart_frame()
    frame = frame[frame["name"].astype(str).isin(keep)].copy()
    frame["_order"] = frame["name"].astype(str).map({n: i for i, n in enumerate(order)})
    return frame.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


def sections_for(
    sf: object,
    mask: object,
    locality: object | None,
    denominator: str = "all",
    *,
    lad_regions: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    respend: object | None = None,
    comparison: SideBySide | None = None,
) -> list[Section]:
    """Compute and tabulate every analysis for one selection (the CLI report's one call).

    Without a locality only the benchmark's deprived-area columns (and a comparison) are given:
    leakage and LM3 need a boundary.
    """
    from geo.analysis.benchmark import benchmark
    from geo.analysis.leakage import leakage
    from geo.analysis.multiplier import DEFAULT_RESPEND, estimate_lm3
    from geo.analysis.summary import summarise

    leak = est = None
    if locality is not None:
        leak = leakage(sf, mask, locality, denominator, lad_regions, names)  # type: ignore[arg-type]
        summary = summarise(sf, mask, locality, denominator)  # type: ignore[arg-type]
        est = estimate_lm3(summary, respend or DEFAULT_RESPEND)  # type: ignore[arg-type]
    bench = benchmark(sf, mask, locality, denominator)  # type: ignore[arg-type]
    return analysis_sections(leak, comparison, est, bench, names)
