"""Chart specs: each names the fields its frame carries and formats money and shares for people."""

from __future__ import annotations

import pytest

from geo.present import charts


@pytest.mark.parametrize(
    ("spec", "fields"),
    [
        (charts.spend_by_decile(), {"bucket", "gbp", "colour", "share"}),
        (charts.lsoas_by_decile(), {"decile", "lsoas", "colour", "share"}),
        (
            charts.per_head_against_deprivation(),
            {"share_decile1", "gd_per_head_gbp", "name", "code"},
        ),
    ],
)
def test_spec_fields(spec, fields):
    enc = spec["encoding"]
    used = {v["field"] for k, v in enc.items() if k != "tooltip" and "field" in v}
    used |= {t["field"] for t in enc["tooltip"]}
    assert used == fields
    money = [t for t in enc["tooltip"] if t["field"] in ("gbp", "gd_per_head_gbp")]
    assert all(t["format"] == ",.0f" for t in money)  # thousands separators


def test_specs_are_fresh_objects():
    a, b = charts.spend_by_decile(), charts.spend_by_decile()
    a["encoding"]["x"]["title"] = "changed"
    assert b["encoding"]["x"]["title"] == "£ (net)"
