"""The spend index: a geocoded spend table as integer codes + numpy arrays (SpendFrame), built once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from geo import levels
from geo.analysis import encode
from geo.analysis.locality import Locality, is_local
from geo.analysis.pointcodes import GridGroups, PointTable, encode_points  # noqa: F401
from geo.errors import SpendGeoError
from geo.spend.geocode import STATUSES

# Columns of the geocoded spend table (ARCHITECTURE.md) the summaries cannot do without; the
# rest (department, supplier_id, is_sme, is_vcse, lat/lon, postcode, flags) are read when present.
BASE_COLUMNS: tuple[str, ...] = ("buyer", "supplier_name", "amount", "date", "status")
# The membership columns a place can carry: every level's (LEP has two). A place is a distinct
# combination of them, so "local" can be any level (LAD 2024, CA 2025, historic LEP, CA 2024 …)
# whichever deprivation vintage the index is built for. Columns absent from an older file are None.
PLACE_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(c for lv in levels.LEVELS.values() for c in lv.columns)
)


def required_columns(imd: str | int | None = None) -> tuple[str, ...]:
    """The columns an index of one IMD vintage needs: the base, the vintage's decile, its current
    LAD and CA, and the LEP (the historic frame every vintage keeps)."""
    v = levels.imd(imd)
    areas = [levels.for_imd(k, v.key).column for k in ("lad", "ca")]
    return (*BASE_COLUMNS, *areas, *levels.get("lep").columns, v.decile_column)


def available_imd(frame: pd.DataFrame, prefer: str | int | None = None) -> str:
    """The vintage to index `frame` under: `prefer` (default 2025) when the frame has its columns,
    else the first vintage it has (a geocoded file written before IMD 2025 has only 2019's)."""
    first = levels.imd(prefer).key
    for key in (first, *levels.IMD):
        if all(c in frame.columns for c in required_columns(key)):
            return key
    return first


REQUIRED_COLUMNS: tuple[str, ...] = required_columns("2019")  # the IMD 2019 file of before
# Geocode statuses (ARCHITECTURE.md, geocoded spend table). A row is "geocoded" when its supplier's
# postcode was found with a location, wherever it is; the other statuses leave the place unknown.
GEOCODED_STATUSES: frozenset[str] = frozenset(
    {"matched", "matched_outside_england", "matched_terminated"}
)

# Decile buckets: 0..9 = IMD decile 1..10, then two buckets so the table always sums to the total.
OUTSIDE_ENGLAND = 10
NOT_GEOCODED = 11
N_BUCKETS = 12
BUCKET_LABELS: tuple[str, ...] = tuple(str(d) for d in range(1, 11)) + (
    "outside England",
    "not geocoded",
)
YES, NO, NOT_STATED = encode.YES, encode.NO, encode.NOT_STATED
FLAG_LABELS = ("yes", "no", "not stated")
NO_DAY = encode.NO_DAY
UNNAMED = encode.UNNAMED
# Largest supplier × month grid summed by one bincount. Measured at 1M rows: up to ~300k bins
# the one grid beats a bincount per supplier and per month (2,000 × 12: 4.9 ms against 7.6 ms);
# at 20,000 × 37 (740k bins, 6 MB of float64 per call) it is slower (9.1 ms against 6.2 ms).
_MAX_GRID = 1 << 18


@dataclass(frozen=True, eq=False)
class SpendFrame:
    """A geocoded spend table as integer codes + numpy arrays, built once per dataset.

    Everything the filters and summaries group by is a small-integer code into a category array.
    The place/decile/flag columns are folded into one `cell` code (a few thousand distinct
    combinations), so one weighted bincount over `cell` gives local, deprived, by-area, SME/VCSE
    and credit figures at once. Map points are one more code (`point`: a supplier at one location).
    Equality/hash is by identity; `fingerprint` identifies content.
    """

    n: int
    amount: np.ndarray  # float64 £, signed; 0 where the amount was missing (flagged per cell)
    day: np.ndarray  # int32 days since 1970-01-01; NO_DAY when undated
    month: np.ndarray  # int32 index into month_labels (0 = no date)
    month_labels: np.ndarray  # 'YYYY-MM' per month index ('no date' at 0)
    month_fy: np.ndarray  # month index → index into fy_labels (0 = no date)
    fy_labels: np.ndarray
    buyer_code: np.ndarray
    buyers: np.ndarray
    department_code: np.ndarray
    departments: np.ndarray
    supplier_code: np.ndarray
    suppliers: np.ndarray  # display name per supplier
    supplier_keys: np.ndarray  # case-folded, whitespace-collapsed name (the identity)
    supplier_bucket: np.ndarray  # decile bucket where most of the supplier's gross £ is located
    supplier_lad: np.ndarray  # LAD code (or None) likewise, of the vintage's current LAD level
    supplier_locations: np.ndarray  # distinct located places per supplier
    cell: np.ndarray  # int32 per row
    cell_place: np.ndarray  # cell → place index
    cell_bucket: np.ndarray  # cell → decile bucket 0..11
    cell_sme: np.ndarray  # cell → YES/NO/NOT_STATED
    cell_vcse: np.ndarray
    cell_credit: np.ndarray  # cell → amount < 0
    cell_status: np.ndarray  # cell → index into statuses
    cell_no_amount: np.ndarray  # cell → amount missing/unreadable
    statuses: np.ndarray  # STATUSES + 'other'
    places: pd.DataFrame  # one row per place: PLACE_COLUMNS (codes or None); a place is a
    # distinct combination of area codes of a located row; place 0 may be "nowhere"
    buyer_cell: np.ndarray  # (buyer code, -1 → len(buyers)) × n_cells + cell, per row
    department_cell: np.ndarray  # likewise for departments
    supplier_month: np.ndarray | None  # supplier × n_months + month, when that grid is small
    flagged: np.ndarray | None  # bool per row: a data-quality flag is set; None = no flags column
    point: np.ndarray  # int32 per row: index into `points`, -1 = not drawable
    point_slots: np.ndarray  # the same with -1 → len(points), ready for bincount
    points: PointTable
    fingerprint: str
    imd: str = levels.DEFAULT_IMD  # deprivation vintage of the decile buckets ("2025" / "2019")

    @property
    def vintage(self) -> levels.ImdVintage:
        """The IMD vintage the deciles are of (column names, labels)."""
        return levels.imd(self.imd)

    @property
    def lad_column(self) -> str:
        """The current LAD column of the vintage (lad24cd under IMD 2025, lad21cd under 2019)."""
        return levels.for_imd("lad", self.imd).column

    @property
    def ca_column(self) -> str:
        return levels.for_imd("ca", self.imd).column

    @property
    def n_cells(self) -> int:
        return len(self.cell_place)

    @property
    def cell_geocoded(self) -> np.ndarray:
        return self.cell_bucket != NOT_GEOCODED

    @property
    def place_lad(self) -> np.ndarray:
        return self.places[self.lad_column].to_numpy(dtype=object)

    @property
    def place_lep(self) -> np.ndarray:
        return self.places["lep21cd"].to_numpy(dtype=object)

    @property
    def place_lep2(self) -> np.ndarray:
        return self.places["lep21cd2"].to_numpy(dtype=object)

    @property
    def place_ca(self) -> np.ndarray:
        return self.places[self.ca_column].to_numpy(dtype=object)

    def day_number(self, d: date) -> int:
        return int((np.datetime64(d, "D") - encode.EPOCH).astype(np.int64))

    def local_places(self, locality: Locality) -> np.ndarray:
        """Bool per place: inside the locality — decided by locality.is_local, as everywhere."""
        return is_local(self.places, locality.under(self.imd))

    def local_cells(self, locality: Locality) -> np.ndarray:
        return self.local_places(locality)[self.cell_place]


@dataclass(frozen=True, eq=False)
class Selection:
    """The rows a filter kept, gathered once and shared by every summary and the map points."""

    idx: np.ndarray | None  # row numbers; None = every row
    amount: np.ndarray  # £ of the kept rows
    # Totals several summaries of one selection share (see group_cell_totals): each is a pass
    # over every kept row, ~0.1 s at 20M rows, so it is made once per selection, not per caller.
    memo: dict = field(default_factory=dict, repr=False)

    def take(self, values: np.ndarray) -> np.ndarray:
        """A per-row array restricted to the kept rows."""
        return values if self.idx is None else values[self.idx]


# A group × cell table up to this size (8 MB of £) is cheap to keep beside the selection; beyond
# it (thousands of buyers, as in Contracts Finder) summaries count by cell alone.
GROUP_CELL_MAX = 1_000_000


def group_cell_totals(
    sf: SpendFrame, sel: Selection, by: str = "buyer"
) -> tuple[np.ndarray, np.ndarray]:
    """(£, rows) per (buyer or department, cell) of the selection, shape (groups + 1, cells); the
    last group is "none named". Made once per selection: the cards' per-cell totals are its column
    sums, and the buyer comparison of every measure reads it (one pass over the rows, not four)."""
    hit = sel.memo.get(by)
    if hit is None:
        names, group_cell = (
            (sf.buyers, sf.buyer_cell) if by == "buyer" else (sf.departments, sf.department_cell)
        )
        k, nc = len(names) + 1, sf.n_cells
        # intp once: bincount would otherwise convert the int32 codes on each of its two calls.
        gc = sel.take(group_cell).astype(np.intp, copy=False)
        gbp = np.bincount(gc, weights=sel.amount, minlength=k * nc).reshape(k, nc)
        rows = np.bincount(gc, minlength=k * nc).reshape(k, nc)
        hit = sel.memo[by] = (gbp, rows)
    return hit


def cell_totals(sf: SpendFrame, sel: Selection) -> tuple[np.ndarray, np.ndarray]:
    """(£, rows) per cell of the selection: column sums of the buyer × cell table when it is
    small enough to share with the buyer comparison, else one bincount over the cells."""
    if "buyer" in sel.memo or (len(sf.buyers) + 1) * sf.n_cells <= GROUP_CELL_MAX:
        gbp, rows = group_cell_totals(sf, sel, "buyer")
        return gbp.sum(axis=0), rows.sum(axis=0)
    cell = sel.take(sf.cell).astype(np.intp, copy=False)
    return (
        np.bincount(cell, weights=sel.amount, minlength=sf.n_cells),
        np.bincount(cell, minlength=sf.n_cells),
    )


def select(sf: SpendFrame, mask: np.ndarray | Selection | None) -> Selection:
    """Selection from a boolean mask (None = all rows); a Selection passes through unchanged."""
    if isinstance(mask, Selection):
        return mask
    if mask is None or (mask.dtype == bool and mask.all()):
        return Selection(None, sf.amount)
    idx = np.flatnonzero(mask)
    return Selection(idx, sf.amount[idx])


def _places(df: pd.DataFrame, located: np.ndarray) -> tuple[np.ndarray, pd.DataFrame]:
    """(place code per row, place table): a place is a distinct PLACE_COLUMNS combination of a located row."""
    area_cats, area_codes = [], []
    for col in PLACE_COLUMNS:
        values = df[col] if col in df.columns else pd.Series(pd.NA, index=df.index, dtype="string")
        c, cats = encode.codes(values, upper=True)
        area_codes.append(np.where(located, c, -1).astype(np.int64) + 1)  # 0 = none
        area_cats.append(np.r_[np.array([None], dtype=object), cats])
    sizes = [len(c) for c in area_cats]
    key = area_codes[0]
    for c, size in zip(area_codes[1:], sizes[1:], strict=True):
        key = key * size + c
    keys, place_code = np.unique(key, return_inverse=True)
    parts = encode.decompose(keys, sizes)
    # object dtype: a few hundred codes read on every filter; Arrow strings would convert each time.
    table = pd.DataFrame(
        {col: cats[part] for col, cats, part in zip(PLACE_COLUMNS, area_cats, parts, strict=True)},
        dtype=object,
    )
    return place_code.astype(np.int32), table


def _supplier_home(
    supplier_code: np.ndarray, ns: int, place_code: np.ndarray, n_places: int,
    bucket: np.ndarray, amount: np.ndarray, place_lad: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Where each supplier is: the (place, bucket) carrying most of its gross £ in the whole
    dataset — a property of the supplier, so it does not shift as filters change."""
    located = bucket != NOT_GEOCODED
    loc_key = place_code.astype(np.int64) * N_BUCKETS + bucket
    pair = supplier_code.astype(np.int64)[located] * (n_places * N_BUCKETS) + loc_key[located]
    pair_keys, pair_idx = np.unique(pair, return_inverse=True)
    pair_gbp = np.bincount(pair_idx, weights=np.abs(amount[located]), minlength=len(pair_keys))
    pair_rows = np.bincount(pair_idx, minlength=len(pair_keys))
    pair_sup = pair_keys // (n_places * N_BUCKETS)
    pair_loc = pair_keys % (n_places * N_BUCKETS)
    # Most £ first (rows break ties, e.g. all-zero amounts), then per supplier keep the first.
    order = np.lexsort((-pair_rows, -pair_gbp, pair_sup))
    first = order[np.r_[True, pair_sup[order][1:] != pair_sup[order][:-1]]] if len(order) else order
    sup_bucket = np.full(ns, NOT_GEOCODED, dtype=np.int16)
    sup_lad = np.full(ns, None, dtype=object)
    sup_bucket[pair_sup[first]] = pair_loc[first] % N_BUCKETS
    sup_lad[pair_sup[first]] = place_lad[pair_loc[first] // N_BUCKETS]
    return sup_bucket, sup_lad, np.bincount(pair_sup, minlength=ns).astype(np.int32)


def prepare_spend(geocoded: pd.DataFrame, imd: str | int | None = None) -> SpendFrame:
    """Build the SpendFrame of one IMD vintage (default levels.DEFAULT_IMD, 2025) from a geocoded
    spend table (ARCHITECTURE.md schema); do this once per dataset and vintage.

    imd="2025": deciles from `imd25_decile` (LSOA 2021), current areas LAD 2024 / CA 2025;
    imd="2019": `imd_decile` (LSOA 2011), LAD 2021 / CA 2024. Accepts the typed frame from
    `geo.spend.geocode` or the same table read back from CSV (text dates, 'True'/'False' flags).
    Raises SpendGeoError naming any missing required column or an unknown vintage.
    """
    try:
        vintage = levels.imd(imd)
    except KeyError:
        raise SpendGeoError(
            f"Unknown IMD vintage {imd!r}; choose one of {', '.join(levels.IMD)}."
        ) from None
    missing = [c for c in required_columns(vintage.key) if c not in geocoded.columns]
    if missing:
        raise SpendGeoError(
            f"The spend table has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''} "
            f"for {vintage.label}: is it the output of `python -m geo geocode` with the current "
            "store?"
        )
    df = geocoded
    n = len(df)
    amount, no_amount = encode.amounts(df["amount"])
    dates = encode.dates(df["date"])
    buyer_code, buyers = encode.codes(df["buyer"])
    if "department" in df.columns:
        department_code, departments = encode.codes(df["department"])
    else:
        department_code, departments = np.full(n, -1, np.int32), np.array([], dtype=object)
    supplier_code, supplier_keys, suppliers = encode.suppliers(df["supplier_name"])

    status_code, status_cats = encode.codes(df["status"], fold=True)
    statuses = np.array(list(STATUSES) + ["other"], dtype=object)
    # Missing or unknown status → 'other', which is not geocoded.
    status_lut = np.array(
        [STATUSES.index(c) if c in STATUSES else len(STATUSES) for c in status_cats]
        + [len(STATUSES)],
        dtype=np.int16,
    )
    status_idx = status_lut[status_code]
    located = np.isin(status_idx, [STATUSES.index(s) for s in GEOCODED_STATUSES])

    decile = pd.to_numeric(df[vintage.decile_column], errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan
    )
    has_decile = np.isfinite(decile) & (decile >= 1) & (decile <= 10)
    # Only a located supplier has a place: a decile or area on an unlocated row would let the
    # numerator (local, deprived) include spend the 'geocoded' denominator leaves out.
    bucket = np.full(n, NOT_GEOCODED, dtype=np.int16)
    bucket[located] = OUTSIDE_ENGLAND
    in_decile = located & has_decile
    bucket[in_decile] = decile[in_decile].astype(np.int16) - 1
    place_code, places = _places(df, located)

    sme = encode.flag(df["is_sme"] if "is_sme" in df.columns else None, n)
    vcse = encode.flag(df["is_vcse"] if "is_vcse" in df.columns else None, n)
    credit = amount < 0
    # One composite integer per row, then compress to the combinations that occur.
    cell_sizes = [len(places), N_BUCKETS, 3, 3, 2, len(statuses), 2]
    key = place_code.astype(np.int64)
    for part, size in zip(
        (bucket, sme, vcse, credit, status_idx, no_amount), cell_sizes[1:], strict=True
    ):
        key = key * size + part.astype(np.int64)
    cell_keys, cell = np.unique(key, return_inverse=True)
    c_place, c_bucket, c_sme, c_vcse, c_credit, c_status, c_no_amount = encode.decompose(
        cell_keys, cell_sizes
    )
    cell = cell.astype(np.int32)
    n_cells = len(cell_keys)
    ns = len(supplier_keys)
    sup_bucket, sup_lad, sup_nloc = _supplier_home(
        supplier_code, ns, place_code, len(places), bucket, amount,
        places[levels.for_imd("lad", vintage.key).column].to_numpy(dtype=object),
    )  # fmt: skip
    point, points = encode_points(df, located, supplier_code, place_code, bucket)

    digest = hashlib.blake2b(digest_size=16)
    digest.update(vintage.key.encode())
    for arr in (amount, dates.day, buyer_code, department_code, supplier_code, cell, cell_keys):
        digest.update(np.ascontiguousarray(arr).tobytes())
    for cats in (buyers, departments, supplier_keys, *(places[c] for c in PLACE_COLUMNS)):
        digest.update("\x1f".join(map(str, cats)).encode())
    flagged = encode.flagged(df)
    if flagged is not None:
        digest.update(np.packbits(flagged).tobytes())

    # Group × cell codes, so a per-buyer comparison is one bincount (code -1 → last group).
    def group_cell(c: np.ndarray, k: int) -> np.ndarray:
        g = np.where(c < 0, k, c).astype(np.int64)
        return (g * n_cells + cell).astype(np.int64 if (k + 1) * n_cells > 2**31 - 1 else np.int32)

    # Supplier and month tables from one bincount over their grid (saves a pass over the rows);
    # only when the grid is small enough that allocating it per call is cheap.
    nm = len(dates.month_labels)
    supplier_month = None
    if ns * nm <= _MAX_GRID:
        supplier_month = (supplier_code * nm + dates.month).astype(np.int32)

    return SpendFrame(
        n=n, amount=amount, day=dates.day, month=dates.month,
        month_labels=dates.month_labels, month_fy=dates.month_fy, fy_labels=dates.fy_labels,
        buyer_code=buyer_code, buyers=buyers,
        department_code=department_code, departments=departments,
        supplier_code=supplier_code, suppliers=suppliers, supplier_keys=supplier_keys,
        supplier_bucket=sup_bucket, supplier_lad=sup_lad, supplier_locations=sup_nloc,
        cell=cell, cell_place=c_place.astype(np.int32), cell_bucket=c_bucket.astype(np.int16),
        cell_sme=c_sme.astype(np.int8), cell_vcse=c_vcse.astype(np.int8),
        cell_credit=c_credit.astype(bool), cell_status=c_status.astype(np.int16),
        cell_no_amount=c_no_amount.astype(bool), statuses=statuses, places=places,
        buyer_cell=group_cell(buyer_code, len(buyers)),
        department_cell=group_cell(department_code, len(departments)),
        supplier_month=supplier_month, flagged=flagged, point=point,
        point_slots=np.where(point < 0, len(points), point).astype(np.int32), points=points,
        fingerprint=digest.hexdigest(), imd=vintage.key,
    )  # fmt: skip
