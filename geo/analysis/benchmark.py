"""Benchmark several buyers: each one's local share and deprived-area share side by side, both averages labelled."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.analysis.compare import BuyerComparison, compare_buyers
from geo.analysis.index import Selection, SpendFrame, select
from geo.analysis.locality import Locality
from geo.analysis.shares import frame_records, json_value


@dataclass(frozen=True)
class Benchmark:
    """One row per buyer (local share, decile-1 share, decile 1–2 share, £) and two summary rows:
    pooled (spend-weighted: sum of numerators / sum of denominators) and simple mean."""

    table: pd.DataFrame  # name, spend_gbp, local_share, decile1_share, decile12_share, locality
    averages: pd.DataFrame  # average (pooled / simple mean), local_share, decile1_share, …
    comparisons: dict[str, BuyerComparison]
    labels: dict[str, str]
    denominator: str

    def to_dict(self) -> dict:
        return {
            "denominator": self.denominator,
            "labels": self.labels,
            "rows": frame_records(self.table),
            "averages": frame_records(self.averages),
        }

    def chart_frame(self) -> pd.DataFrame:
        """Long form for a grouped bar chart: name, measure, share (the averages included)."""
        cols = [c for c in ("local_share", "decile1_share", "decile12_share") if c in self.table]
        rows = self.table[["name", *cols]]
        avg = self.averages.rename(columns={"average": "name"})[["name", *cols]]
        both = pd.concat([rows, avg], ignore_index=True)
        long = both.melt(id_vars="name", var_name="measure", value_name="share")
        long["measure"] = long["measure"].map(MEASURE_LABELS)
        return long


NO_OWN_AREA = "no authority matched to this buyer: local share not computed (not 0)"
MEASURE_LABELS = {
    "local_share": "Local share",
    "decile1_share": "Share in 10% most deprived",
    "decile12_share": "Share in 20% most deprived",
}


def benchmark(
    sf: SpendFrame,
    mask: np.ndarray | Selection | None,
    locality: Locality | Mapping[str, Locality] | None,
    denominator: str = "all",
) -> Benchmark:
    """Every buyer side by side. `locality` is one boundary for all, or each buyer's own (a
    mapping buyer → Locality); without one the local column is left out (never shown as 0)."""
    sel = select(sf, mask)
    measures = ["decile1", "decile12"] if locality is None else ["local", "decile1", "decile12"]
    comps = {m: compare_buyers(sf, sel, locality, m, denominator) for m in measures}
    base = comps[measures[0]].table.set_index("name")
    table = pd.DataFrame({"name": base.index.astype("string"), "spend_gbp": base["denominator_gbp"].to_numpy()})  # fmt: skip
    for m, c in comps.items():
        t = c.table.set_index("name")
        table[f"{m}_share"] = t["share"].reindex(table["name"]).to_numpy()
    if "local" in comps:
        table["locality"] = comps["local"].table.set_index("name")["locality"].reindex(table["name"]).to_numpy()  # fmt: skip
        if not isinstance(locality, Locality):  # own areas: an unmatched buyer says why it is blank
            blank = table["locality"].isna() | (table["locality"].astype("string") == "")
            table["locality"] = table["locality"].astype("string").mask(blank, NO_OWN_AREA)
    table = table.sort_values("name", kind="stable").reset_index(drop=True)
    averages = pd.DataFrame({"average": ["Pooled (spend-weighted)", "Simple mean of buyers"]})
    for m, c in comps.items():
        averages[f"{m}_share"] = [json_value(c.weighted_share), json_value(c.simple_mean)]
    averages = averages.astype({f"{m}_share": "float64" for m in comps})
    labels = {f"{m}_share": c.label for m, c in comps.items()}
    for m, c in comps.items():
        labels[f"{m}_pooled"] = c.weighted_label
        labels[f"{m}_simple"] = c.simple_label
    return Benchmark(table, averages, comps, labels, denominator)
