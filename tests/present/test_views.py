"""Map camera: a view fitted for the 900×560 map, refitted for a map of another size."""

from __future__ import annotations

import math

import pytest

from geo.present.views import ENGLAND_BOUNDS, ENGLAND_VIEW, View, fit_view, refit

GM_BOUNDS = (-2.73, 53.33, -1.91, 53.69)  # Greater Manchester's extremes (lon, lat)
CORNWALL_BOUNDS = (-6.42, 49.86, -4.16, 50.94)  # wide and short, with Scilly


def _world(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """deck.gl's Web Mercator pixel of a lon/lat (a 512-px world at zoom 0)."""
    size = 512 * 2**zoom
    s = math.sin(math.radians(lat))
    return (lon + 180) / 360 * size, (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * size


def _box_on_map(view: View, bounds, width: int, height: int) -> tuple[float, float, float, float]:
    """Where `bounds` falls on a width × height map showing `view`: (left, top, right, bottom) px."""
    cx, cy = _world(view.longitude, view.latitude, view.zoom)
    x0, y0 = _world(bounds[0], bounds[3], view.zoom)
    x1, y1 = _world(bounds[2], bounds[1], view.zoom)
    return (x0 - cx + width / 2, y0 - cy + height / 2, x1 - cx + width / 2, y1 - cy + height / 2)


@pytest.mark.parametrize(
    "bounds", [ENGLAND_BOUNDS, GM_BOUNDS, CORNWALL_BOUNDS], ids=["england", "gm", "cornwall"]
)
@pytest.mark.parametrize(
    "size",
    [
        (358, 560),  # a 390-px phone: the page's width, the map's 560 px
        (358, 520),  # a phone's Growth Deals map
        (320, 480),
        (436, 560),  # the Spend map's map column in a 1200-px window
        (585, 513),  # the Spend map presenting on a 1024×768 projector
        (600, 300),
        (900, 560),
        (1389, 560),  # Deprivation's map on a 1920-px projector
    ],
    ids=lambda s: f"{s[0]}x{s[1]}",
)
def test_refit_fills_the_map_with_the_fitted_bounds(bounds, size):
    # England once spanned ~190×225 px of a phone's 358×560 map: zoomed out by the 900×560 map's
    # ratio, though England fits that map by its height and the phone's by its width.
    width, height = size
    view = refit(fit_view(bounds), width, height)
    left, top, right, bottom = _box_on_map(view, bounds, width, height)
    assert left >= 0 and top >= 0 and right <= width and bottom <= height, (view, size)
    # The binding side is filled but for fit_view's 8% padding each side (rounding the zoom to
    # 0.01 moves that by under 0.4%).
    fill = max((right - left) / width, (bottom - top) / height)
    assert fill >= 0.83, (view, size, fill)


@pytest.mark.parametrize(
    ("bounds", "size", "binding"),
    [
        (ENGLAND_BOUNDS, (900, 560), "height"),  # the desktop map: England is taller than wide
        (ENGLAND_BOUNDS, (358, 560), "width"),  # a phone's map is narrower still
        (GM_BOUNDS, (358, 560), "width"),
        (GM_BOUNDS, (1389, 560), "height"),
    ],
)
def test_refit_is_bound_by_the_side_that_binds_on_the_new_map(bounds, size, binding):
    width, height = size
    view = refit(fit_view(bounds), width, height)
    left, top, right, bottom = _box_on_map(view, bounds, width, height)
    side = (right - left) / width if binding == "width" else (bottom - top) / height
    assert side >= 0.83, (view, size)


@pytest.mark.parametrize("size", [(358, 560), (1200, 800), (0, 560), (-5, 10)])
def test_refit_leaves_a_view_without_bounds_or_a_map_without_size(size):
    view = View(53.5, -2.3, 9.1)  # a link's camera: no bounds to fit again
    assert refit(view, *size) == view
    if size[0] <= 0:
        assert refit(ENGLAND_VIEW, *size) == ENGLAND_VIEW


@pytest.mark.parametrize("text", ["53.5000,-2.3000,9.10", "52.9539,-2.3000,5.05"])
def test_bounds_are_not_part_of_the_view_or_its_link(text):
    # A fitted view and the same camera read back from its link are one view.
    view = View.from_param(text)
    assert view is not None and view.bounds is None
    fitted = View(view.latitude, view.longitude, view.zoom, bounds=ENGLAND_BOUNDS)
    assert fitted == view and hash(fitted) == hash(view) and fitted.to_param() == text
