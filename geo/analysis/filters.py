"""Spend selection: the hashable Filters / Locality specs, their URL-param round trip, and the row mask."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

import numpy as np

from geo.errors import SpendGeoError
from geo.spend.geocode import STATUSES

if TYPE_CHECKING:  # type hints only: summary imports filters, not the other way round at runtime
    from geo.analysis.summary import SpendFrame

Denominator = Literal["all", "geocoded"]
DENOMINATORS: tuple[str, ...] = ("all", "geocoded")
LocalityKind = Literal["lad", "lep", "ca", "lads"]
LOCALITY_KINDS: tuple[str, ...] = ("lad", "lep", "ca", "lads")

# Geocode statuses (ARCHITECTURE.md, geocoded spend table). A row is "geocoded" when its supplier's
# postcode was found with a location, wherever it is; the other statuses leave the place unknown.
GEOCODED_STATUSES: frozenset[str] = frozenset(
    {"matched", "matched_outside_england", "matched_terminated"}
)

# GSS code prefixes per boundary kind: LAD21 in England (unitary, district, met. district, London
# borough), LEP21, CA24. A code of the wrong kind would silently give "0 % local", so reject it.
_CODE_RE = re.compile(r"^[A-Z][0-9]{8}$")
_KIND_PREFIXES: dict[str, tuple[str, ...]] = {
    "lad": ("E06", "E07", "E08", "E09"),
    "lads": ("E06", "E07", "E08", "E09"),
    "lep": ("E37",),
    "ca": ("E47",),
}
_KIND_NAMES = {"lad": "LAD", "lads": "LADs", "lep": "LEP", "ca": "Combined Authority"}

# Limits on what a URL may carry: far above any real selection, low enough that a hostile or
# mangled link cannot make the app build a huge lookup.
_MAX_ITEMS = 500
_MAX_TEXT = 300
_SEP = ","


def _is_code(value: str) -> bool:
    return bool(_CODE_RE.match(value))


def _canon_codes(values: Iterable[str], name: str) -> tuple[str, ...]:
    out = []
    for v in values:
        if not isinstance(v, str) or not _is_code(v.strip().upper()):
            raise ValueError(f"{name}: {v!r} is not a GSS area code like E08000009")
        out.append(v.strip().upper())
    return tuple(sorted(set(out)))


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
        put(self, "lads", _canon_codes(self.lads, "lads"))
        put(self, "leps", _canon_codes(self.leps, "leps"))
        put(self, "cas", _canon_codes(self.cas, "cas"))
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
                out[key] = _join(values)
        if self.deciles:
            out["decile"] = _SEP.join(str(d) for d in self.deciles)
        if self.supplier_query:
            out["q"] = self.supplier_query
        if self.amount_min is not None:
            out["min"] = repr(self.amount_min)  # repr round-trips a float exactly
        if self.amount_max is not None:
            out["max"] = repr(self.amount_max)
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> Filters:
        """Filters from URL query params; never raises: unreadable values are dropped.

        A value may be a string or (as some query-param APIs give) a list of strings, of which
        the last is used.
        """
        get = _param_getter(params)
        texts = {k: _split(get(k)) for k in ("buyer", "dept", "lad", "lep", "ca", "status")}
        deciles = []
        for piece in _split(get("decile")):
            if piece.isascii() and piece.isdigit() and 1 <= int(piece) <= 10:
                deciles.append(int(piece))
        query = get("q") or ""
        return cls(
            date_from=_parse_date(get("from")),
            date_to=_parse_date(get("to")),
            buyers=tuple(t[:_MAX_TEXT] for t in texts["buyer"]),
            departments=tuple(t[:_MAX_TEXT] for t in texts["dept"]),
            supplier_query=query[:_MAX_TEXT],
            amount_min=_parse_amount(get("min")),
            amount_max=_parse_amount(get("max")),
            lads=tuple(c for c in (t.upper() for t in texts["lad"]) if _is_code(c)),
            leps=tuple(c for c in (t.upper() for t in texts["lep"]) if _is_code(c)),
            cas=tuple(c for c in (t.upper() for t in texts["ca"]) if _is_code(c)),
            deciles=tuple(deciles),
            statuses=tuple(s for s in texts["status"] if s in STATUSES),
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
        return "; ".join(parts) if parts else "all rows"


@dataclass(frozen=True)
class Locality:
    """What "local" means: suppliers inside one LAD, LEP or Combined Authority, or a set of LADs.

    LEP membership tests both `lep21cd` and `lep21cd2` (7 LADs sit in two LEPs).
    """

    kind: LocalityKind
    codes: tuple[str, ...]
    label: str = field(default="", compare=True)

    def __post_init__(self) -> None:
        if self.kind not in LOCALITY_KINDS:
            raise ValueError(
                f"locality kind {self.kind!r} is not one of {', '.join(LOCALITY_KINDS)}"
            )
        codes = _canon_codes(self.codes, "locality codes")
        if not codes:
            raise ValueError("a locality needs at least one area code")
        if self.kind != "lads" and len(codes) != 1:
            raise ValueError(f"a {self.kind} locality takes exactly one code (use lads: for a set)")
        prefixes = _KIND_PREFIXES[self.kind]
        for c in codes:
            if not c.startswith(prefixes):
                raise ValueError(
                    f"{c} is not a {_KIND_NAMES[self.kind]} code (they start {'/'.join(prefixes)})"
                )
        object.__setattr__(self, "codes", codes)
        label = str(self.label).strip()[:_MAX_TEXT] if self.label else ""
        object.__setattr__(self, "label", label)

    @property
    def spec(self) -> str:
        """Compact form, as on the command line: 'lad:E08000009', 'lads:E08000009,E08000003'."""
        return f"{self.kind}:{','.join(self.codes)}"

    @property
    def description(self) -> str:
        """'suppliers in LAD Trafford (E08000009)' — names the boundary behind every local figure."""
        codes = ", ".join(self.codes)
        kind = _KIND_NAMES[self.kind]
        if self.label:
            return f"suppliers in {kind} {self.label} ({codes})"
        return f"suppliers in {kind} {codes}"

    @classmethod
    def parse(cls, spec: str, label: str = "") -> Locality:
        """Parse 'lad:CODE' / 'lep:CODE' / 'ca:CODE' / 'lads:CODE,CODE'; SpendGeoError if malformed."""
        kind, sep, rest = str(spec).strip().partition(":")
        kind = kind.strip().lower()
        if not sep or kind not in LOCALITY_KINDS:
            raise SpendGeoError(
                f"--local {spec!r} is not understood: use lad:CODE, lep:CODE, ca:CODE or lads:CODE,CODE."
            )
        codes = tuple(c.strip().upper() for c in rest.split(",") if c.strip())
        try:
            return cls(kind, codes, label)  # type: ignore[arg-type]
        except ValueError as err:
            raise SpendGeoError(f"--local {spec!r}: {err}.") from None

    def to_params(self) -> dict[str, str]:
        out = {"local": self.spec}
        if self.label:
            out["local_label"] = self.label
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> Locality | None:
        """Locality from URL params, or None when absent or unreadable (never raises)."""
        get = _param_getter(params)
        spec = get("local")
        if not spec:
            return None
        try:
            return cls.parse(spec, get("local_label") or "")
        except (SpendGeoError, ValueError):
            return None


def denominator_from_params(params: Mapping[str, object], default: str = "all") -> str:
    """'all' or 'geocoded' from the `denom` param; anything else gives the default."""
    value = _param_getter(params)("denom")
    return value if value in DENOMINATORS else default


def denominator_to_params(denominator: str) -> dict[str, str]:
    return {"denom": denominator} if denominator in DENOMINATORS else {}


# --- URL helpers --------------------------------------------------------------------------------


def _param_getter(params: Mapping[str, object]) -> Callable[[str], str | None]:
    def get(key: str) -> str | None:
        try:
            value = params.get(key)  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001 — a mapping-like that misbehaves is just "no value"
            return None
        if isinstance(value, list | tuple):
            value = value[-1] if value else None
        return value if isinstance(value, str) else None

    return get


def _join(values: Iterable[str]) -> str:
    # Names may contain commas ("Smith, Jones & Co"), so escape the backslash and the separator.
    return _SEP.join(v.replace("\\", "\\\\").replace(_SEP, "\\" + _SEP) for v in values)


def _split(text: str | None) -> list[str]:
    """Inverse of _join; a dangling backslash is kept literally. Empty pieces are dropped."""
    if not text:
        return []
    out, cur, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            cur.append(text[i + 1])
            i += 2
            continue
        if ch == _SEP:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    out.append("".join(cur))
    return [s.strip() for s in out[:_MAX_ITEMS] if s.strip()]


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _parse_amount(text: str | None) -> float | None:
    if not text:
        return None
    try:
        value = float(text.strip().replace(",", "").lstrip("£"))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


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
    cell_keep = sf.cell_filter(filters)
    if cell_keep is not None:
        mask &= cell_keep[sf.cell]
    return mask


def _lut(categories: np.ndarray, wanted: Iterable[str]) -> np.ndarray:
    """Lookup table over categories (+1 trailing slot for the 'missing' code -1) → wanted?"""
    wanted = set(wanted)
    lut = np.zeros(len(categories) + 1, dtype=bool)
    lut[: len(categories)] = [c in wanted for c in categories]
    return lut
