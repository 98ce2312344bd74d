"""The Compare & leakage page's view state: two areas or two periods, the flow level, the LM3 assumption."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from geo import levels
from geo.analysis.filters import (
    Filters,
    Locality,
)
from ui.views_base import PageView, _get, _imd_out, imd_param, spend_params, spend_params_out  # noqa: F401

COMPARE_MODES: tuple[str, ...] = ("areas", "periods")
FLOW_LEVELS: tuple[str, ...] = ("lad", "ca", "region")
COMPARE_KINDS: tuple[str, ...] = ("lad", "lep", "ca", "utla24")  # one drawable area per side


def _side(text: str | None) -> Locality | None:
    """'lad:E08000009' for one side of an area comparison, or None (never raises)."""
    loc = Locality.from_params({"local": text}) if text else None
    return loc if loc is not None and loc.kind in COMPARE_KINDS else None


def _period(text: str | None) -> str | None:
    from geo.analysis.periods import financial_year

    label = (text or "").strip()
    try:
        financial_year(label)
    except ValueError:
        return None
    return label


def _rate(text: str | None) -> float | None:
    """A re-spend rate from a link: a fraction 0–1 (4 decimals, i.e. 0.01 pp), or None."""
    try:
        value = float((text or "").strip())
    except ValueError:
        return None
    return round(value, 4) if math.isfinite(value) and 0 <= value <= 1 else None


def _default_respend() -> float:
    from geo.analysis.multiplier import DEFAULT_RESPEND

    return DEFAULT_RESPEND.value


@dataclass(frozen=True)
class AnalysisView(PageView):
    """Compare & leakage: the Spend map's filters and "local", two areas or two periods side by side,
    the leakage flow level, the LM3 re-spend assumption and whose boundary the benchmark uses."""

    PREFIX: ClassVar[str] = "an"

    filters: Filters = field(default_factory=Filters)
    local_kind: str = "ca"
    locality: Locality | None = None
    denominator: str = "all"
    mode: str = "areas"
    area_a: Locality | None = None
    area_b: Locality | None = None
    period_a: str | None = None
    period_b: str | None = None
    respend: float = field(default_factory=_default_respend)
    flow_level: str = "lad"
    bench_own: bool = False  # benchmark: each buyer's own authority as "local" (URL bench=own)
    imd: str = levels.DEFAULT_IMD  # IMD vintage (app-wide control; URL imd=2019)

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> AnalysisView:
        """The view a link describes; never raises (unreadable values fall back to defaults)."""
        filters, local_kind, locality, denominator = spend_params(params, "ca")
        mode = (_get(params, "cmp") or "").strip().lower()
        flow = (_get(params, "flow") or "").strip().lower()
        rate = _rate(_get(params, "respend"))
        return cls(
            filters=filters,
            local_kind=local_kind,
            locality=locality,
            denominator=denominator,
            mode=mode if mode in COMPARE_MODES else "areas",
            area_a=_side(_get(params, "a")),
            area_b=_side(_get(params, "b")),
            period_a=_period(_get(params, "pa")),
            period_b=_period(_get(params, "pb")),
            respend=_default_respend() if rate is None else rate,
            flow_level=flow if flow in FLOW_LEVELS else "lad",
            bench_own=(_get(params, "bench") or "").strip().lower() == "own",
            imd=imd_param(params),
        )

    def to_params(self) -> dict[str, str]:
        """URL params for the non-default state; `from_params` inverts it."""
        out = spend_params_out(self.filters, self.local_kind, self.locality, self.denominator, "ca")
        if self.mode != "areas":
            out["cmp"] = self.mode
        for key, side in (("a", self.area_a), ("b", self.area_b)):
            if side is not None:
                out[key] = side.spec
        for key, period in (("pa", self.period_a), ("pb", self.period_b)):
            if period:
                out[key] = period
        if self.respend != _default_respend():
            out["respend"] = repr(self.respend)
        if self.flow_level != "lad":
            out["flow"] = self.flow_level
        if self.bench_own:
            out["bench"] = "own"
        return _imd_out(out, self.imd)
