"""LM3 estimate: the arithmetic against a worked example written out here, and its assumptions attached."""

from __future__ import annotations

import pytest

from geo.analysis.filters import Locality
from geo.analysis.index import prepare_spend
from geo.analysis.multiplier import (
    DEFAULT_RESPEND,
    METHOD_SOURCE,
    PUBLISHED_LM3,
    Assumption,
    estimate_lm3,
    implied_respend,
    lm3,
    lm3_frame,
)
from geo.analysis.summary import summarise
from tests.analysis.test_summary import TRAFFORD, frame

# Worked LM3 example (the three rounds of nef's Money Trail method):
#   Round 1: a council spends £1,000,000.
#   Round 2: £400,000 of it goes to suppliers based in the area (40%).
#   Round 3: those suppliers re-spend 30% of that income locally (local staff wages, local
#            purchases): 0.30 × £400,000 = £120,000.
#   LM3 = (1,000,000 + 400,000 + 120,000) / 1,000,000 = 1.52.
# And a target ratio: 1.64 with a 40% round 2 needs a 60% re-spend rate:
#   (1 + 0.40 + 0.40 × 0.60) = 1.64.


@pytest.mark.parametrize(
    ("r1", "r2", "respend", "expected"),
    [
        (1_000_000, 400_000, 0.30, 1.52),
        (1_000_000, 400_000, 0.60, 1.64),
        (500, 0, 0.5, 1.0),  # nothing local: nothing multiplies
        (500, 500, 1.0, 3.0),  # the ceiling of three rounds
        (0, 0, 0.5, None),  # no spend: no multiplier, never 0 or 1
    ],
)
def test_lm3_arithmetic(r1, r2, respend, expected) -> None:
    got = lm3(r1, r2, respend)
    assert got == (None if expected is None else pytest.approx(expected))


def test_implied_respend_reproduces_a_published_lm3() -> None:
    assert implied_respend(1.64, 0.40) == pytest.approx(0.60)
    assert implied_respend(1.64, 0.0) is None


def test_estimate_from_a_summary_keeps_its_assumptions() -> None:
    sf = prepare_spend(frame(), imd="2019")
    s = summarise(sf, None, Locality("lad", (TRAFFORD,)))
    e = estimate_lm3(s, Assumption("re-spend", 0.30, "test"))
    # Round 1 = £1,800 net; round 2 = Trafford £900; round 3 = 0.3 × 900 = 270.
    assert (e.round1_gbp, e.round2_gbp, e.round3_gbp) == pytest.approx((1800, 900, 270))
    assert e.lm3 == pytest.approx((1800 + 900 + 270) / 1800)
    assert "ESTIMATE" in e.label and "not a measured figure" in e.label
    d = e.to_dict()
    assert d["kind"] == "estimate" and d["assumptions"][0]["source"] == "test"
    assert d["method"] == METHOD_SOURCE and d["published_for_comparison"][0]["lm3"] == 1.76
    assert list(lm3_frame(e)["basis"]) == ["from the data", "from the data", "assumed"]


def test_defaults_are_cited_and_bad_input_is_refused() -> None:
    assert 0 < DEFAULT_RESPEND.value < 1 and "http" in DEFAULT_RESPEND.source
    # The default is the published Northumberland re-spend rate (nef, 2005), cited where it was
    # reported, and says it is one county's figure; its £1.76 per £1 is 1 + the 76% rate.
    assert DEFAULT_RESPEND.value == 0.76 and "Northumberland" in DEFAULT_RESPEND.source
    assert "theguardian.com/society/2005/mar/30" in DEFAULT_RESPEND.source
    assert "set your own" in DEFAULT_RESPEND.source
    assert PUBLISHED_LM3[0][1] == pytest.approx(1 + DEFAULT_RESPEND.value)
    assert "neweconomics.org/2002/12/the-money-trail" in METHOD_SOURCE
    assert all(src for _, _, src in PUBLISHED_LM3)
    sf = prepare_spend(frame(), imd="2019")
    with pytest.raises(ValueError, match="locality"):
        estimate_lm3(summarise(sf, None, None))
    with pytest.raises(ValueError, match="between 0 and 1"):
        estimate_lm3(summarise(sf, None, Locality("lad", (TRAFFORD,))), Assumption("x", 1.5, "y"))
