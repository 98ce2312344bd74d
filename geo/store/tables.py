"""Prepare's table step: the LSOA display tables and one area table per level, each with both IMD vintages."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import SpendGeoError
from geo.store import sources
from geo.store.growth_deals import growth_deal_columns
from geo.store.stats import area_stats, lad_stats, vintage_columns

LSOA11_COLUMNS: tuple[str, ...] = (
    "lsoa11cd", "lsoa11nm", "lad21cd", "lad21nm", "lad19cd", "lep21cd", "lep21cd2",
    "ca24cd", "ca21cd", "imd_rank", "imd_decile",
)  # fmt: skip
LSOA21_COLUMNS: tuple[str, ...] = (
    "lsoa21cd", "lsoa21nm", "lad24cd", "lad24nm", "lad21cd", "ca25cd", "utla24cd", "lep21cd",
    "lep21cd2", "ca24cd", "ca21cd", "imd25_rank", "imd25_decile",
)  # fmt: skip
HISTORIC_TABLES: tuple[str, ...] = ("lad", "lep", "ca24", "ca21")  # on LAD 2021, mid-2019
CURRENT_TABLES: tuple[str, ...] = ("lad24", "ca25", "utla24")  # on LAD 2024, mid-2024
POPULATION_YEAR = {
    **dict.fromkeys(HISTORIC_TABLES, "mid-2019"),
    **dict.fromkeys(CURRENT_TABLES, "mid-2024"),
}


def lsoa_table(
    attrs: pd.DataFrame, columns: tuple[str, ...], geometry: np.ndarray, key: str
) -> gpd.GeoDataFrame:
    """A display table: `columns` (codes as strings, IMD as numbers) + EPSG:4326 geometry, sorted by `key`."""
    out = gpd.GeoDataFrame(
        attrs[list(columns)].reset_index(drop=True),
        geometry=gpd.GeoSeries(geometry, crs=sources.WGS84),
    ).sort_values(key, ignore_index=True)
    for col in columns[:-2]:
        out[col] = out[col].astype("string")
    return out


def self_membership(codes: pd.Index, unit: str) -> pd.DataFrame:
    """(code, `unit`) pairs where each LAD is its own area: the LAD tables' membership."""
    return pd.DataFrame({"code": list(codes), unit: list(codes)}).astype("string")


@dataclass(frozen=True)
class AreaInputs:
    """Everything the area tables are built from (see prepare)."""

    lsoa11: pd.DataFrame  # lad21cd, imd_decile per LSOA 2011
    lsoa21: pd.DataFrame  # lad21cd, lad24cd, imd25_decile per LSOA 2021
    pop19: pd.Series  # index lad21cd
    pop24: pd.Series  # index lad24cd
    lad21_lad24: pd.Series  # index lad21cd
    names: dict[str, pd.Series]  # store name → name by code
    memberships: dict[str, pd.DataFrame]  # historic: (code, lad21cd); current: (code, lad24cd)
    extras: dict[str, pd.DataFrame]  # store name → extra columns by code (LAD slots, region …)
    geometry: dict[str, pd.Series]  # store name → EPSG:4326 geometry by code
    deals: pd.DataFrame


def area_tables(inp: AreaInputs) -> dict[str, gpd.GeoDataFrame]:
    """One table per level: name, own-vintage population and IMD stats, imd19_* and imd25_* stats.

    The unsuffixed stats (n_lsoa, share_decile1 …) are the table's own vintage: IMD 2019 for the
    historic frames on LAD 2021, IMD 2025 for LAD 2024 and CA 2025. LSOA 2011 nest in LAD 2021
    and LSOA 2021 in both LAD 2021 and LAD 2024, so either vintage sums exactly over any level.
    """
    lad21_units = inp.pop19.index
    s19 = lad_stats(inp.lsoa11, inp.pop19)
    s25_by21 = lad_stats(inp.lsoa21, None, decile="imd25_decile", units=lad21_units)
    s25 = lad_stats(inp.lsoa21, inp.pop24, unit="lad24cd", decile="imd25_decile")
    s19_counts = s19.drop(columns="population")
    pairs = pd.DataFrame(
        {"lad24cd": inp.lad21_lad24.to_numpy(), "lad21cd": inp.lad21_lad24.index.to_numpy()}
    ).astype("string")
    tables: dict[str, gpd.GeoDataFrame] = {}
    for level, members in inp.memberships.items():
        if level in HISTORIC_TABLES:
            body = area_stats(members, s19)
            other = vintage_columns(area_stats(members, s25_by21), "imd25")
            own = vintage_columns(body, "imd19")
        else:
            body = area_stats(members, s25, unit="lad24cd")
            by21 = members.merge(pairs, on="lad24cd")[["code", "lad21cd"]]
            other = vintage_columns(area_stats(by21, s19_counts), "imd19")
            own = vintage_columns(body, "imd25")
        names = inp.names[level]
        unmatched = names.index.difference(body.index)
        if len(unmatched):
            raise SpendGeoError(
                f"{level.upper()} area {unmatched[0]} ({names[unmatched[0]]}) has no member LAD."
            )
        body.insert(0, "name", names.reindex(body.index).astype("string"))
        body.insert(2, "population_year", POPULATION_YEAR[level])
        body["population_year"] = body["population_year"].astype("string")
        if level in inp.extras:
            body = body.join(inp.extras[level])
        if level == "lep":
            body = body.join(growth_deal_columns(body, inp.deals, inp.pop19, inp.names["lad"]))
        body = body.join(own).join(other)
        body.index.name = "code"
        geom = gpd.GeoSeries(inp.geometry[level].reindex(body.index).to_numpy(), crs=sources.WGS84)
        tables[level] = gpd.GeoDataFrame(body.reset_index(), geometry=geom)
    return tables
