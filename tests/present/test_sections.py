"""Analysis tables for the page, downloads and report: parts sum to the total, each figure paired with its difference."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.analysis.filters import Filters, Locality
from geo.analysis.leakage import Leakage
from geo.analysis.multiplier import Assumption, LM3Estimate
from geo.present import sections

GM = Locality("ca", ("E47000001",), "Greater Manchester")


def _leak(denominator: str) -> Leakage:
    by = pd.DataFrame(
        {"rank": [1, 2], "code": ["E09000033", "E06000043"], "name": ["E09000033", "E06000043"],
         "gbp": [60.0, 20.0], "share": [0.75, 0.25], "rows": [3, 1]}
    )  # fmt: skip
    return Leakage(GM, denominator, 100.0, 10.0, 80.0, 10.0, None, None, by, by, by, "basis.")


@pytest.mark.parametrize(
    ("denominator", "denominator_shares"),
    [("all", [0.1, 0.8, 0.1, 1.0]), ("geocoded", [10 / 90, 80 / 90, np.nan, np.nan])],
)
def test_leakage_parts_sum_to_total_with_both_denominators(denominator, denominator_shares):
    parts = sections.leakage_parts(_leak(denominator))
    assert parts["gbp"].iloc[:3].sum() == parts["gbp"].iloc[3] == 100.0
    assert parts["share_of_total"].tolist() == pytest.approx([0.1, 0.8, 0.1, 1.0])
    assert parts["share_of_denominator"].tolist() == pytest.approx(denominator_shares, nan_ok=True)


def test_leakage_destinations_use_area_names_and_say_share_of_leaked():
    dest = sections.leakage_destinations(_leak("all"), "lad", {"E09000033": "Westminster"})
    assert dest["name"].tolist() == ["Westminster", "E06000043"]
    assert "share_of_leaked" in dest.columns and "share" not in dest.columns


def test_lm3_table_marks_round_three_as_assumed():
    est = LM3Estimate(100.0, 40.0, 20.0, 0.4, 1.6, (Assumption("re-spend", 0.5, "a study"),), "suppliers in X", "LM3 ESTIMATE")  # fmt: skip
    t = sections.lm3_table(est)
    assert t["value"].tolist() == ["£100", "£40", "£20", "1.60"]
    assert t["basis"].iloc[2].startswith("ASSUMED: 50.0%")
    title, _, note = sections.lm3_section(est)
    assert "estimate, not a measured figure" in title and "a study" in note
    a = sections.lm3_assumptions(est)
    assert a["value"].tolist()[0] == "50.0%" and "Northumberland" in " ".join(a["assumption"])


@pytest.fixture(scope="module")
def real(store_path):
    """The bundled Contracts Finder file, prepared once."""
    from geo.analysis.summary import prepare_spend
    from geo.paths import raw_dir
    from geo.spend import pipeline
    from geo.spend.geocode import PostcodeLookup
    from geo.store import catalogue, read

    ds = catalogue.get("spend_cf")
    lookup = PostcodeLookup.from_index(read.read_postcodes())
    data = pipeline.build_dataset([raw_dir() / ds.path], lookup, name=ds.title)
    return prepare_spend(data.geocoded), data.geocoded


def test_compare_areas_on_real_data_pairs_each_figure_with_its_difference(real):
    from geo.analysis.compare import compare_areas

    real, _ = real
    manchester = Locality("lad", ("E08000003",), "Manchester")
    result = compare_areas(real, Filters(), manchester, GM)
    table = sections.compare_table(result)
    assert list(table.columns[:4]) == ["Figure", "A: Manchester", "B: Greater Manchester", "Difference (B − A)"]  # fmt: skip
    # A LAD inside its CA: the CA's local share can only be larger or equal.
    cards = dict((c[0], c[1:]) for c in sections.compare_cards(result))
    a, b, diff = cards["Local share"]
    assert float(b.rstrip("%")) >= float(a.rstrip("%")) and diff.endswith(" pp")
    # Local labels say "each side's", never side A's boundary alone.
    local = [f for f in table["Figure"] if f.startswith("Local share")]
    assert local and all("each side's local area" in f for f in local)
    rows = sections.compare_chart_rows(result)
    assert set(rows["side"]) == {"A: Manchester", "B: Greater Manchester"}
    # A missing figure says its side's own reason, never "no spend" over millions (exports walk).
    a_col = table["A: Manchester"]
    missing = a_col[a_col.str.startswith("n/a")]
    assert "no spend in selection" not in " ".join(missing)
    for fig, text in zip(table["Figure"], a_col, strict=True):
        if text.startswith("n/a") and fig.startswith(("SME", "VCSE")):
            assert "states no" in text, (fig, text)


def test_report_sections_on_real_data(real):
    from geo.analysis.benchmark import benchmark
    from geo.analysis.leakage import leakage
    from geo.analysis.multiplier import estimate_lm3
    from geo.analysis.summary import summarise
    from geo.present.report_maps import report_for_view

    real, geocoded = real
    leak = leakage(real, None, GM, "all")
    est = estimate_lm3(summarise(real, None, GM, "all"))
    bench = benchmark(real, None, GM, "all")
    out = sections.analysis_sections(leak, None, est, bench)
    titles = [t for t, _, _ in out]
    assert titles[0].startswith("Leakage: retained vs leaked")
    assert any("by destination region" in t for t in titles)
    assert any(t.startswith("LM3") for t in titles) and titles[-1].startswith("Benchmark")
    parts = out[0][1]
    assert parts["gbp"].iloc[:3].sum() == pytest.approx(parts["gbp"].iloc[3], rel=1e-12)
    bt = out[-1][1]
    assert {"Pooled (spend-weighted)", "Simple mean of buyers"} <= set(bt["row_kind"])
    # The averages' £ is every buyer's £ together (the report shows the largest buyers only),
    # never blank: it read "None" on the page.
    buyers_gbp = bench.table["spend_gbp"].sum()
    averages = bt.loc[bt["row_kind"] != "Buyer", "gbp"]
    assert averages.notna().all() and averages.to_numpy() == pytest.approx([buyers_gbp] * 2)
    assert "Simple mean" in out[-1][2] and "Spend-weighted" in out[-1][2]
    chart = sections.benchmark_chart_frame(bench, 5)
    assert chart["name"].nunique() == 7  # five buyers and both averages
    # The report carries the sections (the Spend map's button and the CLI pass them the same way).
    summary = summarise(real, None, GM, "all")
    html = report_for_view(summary, geocoded, None, Filters(), GM, maps=False, extra_sections=out)
    text = html.decode("utf-8")
    assert "Leakage: retained vs leaked" in text and "Pooled (spend-weighted)" in text
    assert "estimate, not a measured figure" in text


def test_sections_for_without_a_locality_gives_the_benchmark_only(real):
    sf, _ = real
    out = sections.sections_for(sf, None, None)
    assert [t for t, _, _ in out] == ["Benchmark: buyers side by side"]
    assert "share_spend_local" not in out[0][1].columns  # never shown as 0
    with_gm = sections.sections_for(sf, None, GM, lad_regions={}, names={})
    assert len(with_gm) == 6  # parts, 3 destination levels, LM3, benchmark


def test_report_sections_keep_the_top_rows_and_say_so(real):
    from geo.analysis.benchmark import benchmark
    from geo.analysis.leakage import leakage

    sf, _ = real
    out = sections.analysis_sections(leakage(sf, None, GM), None, None, benchmark(sf, None, GM), top=5)  # fmt: skip
    lad = next(s for s in out if "district" in s[0])
    assert len(lad[1]) == 5 and "The 5 largest of" in lad[2]
    bench = out[-1]
    assert list(bench[1]["row_kind"]) == ["Buyer"] * 5 + ["Pooled (spend-weighted)", "Simple mean of buyers"]  # fmt: skip
    assert "over every buyer" in bench[2]
    # Cut to the top five, the averages still carry every buyer's £, not the five shown.
    every = sections.benchmark_table(benchmark(sf, None, GM))
    assert bench[1]["gbp"].iloc[-1] == pytest.approx(
        every.loc[every["row_kind"] == "Buyer", "gbp"].sum()
    )


def test_compare_on_calderdale_says_why_each_missing_figure_is_missing():
    """Exports walk: Calderdale's comparison said "n/a (no spend in selection)" over £176m for the
    SME share (the files state no SME status) and for local decile-1 shares (no local spend)."""
    from geo.analysis.compare import compare_areas
    from geo.analysis.summary import prepare_spend
    from geo.spend import pipeline
    from geo.spend.geocode import PostcodeLookup
    from geo.store import read
    from tests.spend.placing_fixture import calderdale_files

    data = pipeline.build_dataset(
        calderdale_files(), PostcodeLookup.from_index(read.read_postcodes())
    )
    calderdale = Locality("lad", ("E08000033",), "Calderdale")
    west_yorkshire = Locality("ca", ("E47000003",), "West Yorkshire")
    table = sections.compare_table(
        compare_areas(prepare_spend(data.geocoded), Filters(), calderdale, west_yorkshire)
    )
    said = dict(zip(table["Figure"], table["A: Calderdale"], strict=True))
    assert not [t for t in said.values() if "no spend in selection" in t]
    sme = next(t for f, t in said.items() if f.startswith("SME share"))
    assert sme == "n/a (the file states no SME status)"


def test_analysis_csvs_give_numbers_as_the_page_does(real):
    """Exports walk: leakage_by_lad.csv had 3613164.0100000002, benchmark.csv 176306444.6600014
    and shares such as 0.00030287264939733927 under a heading that did not say fraction."""
    from geo.analysis.leakage import leakage
    from geo.present.columns import for_csv

    real, _ = real
    leak = leakage(real, None, GM, "all")
    parts = sections.leakage_parts(leak)
    out = for_csv(parts)
    total = out.loc[out["Part of the spend"] == "Total"].iloc[0]
    assert total["Spend (£, net)"] == round(leak.total_gbp, 2)
    assert total["Share of all spend (%)"] == 100.0
    share_cols = [c for c in out.columns if c.endswith("(%)")]
    assert share_cols == ["Share of all spend (%)", "Share of the stated denominator (%)"]
    for col in out.select_dtypes("float").columns:  # nothing past 2 decimal places
        values = out[col].dropna()
        assert values.equals(values.round(2)), col
    retained = out.loc[out["Part of the spend"].str.startswith("Retained")].iloc[0]
    assert retained["Share of all spend (%)"] == round(leak.retained_gbp / leak.total_gbp * 100, 2)
