"""Per-page view state: typed, pure objects that read and write the URL, never raise, and name the widget keys."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from geo import levels
from geo.analysis.filters import (
    DENOMINATORS,
    LOCALITY_KINDS,
    Filters,
    Locality,
)
from ui.views_analysis import AnalysisView  # noqa: F401
from ui.views_base import (  # noqa: F401 — the frame of every view, re-exported  # noqa: F401
    AMOUNT_BANDS,
    BOUNDARY_OPTIONS,
    COLOUR_OPTIONS,
    FRAME_PARAMS,
    IMD_OPTIONS,
    LEVEL_OPTIONS,
    NO_MAX,
    NO_MIN,
    ZOOM_OPTIONS,
    PageView,
    _area,
    _choices,
    _get,
    _imd_out,
    _layers_param,
    _view_param,
    imd_param,
    spend_params,
    spend_params_out,
)


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


def row_filters_from(
    base: SpendMapView | AnalysisView,
    *,
    dates: object,
    date_bounds: tuple[date | None, date | None],
    buyers: Sequence[str],
    departments: Sequence[str],
    query: str,
    band: object,
) -> Filters:
    """The view's filters with the row widgets' values (dates, buyers, departments, supplier name,
    amount band) applied; every other filter is kept. Pure: shared by every page that filters rows.

    A date range equal to the file's own span means "no date bound" (so a link made on one file
    does not silently cut another); half a range (the user has picked only its start) keeps the
    previous dates.
    """
    lo, hi = date_bounds
    d_from, d_to = base.filters.date_from, base.filters.date_to
    if lo and hi and isinstance(dates, list | tuple) and len(dates) == 2:
        d_from = dates[0] if dates[0] != lo else None
        d_to = dates[1] if dates[1] != hi else None
    amount_min, amount_max = amount_bounds(band, base)  # type: ignore[arg-type]
    return base.filters.replace(
        date_from=d_from,
        date_to=d_to,
        buyers=tuple(buyers),
        departments=tuple(departments),
        supplier_query=query or "",
        amount_min=amount_min,
        amount_max=amount_max,
    )


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
        filters, local_kind, locality, denominator = spend_params(params, "lep")
        layers_text = _get(params, "layers")
        zlevel = (_get(params, "zlevel") or "").strip().lower()
        zlevel = zlevel if zlevel in ZOOM_OPTIONS else "lad"
        colour = _get(params, "colour")
        return cls(
            filters=filters,
            local_kind=local_kind,
            locality=locality,
            denominator=denominator,
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
        out = spend_params_out(
            self.filters, self.local_kind, self.locality, self.denominator, "lep"
        )
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

    Row filters as `row_filters_from`; a locality label lists up to three names.
    """
    filters = row_filters_from(
        base,
        dates=dates,
        date_bounds=date_bounds,
        buyers=buyers,
        departments=departments,
        query=query,
        band=band,
    ).replace(
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
    zlevel = zoom_level if zoom_level in ZOOM_OPTIONS else "lad"
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
