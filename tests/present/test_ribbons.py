"""Boundary bands: the strip inside each area's edge, its width per zoom, its properties and order."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.present import palette, ribbons
from geo.present.tilegrid import tile_span


@pytest.mark.parametrize(
    ("side_m", "width_m", "area_m2"),
    [
        (1000.0, 10.0, 4 * 1000 * 10 - 4 * 10 * 10),  # a square: four strips, corners once
        (1000.0, 100.0, 4 * 1000 * 100 - 4 * 100 * 100),
        (15.0, 10.0, 15.0 * 15.0),  # narrower than two bands: the whole area is band
    ],
)
def test_inner_band_is_the_strip_inside_the_edge(side_m, width_m, area_m2):
    square = np.asarray([shapely.box(0, 0, side_m, side_m)], dtype=object)
    band = ribbons.inner_band(square, width_m)[0]
    assert band.area == pytest.approx(area_m2, rel=0.01)
    assert square[0].contains(band.buffer(-0.01))  # inside the area, never outside it


def _sets(focus: tuple[str, ...]) -> list[ribbons.BandSet]:
    frames = {
        key: gpd.GeoDataFrame(
            {"code": [code], "name": [name]},
            geometry=[shapely.box(-2.4, 53.3, -2.0, 53.6)],
            crs=4326,
        )
        for key, code, name in (
            ("lad24", "E08000003", "Manchester"),
            ("ca25", "E47000001", "Greater Manchester"),
        )
    }
    return ribbons.band_sets(frames, focus)


def test_band_sets_take_widths_from_the_palette():
    lad, ca = _sets(("ca25",))
    assert (lad.width_px, lad.focus_px) == (palette.OUTLINE_WIDTH_PX["lad"], None)
    assert (ca.width_px, ca.focus_px) == (
        palette.OUTLINE_WIDTH_PX["ca"],
        palette.OUTLINE_WIDTH_PX["focus"],
    )


@pytest.mark.parametrize("z", [6, 9, 12])
def test_overlay_bands_are_as_wide_as_their_pixels_at_each_zoom(z):
    overlay = ribbons.band_overlay(_sets(("ca25",)), 512, 0.5)
    geoms, props = overlay(z)
    # Every level's bands first, then the focus bands (drawn over them).
    assert [(p["lvl"], p.get("f")) for p in props] == [
        ("lad24", None),
        ("ca25", None),
        ("ca25", 1),
    ]
    assert props[1] == {"lvl": "ca25", "c": "E47000001", "n": "Greater Manchester",
                        "x": "Combined Authority (CA 2025)"}  # fmt: skip
    metres_per_px = tile_span(z) / 512
    widths = [
        max(palette.OUTLINE_WIDTH_PX["lad"] / 2, ribbons.MIN_BAND_PX),
        palette.OUTLINE_WIDTH_PX["ca"] / 2,
        palette.OUTLINE_WIDTH_PX["focus"],
    ]
    for g, px in zip(geoms, widths, strict=True):
        # A band inside a rectangle of perimeter L: area = L·w − 4w² (the corners counted once).
        w, length = px * metres_per_px, shapely.Polygon(g.exterior).length
        assert g.area == pytest.approx(length * w - 4 * w * w, rel=0.02)
