"""Assign small areas to larger ones by area overlap (EPSG:27700): a unit joins every area covering ≥ a share of it."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import SpendGeoError

# ONS best-fit convention for building lookups between non-nesting geographies: a unit belongs
# to an area when at least half of it lies inside. Shared-membership LEPs (7 LADs in two LEPs
# in 2021) cover those LADs ~100%, so every LEP covering ≥ 50% is kept, not just the largest.
MIN_SHARE = 0.5


def overlap_shares(
    units_bng: gpd.GeoDataFrame,
    areas_bng: gpd.GeoDataFrame,
    unit_key: str = "code",
    area_key: str = "code",
) -> pd.DataFrame:
    """Long table unit, area, share: the fraction of each unit's area inside each area it meets."""
    for name, gdf in (("units", units_bng), ("areas", areas_bng)):
        if gdf.crs is None or gdf.crs.to_epsg() != 27700:
            raise SpendGeoError(
                f"Overlay {name} must be in EPSG:27700 (areas in m²), not {gdf.crs}."
            )
    ug = units_bng.geometry.values
    ag = areas_bng.geometry.values
    tree = shapely.STRtree(ag)
    ui, ai = tree.query(ug, predicate="intersects")
    inter = shapely.area(shapely.intersection(ug[ui], ag[ai]))
    share = inter / shapely.area(ug[ui])
    return pd.DataFrame(
        {
            "unit": units_bng[unit_key].to_numpy()[ui],
            "area": areas_bng[area_key].to_numpy()[ai],
            "share": share,
        }
    )


def assign_by_overlap(
    units_bng: gpd.GeoDataFrame,
    areas_bng: gpd.GeoDataFrame,
    slots: tuple[str, ...],
    unit_key: str = "code",
    area_key: str = "code",
    min_share: float = MIN_SHARE,
) -> pd.DataFrame:
    """One row per unit (index = unit code) with columns `slots`: the areas covering ≥ min_share of it.

    Areas are ordered by code into the slots (lep21cd, lep21cd2 …); a unit no area covers gets
    <NA> in every slot. More qualifying areas than slots is an error, not a silent truncation.
    """
    shares = overlap_shares(units_bng, areas_bng, unit_key, area_key)
    hits = shares.loc[shares["share"] >= min_share].sort_values(["unit", "area"])
    hits = hits.assign(slot=hits.groupby("unit").cumcount())
    too_many = hits.loc[hits["slot"] >= len(slots), "unit"].unique()
    if len(too_many):
        raise SpendGeoError(
            f"{len(too_many)} unit(s) (e.g. {too_many[0]}) lie ≥{min_share:.0%} in more than "
            f"{len(slots)} areas; the overlay expects at most {len(slots)}."
        )
    wide = hits.pivot(index="unit", columns="slot", values="area")
    wide = wide.reindex(index=pd.Index(units_bng[unit_key].to_numpy(), name=unit_key))
    wide = wide.reindex(columns=np.arange(len(slots)))
    wide.columns = list(slots)
    return wide.astype("string")


def lad21_frames(
    lad_bng: gpd.GeoDataFrame,
    lep_bng: gpd.GeoDataFrame,
    ca24_bng: gpd.GeoDataFrame,
    ca21_bng: gpd.GeoDataFrame,
    lep_slots: tuple[str, ...] = ("lep21cd", "lep21cd2"),
) -> pd.DataFrame:
    """LAD21 → LEP 2021 (two slots), CA 2024 and CA 2021 by the ≥50% overlay (index lad21cd).

    These frames have no ONS best-fit lookup on LAD 2021 codes in the collection, so they are
    assigned by area; CA 2025 is not (its ONS lookup is used, see geo/store/current.py).
    """
    lad_lep = assign_by_overlap(lad_bng, lep_bng, lep_slots)
    no_lep = lad_lep[lep_slots[0]].isna()
    if no_lep.any():
        raise SpendGeoError(f"LAD {lad_lep.index[no_lep][0]} lies ≥50% in no LEP.")
    assign = pd.concat(
        [
            lad_lep,
            assign_by_overlap(lad_bng, ca24_bng, ("ca24cd",)),
            assign_by_overlap(lad_bng, ca21_bng, ("ca21cd",)),
        ],
        axis=1,
    )
    assign.index.name = "lad21cd"
    return assign
