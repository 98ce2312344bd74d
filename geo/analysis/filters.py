"""Spend selection: the hashable Filters spec, its URL-param round trip, and the row mask over the spend index."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Literal

import numpy as np

from geo import levels
from geo.analysis.index import GEOCODED_STATUSES, SpendFrame
from geo.analysis.locality import LOCALITY_KINDS, Locality, LocalityKind, canon_codes, is_code
from geo.analysis.urlparams import (
    MAX_TEXT,
    join,
    param_getter,
    parse_amount,
    parse_date,
    parse_flag,
    split,
)
from geo.spend.geocode import STATUSES

__all__ = [
    "DENOMINATORS",
    "GEOCODED_STATUSES",
    "LOCALITY_KINDS",
    "STATUSES",
    "Denominator",
    "Filters",
    "Locality",
    "LocalityKind",
    "apply_filters",
    "cell_keep",
    "denominator_from_params",
    "denominator_to_params",
    "imd_from_params",
    "imd_to_params",
]

Denominator = Literal["all", "geocoded"]
DENOMINATORS: tuple[str, ...] = ("all", "geocoded")


def _canon_texts(values: Iterable[str], name: str) -> tuple[str, ...]:
    out = []
    for v in values:
        if not isinstance(v, str):
            raise ValueError(f"{name}: {v!r} is not a string")
        if v.strip():
            out.append(v.strip())
    return tuple(sorted(set(out)))


def _canon_date(value: object, name: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):  # datetime and pd.Timestamp are date subclasses: drop the time
        return value.date()
    if isinstance(value, date):
        return value
    raise ValueError(f"{name}: {value!r} is not a date")


def _canon_amount(value: object, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name}: {value!r} is not a finite number")
    return float(value)


@dataclass(frozen=True)
class Filters:
    """Which spend rows to include. Empty tuple / None = no restriction on that dimension.

    Dimensions combine with AND; values within one dimension with OR. Dates are inclusive and a
    date bound drops rows with no date; amounts compare the signed amount (credits are negative).
    A supplier-area or decile filter keeps only rows whose supplier is located there, so it drops
    ungeocoded rows. Tuples are stored sorted and de-duplicated so equal selections hash equal
    (the app caches on Filters and writes them into the URL).
    """

    date_from: date | None = None
    date_to: date | None = None
    buyers: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    supplier_query: str = ""
    amount_min: float | None = None
    amount_max: float | None = None
    lads: tuple[str, ...] = ()
    leps: tuple[str, ...] = ()
    cas: tuple[str, ...] = ()
    deciles: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    exclude_flagged: bool = False  # drop rows with any data-quality flag (no-op without `flags`)

    def __post_init__(self) -> None:
        # Canonicalise in place (frozen, hence object.__setattr__); invalid values are a caller bug
        # and raise ValueError — the tolerant path for user/URL input is from_params.
        put = object.__setattr__
        put(self, "date_from", _canon_date(self.date_from, "date_from"))
        put(self, "date_to", _canon_date(self.date_to, "date_to"))
        put(self, "buyers", _canon_texts(self.buyers, "buyers"))
        put(self, "departments", _canon_texts(self.departments, "departments"))
        if not isinstance(self.supplier_query, str):
            raise ValueError(f"supplier_query: {self.supplier_query!r} is not a string")
        put(self, "supplier_query", self.supplier_query.strip())
        put(self, "amount_min", _canon_amount(self.amount_min, "amount_min"))
        put(self, "amount_max", _canon_amount(self.amount_max, "amount_max"))
        put(self, "lads", canon_codes(self.lads, "lads"))
        put(self, "leps", canon_codes(self.leps, "leps"))
        put(self, "cas", canon_codes(self.cas, "cas"))
        deciles = []
        for d in self.deciles:
            if isinstance(d, bool) or not isinstance(d, int | np.integer) or not 1 <= d <= 10:
                raise ValueError(f"deciles: {d!r} is not an IMD decile 1-10")
            deciles.append(int(d))
        put(self, "deciles", tuple(sorted(set(deciles))))
        statuses = tuple(sorted(set(self.statuses)))
        for s in statuses:
            if s not in STATUSES:
                raise ValueError(f"statuses: {s!r} is not one of {', '.join(STATUSES)}")
        put(self, "statuses", statuses)
        if not isinstance(self.exclude_flagged, bool | np.bool_):
            raise ValueError(f"exclude_flagged: {self.exclude_flagged!r} is not True/False")
        put(self, "exclude_flagged", bool(self.exclude_flagged))

    def is_empty(self) -> bool:
        """True when nothing is restricted (every row passes)."""
        return self == Filters()

    def replace(self, **changes: object) -> Filters:
        """A copy with some fields changed (dataclasses.replace, re-canonicalised)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Filters(**values)  # type: ignore[arg-type]

    def to_params(self) -> dict[str, str]:
        """URL query params for the non-default fields; `Filters.from_params` inverts it exactly."""
        out: dict[str, str] = {}
        if self.date_from is not None:
            out["from"] = self.date_from.isoformat()
        if self.date_to is not None:
            out["to"] = self.date_to.isoformat()
        for key, values in (
            ("buyer", self.buyers),
            ("dept", self.departments),
            ("lad", self.lads),
            ("lep", self.leps),
            ("ca", self.cas),
            ("status", self.statuses),
        ):
            if values:
                out[key] = join(values)
        if self.deciles:
            out["decile"] = ",".join(str(d) for d in self.deciles)
        if self.supplier_query:
            out["q"] = self.supplier_query
        if self.amount_min is not None:
            out["min"] = repr(self.amount_min)  # repr round-trips a float exactly
        if self.amount_max is not None:
            out["max"] = repr(self.amount_max)
        if self.exclude_flagged:
            out["noflag"] = "1"
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> Filters:
        """Filters from URL query params; never raises: unreadable values are dropped.

        A value may be a string or (as some query-param APIs give) a list of strings, of which
        the last is used.
        """
        get = param_getter(params)
        texts = {k: split(get(k)) for k in ("buyer", "dept", "lad", "lep", "ca", "status")}
        deciles = []
        for piece in split(get("decile")):
            if piece.isascii() and piece.isdigit() and 1 <= int(piece) <= 10:
                deciles.append(int(piece))
        query = get("q") or ""
        d_from, d_to = parse_date(get("from")), parse_date(get("to"))
        if d_from and d_to and d_from > d_to:  # a hand-made link's range the wrong way round
            d_from, d_to = d_to, d_from
        return cls(
            date_from=d_from,
            date_to=d_to,
            buyers=tuple(t[:MAX_TEXT] for t in texts["buyer"]),
            departments=tuple(t[:MAX_TEXT] for t in texts["dept"]),
            supplier_query=query[:MAX_TEXT],
            amount_min=parse_amount(get("min")),
            amount_max=parse_amount(get("max")),
            lads=tuple(c for c in (t.upper() for t in texts["lad"]) if is_code(c)),
            leps=tuple(c for c in (t.upper() for t in texts["lep"]) if is_code(c)),
            cas=tuple(c for c in (t.upper() for t in texts["ca"]) if is_code(c)),
            deciles=tuple(deciles),
            statuses=tuple(s for s in texts["status"] if s in STATUSES),
            exclude_flagged=parse_flag(get("noflag")),
        )

    def describe(self) -> str:
        """Short human description of the selection, for figure captions."""
        parts = []
        if self.date_from or self.date_to:
            lo = self.date_from.isoformat() if self.date_from else "start"
            hi = self.date_to.isoformat() if self.date_to else "end"
            parts.append(f"dates {lo} to {hi}")
        for name, values in (
            ("buyers", self.buyers),
            ("departments", self.departments),
            ("supplier LADs", self.lads),
            ("supplier LEPs", self.leps),
            ("supplier CAs", self.cas),
            ("statuses", self.statuses),
        ):
            if values:
                parts.append(f"{name} {', '.join(values)}")
        if self.deciles:
            parts.append(f"IMD deciles {', '.join(map(str, self.deciles))}")
        if self.supplier_query:
            parts.append(f"supplier name contains {self.supplier_query!r}")
        if self.amount_min is not None or self.amount_max is not None:
            lo = f"£{self.amount_min:,.2f}" if self.amount_min is not None else "any"
            hi = f"£{self.amount_max:,.2f}" if self.amount_max is not None else "any"
            parts.append(f"amount {lo} to {hi}")
        if self.exclude_flagged:
            parts.append("rows with data-quality flags excluded")
        return "; ".join(parts) if parts else "all rows"


def denominator_from_params(params: Mapping[str, object], default: str = "all") -> str:
    """'all' or 'geocoded' from the `denom` param; anything else gives the default."""
    value = param_getter(params)("denom")
    return value if value in DENOMINATORS else default


def denominator_to_params(denominator: str) -> dict[str, str]:
    return {"denom": denominator} if denominator in DENOMINATORS else {}


def imd_from_params(params: Mapping[str, object], default: str = levels.DEFAULT_IMD) -> str:
    """'2025' or '2019' from the `imd` param (the deprivation vintage of every page); anything
    else gives the default (IMD 2025). Never raises."""
    value = param_getter(params)("imd")
    return value if value in levels.IMD else default


def imd_to_params(imd: str) -> dict[str, str]:
    """{'imd': '2019'} for a non-default vintage; nothing for the default (short links)."""
    return {"imd": str(imd)} if str(imd) in levels.IMD and str(imd) != levels.DEFAULT_IMD else {}


# --- applying the filters -----------------------------------------------------------------------


def apply_filters(sf: SpendFrame, filters: Filters) -> np.ndarray:
    """Boolean mask (len = rows of sf) of the rows the filters keep.

    Works on the prepared integer codes: each categorical dimension is a lookup table over its
    (few) categories indexed by the per-row code, so the cost is one gather per active dimension.
    """
    mask = np.ones(sf.n, dtype=bool)
    if filters.date_from is not None or filters.date_to is not None:
        # Undated rows hold the int32 minimum, so any date bound excludes them.
        lo = sf.day_number(filters.date_from) if filters.date_from else np.iinfo(np.int32).min + 1
        hi = sf.day_number(filters.date_to) if filters.date_to else np.iinfo(np.int32).max
        mask &= (sf.day >= lo) & (sf.day <= hi)
    if filters.buyers:
        mask &= _lut(sf.buyers, filters.buyers)[sf.buyer_code]
    if filters.departments:
        mask &= _lut(sf.departments, filters.departments)[sf.department_code]
    if filters.supplier_query:
        # Same normalisation as the supplier keys: case-folded, whitespace runs collapsed.
        q = " ".join(filters.supplier_query.casefold().split())
        keep = np.fromiter((q in name for name in sf.supplier_keys), bool, len(sf.supplier_keys))
        mask &= keep[sf.supplier_code]
    if filters.amount_min is not None:
        mask &= sf.amount >= filters.amount_min
    if filters.amount_max is not None:
        mask &= sf.amount <= filters.amount_max
    if filters.exclude_flagged and sf.flagged is not None:
        mask &= ~sf.flagged
    keep_cells = cell_keep(sf, filters)
    if keep_cells is not None:
        mask &= keep_cells[sf.cell]
    return mask


def cell_keep(sf: SpendFrame, filters: Filters) -> np.ndarray | None:
    """Keep-flag per cell for the area, decile, status and amount-present filters (None = all).

    Area filters go through the same membership rule as "local" (geo.levels via Locality), so a
    LEP filter keeps the 7 LADs that sit in two LEPs.
    """
    keep = None

    def both(flags: np.ndarray) -> None:
        nonlocal keep
        keep = flags if keep is None else keep & flags

    for kind, codes in (("lad", filters.lads), ("lep", filters.leps), ("ca", filters.cas)):
        if codes:  # values within one dimension combine with OR
            hit = np.zeros(len(sf.places), dtype=bool)
            for code in codes:
                # "lad" / "ca" mean the index vintage's current set (LAD 2024 / CA 2025 under 2025).
                hit |= sf.local_places(Locality(kind, (code,), imd=sf.imd))  # type: ignore[arg-type]
            both(hit[sf.cell_place])
    if filters.deciles:
        both(np.isin(sf.cell_bucket, [d - 1 for d in filters.deciles]))
    if filters.statuses:
        wanted = [i for i, s in enumerate(sf.statuses) if s in filters.statuses]
        both(np.isin(sf.cell_status, wanted))
    if filters.amount_min is not None or filters.amount_max is not None:
        both(~sf.cell_no_amount)  # an unreadable amount is in no amount range
    return keep


def _lut(categories: np.ndarray, wanted: Iterable[str]) -> np.ndarray:
    """Lookup table over categories (+1 trailing slot for the 'missing' code -1) → wanted?"""
    wanted = set(wanted)
    lut = np.zeros(len(categories) + 1, dtype=bool)
    lut[: len(categories)] = [c in wanted for c in categories]
    return lut
