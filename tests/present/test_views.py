"""Map camera: a view fitted for the 900×560 map, refitted for a map of another size."""

from __future__ import annotations

import math

import pytest

from geo.present.views import (
    DESKTOP,
    ENGLAND_BOUNDS,
    ENGLAND_VIEW,
    Screen,
    View,
    fit_view,
    map_box,
    present_content,
    present_map_height,
    refit,
)

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


# (screen, the map's columns and height, presenting) → the map's box, as measured in Chromium.
@pytest.mark.parametrize(
    ("screen", "columns", "height", "presenting", "box"),
    [
        (Screen(390, 844, 358), (3, 2), 560, False, (358, 560)),  # a phone stacks the columns
        (Screen(390, 844, 358), (1, 1), 520, False, (358, 520)),
        (Screen(1024, 768, 564), (3, 2), 560, False, (330, 560)),  # Spend map, sidebar open
        (DESKTOP, (3, 2), 560, False, (436, 560)),
        (DESKTOP, (3, 1), 560, False, (547, 560)),  # Deprivation
        (DESKTOP, (1, 1), 520, False, (362, 520)),  # Growth Deals
        # Presenting, the column follows from the window (present_content): Chromium drew the
        # Spend map 585, 738.9 and Deprivation 733, 988 px wide; the fit leaves 15 px of that
        # column for a scrollbar. The third number, the measured column, is not read.
        (Screen(1024, 768, 1024), (3, 2), 560, True, (576, 513)),  # bar on two rows: 17rem above
        (Screen(1024, 768, 1024), (3, 1), 560, True, (722, 513)),
        (Screen(1280, 720, 1280), (3, 2), 560, True, (729, 532)),
        (Screen(1280, 720, 1), (3, 2), 560, True, (729, 532)),
        (Screen(1366, 768, 1366), (3, 1), 560, True, (977, 571)),
        # Presenting, a map fills the screen's height less the room above it (no 560 px cap).
        (Screen(1920, 1080, 1920), (1, 1), 520, True, (915, 805)),
        (Screen(800, 600, 800), (3, 1), 560, True, (554, 345)),
        (Screen(390, 844, 390), (3, 2), 560, True, (339, 589)),  # a phone stacks: 354 drawn
    ],
)
def test_map_box(screen, columns, height, presenting, box):
    assert map_box(screen, columns, height, presenting) == box


# Window → the main column presenting leaves (measured in Chromium, overlay scrollbars: 988, 1244,
# 1328.3, 1867.2 px), less 15 px for a classic scrollbar.
@pytest.mark.parametrize(
    ("window", "content"),
    [(1024, 973.0), (1280, 1229.0), (1366, 1313.3), (1920, 1852.2), (390, 339.0)],
)
def test_present_content(window, content):
    assert present_content(window) == pytest.approx(content, abs=0.05)


@pytest.mark.parametrize(
    ("window", "height"),
    [
        ((1024, 768), 513),
        ((1280, 720), 532),
        ((1366, 768), 571),
        ((1920, 1080), 805),
        ((1920, 600), 325),
        ((700, 400), 300),
    ],
)
def test_present_map_height_leaves_room_above_the_map(window, height):
    assert present_map_height(window) == height


@pytest.mark.parametrize(
    ("window", "height"),
    [((1280, 720), 397), ((1366, 768), 430), ((1920, 1080), 607), ((1024, 768), 378)],
)
def test_a_map_with_its_key_under_it_leaves_the_key_room(window, height):
    """Growth Deals presenting: each map's key in compact rows under it, on the first screen."""
    assert present_map_height(window, key_under=True) == height


@pytest.mark.parametrize(
    ("window", "notes", "height"),
    [
        ((1280, 720), 0, 532),
        ((1280, 720), 1, 481),  # 15.9rem of 15 px: measured, the map ends at 709 of 720
        ((1280, 720), 2, 430),
        ((1920, 1080), 1, 730),
        ((1024, 768), 1, 462),  # narrow: the bar's second row too
        ((1024, 768), 5, 411),  # at most PRESENT_NOTES_MAX are counted (as frame's CSS does)
        ((1024, 768), -1, 513),
        ((700, 400), 1, 300),
    ],
)
def test_a_presenting_map_leaves_room_for_each_note_above_it(window, notes, height):
    """Trafford walk: a council file's placed-spend warning pushed the map's foot off the screen."""
    assert present_map_height(window, notes=notes) == height
    box = map_box(Screen(window[0], window[1], window[0]), (3, 2), 560, True, notes=notes)
    assert box[1] == height
