"""Area choropleths as GeoJSON layers: IMD deciles by LSOA, Growth Deal £ per head, share in decile 1."""

from __future__ import annotations

import pandas as pd

from geo.present import palette
from geo.present.deck import Layer, fill_layer
from geo.present.geojson import PRECISION_AREA, PRECISION_NATIONAL
from geo.present.tables import lsoas_in, vintage_of


def decile_layer(
    lsoa: pd.DataFrame,
    *,
    layer_id: str = "lsoa-imd",
    precision: int = PRECISION_AREA,
    alpha: int = palette.DECILE_ALPHA,
) -> Layer:
    """IMD decile choropleth of LSOAs of the table's own vintage (read_lsoa(imd=…): lsoa21cd,
    lsoa21nm, imd25_decile under 2025; lsoa11cd, lsoa11nm, imd_decile under 2019; geometry)."""
    v = vintage_of(lsoa)
    deciles = lsoa[v.decile_column].tolist()
    details = [
        f"{v.label} decile {int(d)}{' (most deprived 10%)' if int(d) == 1 else ''}"
        if d is not None and not pd.isna(d)
        else f"{v.label} decile not available"
        for d in deciles
    ]
    # Thin white edges only when zoomed to an area; nationally they would grey out the map.
    edge = 0.3 if precision >= PRECISION_AREA else 0.0
    return fill_layer(
        layer_id,
        lsoa.geometry.values,
        palette.decile_colours(deciles),
        lsoa[v.lsoa_name_column].tolist(),
        lsoa[v.lsoa_column].tolist(),
        details,
        alpha=alpha,
        line_width_px=edge,
        precision=precision,
    )


def decile_layer_for(
    lsoa: pd.DataFrame,
    level: str | None,
    code: str | None,
    detail: pd.DataFrame | None = None,
) -> Layer:
    """Decile choropleth for one area's LSOAs or all England.

    All England uses the store's national display geometry (180 m coverage simplification) at
    coarse coordinates. An area uses `detail` (the store's 20 m layer of the same vintage: LSOA
    code + geometry) for its LSOAs when given, so zoomed maps follow the streets while only that
    area is sent. "lad" / "ca" are the vintage's current sets.
    """
    subset = lsoas_in(lsoa, level, code)
    if subset is lsoa:
        return decile_layer(lsoa, precision=PRECISION_NATIONAL)
    if detail is not None and len(detail):
        key = vintage_of(lsoa).lsoa_column
        finer = detail.set_index(key).geometry
        subset = subset.copy()
        subset["geometry"] = finer.reindex(subset[key]).fillna(subset.geometry).to_numpy()
    return decile_layer(subset, precision=PRECISION_AREA)


def per_head_scale(lep: pd.DataFrame) -> palette.ClassedScale:
    return palette.quantile_scale(lep["gd_per_head_gbp"].tolist(), palette.PER_HEAD_RAMP)


def per_head_layers(
    lep: pd.DataFrame, *, edges: bool = True
) -> tuple[list[Layer], palette.ClassedScale]:
    """Growth Deal £/head choropleth; LEPs with no figure are grey (never £0), their reason in the tooltip.

    `edges=False` leaves the white LEP edges to a tile layer (tiled.outline_tile_layer): drawn
    from the GeoJSON, they were a path of every vertex, and software WebGL took seconds a frame.

    A missing figure is never drawn as £0: it gets the 'no figure' grey, and its
    tooltip carries the reason (gd_missing_reason).
    """
    scale = per_head_scale(lep)
    values = pd.to_numeric(lep["gd_per_head_gbp"], errors="coerce")
    details = []
    none = pd.Series([None] * len(lep), index=lep.index)
    # A total whose £ per head is not comparable (area changed, districts not named) has its
    # reason in gd_not_comparable_reason; a missing total in gd_missing_reason.
    reasons = lep.get("gd_missing_reason", none).fillna(lep.get("gd_not_comparable_reason", none))
    for v, reason, total in zip(values, reasons, lep.get("gd_total_gbp_m", none), strict=True):
        if pd.isna(v):
            why = str(reason) if reason is not None and not pd.isna(reason) else "no figure"
            details.append(f"No figure: {why}")
        else:
            t = (
                f" (total £{float(total):,.1f}m)"
                if total is not None and not pd.isna(total)
                else ""
            )
            details.append(f"Growth Deal £{float(v):,.0f} per head{t}")
    names = lep["name"].astype(str).tolist()
    codes = lep["code"].astype(str).tolist()
    colours = scale.colours_for(values.tolist())
    main = fill_layer(
        "lep-per-head",
        lep.geometry.values,
        colours,
        names,
        codes,
        details,
        alpha=235,
        line_colour=(255, 255, 255),
        line_width_px=1.0 if edges else 0.0,
    )
    # A pattern fill (deck.gl FillStyleExtension) drew nothing in Chromium through deck.gl's JSON
    # API, so "no figure" is the legend's grey alone, with the reason in the tooltip and table.
    return [main], scale


def share_layer(areas: pd.DataFrame, level: str = "lad", *, edges: bool = True) -> Layer:
    """Share of LSOAs in IMD decile 1 per area (fixed 0–100% classes so maps compare).

    `edges=False`: the white area edges come from a tile layer (see per_head_layers).
    """
    scale = palette.share_scale()
    shares = pd.to_numeric(areas["share_decile1"], errors="coerce")
    details = [
        f"{s * 100:.1f}% of LSOAs in IMD decile 1 ({int(n1)} of {int(n)})"
        if not pd.isna(s)
        else "No LSOAs"
        for s, n1, n in zip(shares, areas["n_decile1"], areas["n_lsoa"], strict=True)
    ]
    return fill_layer(
        f"{level}-share-decile1",
        areas.geometry.values,
        scale.colours_for(shares.tolist()),
        areas["name"].astype(str).tolist(),
        areas["code"].astype(str).tolist(),
        details,
        alpha=235,
        line_colour=(255, 255, 255),
        line_width_px=0.5 if edges else 0.0,
    )
