"""Map camera: the View dataclass (centre, zoom) with its URL form, and fitting bounds into a viewport."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

# England at a zoom that fits a ~900×560 px map; used whenever no area is chosen so the view is
# stable across filter changes (never derived from the filtered data).
ENGLAND_BOUNDS = (-6.4, 49.85, 1.8, 55.85)
# The deepest a map zooms: ~6 m per pixel in England, street level. Supplier points are postcode
# centroids (a postcode is ~15 addresses), so zooming further shows nothing new, while the area
# tiles' deepest zoom (12) would be stretched more than 4×: their LSOA edge gaps and boundary
# bands, baked in pixels at z12, would grow from under 1 px to ~10 px at zoom 16.
MAX_VIEW_ZOOM = 14.0


@dataclass(frozen=True)
class View:
    """Map camera: centre and zoom (Web Mercator zoom level)."""

    latitude: float
    longitude: float
    zoom: float
    # The lon/lat box fit_view fitted (None for a view read from a link or a kept camera), so refit
    # can fit that box again into a map of another size: the centre and zoom alone cannot tell a
    # tall area with slack at its sides from a wide one. Not part of the camera's identity or URL.
    bounds: tuple[float, float, float, float] | None = field(
        default=None, compare=False, repr=False
    )

    def to_param(self) -> str:
        return f"{self.latitude:.4f},{self.longitude:.4f},{self.zoom:.2f}"

    @classmethod
    def from_param(cls, text: str | None) -> View | None:
        """'lat,lon,zoom' → View, or None if absent or not a plausible view (never raises)."""
        if not text:
            return None
        try:
            lat, lon, zoom = (float(p) for p in str(text).split(","))
        except ValueError:
            return None
        if not (-85 <= lat <= 85 and -180 <= lon <= 180 and 0 <= zoom <= 20):
            return None
        return cls(lat, lon, zoom)


def fit_view(
    bounds: Sequence[float], width_px: int = 900, height_px: int = 560, padding: float = 0.08
) -> View:
    """View that fits lon/lat bounds (minx, miny, maxx, maxy) in a viewport, in Web Mercator."""
    minx, miny, maxx, maxy = (float(b) for b in bounds)

    def merc_y(lat: float) -> float:
        s = math.sin(math.radians(max(min(lat, 85.0), -85.0)))
        return 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)

    dx = max((maxx - minx) / 360.0, 1e-9)
    dy = max(abs(merc_y(miny) - merc_y(maxy)), 1e-9)
    usable_w = width_px * (1 - 2 * padding)
    usable_h = height_px * (1 - 2 * padding)
    # deck.gl's world is 512 px wide at zoom 0.
    zoom = math.log2(min(usable_w / (512 * dx), usable_h / (512 * dy)))
    y_c = (merc_y(miny) + merc_y(maxy)) / 2
    lat_c = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y_c))))
    return View(
        round(lat_c, 4),
        round((minx + maxx) / 2, 4),
        round(max(min(zoom, MAX_VIEW_ZOOM), 3.0), 2),
        bounds=(minx, miny, maxx, maxy),
    )


ENGLAND_VIEW = fit_view(ENGLAND_BOUNDS)


def refit(view: View, width_px: int, height_px: int) -> View:
    """The bounds a fitted view was made for, fitted to a width_px × height_px map instead (a phone's,
    a narrow column's): they fill the map's binding side less fit_view's padding. A view with no
    bounds (a link's or a kept camera) is shown as it is.

    Zooming the fitted view out by the ratio of the two maps' sizes is not enough: England fits a
    900×560 map by its height but a phone's map by its width, so that ratio left it half the size
    the phone's map allows."""
    if view.bounds is None or not (width_px > 0 and height_px > 0):
        return view
    return fit_view(view.bounds, width_px, height_px)
