"""Supplier points for the map: £ per supplier location counted over the spend index's point codes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.analysis.index import BUCKET_LABELS, N_BUCKETS, OUTSIDE_ENGLAND, SpendFrame, prepare_spend
from geo.analysis.locality import Locality
from geo.present.fmt import format_gbp

# Past this many supplier locations the map gets grid groups instead (deck.gl and the websocket
# stay fast; a projector cannot show more distinct circles anyway).
MAX_POINTS = 4000
POINT_COLUMNS = (
    "name", "code", "lon", "lat", "amount", "rows", "imd_decile", "is_local", "detail", "key",
    "suppliers",
)  # fmt: skip
UNNAMED = "(supplier not named)"


def _selected(sf: SpendFrame, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    if mask is None or (mask.dtype == bool and mask.all()):
        return sf.point, sf.amount
    idx = np.flatnonzero(mask)
    return sf.point[idx], sf.amount[idx]


def point_totals(sf: SpendFrame, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(£, rows) per point of the index for the selected rows: one weighted bincount."""
    npts = len(sf.points)
    code, amt = _selected(sf, mask)
    # Undrawable rows (code -1) go to a trailing slot that is dropped.
    slot = np.where(code < 0, npts, code)
    gbp = np.bincount(slot, weights=amt, minlength=npts + 1)[:npts]
    rows = np.bincount(slot, minlength=npts + 1)[:npts]
    return gbp, rows


def point_local(sf: SpendFrame, locality: Locality | None) -> np.ndarray | None:
    """Bool per point: its place is inside the locality — the same place test the cards use."""
    if locality is None:
        return None
    return sf.local_places(locality)[sf.points["place"].to_numpy()]


def supplier_points(
    sf: SpendFrame,
    mask: np.ndarray | None,
    locality: Locality | None,
    max_points: int = MAX_POINTS,
) -> pd.DataFrame:
    """One row per supplier location in the selection, or per grid group past `max_points`.

    A grid group keeps one decile and one local flag (group key: grid cell × decile × local), so
    colouring by decile or by local is exact at every zoom and the £ of points coloured local is
    the local £ on the summary card. Columns: POINT_COLUMNS; `key` is the point's index in the
    spend index (>= 0) or -1 for a group; `suppliers` is how many supplier locations it holds.
    Biggest first so small circles drawn on top stay clickable.
    """
    if isinstance(sf, pd.DataFrame):
        # A caller still holding the geocoded table rather than its index (the UI before it
        # passes the SpendFrame): index it here — correct, but a full pass per call.
        sf = prepare_spend(sf)
    gbp, rows = point_totals(sf, mask)
    present = np.flatnonzero(rows > 0)
    if not len(present):
        return pd.DataFrame({c: [] for c in POINT_COLUMNS})
    local = point_local(sf, locality)
    pts = sf.points
    bucket = pts["bucket"].to_numpy()[present].astype(np.int64)
    loc_flag = (
        np.full(len(present), 2, np.int64) if local is None else local[present].astype(np.int64)
    )
    if len(present) <= max_points:
        out = pd.DataFrame(
            {
                "name": sf.suppliers[pts["supplier"].to_numpy()[present]],
                "code": pts["postcode"].to_numpy()[present],
                "lon": pts["lon"].to_numpy()[present],
                "lat": pts["lat"].to_numpy()[present],
                "amount": gbp[present],
                "rows": rows[present].astype(np.int64),
                "bucket": bucket,
                "local": loc_flag,
                "key": present.astype(np.int64),
                "suppliers": np.ones(len(present), np.int64),
            }
        )
    else:
        out = _grouped(sf, present, gbp, rows, bucket, loc_flag, max_points)
    out = out.sort_values("amount", ascending=False, kind="stable").reset_index(drop=True)
    dec = out["bucket"].to_numpy()
    out["imd_decile"] = pd.array(np.where(dec < OUTSIDE_ENGLAND, dec + 1, -1), dtype="Int8")
    out.loc[dec >= OUTSIDE_ENGLAND, "imd_decile"] = pd.NA
    flag = out["local"].to_numpy()
    out["is_local"] = pd.array(np.where(flag == 2, False, flag == 1), dtype="boolean")
    if local is None:
        out["is_local"] = pd.array([pd.NA] * len(out), dtype="boolean")
    out["detail"] = [
        _detail(a, r, b, f, k)
        for a, r, b, f, k in zip(
            out["amount"], out["rows"], dec, flag, out["suppliers"], strict=True
        )
    ]
    return out[list(POINT_COLUMNS)]


def _grouped(
    sf: SpendFrame, present: np.ndarray, gbp: np.ndarray, rows: np.ndarray,
    bucket: np.ndarray, loc_flag: np.ndarray, max_points: int,
) -> pd.DataFrame:  # fmt: skip
    """Points summed into grid cells × decile × local: the fine grid (~2 km) if that is few
    enough, else the coarse one (~20 km). Position = the row-weighted centre of its points."""
    for grid in ("grid_fine", "grid_coarse"):
        g = sf.points[grid].to_numpy()[present].astype(np.int64)
        key = (g * N_BUCKETS + bucket) * 3 + loc_flag
        codes, uniq = pd.factorize(key)
        if len(uniq) <= max_points or grid == "grid_coarse":
            break
    k = len(uniq)
    w = rows[present].astype(np.float64)
    lon = sf.points["lon"].to_numpy()[present]
    lat = sf.points["lat"].to_numpy()[present]
    n_rows = np.bincount(codes, weights=w, minlength=k)
    return pd.DataFrame(
        {
            "name": [f"{int(c):,} supplier locations" for c in np.bincount(codes, minlength=k)],
            "code": [""] * k,
            "lon": np.bincount(codes, weights=lon * w, minlength=k) / n_rows,
            "lat": np.bincount(codes, weights=lat * w, minlength=k) / n_rows,
            "amount": np.bincount(codes, weights=gbp[present], minlength=k),
            "rows": n_rows.astype(np.int64),
            "bucket": (uniq // 3) % N_BUCKETS,
            "local": uniq % 3,
            "key": np.full(k, -1, np.int64),
            "suppliers": np.bincount(codes, minlength=k).astype(np.int64),
        }
    )


def _detail(amount: float, rows: int, bucket: int, local: int, suppliers: int) -> str:
    dec = f"IMD decile {bucket + 1}" if bucket < OUTSIDE_ENGLAND else BUCKET_LABELS[bucket]
    loc = {0: " · not local", 1: " · local"}.get(int(local), "")
    who = f" · {int(suppliers):,} supplier locations grouped" if suppliers > 1 else ""
    rows_text = f"{int(rows):,} row{'s' if rows != 1 else ''}"
    return f"{format_gbp(amount)} over {rows_text} · {dec}{loc}{who}"


def local_point_gbp(points: pd.DataFrame) -> float:
    """£ of the points coloured local (what the map shows as local)."""
    flag = points["is_local"].fillna(False).to_numpy(dtype=bool)
    return float(points["amount"].to_numpy(dtype="float64")[flag].sum())


def point_rows(
    geocoded: pd.DataFrame, sf: SpendFrame, mask: np.ndarray | None, key: int
) -> pd.DataFrame:
    """The selected rows behind one supplier point (its `key`), for the click-through table."""
    keep = sf.point == int(key)
    if mask is not None:
        keep &= np.asarray(mask, dtype=bool)
    cols = [
        c
        for c in (
            "date",
            "buyer",
            "department",
            "supplier_name",
            "amount",
            "postcode",
            "status",
            "lad21cd",
            "lsoa21cd",
            "lsoa11cd",
            "imd_decile",
        )  # fmt: skip
        if c in geocoded.columns
    ]
    return geocoded.loc[keep, cols]


def point_rows_by_name(
    geocoded: pd.DataFrame, mask: np.ndarray | None, name: str, postcode: str
) -> pd.DataFrame:
    """The selected rows behind one supplier point found by its name and postcode (older links)."""
    df = geocoded if mask is None else geocoded.loc[np.asarray(mask, dtype=bool)]
    # Points are named by the supplier's display spelling: match its identity (case-folded,
    # whitespace collapsed), as the index groups suppliers.
    names = df["supplier_name"].astype("string").fillna(UNNAMED)
    fold = names.str.casefold().str.replace(r"\s+", " ", regex=True).str.strip()
    pcs = df["postcode"].astype("string").fillna("")
    want = " ".join(str(name).casefold().split())
    keep = (fold == want) & (pcs == postcode)
    cols = [
        c
        for c in (
            "date",
            "buyer",
            "department",
            "supplier_name",
            "amount",
            "postcode",
            "status",
            "lad21cd",
            "lsoa21cd",
            "lsoa11cd",
            "imd_decile",
        )  # fmt: skip
        if c in df.columns
    ]
    return df.loc[keep.to_numpy(dtype=bool), cols]
