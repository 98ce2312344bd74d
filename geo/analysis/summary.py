"""Progressive-procurement summaries of geocoded spend: local share, deprived-area share, breakdowns, comparisons."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from geo.analysis.filters import (
    DENOMINATORS,
    GEOCODED_STATUSES,
    STATUSES,
    Filters,
    Locality,
    apply_filters,
)
from geo.errors import SpendGeoError

# Columns of the geocoded spend table (ARCHITECTURE.md) the summaries cannot do without; the
# rest (department, supplier_id, is_sme, is_vcse, …) are read when present, "not stated" if not.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "buyer",
    "supplier_name",
    "amount",
    "date",
    "status",
    "lad21cd",
    "lep21cd",
    "lep21cd2",
    "ca24cd",
    "imd_decile",
)

# Decile buckets: 0..9 = IMD decile 1..10, then two buckets so the table always sums to the total.
OUTSIDE_ENGLAND = 10
NOT_GEOCODED = 11
BUCKET_LABELS: tuple[str, ...] = tuple(str(d) for d in range(1, 11)) + (
    "outside England",
    "not geocoded",
)
# Three-valued flags: the data may say yes, no, or nothing — "not stated" is never counted as no.
YES, NO, NOT_STATED = 0, 1, 2
FLAG_LABELS = ("yes", "no", "not stated")
NA_SHARE = "n/a (no spend in selection)"
NET_NOTE = "net £ (credit notes included as negative amounts)"
NO_DAY = np.iinfo(np.int32).min
_EPOCH = np.datetime64("1970-01-01", "D")
_UNNAMED = "(supplier not named)"
_NO_DATE = "no date"
_MAX_GRID = 1 << 20


def share(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when there is no (positive net) spend to divide by."""
    if not math.isfinite(denominator) or denominator <= 0:
        return None
    return float(numerator / denominator)


def format_share(value: float | None) -> str:
    """'12.3%'; missing (None/NaN) is shown as n/a, never as 0 %."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NA_SHARE
    return f"{100 * value:.1f}%"


def format_gbp(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"-£{-value:,.0f}" if value < 0 else f"£{value:,.0f}"


def financial_year_label(start_year: int) -> str:
    """UK financial year starting April `start_year`: 2024 → '2024-25'."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def financial_year(label: str) -> tuple[date, date]:
    """'2024-25' → (2024-04-01, 2025-03-31); ValueError if it is not such a label."""
    text = str(label).strip()
    head, sep, tail = text.partition("-")
    if not (
        sep
        and head.isascii()
        and head.isdigit()
        and len(head) == 4
        and tail.isascii()
        and tail.isdigit()
        and len(tail) == 2
    ):
        raise ValueError(f"{label!r} is not a financial year like 2024-25")
    start = int(head)
    if (start + 1) % 100 != int(tail):
        raise ValueError(f"{label!r} is not a financial year like 2024-25")
    return date(start, 4, 1), date(start + 1, 3, 31)


# --- the prepared table -------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SpendFrame:
    """A geocoded spend table as integer codes + numpy arrays, built once per dataset.

    Everything the filters and summaries group by is a small-integer code into a category array.
    The place/decile/flag columns are folded into one `cell` code (a few thousand distinct
    combinations), so one weighted bincount over `cell` gives local, deprived, by-area, SME/VCSE
    and credit figures at once. Equality/hash is by identity; `fingerprint` identifies content.
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
    supplier_lad: np.ndarray  # LAD code (or None) likewise
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
    place_lad: np.ndarray  # place → code or None; a place is a distinct (lad, lep, lep2, ca)
    place_lep: np.ndarray
    place_lep2: np.ndarray
    place_ca: np.ndarray
    buyer_cell: np.ndarray  # (buyer code, -1 → len(buyers)) × n_cells + cell, per row
    department_cell: np.ndarray  # likewise for departments
    supplier_month: np.ndarray | None  # supplier × n_months + month, when that grid is small
    fingerprint: str

    @property
    def n_cells(self) -> int:
        return len(self.cell_place)

    @property
    def cell_geocoded(self) -> np.ndarray:
        return self.cell_bucket != NOT_GEOCODED

    def day_number(self, d: date) -> int:
        return int((np.datetime64(d, "D") - _EPOCH).astype(np.int64))

    def cell_filter(self, filters: Filters) -> np.ndarray | None:
        """Keep-flag per cell for the area, decile, status and amount-present filters (None = all)."""
        keep = None

        def both(flags: np.ndarray) -> None:
            nonlocal keep
            keep = flags if keep is None else keep & flags

        if filters.lads:
            both(_member(self.place_lad, filters.lads)[self.cell_place])
        if filters.leps:
            hit = _member(self.place_lep, filters.leps) | _member(self.place_lep2, filters.leps)
            both(hit[self.cell_place])
        if filters.cas:
            both(_member(self.place_ca, filters.cas)[self.cell_place])
        if filters.deciles:
            both(np.isin(self.cell_bucket, [d - 1 for d in filters.deciles]))
        if filters.statuses:
            wanted = [i for i, s in enumerate(self.statuses) if s in filters.statuses]
            both(np.isin(self.cell_status, wanted))
        if filters.amount_min is not None or filters.amount_max is not None:
            both(~self.cell_no_amount)  # an unreadable amount is in no amount range
        return keep

    def local_places(self, locality: Locality) -> np.ndarray:
        """Bool per place: inside the locality's boundary."""
        codes = locality.codes
        if locality.kind in ("lad", "lads"):
            return _member(self.place_lad, codes)
        if locality.kind == "lep":  # both LEP columns: 7 LADs belong to two LEPs
            return _member(self.place_lep, codes) | _member(self.place_lep2, codes)
        return _member(self.place_ca, codes)

    def local_cells(self, locality: Locality) -> np.ndarray:
        return self.local_places(locality)[self.cell_place]


def _member(values: np.ndarray, wanted: tuple[str, ...]) -> np.ndarray:
    """Bool per value (a few hundred place codes, None = none): is it one of `wanted`?"""
    w = set(wanted)
    return np.fromiter((v in w for v in values), dtype=bool, count=len(values))


def _factorize_text(
    series: pd.Series, fold: bool = False, upper: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Text column → (code per row, sorted categories, raw-distinct → code, raw code per row, raw distinct).

    Strips (with `fold`: case-folds and collapses whitespace; with `upper`: upper-cases) only the
    distinct values — spend files repeat a few thousand names a million times. Blank or missing → -1.
    """
    raw_codes, uniq = pd.factorize(series, use_na_sentinel=True)
    raw = pd.Series(np.asarray(uniq, dtype=object), dtype="string").str.strip()
    u = raw
    if fold:
        u = u.str.casefold().str.replace(r"\s+", " ", regex=True)
    if upper:
        u = u.str.upper()
    u = u.mask(u == "")
    codes_u, cats = pd.factorize(u, sort=True, use_na_sentinel=True)
    lut = np.append(codes_u, -1).astype(np.int32)  # raw code -1 (missing) → -1
    return (
        lut[raw_codes],
        np.asarray(cats, dtype=object),
        lut,
        raw_codes,
        raw.to_numpy(dtype=object),
    )


def _codes(
    series: pd.Series, fold: bool = False, upper: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """(int32 code per row, -1 = missing or blank; sorted categories)."""
    codes, cats, _, _, _ = _factorize_text(series, fold, upper)
    return codes, cats


def _flag(series: pd.Series | None, n: int) -> np.ndarray:
    """Three-valued YES/NO/NOT_STATED from booleans or yes/no-like text (CSV round trip)."""
    out = np.full(n, NOT_STATED, dtype=np.int8)
    if series is None:
        return out
    codes, cats = _codes(series.astype("string"), fold=True)
    lut = np.full(len(cats) + 1, NOT_STATED, dtype=np.int8)  # last slot: missing (code -1)
    for i, c in enumerate(cats):
        if c in ("true", "yes", "y", "1", "1.0", "t"):
            lut[i] = YES
        elif c in ("false", "no", "n", "0", "0.0", "f"):
            lut[i] = NO
    return lut[codes]


def _decompose(keys: np.ndarray, sizes: list[int]) -> list[np.ndarray]:
    """Inverse of key = (((a * s1 + b) * s2 + c) …): the parts, in the order the sizes were given."""
    parts = []
    rest = keys.copy()
    for size in reversed(sizes[1:]):
        parts.append(rest % size)
        rest = rest // size
    parts.append(rest)
    return parts[::-1]


def prepare_spend(geocoded: pd.DataFrame) -> SpendFrame:
    """Build the SpendFrame from a geocoded spend table (ARCHITECTURE.md schema); do this once.

    Accepts the typed frame from `geo.spend.geocode` or the same table read back from CSV (text dates,
    'True'/'False' flags). Raises SpendGeoError naming any missing required column.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in geocoded.columns]
    if missing:
        raise SpendGeoError(
            f"The spend table has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}: "
            "is it the output of `python -m geo geocode`?"
        )
    df = geocoded
    n = len(df)

    raw_amount = pd.to_numeric(df["amount"], errors="coerce")
    raw_amount = raw_amount.to_numpy(dtype="float64", na_value=np.nan)
    no_amount = ~np.isfinite(raw_amount)
    amount = np.where(no_amount, 0.0, raw_amount)

    # Dates: parse the distinct values only (a year of spend has a few hundred dates).
    date_codes, date_uniq = pd.factorize(df["date"], use_na_sentinel=True)
    when_u = pd.to_datetime(
        pd.Series(np.asarray(date_uniq, dtype=object)), errors="coerce", format="mixed"
    )
    if getattr(when_u.dt, "tz", None) is not None:
        when_u = when_u.dt.tz_localize(None)
    ok_u = when_u.notna().to_numpy()
    day_u = np.full(len(when_u) + 1, NO_DAY, dtype=np.int32)  # last slot: missing
    day_u[:-1][ok_u] = (
        (when_u[ok_u].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]") - _EPOCH)
        .astype(np.int64)
        .astype(np.int32)
    )
    ym_u = np.zeros(len(when_u) + 1, dtype=np.int64)
    ym_u[:-1][ok_u] = when_u[ok_u].dt.year.to_numpy() * 12 + when_u[ok_u].dt.month.to_numpy() - 1
    day = day_u[date_codes]
    dated = day != NO_DAY
    ym = ym_u[date_codes]
    if dated.any():
        lo, hi = int(ym[dated].min()), int(ym[dated].max())
    else:
        lo, hi = 0, -1
    month = np.where(dated, ym - lo + 1, 0).astype(np.int32)
    month_ym = np.arange(lo, hi + 1)
    month_labels = np.array(
        [_NO_DATE] + [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in month_ym], dtype=object
    )
    # UK financial year runs April–March: Jan–Mar belong to the year that started the April before.
    fy_start = np.array([m // 12 if m % 12 >= 3 else m // 12 - 1 for m in month_ym], dtype=np.int64)
    fy_years = np.unique(fy_start)
    fy_labels = np.array(
        [_NO_DATE] + [financial_year_label(int(y)) for y in fy_years], dtype=object
    )
    month_fy = np.zeros(len(month_labels), dtype=np.int32)
    month_fy[1:] = np.searchsorted(fy_years, fy_start) + 1

    buyer_code, buyers = _codes(df["buyer"])
    if "department" in df.columns:
        department_code, departments = _codes(df["department"])
    else:
        department_code, departments = np.full(n, -1, np.int32), np.array([], dtype=object)

    # Supplier identity: the name, case-folded with whitespace collapsed ("ACME LTD" = "Acme  Ltd").
    # Rows with no name share one "(supplier not named)" category so their £ stays visible.
    supplier_code, supplier_keys, key_of_raw, raw_code, raw_names = _factorize_text(
        df["supplier_name"], fold=True
    )
    suppliers = supplier_keys.copy()
    # Display name: the spelling seen on most rows for that key.
    raw_count = np.bincount(raw_code[raw_code >= 0], minlength=len(raw_names))
    named = np.flatnonzero(key_of_raw[:-1] >= 0)
    if len(named):
        order = named[np.lexsort((-raw_count[named], key_of_raw[named]))]
        k_sorted = key_of_raw[order]
        first = np.r_[True, k_sorted[1:] != k_sorted[:-1]]
        suppliers[k_sorted[first]] = raw_names[order[first]]
    unnamed = supplier_code < 0
    if unnamed.any():
        supplier_keys = np.append(supplier_keys, _UNNAMED.casefold())
        suppliers = np.append(suppliers, _UNNAMED)
        supplier_code[unnamed] = len(supplier_keys) - 1

    status_code, status_cats = _codes(df["status"], fold=True)
    statuses = np.array(list(STATUSES) + ["other"], dtype=object)
    # Missing or unknown status → 'other', which is not geocoded.
    status_lut = np.array(
        [STATUSES.index(c) if c in STATUSES else len(STATUSES) for c in status_cats]
        + [len(STATUSES)],
        dtype=np.int16,
    )
    status_idx = status_lut[status_code]
    geocoded_rows = np.isin(status_idx, [STATUSES.index(s) for s in GEOCODED_STATUSES])

    decile = pd.to_numeric(df["imd_decile"], errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan
    )
    has_decile = np.isfinite(decile) & (decile >= 1) & (decile <= 10)
    # Only a located supplier has a place: a decile or area on an unlocated row would let the
    # numerator (local, deprived) include spend the 'geocoded' denominator leaves out.
    bucket = np.full(n, NOT_GEOCODED, dtype=np.int16)
    bucket[geocoded_rows] = OUTSIDE_ENGLAND
    in_decile = geocoded_rows & has_decile
    bucket[in_decile] = decile[in_decile].astype(np.int16) - 1

    # A place is a distinct (LAD, LEP, second LEP, CA) combination: a few hundred at most.
    area_cats, area_codes = [], []
    for col in ("lad21cd", "lep21cd", "lep21cd2", "ca24cd"):
        codes, cats = _codes(df[col], upper=True)
        area_codes.append(np.where(geocoded_rows, codes, -1).astype(np.int64) + 1)  # 0 = none
        area_cats.append(np.r_[np.array([None], dtype=object), cats])
    sizes = [len(c) for c in area_cats]
    place_key = area_codes[0]
    for codes, size in zip(area_codes[1:], sizes[1:], strict=True):
        place_key = place_key * size + codes
    place_keys, place_code = np.unique(place_key, return_inverse=True)
    place_lad, place_lep, place_lep2, place_ca = (
        cats[part] for cats, part in zip(area_cats, _decompose(place_keys, sizes), strict=True)
    )

    sme = _flag(df["is_sme"] if "is_sme" in df.columns else None, n)
    vcse = _flag(df["is_vcse"] if "is_vcse" in df.columns else None, n)
    credit = amount < 0

    # One composite integer per row, then compress to the combinations that occur.
    cell_sizes = [len(place_keys), 12, 3, 3, 2, len(statuses), 2]
    key = place_code.astype(np.int64)
    for part, size in zip(
        (bucket, sme, vcse, credit, status_idx, no_amount), cell_sizes[1:], strict=True
    ):
        key = key * size + part.astype(np.int64)
    cell_keys, cell = np.unique(key, return_inverse=True)
    c_place, c_bucket, c_sme, c_vcse, c_credit, c_status, c_no_amount = _decompose(
        cell_keys, cell_sizes
    )
    cell = cell.astype(np.int32)
    n_cells = len(cell_keys)

    # Where each supplier is: the (place, decile bucket) carrying most of its gross £ in the whole
    # dataset — a property of the supplier, so it does not shift as filters change.
    ns = len(supplier_keys)
    located = bucket != NOT_GEOCODED
    loc_key = place_code.astype(np.int64) * 12 + bucket
    pair = supplier_code.astype(np.int64)[located] * (len(place_keys) * 12) + loc_key[located]
    pair_keys, pair_idx = np.unique(pair, return_inverse=True)
    pair_gbp = np.bincount(pair_idx, weights=np.abs(amount[located]), minlength=len(pair_keys))
    pair_rows = np.bincount(pair_idx, minlength=len(pair_keys))
    pair_sup = pair_keys // (len(place_keys) * 12)
    pair_loc = pair_keys % (len(place_keys) * 12)
    # Most £ first (rows break ties, e.g. all-zero amounts), then per supplier keep the first.
    order = np.lexsort((-pair_rows, -pair_gbp, pair_sup))
    first = order[np.r_[True, pair_sup[order][1:] != pair_sup[order][:-1]]] if len(order) else order
    sup_bucket = np.full(ns, NOT_GEOCODED, dtype=np.int16)
    sup_lad = np.full(ns, None, dtype=object)
    sup_bucket[pair_sup[first]] = pair_loc[first] % 12
    sup_lad[pair_sup[first]] = place_lad[pair_loc[first] // 12]
    sup_nloc = np.bincount(pair_sup, minlength=ns).astype(np.int32)

    digest = hashlib.blake2b(digest_size=16)
    for arr in (amount, day, buyer_code, department_code, supplier_code, cell, cell_keys):
        digest.update(np.ascontiguousarray(arr).tobytes())
    for cats in (buyers, departments, supplier_keys, place_lad, place_lep, place_lep2, place_ca):
        digest.update("\x1f".join(map(str, cats)).encode())

    # Group × cell codes, so a per-buyer comparison is one bincount (code -1 → last group).
    def group_cell(codes: np.ndarray, k: int) -> np.ndarray:
        g = np.where(codes < 0, k, codes).astype(np.int64)
        return (g * n_cells + cell).astype(np.int64 if (k + 1) * n_cells > 2**31 - 1 else np.int32)

    # Supplier and month tables from one bincount over their grid (saves a pass over the rows);
    # only when the grid is small enough that allocating it per call is cheap.
    supplier_month = None
    if len(supplier_keys) * len(month_labels) <= _MAX_GRID:
        supplier_month = (supplier_code * len(month_labels) + month).astype(np.int32)

    return SpendFrame(
        n=n,
        amount=amount.astype(np.float64),
        day=day,
        month=month,
        month_labels=month_labels,
        month_fy=month_fy,
        fy_labels=fy_labels,
        buyer_code=buyer_code,
        buyers=buyers,
        department_code=department_code,
        departments=departments,
        supplier_code=supplier_code,
        suppliers=suppliers,
        supplier_keys=supplier_keys,
        supplier_bucket=sup_bucket,
        supplier_lad=sup_lad,
        supplier_locations=sup_nloc,
        cell=cell,
        cell_place=c_place.astype(np.int32),
        cell_bucket=c_bucket.astype(np.int16),
        cell_sme=c_sme.astype(np.int8),
        cell_vcse=c_vcse.astype(np.int8),
        cell_credit=c_credit.astype(bool),
        cell_status=c_status.astype(np.int16),
        cell_no_amount=c_no_amount.astype(bool),
        statuses=statuses,
        place_lad=place_lad,
        place_lep=place_lep,
        place_lep2=place_lep2,
        place_ca=place_ca,
        buyer_cell=group_cell(buyer_code, len(buyers)),
        department_cell=group_cell(department_code, len(departments)),
        supplier_month=supplier_month,
        fingerprint=digest.hexdigest(),
    )


# --- the summary --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One headline number with what it is: unit 'gbp', 'share' (fraction) or 'count'."""

    name: str
    value: float | int | None
    unit: str
    label: str


@dataclass(frozen=True)
class Summary:
    """Every figure for one selection. Shares are fractions in [0, 1], None when undefined."""

    basis: str  # which boundary is local, which denominator, net/gross
    selection: str
    locality: Locality | None
    denominator: str
    total_gbp: float
    transactions: int
    suppliers: int
    rows_without_amount: int
    rows_without_date: int
    geocoded_gbp: float
    geocoded_rows: int
    share_geocoded_gbp: float | None
    share_geocoded_rows: float | None
    denominator_gbp: float
    local_gbp: float | None
    local_share: float | None
    decile1_gbp: float
    decile1_share: float | None
    decile12_gbp: float
    decile12_share: float | None
    local_decile1_gbp: float | None
    local_decile1_share: float | None  # of local spend
    local_decile12_gbp: float | None
    local_decile12_share: float | None
    gross_gbp: float  # positive amounts only
    credit_gbp: float  # credit notes (negative)
    credit_rows: int
    sme_gbp: dict[str, float]  # yes / no / not stated
    sme_share: float | None  # SME £ / £ where SME status is stated
    sme_not_stated_share: float | None  # of all spend
    vcse_gbp: dict[str, float]
    vcse_share: float | None
    vcse_not_stated_share: float | None
    by_decile: pd.DataFrame  # bucket, gbp, share, share_of_geocoded, rows
    by_lad: pd.DataFrame  # code, gbp, share, share_of_geocoded, rows
    by_lep: pd.DataFrame
    by_ca: pd.DataFrame
    top_suppliers: pd.DataFrame  # supplier, gbp, share, rows, decile, lad21cd, locations
    by_month: pd.DataFrame  # month, gbp, rows
    by_financial_year: pd.DataFrame  # financial_year, gbp, rows
    labels: dict[str, str] = field(default_factory=dict)

    def headline(self) -> list[Figure]:
        """The headline figures in display order, each with its label."""
        names_units = [
            ("total_gbp", "gbp"),
            ("transactions", "count"),
            ("suppliers", "count"),
            ("share_geocoded_gbp", "share"),
            ("share_geocoded_rows", "share"),
            ("denominator_gbp", "gbp"),
            ("local_gbp", "gbp"),
            ("local_share", "share"),
            ("decile1_gbp", "gbp"),
            ("decile1_share", "share"),
            ("decile12_gbp", "gbp"),
            ("decile12_share", "share"),
            ("local_decile1_gbp", "gbp"),
            ("local_decile1_share", "share"),
            ("local_decile12_gbp", "gbp"),
            ("local_decile12_share", "share"),
            ("sme_share", "share"),
            ("sme_not_stated_share", "share"),
            ("vcse_share", "share"),
            ("vcse_not_stated_share", "share"),
            ("gross_gbp", "gbp"),
            ("credit_gbp", "gbp"),
            ("credit_rows", "count"),
        ]
        return [Figure(n, getattr(self, n), u, self.labels.get(n, n)) for n, u in names_units]

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "by_decile": self.by_decile,
            "by_lad": self.by_lad,
            "by_lep": self.by_lep,
            "by_ca": self.by_ca,
            "top_suppliers": self.top_suppliers,
            "by_month": self.by_month,
            "by_financial_year": self.by_financial_year,
        }

    def to_dict(self) -> dict:
        """JSON-ready: floats stay floats, missing (None/NaN) becomes None."""
        return {
            "basis": self.basis,
            "selection": self.selection,
            "locality": None if self.locality is None else self.locality.spec,
            "locality_label": None if self.locality is None else self.locality.description,
            "denominator": self.denominator,
            "headline": [
                {"name": f.name, "value": _json_value(f.value), "unit": f.unit, "label": f.label}
                for f in self.headline()
            ],
            "rows_without_amount": self.rows_without_amount,
            "rows_without_date": self.rows_without_date,
            "sme_gbp": {k: _json_value(v) for k, v in self.sme_gbp.items()},
            "vcse_gbp": {k: _json_value(v) for k, v in self.vcse_gbp.items()},
            "tables": {
                name: {"label": self.labels.get(name, name), "rows": frame_records(df)}
                for name, df in self.tables().items()
            },
        }


def _json_value(v: object) -> object:
    if v is None:
        return None
    if isinstance(v, np.integer | np.bool_):
        return v.item()
    if isinstance(v, float | np.floating):
        return None if not math.isfinite(float(v)) else float(v)
    return v


def frame_records(df: pd.DataFrame) -> list[dict]:
    """DataFrame → list of dicts with NaN/NA → None and numpy scalars → Python (valid JSON)."""
    cols = list(df.columns)
    out = []
    for row in df.itertuples(index=False, name=None):
        out.append(
            {c: (None if _isna(v) else _json_value(v)) for c, v in zip(cols, row, strict=True)}
        )
    return out


def _isna(v: object) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _shares(values: np.ndarray, denominator: float) -> np.ndarray:
    if not math.isfinite(denominator) or denominator <= 0:
        return np.full(len(values), np.nan)
    return values / denominator


def denominator_description(denominator: str) -> str:
    if denominator == "geocoded":
        return "spend with located suppliers (geocoded) in the selection"
    return "all spend in the selection"


def _check(denominator: str) -> None:
    if denominator not in DENOMINATORS:
        raise ValueError(
            f"denominator must be one of {', '.join(DENOMINATORS)}, not {denominator!r}"
        )


def _by_code(
    codes_per_place: list[np.ndarray],
    place_gbp: np.ndarray,
    place_rows: np.ndarray,
    total: float,
    geocoded: float,
) -> pd.DataFrame:
    """£ and rows per area code from per-place sums; a place in two areas counts in both."""
    gbp: dict[str, float] = {}
    rows: dict[str, int] = {}
    for codes in codes_per_place:
        for code, g, r in zip(codes, place_gbp, place_rows, strict=True):
            if code is None or r == 0:
                continue
            gbp[code] = gbp.get(code, 0.0) + g
            rows[code] = rows.get(code, 0) + int(r)
    keys = sorted(gbp, key=lambda k: (-gbp[k], k))
    g = np.array([gbp[k] for k in keys], dtype=float)
    return pd.DataFrame(
        {
            "code": pd.array(keys, dtype="string"),
            "gbp": g,
            "share": _shares(g, total),
            "share_of_geocoded": _shares(g, geocoded),
            "rows": np.array([rows[k] for k in keys], dtype=np.int64),
        }
    )


def summarise(
    sf: SpendFrame,
    mask: np.ndarray | None,
    locality: Locality | None,
    denominator: str = "all",
    top_n: int = 10,
    selection: str = "",
) -> Summary:
    """All summaries of the rows in `mask` (None = every row). Pure: same inputs, same Summary.

    Amounts are net: credit notes count as negative spend, and gross/credit totals are reported
    alongside. `denominator` ('all' or 'geocoded') is what local and deprived-area shares are
    shares of; local-deprived shares are of local spend. Without a locality, local figures are None.
    """
    _check(denominator)
    if mask is None or (mask.dtype == bool and mask.all()):
        idx = None
        amt, cell = sf.amount, sf.cell
    else:
        idx = np.flatnonzero(mask)
        amt, cell = sf.amount[idx], sf.cell[idx]

    nc = sf.n_cells
    c_gbp = np.bincount(cell, weights=amt, minlength=nc)
    c_rows = np.bincount(cell, minlength=nc)
    total = float(c_gbp.sum())
    rows = int(c_rows.sum())
    geo = sf.cell_geocoded
    geocoded_gbp = float(c_gbp[geo].sum())
    geocoded_rows = int(c_rows[geo].sum())
    den = total if denominator == "all" else geocoded_gbp

    b_gbp = np.bincount(sf.cell_bucket, weights=c_gbp, minlength=12)
    b_rows = np.bincount(sf.cell_bucket, weights=c_rows, minlength=12).astype(np.int64)
    d1 = float(b_gbp[0])
    d12 = float(b_gbp[0] + b_gbp[1])

    if locality is not None:
        lc = sf.local_cells(locality)
        local = float(c_gbp[lc].sum())
        local_d1 = float(c_gbp[lc & (sf.cell_bucket == 0)].sum())
        local_d12 = float(c_gbp[lc & (sf.cell_bucket <= 1)].sum())
        local_share = share(local, den)
        local_d1_share, local_d12_share = share(local_d1, local), share(local_d12, local)
    else:
        local = local_d1 = local_d12 = None
        local_share = local_d1_share = local_d12_share = None

    credit_gbp = float(c_gbp[sf.cell_credit].sum())
    credit_rows = int(c_rows[sf.cell_credit].sum())

    sme = np.bincount(sf.cell_sme, weights=c_gbp, minlength=3)
    vcse = np.bincount(sf.cell_vcse, weights=c_gbp, minlength=3)

    by_decile = pd.DataFrame(
        {
            "bucket": BUCKET_LABELS,
            "gbp": b_gbp,
            "share": _shares(b_gbp, total),
            "share_of_geocoded": np.append(_shares(b_gbp[:NOT_GEOCODED], geocoded_gbp), np.nan),
            "rows": b_rows,
        }
    )

    n_places = len(sf.place_lad)
    p_gbp = np.bincount(sf.cell_place, weights=c_gbp, minlength=n_places)
    p_rows = np.bincount(sf.cell_place, weights=c_rows, minlength=n_places).astype(np.int64)
    by_lad = _by_code([sf.place_lad], p_gbp, p_rows, total, geocoded_gbp)
    by_lep = _by_code([sf.place_lep, sf.place_lep2], p_gbp, p_rows, total, geocoded_gbp)
    by_ca = _by_code([sf.place_ca], p_gbp, p_rows, total, geocoded_gbp)

    ns, nm = len(sf.supplier_keys), len(sf.month_labels)
    if sf.supplier_month is not None:
        sm = sf.supplier_month if idx is None else sf.supplier_month[idx]
        sm_gbp = np.bincount(sm, weights=amt, minlength=ns * nm).reshape(ns, nm)
        sm_rows = np.bincount(sm, minlength=ns * nm).reshape(ns, nm)
        s_gbp, s_rows = sm_gbp.sum(axis=1), sm_rows.sum(axis=1)
        m_gbp, m_rows = sm_gbp.sum(axis=0), sm_rows.sum(axis=0)
    else:
        sup = sf.supplier_code if idx is None else sf.supplier_code[idx]
        mon = sf.month if idx is None else sf.month[idx]
        s_gbp = np.bincount(sup, weights=amt, minlength=ns)
        s_rows = np.bincount(sup, minlength=ns)
        m_gbp = np.bincount(mon, weights=amt, minlength=nm)
        m_rows = np.bincount(mon, minlength=nm)
    present = s_rows > 0
    unnamed = np.flatnonzero(sf.supplier_keys == _UNNAMED.casefold())
    n_suppliers = int(present.sum()) - int(present[unnamed].sum())
    cand = np.flatnonzero(present)
    if top_n > 0 and len(cand) > top_n:
        part = np.argpartition(-s_gbp[cand], top_n - 1)[:top_n]
        cand = cand[part]
    top = cand[np.lexsort((sf.supplier_keys[cand], -s_gbp[cand]))][: max(top_n, 0)]
    top_suppliers = pd.DataFrame(
        {
            "supplier": pd.array(sf.suppliers[top], dtype="string"),
            "gbp": s_gbp[top],
            "share": _shares(s_gbp[top], total),
            "rows": s_rows[top].astype(np.int64),
            "decile": pd.array([BUCKET_LABELS[b] for b in sf.supplier_bucket[top]], dtype="string"),
            "lad21cd": pd.array(sf.supplier_lad[top], dtype="string"),
            "locations": sf.supplier_locations[top].astype(np.int64),
        }
    )

    # Dated months in order, then 'no date' last (only if such rows are selected).
    order = np.r_[np.arange(1, nm), 0]
    order = order[m_rows[order] > 0]
    by_month = pd.DataFrame(
        {
            "month": pd.array(sf.month_labels[order], dtype="string"),
            "gbp": m_gbp[order],
            "rows": m_rows[order].astype(np.int64),
        }
    )
    nf = len(sf.fy_labels)
    f_gbp = np.bincount(sf.month_fy, weights=m_gbp, minlength=nf)
    f_rows = np.bincount(sf.month_fy, weights=m_rows, minlength=nf).astype(np.int64)
    forder = np.r_[np.arange(1, nf), 0]
    forder = forder[f_rows[forder] > 0]
    by_fy = pd.DataFrame(
        {
            "financial_year": pd.array(sf.fy_labels[forder], dtype="string"),
            "gbp": f_gbp[forder],
            "rows": f_rows[forder],
        }
    )

    no_amount_rows = int(c_rows[sf.cell_no_amount].sum())
    no_date_rows = int(m_rows[0])

    labels = _labels(locality, denominator)
    basis = (
        f"Local = {locality.description if locality else '(no locality chosen)'}; shares of "
        f"{denominator_description(denominator)}; {NET_NOTE}."
    )
    return Summary(
        basis=basis,
        selection=selection,
        locality=locality,
        denominator=denominator,
        total_gbp=total,
        transactions=rows,
        suppliers=n_suppliers,
        rows_without_amount=no_amount_rows,
        rows_without_date=no_date_rows,
        geocoded_gbp=geocoded_gbp,
        geocoded_rows=geocoded_rows,
        share_geocoded_gbp=share(geocoded_gbp, total),
        share_geocoded_rows=(geocoded_rows / rows) if rows else None,
        denominator_gbp=den,
        local_gbp=local,
        local_share=local_share,
        decile1_gbp=d1,
        decile1_share=share(d1, den),
        decile12_gbp=d12,
        decile12_share=share(d12, den),
        local_decile1_gbp=local_d1,
        local_decile1_share=local_d1_share,
        local_decile12_gbp=local_d12,
        local_decile12_share=local_d12_share,
        gross_gbp=total - credit_gbp,
        credit_gbp=credit_gbp,
        credit_rows=credit_rows,
        sme_gbp=dict(zip(FLAG_LABELS, map(float, sme), strict=True)),
        sme_share=share(sme[YES], sme[YES] + sme[NO]),
        sme_not_stated_share=share(sme[NOT_STATED], total),
        vcse_gbp=dict(zip(FLAG_LABELS, map(float, vcse), strict=True)),
        vcse_share=share(vcse[YES], vcse[YES] + vcse[NO]),
        vcse_not_stated_share=share(vcse[NOT_STATED], total),
        by_decile=by_decile,
        by_lad=by_lad,
        by_lep=by_lep,
        by_ca=by_ca,
        top_suppliers=top_suppliers,
        by_month=by_month,
        by_financial_year=by_fy,
        labels=labels,
    )


def _labels(locality: Locality | None, denominator: str) -> dict[str, str]:
    of = denominator_description(denominator)
    where = locality.description if locality else "(no locality chosen)"
    return {
        "total_gbp": f"Total spend in the selection, {NET_NOTE}",
        "transactions": "Transactions (rows) in the selection, credit notes included",
        "suppliers": "Distinct suppliers (by name, case-insensitive) in the selection",
        "share_geocoded_gbp": "Share of all spend whose supplier postcode was located",
        "share_geocoded_rows": "Share of transactions whose supplier postcode was located",
        "denominator_gbp": f"Denominator of the local and deprived-area shares: {of}",
        "local_gbp": f"Local spend: {where}, {NET_NOTE}",
        "local_share": f"Local share: spend with {where} as a share of {of}",
        "decile1_gbp": "Spend with suppliers in the 10% most deprived LSOAs (IMD 2019 decile 1)",
        "decile1_share": f"Share of {of} with suppliers in IMD 2019 decile 1 (10% most deprived)",
        "decile12_gbp": "Spend with suppliers in the 20% most deprived LSOAs (IMD 2019 deciles 1-2)",
        "decile12_share": f"Share of {of} with suppliers in IMD 2019 deciles 1-2 (20% most deprived)",
        "local_decile1_gbp": f"Local spend ({where}) in IMD decile 1",
        "local_decile1_share": f"Share of local spend ({where}) with suppliers in IMD decile 1",
        "local_decile12_gbp": f"Local spend ({where}) in IMD deciles 1-2",
        "local_decile12_share": f"Share of local spend ({where}) with suppliers in IMD deciles 1-2",
        "sme_share": "SME share of spend where the data states SME status (not-stated excluded)",
        "sme_not_stated_share": "Share of all spend where SME status is not stated",
        "vcse_share": "VCSE share of spend where the data states VCSE status (not-stated excluded)",
        "vcse_not_stated_share": "Share of all spend where VCSE status is not stated",
        "gross_gbp": "Gross spend: positive amounts only (before credit notes)",
        "credit_gbp": "Credit notes: negative amounts, included in the net total",
        "credit_rows": "Credit-note rows (negative amounts)",
        "by_decile": "Spend by supplier's IMD 2019 decile (1 = most deprived); share = of all spend, "
        f"share_of_geocoded = of located spend; {NET_NOTE}",
        "by_lad": f"Spend by supplier LAD (2021); share = of all spend; {NET_NOTE}",
        "by_lep": "Spend by supplier LEP (2021); a LAD in two LEPs counts in both, so the column "
        f"can exceed the total; {NET_NOTE}",
        "by_ca": f"Spend by supplier Combined Authority (2024); {NET_NOTE}",
        "top_suppliers": "Top suppliers by net £; share = of all spend; decile/LAD = where most of "
        "the supplier's spend in the whole file is located (locations = distinct places)",
        "by_month": f"Spend by calendar month of the transaction date; {NET_NOTE}",
        "by_financial_year": f"Spend by UK financial year (April-March); {NET_NOTE}",
    }


# --- across buyers ------------------------------------------------------------------------------

MEASURES: dict[str, str] = {
    "local": "local share",
    "decile1": "share with suppliers in IMD decile 1 (10% most deprived)",
    "decile12": "share with suppliers in IMD deciles 1-2 (20% most deprived)",
}


@dataclass(frozen=True)
class BuyerComparison:
    """A share per buyer plus the two ways of averaging them, which published benchmarks mix."""

    measure: str
    denominator: str
    by: str
    table: pd.DataFrame  # name, numerator_gbp, denominator_gbp, share, rows, locality
    weighted_share: float | None  # pooled: sum of numerators / sum of denominators
    simple_mean: float | None  # unweighted mean of the per-buyer shares
    n_included: int  # buyers with a defined share (positive denominator)
    weighted_label: str
    simple_label: str
    label: str

    def to_dict(self) -> dict:
        return {
            "measure": self.measure,
            "denominator": self.denominator,
            "by": self.by,
            "label": self.label,
            "weighted_share": _json_value(self.weighted_share),
            "weighted_label": self.weighted_label,
            "simple_mean": _json_value(self.simple_mean),
            "simple_label": self.simple_label,
            "n_included": self.n_included,
            "rows": frame_records(self.table),
        }


def compare_buyers(
    sf: SpendFrame,
    mask: np.ndarray | None,
    locality: Locality | Mapping[str, Locality] | None,
    measure: str = "local",
    denominator: str = "all",
    by: str = "buyer",
) -> BuyerComparison:
    """Per-buyer (or per-department) share of `measure`, with the spend-weighted and simple means.

    `locality` may be one boundary for every buyer, or a mapping buyer → own boundary (a council's
    "local" is usually its own area); a buyer missing from the mapping has no local share. Both
    averages use the same buyers: those with a defined share (positive denominator).
    """
    _check(denominator)
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    if by not in ("buyer", "department"):
        raise ValueError(f"by must be 'buyer' or 'department', not {by!r}")
    if measure == "local" and locality is None:
        raise ValueError("the local measure needs a locality")
    names, group_cell = (
        (sf.buyers, sf.buyer_cell) if by == "buyer" else (sf.departments, sf.department_cell)
    )
    # Code -1 (no buyer/department named) has the last slot so it is reported, not dropped.
    k = len(names) + 1
    nc = sf.n_cells
    if mask is None or mask.all():
        amt, gc = sf.amount, group_cell
    else:
        idx = np.flatnonzero(mask)
        amt, gc = sf.amount[idx], group_cell[idx]
    # £ and rows per (group, cell): every per-group numerator/denominator is then a matrix-vector
    # product over the few thousand cells instead of another pass over the rows.
    gbp = np.bincount(gc, weights=amt, minlength=k * nc).reshape(k, nc)
    rows = np.bincount(gc, minlength=k * nc).reshape(k, nc).sum(axis=1)

    den_cells = np.ones(nc, bool) if denominator == "all" else sf.cell_geocoded
    den = gbp @ den_cells
    group_names = list(names) + [f"(no {by} named)"]
    loc_desc = [""] * k
    if measure == "local":
        if isinstance(locality, Locality):
            num = gbp @ (den_cells & sf.local_cells(locality))
            loc_desc = [locality.description] * k
        else:
            # Each group's own boundary; a group missing from the mapping has no local share.
            num = np.full(k, np.nan)
            for g, name in enumerate(group_names):
                loc = locality.get(name) if locality is not None else None
                if loc is not None:
                    num[g] = gbp[g] @ (den_cells & sf.local_cells(loc))
                    loc_desc[g] = loc.description
    else:
        top = 0 if measure == "decile1" else 1
        num = gbp @ (den_cells & (sf.cell_bucket <= top))

    present = rows > 0
    shares = np.full(k, np.nan)
    ok = present & (den > 0) & np.isfinite(num)
    shares[ok] = num[ok] / den[ok]
    table = pd.DataFrame(
        {
            "name": pd.array(group_names, dtype="string"),
            "numerator_gbp": num,
            "denominator_gbp": den,
            "share": shares,
            "rows": rows.astype(np.int64),
            "locality": pd.array(loc_desc, dtype="string"),
        }
    )[present]
    table = table.sort_values(["share", "name"], ascending=[False, True], na_position="last")
    table = table.reset_index(drop=True)
    n_ok = int(ok.sum())
    weighted = share(float(num[ok].sum()), float(den[ok].sum())) if n_ok else None
    simple = float(shares[ok].mean()) if n_ok else None
    of = denominator_description(denominator).replace(" in the selection", "")
    what = MEASURES[measure]
    if measure == "local":
        where = (
            locality.description if isinstance(locality, Locality) else "each buyer's own boundary"
        )
        what = f"local share ({where})"
    return BuyerComparison(
        measure=measure,
        denominator=denominator,
        by=by,
        table=table,
        weighted_share=weighted,
        simple_mean=simple,
        n_included=n_ok,
        weighted_label=f"Spend-weighted (pooled £) {what} across {n_ok} {by}s: sum of their "
        f"numerators / sum of their denominators ({of})",
        simple_label=f"Simple mean of the {n_ok} {by}s' {what} (each {by} counts equally)",
        label=f"{what[0].upper()}{what[1:]} per {by}, of {of}; {NET_NOTE}",
    )


# --- between two periods ------------------------------------------------------------------------

Period = tuple[date | None, date | None] | str


def _period(p: Period) -> tuple[date | None, date | None, str]:
    if isinstance(p, str):
        lo, hi = financial_year(p)
        return lo, hi, p
    lo, hi = p
    text = f"{lo.isoformat() if lo else 'start'} to {hi.isoformat() if hi else 'end'}"
    return lo, hi, text


@dataclass(frozen=True)
class PeriodChange:
    """Each headline figure in period A and B, and the change (£, count, or percentage points)."""

    label_a: str
    label_b: str
    a: Summary
    b: Summary
    table: pd.DataFrame  # figure, label, unit, a, b, change, change_unit
    basis: str

    def to_dict(self) -> dict:
        return {
            "period_a": self.label_a,
            "period_b": self.label_b,
            "basis": self.basis,
            "rows": frame_records(self.table),
        }


def compare_periods(
    sf: SpendFrame,
    base_filters: Filters,
    period_a: Period,
    period_b: Period,
    locality: Locality | None,
    denominator: str = "all",
) -> PeriodChange:
    """Headline figures for the base filters restricted to period A and to period B.

    A period is (from, to) dates (inclusive, None = open) or a financial-year label '2023-24';
    it replaces the base filters' dates. Share changes are in percentage points (B − A) × 100.
    """
    lo_a, hi_a, label_a = _period(period_a)
    lo_b, hi_b, label_b = _period(period_b)
    fa = base_filters.replace(date_from=lo_a, date_to=hi_a)
    fb = base_filters.replace(date_from=lo_b, date_to=hi_b)
    sa = summarise(sf, apply_filters(sf, fa), locality, denominator, selection=fa.describe())
    sb = summarise(sf, apply_filters(sf, fb), locality, denominator, selection=fb.describe())
    records = []
    for fa_fig, fb_fig in zip(sa.headline(), sb.headline(), strict=True):
        va, vb = fa_fig.value, fb_fig.value
        if va is None or vb is None:
            change = None
        elif fa_fig.unit == "share":
            change = (vb - va) * 100
        else:
            change = vb - va
        records.append(
            {
                "figure": fa_fig.name,
                "label": fa_fig.label,
                "unit": fa_fig.unit,
                "a": va,
                "b": vb,
                "change": change,
                "change_unit": {"share": "pp", "gbp": "gbp", "count": "count"}[fa_fig.unit],
            }
        )
    table = pd.DataFrame.from_records(records)
    for col in ("a", "b", "change"):
        table[col] = pd.to_numeric(table[col], errors="coerce").astype("float64")
    return PeriodChange(
        label_a=label_a,
        label_b=label_b,
        a=sa,
        b=sb,
        table=table,
        basis=sa.basis + " Share changes are percentage points (B minus A).",
    )
