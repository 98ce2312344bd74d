"""Leakage flow map: arc widths linear in £, an ArcLayer spec deck.gl can read, and a legend that says what arcs mean."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from geo.present import flows
from geo.present.deck import deck_spec
from geo.present.views import ENGLAND_VIEW


def _flows(gbp: list[float]) -> pd.DataFrame:
    n = len(gbp)
    return pd.DataFrame(
        {
            "origin_lon": -2.3,
            "origin_lat": 53.5,
            "code": [f"E4700000{i + 2}" for i in range(n)],
            "name": [f"E4700000{i + 2}" for i in range(n)],
            "dest_lon": np.linspace(-1.5, 0.0, n),
            "dest_lat": np.linspace(51.5, 52.5, n),
            "gbp": gbp,
            "share": np.array(gbp) / sum(gbp),
        }
    )


@pytest.mark.parametrize(
    ("gbp", "expected"),
    [
        ([100.0, 50.0, 0.0], [flows.MAX_WIDTH_PX, 7.8, flows.MIN_WIDTH_PX]),
        ([-10.0, float("nan")], [flows.MIN_WIDTH_PX, flows.MIN_WIDTH_PX]),  # no positive £
        ([], []),
    ],
)
def test_arc_widths_are_linear_in_pounds(gbp, expected):
    assert flows.arc_widths(np.array(gbp)).tolist() == pytest.approx(expected)


def test_flow_layer_is_a_pickable_arc_layer_with_names_and_pounds():
    layer = flows.flow_layer(_flows([3e6, 1e6]), {"E47000002": "South Yorkshire"}, level="ca")
    spec = json.loads(deck_spec([layer], ENGLAND_VIEW).json)
    arcs = spec["layers"][0]
    assert arcs["@@type"] == "ArcLayer" and arcs["id"] == flows.FLOW_LAYER_ID
    assert arcs["pickable"] is True and arcs["getWidth"] == "@@=w"
    first, second = arcs["data"]
    assert first["s"] == [-2.3, 53.5] and first["w"] == flows.MAX_WIDTH_PX
    assert first["n"] == "South Yorkshire" and second["n"] == "E47000003"  # no name: the code
    assert first["x"] == "£3,000,000 leaked to this Combined Authority (75.0% of the leaked £)"


def test_flow_legend_names_the_boundary_and_scales_with_the_largest_flow():
    lg = flows.flow_legend(_flows([2e9, 5e8]), "suppliers in CA Greater Manchester", "region")
    labels = [i.label for i in lg.items]
    assert labels[0] == "£2.0bn leaked"
    assert "Greater Manchester" in lg.note and "region" in lg.title
    assert lg.items[0].size == flows.MAX_WIDTH_PX
    empty = flows.flow_legend(_flows([]), "x", "lad")
    assert empty.items == () and "No leaked £" in empty.note
