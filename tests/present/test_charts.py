"""Vega-Lite specs from functions: valid shape, fields that exist in the tables they chart."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from geo.analysis.benchmark import benchmark
from geo.analysis.compare import compare_chart_frame, compare_periods
from geo.analysis.filters import Filters, Locality
from geo.analysis.index import prepare_spend
from geo.analysis.leakage import leakage, retained_frame
from geo.analysis.multiplier import estimate_lm3, lm3_frame
from geo.analysis.summary import summarise
from geo.present import charts
from tests.analysis.test_summary import TRAFFORD, frame


def _fields(spec: dict) -> set[str]:
    out = set()
    for enc in spec.get("encoding", {}).values():
        if isinstance(enc, dict) and "field" in enc:
            out.add(enc["field"])
    for tip in spec.get("encoding", {}).get("tooltip", []):
        out.add(tip["field"])
    return out


def _tables() -> dict[str, pd.DataFrame]:
    sf = prepare_spend(frame(), imd="2019")
    loc = Locality("lad", (TRAFFORD,))
    s = summarise(sf, None, loc)
    leak = leakage(sf, None, loc)
    return {
        "spend_by_month_chart": s.by_month,
        "leakage_chart": leak.by_lad,
        "retained_leaked_chart": retained_frame(leak),
        "benchmark_chart": benchmark(sf, None, loc).chart_frame(),
        "side_by_side_chart": compare_chart_frame(compare_periods(sf, Filters(), "2024-25", "2023-24", loc)),
        "lm3_chart": lm3_frame(estimate_lm3(s)),
        "lsoa_decile_chart": pd.DataFrame({"lsoa_decile": ["1"], "lsoas": [1], "share_of_lsoas": [1.0], "colour": ["#000"]}),
        "growth_deals_scatter": pd.DataFrame({"name": [], "code": [], "gd_per_head_gbp": [], "share_decile1": []}),
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(_tables()))
def test_spec_fields_exist_in_its_table(name) -> None:
    spec = getattr(charts, name)()
    json.dumps(spec)  # plain JSON, as st.vega_lite_chart sends it
    assert "mark" in spec and "encoding" in spec
    table = _tables()[name]
    missing = _fields(spec) - set(table.columns)
    assert not missing, f"{name}: {missing} not in {list(table.columns)}"


@pytest.mark.parametrize(
    ("spec", "fields"),
    [
        (charts.lsoa_decile_chart(), {"lsoa_decile", "lsoas", "colour", "share_of_lsoas"}),
        (
            charts.growth_deals_scatter(),
            {"share_decile1", "gd_per_head_gbp", "name", "code"},
        ),
    ],
)
def test_spec_fields_named(spec, fields):
    enc = spec["encoding"]
    used = {v["field"] for k, v in enc.items() if k != "tooltip" and "field" in v}
    used |= {t["field"] for t in enc["tooltip"]}
    assert used == fields
    money = [t for t in enc["tooltip"] if t["field"] in ("gbp", "gd_per_head_gbp")]
    assert all(t["format"] == ",.0f" for t in money)  # thousands separators


def test_specs_are_fresh_objects():
    a, b = charts.spend_by_month_chart(), charts.spend_by_month_chart()
    a["encoding"]["x"]["title"] = "changed"
    assert b["encoding"]["x"]["title"] != "changed"
