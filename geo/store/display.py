"""Prepare's display step: simplified EPSG:4326 geometry for each LSOA layer and the areas dissolved from it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.store import simplify


@dataclass(frozen=True)
class Display:
    """EPSG:4326 display geometry of one LSOA vintage and of the area levels built on it."""

    lsoa: np.ndarray  # national layer, in the order of the layer's rows
    detail: np.ndarray  # zoomed detail layer, same order
    areas: dict[str, pd.Series]  # store name → geometry indexed by area code


def dissolved_areas(
    simple_bng: np.ndarray,
    lad_keys: np.ndarray,
    memberships: dict[str, pd.DataFrame],
    base: str,
    unit: str,
    overlapping: frozenset[str] = frozenset(),
) -> dict[str, pd.Series]:
    """LAD geometry dissolved from the simplified LSOA coverage, then each level from its LADs.

    Area display geometry is dissolved from the simplified LSOA coverage (LSOAs nest in LADs,
    LADs in LEP/CA), so every layer shares exactly the LSOA layer's edges: outlines drawn over
    the LSOA choropleth line up, and LEPs that overlap (the 7 shared LADs) are each the union of
    their own member LADs rather than separately simplified shapes. `memberships` maps a store
    name to (code, `unit`) pairs. Returns EPSG:27700 geometry; see to_wgs84.
    """
    keys, geoms = simplify.dissolve(simple_bng, lad_keys)
    lad = pd.Series(geoms, index=pd.Index(keys, name=unit))
    out: dict[str, pd.Series] = {base: lad}
    for level, long in memberships.items():
        k, g = simplify.dissolve(
            lad.reindex(long[unit]).to_numpy(), long["code"].to_numpy(dtype=str)
        )
        out[level] = pd.Series(g, index=pd.Index(k, name="code"))
    return {
        level: pd.Series(
            # Overlapping levels (LEPs) are not a coverage to repair after rounding.
            simplify.bng_to_wgs84(s.to_numpy(), coverage=level not in overlapping),
            index=s.index,
        )
        for level, s in out.items()
    }


def build_display(
    lsoa_bng: np.ndarray,
    lad_keys: np.ndarray,
    memberships: dict[str, pd.DataFrame],
    base: str,
    unit: str,
    tolerance_m: float,
    overlapping: frozenset[str] = frozenset(),
) -> Display:
    """Simplify one LSOA coverage at `tolerance_m` (national) and the detail tolerance (zoomed)."""
    simple_bng = simplify.simplify_coverage(lsoa_bng, tolerance_m)
    areas = dissolved_areas(simple_bng, lad_keys, memberships, base, unit, overlapping)
    detail = simplify.bng_to_wgs84(
        simplify.simplify_coverage(lsoa_bng, simplify.LSOA_DETAIL_TOLERANCE_M)
    )
    return Display(lsoa=simplify.bng_to_wgs84(simple_bng), detail=detail, areas=areas)
