"""Supplier points for the map: £ per supplier location counted over the spend index's point codes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.analysis.index import (
    BUCKET_LABELS,
    OUTSIDE_ENGLAND,
    GridGroups,
    Selection,
    SpendFrame,
    available_imd,
    prepare_spend,
    select,
)
from geo.analysis.locality import Locality
from geo.fmt import format_gbp_many

# Past this many supplier locations the map gets grid groups instead (deck.gl and the websocket
# stay fast; a projector cannot show more distinct circles anyway).
MAX_POINTS = 4000
POINT_COLUMNS = (
    "name", "code", "lon", "lat", "amount", "rows", "decile", "is_local", "detail", "key",
    "suppliers",
)  # fmt: skip
UNNAMED = "(supplier not named)"
# Place columns shown behind a point: both vintages' LAD, LSOA and decile (each names its vintage).
_AREA_DETAIL = ("lad24cd", "lad21cd", "lsoa21cd", "lsoa11cd", "imd25_decile", "imd_decile")


def point_totals(
    sf: SpendFrame, mask: np.ndarray | Selection | None
) -> tuple[np.ndarray, np.ndarray]:
    """(£, rows) per point of the index for the selected rows: one weighted bincount."""
    npts = len(sf.points)
    sel = select(sf, mask)
    # Undrawable rows (code -1) go to a trailing slot that is dropped.
    slot = sel.take(sf.point_slots)
    gbp = np.bincount(slot, weights=sel.amount, minlength=npts + 1)[:npts]
    rows = np.bincount(slot, minlength=npts + 1)[:npts]
    return gbp, rows


def point_local(sf: SpendFrame, locality: Locality | None) -> np.ndarray | None:
    """Bool per point: its place is inside the locality — the same place test the cards use."""
    if locality is None:
        return None
    return sf.local_places(locality)[sf.points.place]


def supplier_points(
    sf: SpendFrame,
    mask: np.ndarray | Selection | None,
    locality: Locality | None,
    max_points: int = MAX_POINTS,
    imd: str | None = None,
) -> pd.DataFrame:
    """One row per supplier location in the selection, or per grid group past `max_points`.

    A grid group keeps one decile and one local flag (group key: grid cell × decile × local), so
    colouring by decile or by local is exact at every zoom and the £ of points coloured local is
    the local £ on the summary card. Columns: POINT_COLUMNS; `key` is the point's index in the
    spend index (>= 0) or -1 for a group; `suppliers` is how many supplier locations it holds.
    Biggest first so small circles drawn on top stay clickable. `decile` is the decile of the
    index's vintage (sf.imd; the vintage-generic name, as a summary's `decile`: the store's
    `imd_decile` is IMD 2019 only, and the table once headed IMD 2025 deciles "IMD 2019"); `imd` picks the vintage only when `sf` is a geocoded table.
    """
    if isinstance(sf, pd.DataFrame):
        # A caller still holding the geocoded table rather than its index (the UI before it
        # passes the SpendFrame): index it here — correct, but a full pass per call.
        sf = prepare_spend(sf, available_imd(sf, imd))
    sel = select(sf, mask)
    pts = sf.points
    local_place = None if locality is None else sf.local_places(locality)

    # Occupied fine groups first (one pass): more of them than max_points means the points
    # themselves are more, so the per-point table is never built for a national view; then the
    # next coarser grid, until one gives few enough groups.
    def groups_drawn(level: int, rows: np.ndarray) -> int:
        # Groups after merging those of one cell and decile that agree on "local": cells are
        # dense codes, so a scatter into a flag per (cell, local) counts them without hashing.
        g, occ = pts.grids[level], np.flatnonzero(rows)
        flag = 2 if local_place is None else local_place[g.place[occ]]
        seen = np.zeros(g.n_cells * 3, dtype=bool)
        seen[g.cell[occ].astype(np.intp) * 3 + flag] = True
        return int(np.count_nonzero(seen))

    grid_rows = [np.bincount(sel.take(pts.grids[0].row_group), minlength=pts.grids[0].n + 1)[:-1]]
    level = 0
    while level + 1 < len(pts.grids) and groups_drawn(level, grid_rows[-1]) > max_points:
        level += 1
        g = pts.grids[level]
        grid_rows.append(np.bincount(sel.take(g.row_group), minlength=g.n + 1)[:-1])
    if level > 0:
        cols = _grouped(sf, sel, pts.grids[level], local_place, grid_rows[-1])
    else:
        gbp, rows = point_totals(sf, sel)
        present = np.flatnonzero(rows)
        if not len(present):
            return pd.DataFrame({c: [] for c in POINT_COLUMNS})
        if len(present) > max_points:
            cols = _grouped(sf, sel, pts.grids[0], local_place, grid_rows[0], rows)
        else:
            flag = (
                np.full(len(present), 2, np.int64)
                if local_place is None
                else local_place[pts.place[present]].astype(np.int64)
            )
            cols = {
                "name": sf.suppliers[pts.supplier[present]],
                "code": pts.postcode[present],
                "lon": pts.lon[present],
                "lat": pts.lat[present],
                "amount": gbp[present],
                "rows": rows[present].astype(np.int64),
                "bucket": pts.bucket[present].astype(np.int64),
                "local": flag,
                "key": present.astype(np.int64),
                "suppliers": np.ones(len(present), np.int64),
            }
    order = np.argsort(-cols["amount"], kind="stable")
    cols = {k: np.asarray(v)[order] for k, v in cols.items()}
    dec, flag = cols.pop("bucket"), cols.pop("local")
    decile = pd.array(np.where(dec < OUTSIDE_ENGLAND, dec + 1, 0), dtype="Int8")
    decile[dec >= OUTSIDE_ENGLAND] = pd.NA
    local = pd.array(flag == 1, dtype="boolean")
    if locality is None:
        local[:] = pd.NA
    cols["decile"] = decile
    cols["is_local"] = local
    cols["detail"] = _details(cols["amount"], cols["rows"], dec, flag, cols["suppliers"])
    return pd.DataFrame(cols)[list(POINT_COLUMNS)]


def _grouped(
    sf: SpendFrame,
    sel: Selection,
    grid: GridGroups,
    local_place: np.ndarray | None,
    group_rows: np.ndarray | None = None,
    point_rows_: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Grid groups of the selection: £ and rows per group by bincount over the rows' group codes.

    A group holds one decile bucket and one place, so its decile and local flag are exact.
    """
    slot = sel.take(grid.row_group)
    n = grid.n
    gbp = np.bincount(slot, weights=sel.amount, minlength=n + 1)[:-1]
    rows = group_rows if group_rows is not None else np.bincount(slot, minlength=n + 1)[:-1]
    if point_rows_ is None:
        point_rows_ = np.bincount(sel.take(sf.point_slots), minlength=len(sf.points) + 1)[:-1]
    # Supplier locations with at least one selected row, per group.
    n_sup = np.bincount(grid.point_group, weights=point_rows_ > 0, minlength=n)
    present = np.flatnonzero(rows)
    flag = (
        np.full(len(present), 2, np.int64)
        if local_place is None
        else local_place[grid.place[present]].astype(np.int64)
    )
    # Merge groups of one cell and decile whose places agree on "local" (few thousand items).
    merged, first = np.unique(grid.cell[present].astype(np.int64) * 3 + flag, return_inverse=True)
    k = len(merged)
    size = grid.size[present].astype(np.float64)
    w = np.bincount(first, weights=size, minlength=k)

    def per(values: np.ndarray) -> np.ndarray:
        return np.bincount(first, weights=values, minlength=k)

    pick = np.zeros(k, dtype=np.int64)
    pick[first] = present  # any one source group: they share cell, decile and flag
    sup = per(n_sup[present]).astype(np.int64)
    return {
        "name": np.array(
            [f"{c:,} supplier location{'' if c == 1 else 's'}" for c in sup.tolist()], dtype=object
        ),
        "code": np.full(k, "", dtype=object),
        "lon": per(grid.lon[present] * size) / w,
        "lat": per(grid.lat[present] * size) / w,
        "amount": per(gbp[present]),
        "rows": per(rows[present]).astype(np.int64),
        "bucket": grid.bucket[pick].astype(np.int64),
        "local": merged % 3,
        "key": np.full(k, -1, np.int64),
        "suppliers": sup,
    }


_PLACE_TEXT = [f"IMD decile {b + 1}" for b in range(OUTSIDE_ENGLAND)] + list(
    BUCKET_LABELS[OUTSIDE_ENGLAND:]
)
_LOCAL_TEXT = (" · not local", " · local", "")


def _details(
    amount: np.ndarray, rows: np.ndarray, bucket: np.ndarray, flag: np.ndarray, n: np.ndarray
) -> np.ndarray:
    """Tooltip text per point: '£1,234 over 3 rows · IMD decile 2 · local' (one pass, no calls)."""
    out = [
        f"{m} over {r:,} row{'' if r == 1 else 's'} · {_PLACE_TEXT[b]}{_LOCAL_TEXT[f]}"
        + (f" · {k:,} supplier locations grouped" if k > 1 else "")
        for m, r, b, f, k in zip(
            format_gbp_many(amount), rows.tolist(), bucket.tolist(), flag.tolist(), n.tolist(),
            strict=True,
        )
    ]  # fmt: skip
    return np.array(out, dtype=object)


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
    return geocoded.loc[keep, _detail_columns(geocoded)]


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
    return df.loc[keep.to_numpy(dtype=bool), _detail_columns(df)]


def _detail_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of a point's detail table that `frame` has."""
    wanted = ("date", "buyer", "department", "supplier_name", "amount", "postcode", "status")
    return [c for c in (*wanted, *_AREA_DETAIL) if c in frame.columns]
