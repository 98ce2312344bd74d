"""Colour scales: decile ramp order and distinctness, missing values, classed scales, sqrt sizing."""

from __future__ import annotations

import math

import numpy as np
import pytest

from geo.present import legend, palette


def _luminance(rgb) -> float:
    def lin(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_decile_ramp_is_monotone_in_lightness_with_decile_1_darkest():
    lum = [_luminance(c) for c in palette.DECILE_COLOURS]
    assert len(lum) == 10
    assert lum == sorted(lum), "a sequential scale must get lighter from decile 1 to 10"
    assert lum[0] == min(lum)


@pytest.mark.parametrize(
    "value, expected",
    [
        (1, palette.DECILE_COLOURS[0]),
        (10, palette.DECILE_COLOURS[9]),
        (None, palette.NO_DATA),
        (float("nan"), palette.NO_DATA),
        (0, palette.NO_DATA),
        (11, palette.NO_DATA),
        ("x", palette.NO_DATA),
    ],
)
def test_decile_colour(value, expected):
    assert palette.decile_colour(value) == expected


def test_decile_colours_vectorised_handles_missing():
    out = palette.decile_colours([1, None, 10, float("nan")])
    assert out.shape == (4, 3)
    assert tuple(out[0]) == palette.DECILE_COLOURS[0]
    assert tuple(out[1]) == palette.NO_DATA
    assert tuple(out[3]) == palette.NO_DATA


def test_local_pair_is_distinct_and_unknown_is_grey():
    out = palette.local_colours([True, False, None])
    assert tuple(out[0]) == palette.LOCAL and tuple(out[1]) == palette.NOT_LOCAL
    assert tuple(out[2]) == palette.UNKNOWN_PLACE
    assert palette.LOCAL != palette.NOT_LOCAL


@pytest.mark.parametrize(
    "x, nice", [(0.0, 0.0), (1234, 1000), (180, 200), (26, 25), (0.047, 0.05), (-480, -500)]
)
def test_nice_number(x, nice):
    assert math.isclose(palette.nice_number(x), nice)


def test_quantile_scale_missing_is_no_data_never_lowest_class():
    vals = [10, 20, 40, 80, 160, 320, None, float("nan")]
    scale = palette.quantile_scale(vals, palette.PER_HEAD_RAMP)
    assert scale.colour(None) == palette.NO_DATA
    assert scale.colour(float("nan")) == palette.NO_DATA
    assert scale.colour(10) == scale.colours[0]
    assert scale.colour(320) == scale.colours[-1]
    assert list(scale.breaks) == sorted(scale.breaks)
    cols = scale.colours_for(vals)
    assert tuple(cols[6]) == palette.NO_DATA and tuple(cols[0]) == scale.colours[0]
    assert len(scale.bins()) == len(scale.colours)


def test_quantile_scale_few_values():
    scale = palette.quantile_scale([5, 5, 5], palette.PER_HEAD_RAMP)
    assert scale.colour(5) in palette.PER_HEAD_RAMP
    assert palette.quantile_scale([], palette.PER_HEAD_RAMP).colour(None) == palette.NO_DATA


def test_sqrt_radius_area_proportional_and_clipped():
    r = palette.sqrt_radius([100, 25, 0], max_amount=100, min_px=1, max_px=20)
    assert r[0] == 20 and math.isclose(r[1], 10) and r[2] == 1
    assert np.all(palette.sqrt_radius([-100, 100]) == palette.sqrt_radius([100, 100]))


def test_hex_and_rgba():
    assert palette.hex_colour((255, 0, 16)) == "#ff0010"
    assert palette.rgba((1, 2, 3), 4) == [1, 2, 3, 4]


def test_decile_legend_names_decile_1_most_deprived():
    lg = legend.decile_legend()
    assert len(lg.items) == 10
    assert "most deprived" in lg.items[0].label
    assert lg.items[0].colour == palette.hex_colour(palette.DECILE_COLOURS[0])


def test_per_head_legend_has_grey_no_figure_entry():
    scale = palette.quantile_scale([50, 100, 150, 200, 400], palette.PER_HEAD_RAMP)
    lg = legend.per_head_legend(scale)
    assert (
        lg.items[-1].colour == palette.hex_colour(palette.NO_DATA)
        and "No figure" in lg.items[-1].label
    )
    assert all(i.swatch == "fill" for i in lg.items[:-1])


def test_size_legend_and_boundary_legend():
    lg = legend.size_legend(2_000_000)
    assert [i.label for i in lg.items][0] == "£2.0m"
    assert lg.items[0].size > lg.items[-1].size
    assert legend.size_legend(0).items == ()
    assert [i.swatch for i in legend.boundary_legend(("lep", "ca")).items] == ["line", "line"]


@pytest.mark.parametrize(
    "x, text", [(950, "£950"), (12_500, "£12k"), (3_400_000, "£3.4m"), (-2e9, "-£2.0bn")]
)
def test_format_money(x, text):
    assert legend.format_money(x) == text


@pytest.mark.parametrize("fixed,says_fixed", [(True, True), (False, False)])
def test_size_legend_states_a_fixed_scale(fixed, says_fixed):
    lg = legend.size_legend(500_000, fixed=fixed)
    assert ("Fixed scale for this dataset" in lg.note) is says_fixed
    assert lg.items[0].label == "£500k"
