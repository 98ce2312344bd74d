"""Every map page says, in one sentence, when its link names an area it cannot use."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("page", "params", "said"),
    [
        # A mistyped code showed England with no word of why (workshop walk).
        ("pages/spend_map.py", {"zlevel": "ca", "area": "NOTACODE"}, "area='NOTACODE'"),
        ("pages/deprivation.py", {"level": "lad", "area": "E4700000"}, "area='E4700000'"),
        ("pages/growth_deals.py", {"lep": "xx"}, "lep='xx'"),
        # A code of another level is not this map's area either.
        ("pages/spend_map.py", {"zlevel": "lad", "area": "E47000001"}, "area='E47000001'"),
        # Good links say nothing (a lower-case code is the same code).
        ("pages/spend_map.py", {"zlevel": "ca", "area": "e47000001"}, None),
        ("pages/deprivation.py", {"level": "ca", "area": "E47000001"}, None),
        ("pages/growth_deals.py", {"lep": "E37000015"}, None),
    ],
)
def test_a_link_area_the_map_cannot_use_is_named(run_page, page, params, said):
    at = run_page(page, **params)
    warnings = [w.value for w in at.warning if "is not an area code" in w.value]
    if said is None:
        assert not warnings
    else:
        assert len(warnings) == 1 and said in warnings[0] and "showing England" in warnings[0]
