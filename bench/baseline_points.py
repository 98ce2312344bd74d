"""The map-points step as it was before the spend index counted points: pandas groupby per filter (bench baseline)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def is_local(frame: pd.DataFrame, locality: object | None) -> pd.Series:
    """Row-wise local flag for a geo.analysis.filters.Locality (LEP tests both LEP columns); NA if unplaced."""
    if locality is None:
        return pd.Series(pd.NA, index=frame.index, dtype="boolean")
    kind, codes = locality.kind, set(locality.codes)  # type: ignore[attr-defined]
    if kind in ("lad", "lads"):
        hit = frame["lad21cd"].isin(codes)
    elif kind == "lep":
        hit = frame["lep21cd"].isin(codes) | frame["lep21cd2"].isin(codes)
    else:
        hit = frame["ca24cd"].isin(codes)
    out = pd.Series(hit.to_numpy(dtype=bool), index=frame.index, dtype="boolean")
    out[frame["lat"].isna()] = pd.NA
    return out


def supplier_points(
    geocoded: pd.DataFrame, mask: np.ndarray | None, locality: object | None
) -> pd.DataFrame:
    """One row per supplier × location in the selection: £ summed, rows counted, decile, local flag.

    Only located rows (lat/lon present) can be drawn; the rest are counted in the summary cards.
    Columns: key, name, code (postcode), lon, lat, amount, rows, imd_decile, is_local, detail.
    """
    df = geocoded if mask is None else geocoded.loc[np.asarray(mask, dtype=bool)]
    df = df[df["lat"].notna() & df["lon"].notna()]
    cols = [
        "name",
        "code",
        "lon",
        "lat",
        "amount",
        "rows",
        "imd_decile",
        "is_local",
        "detail",
        "key",
    ]
    if df.empty:
        return pd.DataFrame({c: [] for c in cols})
    work = pd.DataFrame(
        {
            "name": df["supplier_name"].astype("string").fillna("(supplier not named)"),
            "code": df["postcode"].astype("string").fillna(""),
            "lon": df["lon"].astype("float64"),
            "lat": df["lat"].astype("float64"),
            "amount": pd.to_numeric(df["amount"], errors="coerce").fillna(0.0),
            "imd_decile": pd.to_numeric(df["imd_decile"], errors="coerce"),
            "is_local": is_local(df, locality),
        }
    )
    grouped = work.groupby(["name", "code", "lon", "lat"], sort=False, dropna=False).agg(
        amount=("amount", "sum"),
        rows=("amount", "size"),
        imd_decile=("imd_decile", "first"),
        is_local=("is_local", "first"),
    )
    out = grouped.reset_index().sort_values("amount", ascending=False, kind="stable")
    # Draw big circles first so small ones on top stay clickable.
    out = out.reset_index(drop=True)
    out["key"] = np.arange(len(out))
    out["detail"] = [
        _point_detail(a, r, d, loc)
        for a, r, d, loc in zip(
            out["amount"], out["rows"], out["imd_decile"], out["is_local"], strict=True
        )
    ]
    return out[cols]


def _point_detail(amount: float, rows: int, decile: object, local: object) -> str:
    money = f"-£{-amount:,.0f}" if amount < 0 else f"£{amount:,.0f}"
    dec = (
        f"IMD decile {int(decile)}"
        if decile is not None and not pd.isna(decile)
        else "IMD decile n/a"
    )
    loc = "" if local is None or pd.isna(local) else (" · local" if bool(local) else " · not local")
    return f"{money} over {int(rows)} row{'s' if rows != 1 else ''} · {dec}{loc}"
