"""Compare & leakage page: each section renders on the real Contracts Finder file, and the URL round-trips."""

from __future__ import annotations

import pytest

from tests.pages.conftest import deck_spec, metric
from ui.views import AnalysisView

GM = "ca:E47000001"  # Greater Manchester Combined Authority


def _headers(at) -> list[str]:
    return [h.value for h in at.header]


def test_every_section_renders_for_greater_manchester(run_page):
    at = run_page(
        "pages/analysis.py", local=GM, a="lad:E08000003", b=GM, respend="0.5", flow="region"
    )
    heads = " | ".join(_headers(at))
    for title in ("Where the non-local £ goes", "Side by side", "LM3", "Benchmark"):
        assert title in heads
    # Leakage cards: retained + leaked + not located = total of the selection.
    spec = deck_spec(at)
    ids = [layer["id"] for layer in spec["layers"]]
    assert "leakage-flows" in ids and "leakage-origin" in ids
    arcs = next(layer for layer in spec["layers"] if layer["id"] == "leakage-flows")
    assert arcs["@@type"] == "ArcLayer" and arcs["pickable"] is True
    assert len(arcs["data"]) >= 5  # regions of England with leaked £
    widths = [d["w"] for d in arcs["data"]]
    assert max(widths) == 14.0 and min(widths) >= 1.5
    # Comparison: both sides named, a difference column.
    subs = [s.value.replace("\\", "") for s in at.subheader]  # md_escape'd names
    assert any(s.startswith("A: Manchester") for s in subs)
    assert any(s.startswith("B: Greater Manchester") for s in subs)
    assert "Difference (B − A)" in subs
    # LM3: labelled an estimate, with the user's 50% assumption.
    assert any("not a measured figure" in str(w.value) for w in at.warning)
    assert metric(at, "LM3 (estimate)").startswith("1.")
    assert at.number_input(key=AnalysisView.key("respend")).value == 50.0
    # Benchmark: pooled and simple mean rows both present.
    frames = [df.value for df in at.dataframe]
    bench = next(f for f in frames if "row_kind" in f.columns)
    assert {"Pooled (spend-weighted)", "Simple mean of buyers"} <= set(bench["row_kind"])
    assert (bench["row_kind"] == "Buyer").sum() > 100  # the Contracts Finder file has 227 buyers


def test_leakage_parts_sum_to_total(run_page):
    at = run_page("pages/analysis.py", local=GM)
    frames = [df.value for df in at.dataframe]
    parts = next(f for f in frames if "part" in f.columns)
    money = parts.set_index("part")["gbp"]
    assert money.iloc[:3].sum() == pytest.approx(money["Total"], rel=1e-9)
    assert money["Total"] > 1e9  # the whole Contracts Finder file is several £bn of awards


def test_url_round_trip_and_widgets_write_back(run_page):
    at = run_page("pages/analysis.py", local=GM, cmp="periods", pa="2022-23", pb="2023-24")
    assert at.selectbox(key=AnalysisView.key("period_a")).value == "2022-23"
    assert at.query_params.get("pb") == "2023-24"
    subs = [s.value.replace("\\", "") for s in at.subheader]  # md_escape'd names
    assert "A: 2022-23" in subs and "B: 2023-24" in subs
    at.number_input(key=AnalysisView.key("respend")).set_value(60.0).run()
    assert not at.exception
    assert at.query_params.get("respend") == "0.6"
    view = AnalysisView.from_params({k: at.query_params.get(k) for k in at.query_params})
    assert view.mode == "periods" and view.respend == 0.6 and view.period_b == "2023-24"
    assert view.locality is not None and view.locality.spec == GM


def test_without_a_locality_the_page_says_what_to_choose(run_page):
    at = run_page("pages/analysis.py")
    text = " ".join(str(i.value) for i in at.info)
    assert "Choose what counts as local" in text
    assert "Choose area A and area B" in text
    assert not at.get("deck_gl_json_chart")


def test_file_without_postcodes_says_why_instead_of_zero(run_page, no_postcode_dataset):
    at = run_page("pages/analysis.py", no_postcode_dataset, local=GM, a="lad:E08000003", b=GM)
    assert any("could be placed on the map" in str(w.value) for w in at.warning)
    assert not at.get("deck_gl_json_chart")  # no flow map of an unknown destination
    assert any("round 2" in str(i.value) for i in at.info)
    assert metric(at, "Local share") == "n/a — no supplier located"


def test_first_visit_carries_the_spend_maps_locality_over(run_page):
    at = run_page("pages/spend_map.py", local=GM)
    at.switch_page("pages/analysis.py")
    at.query_params.clear()
    at.run()
    assert not at.exception
    assert at.selectbox(key=AnalysisView.key("locality", "ca25")).value == "E47000001"
    assert at.query_params.get("local") == GM


def test_upper_tier_authority_as_local_and_as_a_side(run_page):
    """Lancashire (a county) as "local", and compared side by side with Kent."""
    at = run_page(
        "pages/analysis.py", local="utla24:E10000017", a="utla24:E10000017", b="utla24:E10000016"
    )
    assert at.radio(key=AnalysisView.key("local_kind")).value == "utla24"
    assert at.selectbox(key=AnalysisView.key("locality", "utla24")).value == "E10000017"
    assert at.radio(key=AnalysisView.key("area_a", "kind")).value == "utla24"
    subs = [s.value.replace("\\", "") for s in at.subheader]
    assert any(s.startswith("A: Lancashire") for s in subs), subs
    assert any(s.startswith("B: Kent") for s in subs), subs
    # The flow map starts at Lancashire and outlines it.
    ids = [layer["id"] for layer in deck_spec(at)["layers"]]
    assert "leakage-origin" in ids
    captions = " ".join(str(c.value) for c in at.caption).replace("\\", "")
    assert "UTLA 2024" in captions


def test_flow_map_exports_beside_the_flow_map(run_page):
    at = run_page("pages/analysis.py", local=GM, flow="region")
    keys = {b.proto.id for b in at.get("download_button")}
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Map (PNG)", "Map (SVG)", "Map (PDF)"} <= set(labels)
    assert any("an.flow.image.png" in k for k in keys)
    text = " ".join(str(c.value) for c in at.caption)
    assert "flow map" in text  # the report says it carries the flow map


def test_benchmark_on_each_buyers_own_authority(run_page):
    """bench=own: Manchester City Council local to Manchester, unmatched buyers say so (not 0)."""
    from geo.analysis.benchmark import NO_OWN_AREA

    at = run_page("pages/analysis.py", local=GM, bench="own")
    assert at.radio(key=AnalysisView.key("bench_own")).value == "own"
    frames = [df.value for df in at.dataframe]
    bench = next(f for f in frames if "row_kind" in f.columns)
    buyers = bench[bench["row_kind"] == "Buyer"].set_index("buyer")
    assert "Manchester" in buyers.loc["Manchester City Council", "local_means"]
    assert "Trafford" in buyers.loc["Trafford Council", "local_means"]
    unmatched = buyers[buyers["local_means"] == NO_OWN_AREA]
    assert len(unmatched) > 50 and unmatched["share_spend_local"].isna().all()
    assert "NHS ENGLAND" in unmatched.index or "Ministry of Justice" in unmatched.index
    assert {"Pooled (spend-weighted)", "Simple mean of buyers"} <= set(bench["row_kind"])
    # The match table is shown and editable: buyer, own authority, how, why.
    editor = at.get("arrow_data_frame")
    assert editor is not None
    text = " ".join(str(c.value) for c in at.caption)
    assert "buyers have an own authority" in text
    assert at.query_params.get("bench") == "own"


@pytest.mark.parametrize(("imd", "ca_key"), [("2025", "ca25"), ("2019", "ca")])
def test_compare_sides_list_the_vintages_combined_authorities(run_page, imd, ca_key):
    """Lancashire CA (E47000018, 2025) can be a side under IMD 2025 and is not offered under 2019."""
    at = run_page("pages/analysis.py", local=GM, imd=imd)
    options = at.selectbox(key=AnalysisView.key("area_b", ca_key)).options
    assert any("(E47000018)" in o for o in options) == (imd == "2025"), options
    assert any("(E47000001)" in o for o in options)


def test_mostly_unplaced_file_warns_and_benchmark_averages_carry_their_spend(
    run_page, calderdale_dataset
):
    at = run_page("pages/analysis.py", calderdale_dataset)
    assert not at.exception
    assert any("Only 3.6% of this selection's spend" in str(w.value) for w in at.warning)
    # The averages' rows read "None" in the spend column; they carry the buyers' total £.
    bench = next(d.value for d in at.dataframe if "Pooled (spend-weighted)" in d.value.to_string())
    assert bench["gbp"].notna().all()
    assert bench["gbp"].iloc[-1] == pytest.approx(bench["gbp"].iloc[0])  # one buyer: its £


@pytest.mark.parametrize("imd", ["2025", "2019"])
def test_benchmark_headings_name_the_pages_vintage_and_fit(run_page, imd):
    """The benchmark table's share headings said "IMD 2025" under IMD 2019 (the page's vintage
    never reached them), and at 1440 px the last one was cut: 60-character headings set the column
    widths. Now each names the page's vintage in a short heading, the full one in its tooltip."""
    import json

    at = run_page("pages/analysis.py", local=GM, imd=imd)
    grid = next(d for d in at.dataframe if "row_kind" in d.value.columns)
    config = json.loads(grid.proto.columns)
    d1 = config["share_spend_decile1"]
    assert d1["label"] == f"% in IMD {imd} decile 1"
    assert d1["help"] == f"Share with suppliers in IMD {imd} decile 1 (10% most deprived)"
    assert config["share_spend_decile12"]["label"] == f"% in IMD {imd} deciles 1–2"
    assert max(len(c["label"]) for c in config.values() if "label" in c) <= 26
