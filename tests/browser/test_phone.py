"""Chromium as a phone (390×844, touch): maps fit the screen, a tap shows details, no page scrolls sideways."""

from __future__ import annotations

from io import BytesIO

import numpy as np
import pytest

from tests.browser.conftest import (
    ENGLAND,
    GREATER_MANCHESTER,
    MAP,
    OUT,
    click_map_until,
    settled_view,
    wait_for_map,
    wait_idle,
)

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# A real phone's browser (Chrome on a Pixel 7), for the checks that measure what is drawn.
ANDROID = {
    **PHONE,
    "device_scale_factor": 1,
    "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36",
}

VIEWS = [
    ("deprivation", ENGLAND),
    ("deprivation?imd=2019", ENGLAND),
    ("deprivation?level=ca&area=E47000001", GREATER_MANCHESTER),
    ("spend_map", ENGLAND),
    ("spend_map?zlevel=ca&area=E47000001", GREATER_MANCHESTER),
    ("growth_deals", ENGLAND),
]


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    pg = context.new_page()
    pg.set_default_timeout(120_000)
    yield pg
    context.close()


@pytest.mark.parametrize(("path", "places"), VIEWS)
def test_maps_fit_a_phone(phone, app_url, path, places):
    # A view fitted for a 900×560 map once cut England at East Anglia and Cornwall on a phone,
    # and Greater Manchester at Wigan and Saddleworth.
    phone.goto(f"{app_url}/{path}")
    view = settled_view(phone, places)
    assert view, "no deck.gl viewport found"
    assert view["w"] < 400  # the map is the phone's width
    out = [
        (p, [round(v) for v in xy])
        for p, xy in zip(places, view["xy"], strict=True)
        if not (0 <= xy[0] <= view["w"] and 0 <= xy[1] <= view["h"])
    ]
    assert not out, f"{path}: off the {view['w']}×{view['h']} map at zoom {view['zoom']:.2f}: {out}"
    width = phone.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{path} scrolls sideways on a phone: {width}"


def test_tap_an_lsoa_on_a_phone_names_it(phone, app_url):
    phone.goto(f"{app_url}/deprivation?level=lad&area=E08000003")
    settled_view(phone, [])
    canvas = phone.locator(MAP).first
    canvas.scroll_into_view_if_needed()
    note = phone.locator('[data-testid="stAlertContentInfo"]')
    assert click_map_until(phone, canvas, note, press=phone.touchscreen.tap), "a tap showed nothing"
    wait_idle(phone)
    text = note.first.inner_text()
    assert "IMD 2025 decile" in text and "(E01" in text, text
    assert "Manchester (E08000003)" in text, text


def test_lm3_round_names_do_not_run_together_on_a_phone(phone, app_url):
    """On one line each, the three round names ran together under the phone-width LM3 chart and
    Vega dropped one ("Round 2"): now each is on up to three lines, every one drawn, none overlapping."""
    phone.goto(f"{app_url}/analysis?local=lad:E08000003")
    phone.wait_for_selector("h1")
    wait_idle(phone)
    chart = phone.locator('[data-testid="stVegaLiteChart"]').filter(has_text="Round 1").first
    chart.scroll_into_view_if_needed()
    phone.wait_for_timeout(1000)
    boxes = chart.evaluate(
        """el => [...el.querySelectorAll('svg text')]
            .filter(t => /^Round \\d/.test(t.textContent))
            .map(t => { const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.right]; })"""
    )
    assert len(boxes) == 3, boxes
    boxes.sort(key=lambda b: b[1])
    for (a, _, a_right), (b, b_left, _) in zip(boxes, boxes[1:], strict=False):
        assert a_right <= b_left, (a, b)


def _drawn_extent(pg, chart) -> tuple[tuple[int, int, int, int], tuple[int, int]]:
    """(left, top, right, bottom) of what the map `chart` draws (pixels not its white background,
    CSS px) and the map's (width, height)."""
    from PIL import Image

    img = np.asarray(Image.open(BytesIO(chart.screenshot())).convert("RGB")).astype(int)
    ys, xs = np.nonzero((img < 235).any(axis=2))
    assert len(xs), "the map draws nothing"
    return (int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())), (
        img.shape[1],
        img.shape[0],
    )


@pytest.mark.parametrize("path", ["growth_deals", "deprivation"])
def test_england_fills_a_phones_map(browser, app_url, path):
    # England once spanned ~190×225 px of a 358×560 phone map: the view fitted for the 900×560
    # desktop map (bound there by England's height) was zoomed out by the two maps' height ratio,
    # though the phone's map binds by its width. Fitted again from England's bounds, it spans the
    # map's width less the fit's 8% padding each side (mainland England: ~77%; Scilly adds specks).
    context = browser.new_context(**ANDROID)
    pg = context.new_page()
    pg.set_default_timeout(120_000)
    try:
        pg.goto(f"{app_url}/{path}")
        settled_view(pg, [])
        chart = pg.locator('[data-testid="stDeckGlJsonChart"]').first
        chart.scroll_into_view_if_needed()
        pg.wait_for_timeout(2000)  # the layers drawn at the settled view
        (left, top, right, bottom), (width, height) = _drawn_extent(pg, chart)
        chart.screenshot(path=str(OUT / f"phone-england-{path}.png"))
        assert width < 400
        assert (right - left) / width >= 0.7, (path, left, right, width)
        assert left > 2 and top > 2 and right < width - 3 and bottom < height - 3, (
            path,
            (left, top, right, bottom),
            (width, height),
        )
    finally:
        context.close()


@pytest.mark.parametrize(
    ("path", "first"),
    [("growth_deals", "Area name"), ("deprivation?level=ca&area=E47000001", "Area name")],
)
def test_a_phones_tables_lead_with_the_rows_name(phone, app_url, path, first):
    # Growth Deals' table is 3,472 px of columns in a 356-px phone column: its first screen
    # showed GSS codes, and the LEP names were off to the right (public walk).
    phone.goto(f"{app_url}/{path}")
    wait_for_map(phone)
    wait_idle(phone)
    headers = phone.evaluate(
        """[...document.querySelectorAll('[data-testid="stDataFrame"]')].map(e =>
             [...e.querySelectorAll('[role=columnheader]')].map(c => c.textContent))"""
    )
    named = [h for h in headers if first in h]
    # The name first, or second after the rank that orders the rows.
    assert named and all(h[0] == first or h[:2] == ["Rank", first] for h in named), headers
