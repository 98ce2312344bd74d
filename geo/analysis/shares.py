"""Shares, denominators and JSON-ready values shared by every analysis."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from geo.analysis.filters import DENOMINATORS

NET_NOTE = "net £ (credit notes included as negative amounts)"


def share(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when there is no (positive net) spend to divide by."""
    if not math.isfinite(denominator) or denominator <= 0:
        return None
    return float(numerator / denominator)


def json_value(v: object) -> object:
    if v is None:
        return None
    if isinstance(v, np.integer | np.bool_):
        return v.item()
    if isinstance(v, float | np.floating):
        return None if not math.isfinite(float(v)) else float(v)
    return v


def frame_records(df: pd.DataFrame) -> list[dict]:
    """DataFrame → list of dicts with NaN/NA → None and numpy scalars → Python (valid JSON)."""
    cols = list(df.columns)
    out = []
    for row in df.itertuples(index=False, name=None):
        out.append(
            {c: (None if isna(v) else json_value(v)) for c, v in zip(cols, row, strict=True)}
        )
    return out


def isna(v: object) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def shares(values: np.ndarray, denominator: float) -> np.ndarray:
    if not math.isfinite(denominator) or denominator <= 0:
        return np.full(len(values), np.nan)
    return values / denominator


def denominator_description(denominator: str) -> str:
    if denominator == "geocoded":
        return "spend with located suppliers (geocoded) in the selection"
    return "all spend in the selection"


def check_denominator(denominator: str) -> None:
    if denominator not in DENOMINATORS:
        raise ValueError(
            f"denominator must be one of {', '.join(DENOMINATORS)}, not {denominator!r}"
        )
