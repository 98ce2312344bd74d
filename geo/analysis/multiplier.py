"""LM3-style local multiplier ESTIMATE: round 2 from the data, round 3 from stated assumptions."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from geo.analysis.summary import Summary

# The method: new economics foundation (nef), "The Money Trail: measuring your impact on the
# local economy using LM3", Justin Sacks, 2002 (ISBN 1 899407 60 X) —
# https://neweconomics.org/2002/12/the-money-trail. LM3 = (round 1 + round 2 + round 3) / round 1,
# where round 1 is the money spent, round 2 the part spent with local suppliers (and staff), and
# round 3 the part of round 2 that those suppliers and their staff re-spend locally.
METHOD_SOURCE = (
    "new economics foundation, The Money Trail: measuring your impact on the local economy "
    "using LM3 (J. Sacks, 2002), https://neweconomics.org/2002/12/the-money-trail"
)


@dataclass(frozen=True)
class Assumption:
    """One user-set input of the estimate, with where its default comes from."""

    name: str
    value: float
    source: str


# Default round-3 re-spend rate: 76%, the one published, measured re-spend rate we could check.
# nef's year-long LM3 study with Northumberland County Council (results released by nef on 7 March
# 2005) found that suppliers based in Northumberland re-spent on average 76% of their income from
# the council locally (suppliers based outside, 36%): "each £1 spent with a local supplier was
# worth £1.76 to the local economy". Reported by nef's director in The Guardian, 30 March 2005.
# An earlier default (45.4%, said to come from a worked example in nef's "Plugging the Leaks"
# spreadsheet) was dropped: that file could not be found to check. 76% was measured over a whole
# county's suppliers; a district boundary usually keeps less, so the UI says to set your own.
NORTHUMBERLAND_SOURCE = (
    "nef and Northumberland County Council LM3 study, released by nef 7 March 2005: suppliers "
    "based in Northumberland re-spent on average 76% of their income locally (S. Wallis, 'Keep it "
    "in the community', The Guardian, 30 March 2005, "
    "https://www.theguardian.com/society/2005/mar/30/guardiansocietysupplement5)"
)
DEFAULT_RESPEND = Assumption(
    name="Share of round-2 £ that local suppliers and their staff re-spend locally (round 3)",
    value=0.76,
    source=(
        NORTHUMBERLAND_SOURCE + ". Measured for one county's suppliers in 2004: a smaller "
        "boundary usually keeps less, so set your own rate from a survey of your suppliers"
    ),
)
# Published figures to set an estimate beside; shown for context, never used in arithmetic.
PUBLISHED_LM3: tuple[tuple[str, float, str], ...] = (
    (
        "Northumberland County Council: £ in the local economy per £1 spent with a local supplier",
        1.76,
        NORTHUMBERLAND_SOURCE,
    ),
)


@dataclass(frozen=True)
class LM3Estimate:
    """An ESTIMATE of the LM3 multiplier: round 2 measured from the spend, round 3 assumed."""

    round1_gbp: float  # the spend in the selection (net)
    round2_gbp: float  # of which with local suppliers (from the data)
    round3_gbp: float  # round 2 × the assumed local re-spend rate
    round2_share: float | None
    lm3: float | None  # (round 1 + round 2 + round 3) / round 1; None without positive spend
    assumptions: tuple[Assumption, ...]
    locality: str
    label: str

    def to_dict(self) -> dict:
        return {
            "kind": "estimate",
            "label": self.label,
            "locality": self.locality,
            "round1_gbp": self.round1_gbp,
            "round2_gbp": self.round2_gbp,
            "round3_gbp": self.round3_gbp,
            "round2_share": self.round2_share,
            "lm3": self.lm3,
            "assumptions": [
                {"name": a.name, "value": a.value, "source": a.source} for a in self.assumptions
            ],
            "method": METHOD_SOURCE,
            "published_for_comparison": [
                {"who": w, "lm3": v, "source": s} for w, v, s in PUBLISHED_LM3
            ],
        }


def lm3(round1_gbp: float, round2_gbp: float, respend: float) -> float | None:
    """(R1 + R2 + R3) / R1 with R3 = R2 × respend; None when R1 is not positive."""
    if not math.isfinite(round1_gbp) or round1_gbp <= 0:
        return None
    return (round1_gbp + round2_gbp + round2_gbp * respend) / round1_gbp


def implied_respend(published_lm3: float, round2_share: float) -> float | None:
    """The round-3 rate that reproduces a published LM3 given a round-2 share (calibration aid)."""
    if round2_share <= 0:
        return None
    return (published_lm3 - 1 - round2_share) / round2_share


def estimate_lm3(summary: Summary, respend: Assumption = DEFAULT_RESPEND) -> LM3Estimate:
    """LM3 estimate for a summarised selection with a locality: round 1 = net spend, round 2 =
    local spend (the card's figure), round 3 = round 2 × `respend` (ValueError outside 0–1)."""
    if summary.locality is None or summary.local_gbp is None:
        raise ValueError("an LM3 estimate needs a locality (what counts as local)")
    if not 0 <= respend.value <= 1:
        raise ValueError(f"re-spend rate {respend.value!r} must be between 0 and 1")
    r1, r2 = float(summary.total_gbp), float(summary.local_gbp)
    r3 = r2 * respend.value
    value = lm3(r1, r2, respend.value)
    return LM3Estimate(
        round1_gbp=r1,
        round2_gbp=r2,
        round3_gbp=r3,
        round2_share=r2 / r1 if r1 > 0 else None,
        lm3=value,
        assumptions=(respend,),
        locality=summary.locality.description,
        label=(
            "LM3 ESTIMATE (not a measured figure): round 2 from this spend data, round 3 from "
            f"the assumption that {100 * respend.value:.1f}% of round 2 is re-spent locally"
        ),
    )


def lm3_frame(estimate: LM3Estimate) -> pd.DataFrame:
    """The three rounds as rows (round, gbp, basis) for a chart; round 3 is 'assumed'."""
    return pd.DataFrame(
        {
            "round": [
                "Round 1: spend",
                "Round 2: with local suppliers",
                "Round 3: re-spent locally",
            ],
            "gbp": [estimate.round1_gbp, estimate.round2_gbp, estimate.round3_gbp],
            "basis": ["from the data", "from the data", "assumed"],
        }
    )
