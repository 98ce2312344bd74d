"""The frame of every page view: URL reading helpers, the IMD vintage and the PageView base."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import fields, replace
from typing import ClassVar

from geo import levels
from geo.analysis.filters import LOCALITY_KINDS, Filters, Locality, denominator_from_params
from geo.analysis.urlparams import parse_date

# Nothing here imports streamlit: the view objects are unit-tested and fuzzed as plain Python, and
# ui/controls builds the widgets from them (keys come from `key()`, values from the fields).

# Belong to the frame, survive every page's rewrite: presentation mode, the saved scenes and the
# scene being shown. (The IMD vintage `imd` is app-wide too, but every view carries it as a field,
# so a link to any page names its vintage and going back to the default drops it from the URL.)
FRAME_PARAMS: tuple[str, ...] = ("present", "scenes", "scene")
IMD_OPTIONS: tuple[str, ...] = tuple(levels.IMD)  # "2025" (default, current) and "2019"
BOUNDARY_OPTIONS: tuple[str, ...] = levels.OUTLINE_KEYS  # + upper-tier authorities (outline only)
LEVEL_OPTIONS: tuple[str, ...] = levels.BOUNDARY_KEYS
ZOOM_OPTIONS: tuple[str, ...] = levels.ZOOM_KEYS  # the Spend map's "Zoom to" (+ upper-tier)
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


def spend_params(
    params: Mapping[str, object], default_kind: str
) -> tuple[Filters, str, Locality | None, str]:
    """What every page that analyses spend reads from its link: the row filters, the "local" kind
    (`default_kind` when the link names none), the locality and the denominator. Never raises."""
    try:
        filters = Filters.from_params(params)
    except Exception:  # noqa: BLE001 — a link must never take the page down
        filters = Filters()
    locality = Locality.from_params(params)
    kind = (_get(params, "local") or "").partition(":")[0].strip().lower()
    local_kind = locality.kind if locality else (kind if kind in LOCALITY_KINDS else default_kind)
    return filters, local_kind, locality, denominator_from_params(params)


def spend_params_out(
    filters: Filters,
    local_kind: str,
    locality: Locality | None,
    denominator: str,
    default_kind: str,
) -> dict[str, str]:
    """The inverse of `spend_params`: URL params for the non-default filters, "local" and denominator."""
    out = dict(filters.to_params())
    if locality is not None:
        out.update(locality.to_params())
    elif local_kind != default_kind:
        out["local"] = f"{local_kind}:"
    if denominator != "all":
        out["denom"] = denominator
    return out


def link_notes(
    url: Mapping[str, str], kept: Mapping[str, str], unknown_local: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """One sentence for each part of a link the view could not use as written (`kept`: the view's
    own params; `unknown_local`: the link's "local" codes that name no area of their level).

    Why: a mistyped area, a local code of another vintage or dates the wrong way round were fixed
    silently, so a presenter could not tell why the map showed something else (workshop walk)."""
    out: list[str] = []
    for key in ("area", "lep"):
        raw = (url.get(key) or "").strip()
        if raw and kept.get(key) != raw.upper():
            out.append(
                f"The link's {key}={raw[:40]!r} is not an area code this map knows (a 9-character "
                "ONS code such as E47000001); showing England instead."
            )
    local = (url.get("local") or "").strip()
    if (
        local
        and ":" in local
        and local.partition(":")[2].strip()
        and not kept.get("local", "").partition(":")[2]
    ):
        out.append(
            f"The link's local={local[:60]!r} could not be read (use lad:, lep:, ca:, utla24: or "
            "lads: with ONS codes), so no area counts as local until you choose one."
        )
    elif unknown_local:
        out.append(
            f"The link's local area {', '.join(unknown_local)[:60]} is not an area of this "
            "boundary set, so no area counts as local until you choose one."
        )
    lo, hi = parse_date(url.get("from")), parse_date(url.get("to"))
    if lo and hi and lo > hi:
        out.append(
            f"The link's dates were the wrong way round (from {lo.isoformat()} to "
            f"{hi.isoformat()}); showing {hi.isoformat()} to {lo.isoformat()}."
        )
    return tuple(out)


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
