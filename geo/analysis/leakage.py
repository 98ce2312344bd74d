"""Leakage: for the chosen local boundary, where the non-local £ goes (by LAD, CA, region) and flows for a map."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo import levels
from geo.analysis.index import NOT_GEOCODED, Selection, SpendFrame, select
from geo.analysis.locality import Locality, is_local
from geo.analysis.shares import NET_NOTE, check_denominator, frame_records, json_value, share

OUTSIDE_ENGLAND = "outside England"
NO_CA = "not in a Combined Authority"
NO_REGION = "region not known"
LEVELS = ("lad", "ca", "region")
# The destination at each level is the index vintage's current LAD / CA (sf.lad_column,
# sf.ca_column: LAD 2024 / CA 2025 under IMD 2025); regions come from the LAD table.


@dataclass(frozen=True)
class Leakage:
    """Retained (local) vs leaked (located elsewhere) £ for one boundary, and where the leak goes.

    retained + leaked + unlocated = total, always. Shares are of the denominator: 'geocoded'
    (retained + leaked: where the destination is known) or 'all' (the unlocated £ included).
    Destination tables rank areas by £ leaked to them; share = of the leaked £.
    """

    locality: Locality
    denominator: str
    total_gbp: float
    retained_gbp: float
    leaked_gbp: float
    unlocated_gbp: float
    retained_share: float | None
    leaked_share: float | None
    by_lad: pd.DataFrame  # rank, code, name, gbp, share, rows
    by_ca: pd.DataFrame
    by_region: pd.DataFrame
    basis: str

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"by_lad": self.by_lad, "by_ca": self.by_ca, "by_region": self.by_region}

    def to_dict(self) -> dict:
        return {
            "locality": self.locality.spec,
            "locality_label": self.locality.description,
            "denominator": self.denominator,
            "basis": self.basis,
            "total_gbp": json_value(self.total_gbp),
            "retained_gbp": json_value(self.retained_gbp),
            "leaked_gbp": json_value(self.leaked_gbp),
            "unlocated_gbp": json_value(self.unlocated_gbp),
            "retained_share": json_value(self.retained_share),
            "leaked_share": json_value(self.leaked_share),
            "tables": {k: frame_records(v) for k, v in self.tables().items()},
        }


def leakage(
    sf: SpendFrame,
    mask: np.ndarray | Selection | None,
    locality: Locality,
    denominator: str = "geocoded",
    lad_regions: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> Leakage:
    """Where the selection's non-local £ goes.

    `lad_regions` maps LAD code → region code (the store's lad table, rgn21cd); without it the
    region table has one 'region not known' row. `names` maps any code to a display name.
    Local is decided by the same place test as the summary cards (Locality → geo.levels).
    """
    check_denominator(denominator)
    locality = locality.under(sf.imd)
    sel = select(sf, mask)
    cell = sel.take(sf.cell)
    c_gbp = np.bincount(cell, weights=sel.amount, minlength=sf.n_cells)
    c_rows = np.bincount(cell, minlength=sf.n_cells)
    located = sf.cell_bucket != NOT_GEOCODED
    n_places = len(sf.places)
    p_gbp = np.bincount(sf.cell_place[located], weights=c_gbp[located], minlength=n_places)
    p_rows = np.bincount(sf.cell_place[located], weights=c_rows[located], minlength=n_places)
    local = sf.local_places(locality)
    total = float(c_gbp.sum())
    retained = float(p_gbp[local].sum())
    leaked = float(p_gbp[~local].sum())
    unlocated = total - retained - leaked
    den = retained + leaked if denominator == "geocoded" else total

    away = ~local & (p_rows > 0)
    lad = sf.place_lad[away]
    ca = sf.place_ca[away]
    regions = lad_regions or {}
    rgn = np.array([regions.get(c, NO_REGION) if _known(c) else OUTSIDE_ENGLAND for c in lad], dtype=object)  # fmt: skip
    lad = np.array([c if _known(c) else OUTSIDE_ENGLAND for c in lad], dtype=object)
    ca = np.array([c if _known(c) else NO_CA for c in ca], dtype=object)
    g, r = p_gbp[away], p_rows[away]
    nm = names or {}
    of = "located spend" if denominator == "geocoded" else "all spend"
    return Leakage(
        locality=locality,
        denominator=denominator,
        total_gbp=total,
        retained_gbp=retained,
        leaked_gbp=leaked,
        unlocated_gbp=unlocated,
        retained_share=share(retained, den),
        leaked_share=share(leaked, den),
        by_lad=_ranked(lad, g, r, leaked, nm),
        by_ca=_ranked(ca, g, r, leaked, nm),
        by_region=_ranked(rgn, g, r, leaked, nm),
        basis=(
            f"Retained = spend with {locality.description}; leaked = spend with suppliers located "
            f"elsewhere; unlocated = supplier not located (destination unknown). Shares of {of}; "
            f"destination shares of the leaked £; {NET_NOTE}."
        ),
    )


def _known(code: object) -> bool:
    return code is not None and code == code and str(code) != ""


def _ranked(
    codes: np.ndarray, gbp: np.ndarray, rows: np.ndarray, leaked: float, names: Mapping[str, str]
) -> pd.DataFrame:
    if not len(codes):
        return pd.DataFrame(
            {"rank": pd.Series([], dtype="int64"), "code": [], "name": [], "gbp": [], "share": [],
             "rows": pd.Series([], dtype="int64")}
        )  # fmt: skip
    key, uniq = pd.factorize(codes)
    g = np.bincount(key, weights=gbp, minlength=len(uniq))
    r = np.bincount(key, weights=rows, minlength=len(uniq)).astype(np.int64)
    out = pd.DataFrame(
        {
            "code": pd.array([str(u) for u in uniq], dtype="string"),
            "name": pd.array([names.get(str(u), str(u)) for u in uniq], dtype="string"),
            "gbp": g,
            "share": g / leaked if leaked > 0 else np.full(len(g), np.nan),
            "rows": r,
        }
    ).sort_values(["gbp", "code"], ascending=[False, True], kind="stable")
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out.reset_index(drop=True)


# --- flows for a map -----------------------------------------------------------------------


def area_centroids(lad: pd.DataFrame, imd: str | int | None = None) -> pd.DataFrame:
    """Centre (a point inside each area, WGS84) of every LAD, CA and region, from the store's LAD
    table of the IMD vintage (read_areas(levels.for_imd("lad", imd).store): code, name, its CA
    column — ca25cd under 2025, ca24cd under 2019 — rgn21cd, rgn21nm, geometry in EPSG:4326):
    level, code, name, lon, lat. Without `imd` the table's own CA column is used."""
    import geopandas as gpd

    if imd is not None:
        ca_col = levels.for_imd("ca", imd).column
    else:  # the table says its vintage: a LAD 2024 table carries ca25cd, a LAD 2021 one ca24cd
        cols = [levels.for_imd("ca", k).column for k in levels.IMD]
        ca_col = next((c for c in cols if c in lad.columns), cols[0])
    gdf = gpd.GeoDataFrame(lad, geometry="geometry")
    parts = [_points_of(gdf, "lad", "code", "name")]
    for level, code, name in (("ca", ca_col, None), ("region", "rgn21cd", "rgn21nm")):
        sub = gdf[gdf[code].notna()]
        merged = sub.dissolve(by=code, as_index=False)
        if name is None:
            merged["__name"] = merged[code]
            name = "__name"
        parts.append(_points_of(merged, level, code, name))
    return pd.concat(parts, ignore_index=True)


def _points_of(gdf: object, level: str, code: str, name: str) -> pd.DataFrame:
    pts = gdf.geometry.representative_point()  # type: ignore[attr-defined]
    return pd.DataFrame(
        {
            "level": level,
            "code": gdf[code].astype(str).to_numpy(),  # type: ignore[index]
            "name": gdf[name].astype(str).to_numpy(),  # type: ignore[index]
            "lon": pts.x.to_numpy(),
            "lat": pts.y.to_numpy(),
        }
    )


def locality_lads(lad: pd.DataFrame, locality: Locality) -> pd.DataFrame:
    """The rows of a store LAD table inside the locality (same membership rule as "local").

    `lad` is a store LAD table (or the locality's own level table): its `code` stands for the
    locality level's column when the table has no such column (a LAD 2024 table for "lad:").
    """
    rows = lad.copy()
    if locality.imd is None:  # follow the table: a LAD 2021 table carries ca24cd, LAD 2024 ca25cd
        fits = [locality.under(k) for k in levels.IMD]
        locality = next((f for f in fits if f.level.column in rows.columns), fits[0])
    if locality.level.column not in rows.columns:
        rows[locality.level.column] = rows["code"]
    return lad[is_local(rows, locality)]


def centre_on_own_table(lad: pd.DataFrame, locality: Locality) -> bool:
    """True when the locality's centre must come from its level's own table: an upper-tier
    authority on the LAD 2021 table (IMD 2019), which does not carry utla24cd (the level's table,
    whose `code` stands for the membership column)."""
    return locality.kind == "utla24" and locality.level.column not in lad.columns


def locality_centre(lad: pd.DataFrame, locality: Locality) -> tuple[float, float] | None:
    """(lon, lat) of a point inside the union of the locality's LADs (locality_lads)."""
    import geopandas as gpd

    inside = locality_lads(lad, locality)
    if inside.empty:
        return None
    shape = gpd.GeoSeries(inside.geometry.to_numpy(), crs=4326).union_all()
    p = shape.representative_point()
    return float(p.x), float(p.y)


def leakage_flows(
    result: Leakage, level: str, centroids: pd.DataFrame, origin: tuple[float, float]
) -> pd.DataFrame:
    """Arcs for a flow map: origin (the local area's centre) → each destination area's centre,
    with £ and share of the leaked £. Destinations without a centre ('outside England', 'not in
    a Combined Authority') are left out of the arcs (they stay in the ranked table)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    table = result.tables()[f"by_{level}"]
    c = centroids[centroids["level"] == level].set_index("code")
    keep = table[table["code"].astype(str).isin(c.index)]
    where = c.loc[keep["code"].astype(str)]
    return pd.DataFrame(
        {
            "origin_lon": origin[0],
            "origin_lat": origin[1],
            "code": keep["code"].to_numpy(),
            "name": where["name"].to_numpy(),
            "dest_lon": where["lon"].to_numpy(),
            "dest_lat": where["lat"].to_numpy(),
            "gbp": keep["gbp"].to_numpy(),
            "share": keep["share"].to_numpy(),
        }
    )


def retained_frame(result: Leakage) -> pd.DataFrame:
    """Retained / leaked / unlocated £ as rows (part, gbp), for a stacked bar."""
    return pd.DataFrame(
        {
            "part": ["Retained (local)", "Leaked (located elsewhere)", "Not located"],
            "gbp": [result.retained_gbp, result.leaked_gbp, result.unlocated_gbp],
        }
    )
