"""Tables behind the maps (the accessible alternative to each map): decile mix, rankings, Growth Deals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo import levels
from geo.present import palette


def vintage_of(lsoa: pd.DataFrame) -> levels.ImdVintage:
    """The IMD vintage of an LSOA table (read_lsoa(imd=…)): the one whose LSOA code column it has."""
    for v in levels.IMD.values():
        if v.lsoa_column in lsoa.columns:
            return v
    return levels.imd(None)


def lsoas_in(
    lsoa: pd.DataFrame, level: str | levels.Level | None, code: str | None
) -> pd.DataFrame:
    """LSOAs inside one LAD / LEP / CA (all of them when level or code is None).

    "lad" / "ca" mean the current set of the table's own IMD vintage (LAD 2024 / CA 2025 on the
    LSOA 2021 layer, LAD 2021 / CA 2024 on the LSOA 2011 layer). Membership is
    geo.levels.members, so a LEP tests both of its columns (7 LADs sit in two LEPs).
    """
    if not level or not code:
        return lsoa
    lv = level if isinstance(level, levels.Level) else levels.for_imd(level, vintage_of(lsoa).key)
    return lsoa.loc[levels.members(lv, code, lsoa)]


def decile_distribution(lsoa: pd.DataFrame, level: str | None, code: str | None) -> pd.DataFrame:
    """LSOAs by IMD decile (1–10, every decile listed) in an area, or in England when none is
    given, under the LSOA table's own vintage (imd25_decile on LSOA 2021, imd_decile on 2011)."""
    subset = lsoas_in(lsoa, level, code)
    col = vintage_of(lsoa).decile_column
    deciles = pd.to_numeric(subset[col], errors="coerce").dropna().astype(int)
    counts = (
        np.bincount(deciles.clip(1, 10) - 1, minlength=10) if len(deciles) else np.zeros(10, int)
    )
    total = int(counts.sum())
    return pd.DataFrame(
        {
            "lsoa_decile": [str(d) for d in range(1, 11)],
            "lsoas": counts.astype(int),
            "share_of_lsoas": counts / total if total else np.full(10, np.nan),
            "colour": [palette.hex_colour(c) for c in palette.DECILE_COLOURS],
        }
    )


def ranked_by_decile1(areas: pd.DataFrame, imd: str | int | None = None) -> pd.DataFrame:
    """Areas ranked by share of LSOAs in decile 1 (most deprived first); no geometry.

    With `imd`, the decile statistics are that vintage's (imd25_* / imd19_* columns of the store
    table) and an `imd_vintage` column names it; without, the table's own unsuffixed columns
    (read_areas(level, imd=…) already holds the chosen vintage there).
    """
    if imd is not None:
        v = levels.imd(imd)
        areas = pd.DataFrame(areas).copy()
        for stat in ("n_lsoa", "n_decile1", "share_decile1", "n_decile12", "share_decile12"):
            if f"{v.stats_prefix}_{stat}" in areas.columns:
                areas[stat] = areas[f"{v.stats_prefix}_{stat}"]
        areas["imd_vintage"] = v.label
    cols = [
        c
        for c in (
            # The ranked figure beside the name: in the Deprivation page's narrow column the
            # columns after the counts were cut, and the ranking's own share with them.
            "code",
            "name",
            "share_decile1",
            "n_decile1",
            "n_lsoa",
            "share_decile12",
            "n_decile12",
            "population",
            "population_year",
            "imd_vintage",
        )
        if c in areas.columns
    ]
    out = pd.DataFrame(areas[cols]).sort_values(
        ["share_decile1", "name"], ascending=[False, True], kind="stable"
    )
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out.reset_index(drop=True)


def growth_deals_table(lep: pd.DataFrame) -> pd.DataFrame:
    """Per-LEP Growth Deal figures beside deprivation; a missing £ figure stays missing, with its reason."""
    cols = [
        c
        for c in (
            "code",
            "name",
            "population",
            "gd_round1_gbp_m",
            "gd_round2_gbp_m",
            "gd_round3_gbp_m",
            "gd_total_gbp_m",
            "gd_per_head_gbp",
            "gd_population",
            "gd_population_basis",
            "gd_not_comparable_reason",
            "gd_per_head_2021_area_gbp",
            "share_decile1",
            "n_lsoa",
            "n_decile1",
            "imd_vintage",
            "gd_confidence",
            "gd_missing_reason",
            "gd_notes",
        )
        if c in lep.columns
    ]
    out = pd.DataFrame(lep[cols]).sort_values("name", kind="stable").reset_index(drop=True)
    return out


def growth_deals_missing(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of the Growth Deals table with no £ per head figure (never plotted as £0)."""
    return table.loc[pd.to_numeric(table["gd_per_head_gbp"], errors="coerce").isna()]


def area_table_plain(areas: pd.DataFrame) -> pd.DataFrame:
    """An area table without geometry, for st.dataframe."""
    return pd.DataFrame(areas.drop(columns=[c for c in ("geometry",) if c in areas.columns]))


def points_table(points: pd.DataFrame) -> pd.DataFrame:
    """The map's supplier points as a table (the map's accessible alternative): supplier and
    postcode under their own headings (the points' `name` / `code` read "Area name" / "Area code
    (GSS)" in the locations table), £, rows and decile; the local flag only when a boundary is
    chosen. A grouped point's supplier cell counts its locations and its postcode is blank.
    The tooltip text, the supplier count (a group names it) and the coordinates and keys are
    left out."""
    out = pd.DataFrame(points).drop(
        columns=[c for c in ("key", "lon", "lat", "detail", "suppliers") if c in points.columns]
    )
    out = out.rename(columns={"name": "supplier_name", "code": "postcode"})
    if "is_local" in out.columns and out["is_local"].isna().all():
        out = out.drop(columns=["is_local"])
    return out.reset_index(drop=True)


def decile_chart_frame(by_decile: pd.DataFrame) -> pd.DataFrame:
    """Spend-by-decile table with the legend colour of each bucket, for a bar chart that matches the map."""
    out = pd.DataFrame(by_decile).copy()
    colours = [palette.hex_colour(c) for c in palette.DECILE_COLOURS]
    out["colour"] = colours + [palette.hex_colour(palette.NO_DATA)] * (len(out) - len(colours))
    out["bucket"] = ["1 (most deprived)" if b == "1" else str(b) for b in out["bucket"].astype(str)]
    return out
