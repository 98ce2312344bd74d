"""The decile tiles' colour expression, evaluated in JavaScript (node) as deck.gl evaluates it."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from geo.present import bandfill, palette

GM = "E47000001"  # Greater Manchester Combined Authority (CA 2025 and CA 2024)
GM_LEP = "E37000015"
NO_CLEAR = bandfill.CLEAR


def _run(expr: str, features: list[dict]) -> list[list[int]]:
    """deck.gl's JSON converter turns '@@=<expr>' into a function of one feature (fields in
    scope); its parser reads a subset of JavaScript, so node gives the same answers."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    body = expr.removeprefix("@@=")
    script = (
        f"const f = (properties) => ({body});"
        f"console.log(JSON.stringify({json.dumps(features)}.map(p => f(p))));"
    )
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _decile(d: object, alpha: int = 210, veil: int = 0) -> list[int]:
    c = palette.decile_colour(d)
    return palette.rgba(palette.veiled(c, veil) if veil else c, alpha)


def test_decile_colours_without_focus_or_bands():
    feats = [{"d": d} for d in range(1, 11)] + [{}, {"d": 11}]
    got = _run(bandfill.fill_expression(alpha=200), feats)
    want = [_decile(d, 200) for d in range(1, 11)] + [_decile(None, 200)] * 2
    assert got == want


@pytest.mark.parametrize(
    ("level", "code", "inside", "outside"),
    [
        ("ca", GM, {"d": 1, "ca25cd": GM}, {"d": 1, "ca25cd": "E47000002"}),
        ("lad", "E08000003", {"d": 2, "lad24cd": "E08000003"}, {"d": 2, "lad24cd": "E08000009"}),
        # A LEP has two membership columns: 7 LADs sat in two LEPs (2021).
        ("lep", GM_LEP, {"d": 3, "lep21cd": "E37000008", "lep21cd2": GM_LEP}, {"d": 3}),
    ],
)
def test_focus_veils_the_lsoas_outside_the_area(level, code, inside, outside):
    expr = bandfill.fill_expression((), (level, code), "2025")
    got = _run(expr, [inside, outside])
    assert got[0] == _decile(inside["d"])
    assert got[1] == _decile(outside["d"], veil=bandfill.VEIL_ALPHA)
    assert got[1][:3] != got[0][:3]


def test_bands_show_only_the_chosen_levels_and_the_focus_outline():
    expr = bandfill.fill_expression(("lep", "ca"), ("ca", GM), "2025")
    feats = [
        {"lvl": "lep", "c": GM_LEP},  # a LEP band: shown
        {"lvl": "ca25", "c": "E47000002"},  # another CA's band: shown in the CA colour
        {"lvl": "lad24", "c": "E08000003"},  # LADs not chosen: clear
        {"lvl": "ca25", "c": GM, "f": 1},  # the focus area's wide band: black
        {"lvl": "ca25", "c": "E47000002", "f": 1},  # another area's focus band: clear
        {"lvl": "lep", "c": GM_LEP, "f": 1},  # a focus band of another level: clear
    ]
    got = _run(expr, feats)
    lep = palette.rgba(palette.OUTLINES["lep"], bandfill.BAND_ALPHA)
    ca = palette.rgba(palette.OUTLINES["ca"], bandfill.BAND_ALPHA)
    black = palette.rgba(palette.OUTLINES["focus"])
    assert got == [lep, ca, NO_CLEAR, black, NO_CLEAR, NO_CLEAR]


def test_under_imd_2019_lad_and_ca_mean_the_2021_and_2024_levels():
    expr = bandfill.fill_expression(("lad",), ("ca", GM), "2019")
    got = _run(expr, [{"lvl": "lad", "c": "E08000003"}, {"d": 4, "ca24cd": GM}, {"d": 4}])
    assert got[0] == palette.rgba(palette.OUTLINES["lad"], bandfill.BAND_ALPHA)
    assert got[1] == _decile(4) and got[2] == _decile(4, veil=bandfill.VEIL_ALPHA)


@pytest.mark.parametrize("code", ["x' || true || '", "E4700000", "", "e47000001"])
def test_a_code_that_is_not_gss_never_enters_the_expression(code):
    expr = bandfill.fill_expression(("lep",), ("ca", code), "2025")
    assert code not in expr or code == ""
    assert "ca25cd" not in expr  # no focus test: nothing veiled
