"""Tables behind the maps (the accessible alternative to each map): decile mix, rankings, Growth Deals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo import levels
from geo.present import palette


def lsoas_in(lsoa: pd.DataFrame, level: str | None, code: str | None) -> pd.DataFrame:
    """LSOAs inside one LAD / LEP / CA (all of them when level or code is None).

    Membership is geo.levels.members, so a LEP tests both of its columns (7 LADs sit in two LEPs).
    """
    if not level or not code:
        return lsoa
    return lsoa.loc[levels.members(level, code, lsoa)]


def decile_distribution(lsoa: pd.DataFrame, level: str | None, code: str | None) -> pd.DataFrame:
    """LSOAs by IMD decile (1–10, every decile listed) in an area, or in England when none is given."""
    subset = lsoas_in(lsoa, level, code)
    deciles = pd.to_numeric(subset["imd_decile"], errors="coerce").dropna().astype(int)
    counts = (
        np.bincount(deciles.clip(1, 10) - 1, minlength=10) if len(deciles) else np.zeros(10, int)
    )
    total = int(counts.sum())
    return pd.DataFrame(
        {
            "decile": [str(d) for d in range(1, 11)],
            "lsoas": counts.astype(int),
            "share": counts / total if total else np.full(10, np.nan),
            "colour": [palette.hex_colour(c) for c in palette.DECILE_COLOURS],
        }
    )


def ranked_by_decile1(areas: pd.DataFrame) -> pd.DataFrame:
    """Areas ranked by share of LSOAs in decile 1 (most deprived first); no geometry."""
    cols = [
        c
        for c in (
            "code",
            "name",
            "n_lsoa",
            "n_decile1",
            "share_decile1",
            "n_decile12",
            "share_decile12",
            "population",
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


def decile_chart_frame(by_decile: pd.DataFrame) -> pd.DataFrame:
    """Spend-by-decile table with the legend colour of each bucket, for a bar chart that matches the map."""
    out = pd.DataFrame(by_decile).copy()
    colours = [palette.hex_colour(c) for c in palette.DECILE_COLOURS]
    out["colour"] = colours + [palette.hex_colour(palette.NO_DATA)] * (len(out) - len(colours))
    out["bucket"] = ["1 (most deprived)" if b == "1" else str(b) for b in out["bucket"].astype(str)]
    return out
