"""Per-page view state: typed, pure objects that read and write the URL, never raise, and name the widget keys."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import ClassVar

from geo import levels
from geo.analysis.filters import (
    DENOMINATORS,
    LOCALITY_KINDS,
    Filters,
    Locality,
    denominator_from_params,
)

# Nothing here imports streamlit: the view objects are unit-tested and fuzzed as plain Python, and
# ui/controls builds the widgets from them (keys come from `key()`, values from the fields).

# Belong to the frame, survive every page's rewrite: presentation mode, the saved scenes and the
# scene being shown. (The IMD vintage `imd` is app-wide too, but every view carries it as a field,
# so a link to any page names its vintage and going back to the default drops it from the URL.)
FRAME_PARAMS: tuple[str, ...] = ("present", "scenes", "scene")
IMD_OPTIONS: tuple[str, ...] = tuple(levels.IMD)  # "2025" (default, current) and "2019"
BOUNDARY_OPTIONS: tuple[str, ...] = levels.BOUNDARY_KEYS
LEVEL_OPTIONS: tuple[str, ...] = levels.BOUNDARY_KEYS
COLOUR_OPTIONS: tuple[str, ...] = ("decile", "local")
_MAX_PARAM = 2000  # a longer value is a mangled or hostile link: ignored


def _get(params: Mapping[str, object], key: str) -> str | None:
    """One param as a string (last of a list), or None; a misbehaving mapping is just 'absent'."""
    try:
        value = params.get(key)  # type: ignore[union-attr]
    except Exception:  # noqa: BLE001
        return None
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if not isinstance(value, str) or len(value) > _MAX_PARAM:
        return None
    return value


def _choices(text: str | None, allowed: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for piece in (text or "").split(","):
        p = piece.strip().lower()
        if p in allowed and p not in out:
            out.append(p)
    return tuple(out)


def _area(text: str | None, level: str) -> str | None:
    code = (text or "").strip().upper()
    try:
        return code if len(code) == 9 and levels.get(level).is_code(code) else None
    except KeyError:
        return None


def _view_param(text: str | None) -> str | None:
    """A 'lat,lon,zoom' camera from a shared link, canonicalised, or None."""
    try:
        lat, lon, zoom = (float(p) for p in (text or "").split(","))
    except ValueError:
        return None
    if not all(math.isfinite(v) for v in (lat, lon, zoom)):
        return None
    if not (-85 <= lat <= 85 and -180 <= lon <= 180 and 0 <= zoom <= 20):
        return None
    return f"{lat:.5f},{lon:.5f},{zoom:.2f}"


def imd_param(params: Mapping[str, object]) -> str:
    """The IMD vintage a link asks for ("2025" / "2019"); anything else is the default (2025)."""
    value = (_get(params, "imd") or "").strip()
    return value if value in levels.IMD else levels.DEFAULT_IMD


def _imd_out(out: dict[str, str], imd: str) -> dict[str, str]:
    if imd != levels.DEFAULT_IMD:
        out["imd"] = imd
    return out


def _layers_param(layers: tuple[str, ...]) -> str:
    # "none" rather than "": an empty param is dropped from the URL and would read back as the default.
    return ",".join(layers) or "none"


class PageView:
    """Shared behaviour: widget keys derived from the page prefix and field name."""

    PREFIX: ClassVar[str] = ""

    @classmethod
    def key(cls, name: str, *qualifiers: str) -> str:
        """Widget key for a field (plus qualifiers when one field has per-option widgets)."""
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        if name not in names:
            raise KeyError(f"{cls.__name__} has no field {name!r}")
        return ".".join((cls.PREFIX, name, *qualifiers))

    def with_(self, **changes: object):
        return replace(self, **changes)  # type: ignore[type-var]


# --- Spend map ------------------------------------------------------------------------------------

# Amount bands offered on the slider (signed £; credits are negative). None = no bound.
AMOUNT_BANDS: tuple[float, ...] = (0.0, 500.0, 5_000.0, 25_000.0, 100_000.0, 1e6, 1e7)
NO_MIN, NO_MAX = "no minimum", "no maximum"


def amount_label(value: float) -> str:
    sign, v = ("−" if value < 0 else ""), abs(value)
    if v >= 1e6 and v % 1e6 == 0:
        return f"{sign}£{v / 1e6:,.0f}m"
    return f"{sign}£{v:,.0f}" if v == int(v) else f"{sign}£{v:,.2f}"


def amount_steps(view: SpendMapView | None = None) -> tuple[str, ...]:
    """Slider options: the bands, plus any bound from a link that is not a band, in order."""
    values = set(AMOUNT_BANDS)
    if view is not None:
        values |= {v for v in (view.filters.amount_min, view.filters.amount_max) if v is not None}
    return (NO_MIN, *(amount_label(v) for v in sorted(values)), NO_MAX)


def amount_band(view: SpendMapView) -> tuple[str, str]:
    f = view.filters
    return (
        NO_MIN if f.amount_min is None else amount_label(f.amount_min),
        NO_MAX if f.amount_max is None else amount_label(f.amount_max),
    )


def amount_bounds(
    band: object, view: SpendMapView | None = None
) -> tuple[float | None, float | None]:
    """(min, max) £ from the slider's value; anything that is not a two-label band means no bound."""
    if not isinstance(band, list | tuple) or len(band) != 2:
        return None, None
    by_label = {amount_label(v): v for v in AMOUNT_BANDS}
    if view is not None:
        for v in (view.filters.amount_min, view.filters.amount_max):
            if v is not None:
                by_label[amount_label(v)] = v
    lo, hi = by_label.get(band[0]), by_label.get(band[1])
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return lo, hi


@dataclass(frozen=True)
class SpendMapView(PageView):
    """Everything the Spend map shows: the row filters, what "local" means, the map's layers and camera."""

    PREFIX: ClassVar[str] = "sm"

    filters: Filters = field(default_factory=Filters)
    local_kind: str = "lep"  # which boundary kind "local" is; the code may still be unchosen
    locality: Locality | None = None
    denominator: str = "all"
    layers: tuple[str, ...] = ("lep",)
    imd_layer: bool = False  # the LSOA deciles drawn under the points (URL imdmap=1)
    colour: str = "decile"
    zoom_level: str = "lad"
    zoom_area: str | None = None
    camera: str | None = None
    imd: str = levels.DEFAULT_IMD  # IMD vintage (app-wide control; URL imd=2019)

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> SpendMapView:
        """The view a link describes; never raises (unreadable values fall back to defaults)."""
        try:
            filters = Filters.from_params(params)
        except Exception:  # noqa: BLE001 — a link must never take the page down
            filters = Filters()
        locality = Locality.from_params(params)
        kind = (_get(params, "local") or "").partition(":")[0].strip().lower()
        local_kind = locality.kind if locality else (kind if kind in LOCALITY_KINDS else "lep")
        layers_text = _get(params, "layers")
        zlevel = (_get(params, "zlevel") or "").strip().lower()
        zlevel = zlevel if zlevel in LEVEL_OPTIONS else "lad"
        colour = _get(params, "colour")
        return cls(
            filters=filters,
            local_kind=local_kind,
            locality=locality,
            denominator=denominator_from_params(params),
            layers=_choices(layers_text, BOUNDARY_OPTIONS) if layers_text is not None else ("lep",),
            # `imd=1` is the layer switch of links made before the vintage control took `imd`.
            imd_layer=_get(params, "imdmap") == "1" or _get(params, "imd") == "1",
            colour=colour if colour in COLOUR_OPTIONS else "decile",
            zoom_level=zlevel,
            zoom_area=_area(_get(params, "area"), zlevel),
            camera=_view_param(_get(params, "view")),
            imd=imd_param(params),
        )

    def to_params(self) -> dict[str, str]:
        """URL params for the non-default state; `from_params` inverts it."""
        out = dict(self.filters.to_params())
        if self.locality is not None:
            out.update(self.locality.to_params())
        elif self.local_kind != "lep":
            out["local"] = f"{self.local_kind}:"
        if self.denominator != "all":
            out["denom"] = self.denominator
        out["layers"] = _layers_param(self.layers)
        if self.imd_layer:
            out["imdmap"] = "1"
        if self.colour != "decile":
            out["colour"] = self.colour
        if self.zoom_level != "lad":
            out["zlevel"] = self.zoom_level
        if self.zoom_area:
            out["area"] = self.zoom_area
        if self.camera:  # a camera kept with "Keep this map view" (wins over the area's fit)
            out["view"] = self.camera
        return _imd_out(out, self.imd)


# --- Deprivation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeprivationView(PageView):
    """IMD deciles for England or one area, with boundary overlays."""

    PREFIX: ClassVar[str] = "dep"

    level: str = "lad"
    area: str | None = None
    layers: tuple[str, ...] = ("lep",)
    camera: str | None = None
    imd: str = levels.DEFAULT_IMD

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> DeprivationView:
        level = (_get(params, "level") or "").strip().lower()
        level = level if level in LEVEL_OPTIONS else "lad"
        layers_text = _get(params, "layers")
        return cls(
            level=level,
            area=_area(_get(params, "area"), level),
            layers=_choices(layers_text, BOUNDARY_OPTIONS) if layers_text is not None else ("lep",),
            camera=_view_param(_get(params, "view")),
            imd=imd_param(params),
        )

    def to_params(self) -> dict[str, str]:
        out = {"level": self.level, "layers": _layers_param(self.layers)}
        if self.area:
            out["area"] = self.area
        if self.camera:
            out["view"] = self.camera
        return _imd_out(out, self.imd)


# --- Growth Deals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrowthDealsView(PageView):
    """Growth Deal £ per head by LEP, optionally zoomed to one LEP."""

    PREFIX: ClassVar[str] = "gd"

    lep: str | None = None
    camera: str | None = None
    imd: str = levels.DEFAULT_IMD

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> GrowthDealsView:
        lep = _area(_get(params, "lep"), "lep")
        return cls(
            lep=lep,
            camera=_view_param(_get(params, "view")),
            imd=imd_param(params),
        )

    def to_params(self) -> dict[str, str]:
        out = {"lep": self.lep} if self.lep else {}
        if self.camera:
            out["view"] = self.camera
        return _imd_out(out, self.imd)


# --- Compare & leakage ----------------------------------------------------------------------------

COMPARE_MODES: tuple[str, ...] = ("areas", "periods")
FLOW_LEVELS: tuple[str, ...] = ("lad", "ca", "region")
COMPARE_KINDS: tuple[str, ...] = ("lad", "lep", "ca")  # one drawable area per side


def _side(text: str | None) -> Locality | None:
    """'lad:E08000009' for one side of an area comparison, or None (never raises)."""
    loc = Locality.from_params({"local": text}) if text else None
    return loc if loc is not None and loc.kind in COMPARE_KINDS else None


def _period(text: str | None) -> str | None:
    from geo.analysis.periods import financial_year

    label = (text or "").strip()
    try:
        financial_year(label)
    except ValueError:
        return None
    return label


def _rate(text: str | None) -> float | None:
    """A re-spend rate from a link: a fraction 0–1 (4 decimals, i.e. 0.01 pp), or None."""
    try:
        value = float((text or "").strip())
    except ValueError:
        return None
    return round(value, 4) if math.isfinite(value) and 0 <= value <= 1 else None


def _default_respend() -> float:
    from geo.analysis.multiplier import DEFAULT_RESPEND

    return DEFAULT_RESPEND.value


@dataclass(frozen=True)
class AnalysisView(PageView):
    """Compare & leakage: the Spend map's filters and "local", two areas or two periods side by side,
    the leakage flow level and the LM3 re-spend assumption."""

    PREFIX: ClassVar[str] = "an"

    filters: Filters = field(default_factory=Filters)
    local_kind: str = "ca"
    locality: Locality | None = None
    denominator: str = "all"
    mode: str = "areas"
    area_a: Locality | None = None
    area_b: Locality | None = None
    period_a: str | None = None
    period_b: str | None = None
    respend: float = field(default_factory=_default_respend)
    flow_level: str = "lad"
    imd: str = levels.DEFAULT_IMD  # IMD vintage (app-wide control; URL imd=2019)

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> AnalysisView:
        """The view a link describes; never raises (unreadable values fall back to defaults)."""
        try:
            filters = Filters.from_params(params)
        except Exception:  # noqa: BLE001 — a link must never take the page down
            filters = Filters()
        locality = Locality.from_params(params)
        kind = (_get(params, "local") or "").partition(":")[0].strip().lower()
        local_kind = locality.kind if locality else (kind if kind in LOCALITY_KINDS else "ca")
        mode = (_get(params, "cmp") or "").strip().lower()
        flow = (_get(params, "flow") or "").strip().lower()
        rate = _rate(_get(params, "respend"))
        return cls(
            filters=filters,
            local_kind=local_kind,
            locality=locality,
            denominator=denominator_from_params(params),
            mode=mode if mode in COMPARE_MODES else "areas",
            area_a=_side(_get(params, "a")),
            area_b=_side(_get(params, "b")),
            period_a=_period(_get(params, "pa")),
            period_b=_period(_get(params, "pb")),
            respend=_default_respend() if rate is None else rate,
            flow_level=flow if flow in FLOW_LEVELS else "lad",
            imd=imd_param(params),
        )

    def to_params(self) -> dict[str, str]:
        """URL params for the non-default state; `from_params` inverts it."""
        out = dict(self.filters.to_params())
        if self.locality is not None:
            out.update(self.locality.to_params())
        elif self.local_kind != "ca":
            out["local"] = f"{self.local_kind}:"
        if self.denominator != "all":
            out["denom"] = self.denominator
        if self.mode != "areas":
            out["cmp"] = self.mode
        for key, side in (("a", self.area_a), ("b", self.area_b)):
            if side is not None:
                out[key] = side.spec
        for key, period in (("pa", self.period_a), ("pb", self.period_b)):
            if period:
                out[key] = period
        if self.respend != _default_respend():
            out["respend"] = repr(self.respend)
        if self.flow_level != "lad":
            out["flow"] = self.flow_level
        return _imd_out(out, self.imd)


VIEWS: dict[str, type] = {
    "spend_map": SpendMapView,
    "deprivation": DeprivationView,
    "growth_deals": GrowthDealsView,
    "analysis": AnalysisView,
}
DENOMINATOR_OPTIONS = DENOMINATORS


def spend_map_view_from(
    base: SpendMapView,
    *,
    dates: object,
    date_bounds: tuple[date | None, date | None],
    buyers: Sequence[str],
    departments: Sequence[str],
    query: str,
    band: object,
    areas: Mapping[str, Sequence[str]],
    exclude_flagged: bool = False,
    deciles: Sequence[int],
    statuses: Sequence[str],
    local_kind: str,
    local_codes: Sequence[str],
    local_names: Mapping[str, str],
    denominator: str,
    layers: Sequence[str],
    imd_layer: bool,
    colour: str,
    zoom_level: str,
    zoom_area: str | None,
) -> SpendMapView:
    """The view the Spend map's widgets describe (pure: the sidebar's logic, unit-tested).

    A date range equal to the file's own span means "no date bound" (so a link made on one file
    does not silently cut another); half a range (the user has picked only its start) keeps the
    previous dates; a locality label lists up to three names.
    """
    lo, hi = date_bounds
    d_from, d_to = base.filters.date_from, base.filters.date_to
    if lo and hi and isinstance(dates, list | tuple) and len(dates) == 2:
        d_from = dates[0] if dates[0] != lo else None
        d_to = dates[1] if dates[1] != hi else None
    amount_min, amount_max = amount_bounds(band, base)
    filters = Filters(
        date_from=d_from,
        date_to=d_to,
        buyers=tuple(buyers),
        departments=tuple(departments),
        supplier_query=query or "",
        amount_min=amount_min,
        amount_max=amount_max,
        lads=tuple(areas.get("lad", ())),
        leps=tuple(areas.get("lep", ())),
        cas=tuple(areas.get("ca", ())),
        deciles=tuple(deciles),
        statuses=tuple(statuses),
        exclude_flagged=bool(exclude_flagged),
    )
    kind = local_kind if local_kind in LOCALITY_KINDS else "lep"
    locality = None
    codes = [c for c in local_codes if c]
    if codes:
        named = [local_names.get(c, c) for c in sorted(codes, key=lambda c: local_names.get(c, c))]
        label = ", ".join(named[:3]) + ("…" if len(named) > 3 else "")
        try:
            locality = Locality(kind, tuple(codes), label)  # type: ignore[arg-type]
        except ValueError:
            locality = None
    zlevel = zoom_level if zoom_level in LEVEL_OPTIONS else "lad"
    return SpendMapView(
        filters=filters,
        local_kind=kind,
        locality=locality,
        denominator=denominator if denominator in DENOMINATORS else "all",
        layers=tuple(b for b in layers if b in BOUNDARY_OPTIONS),
        imd_layer=bool(imd_layer),
        colour=colour if colour in COLOUR_OPTIONS else "decile",
        zoom_level=zlevel,
        zoom_area=_area(zoom_area, zlevel),
        # A kept camera stays while the zoomed area does; a new area brings its own fitted view.
        camera=base.camera if zoom_area == base.zoom_area else None,
        imd=base.imd,
    )
