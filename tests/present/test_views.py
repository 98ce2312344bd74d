"""Map camera: a view fitted for the 900×560 map, refitted for a smaller (phone) map."""

from __future__ import annotations

import pytest

from geo.present.views import ENGLAND_BOUNDS, FIT_PX, View, fit_view, refit

GM_BOUNDS = (-2.73, 53.33, -1.91, 53.69)  # Greater Manchester's extremes (lon, lat)


@pytest.mark.parametrize("bounds", [ENGLAND_BOUNDS, GM_BOUNDS])
@pytest.mark.parametrize("size", [(358, 560), (358, 300), (600, 400), (320, 480)])
def test_refit_never_zooms_in_past_the_fit_for_that_size(bounds, size):
    # What fitted the 900×560 map still fits: never closer than fit_view for the small map itself.
    fitted = fit_view(bounds)
    small = refit(fitted, *size)
    exact = fit_view(bounds, *size)
    assert small.zoom <= exact.zoom + 0.01
    assert small.zoom < fitted.zoom
    assert (small.latitude, small.longitude) == (fitted.latitude, fitted.longitude)
    # Loose by at most the aspect ratio's difference, never by more than one zoom level.
    assert exact.zoom - small.zoom < 1.0


@pytest.mark.parametrize("size", [FIT_PX, (1200, 800), (900, 900), (0, 560), (-5, 10)])
def test_refit_leaves_a_view_for_a_map_as_big_or_bigger(size):
    view = View(53.5, -2.3, 9.1)
    assert refit(view, *size) == view
