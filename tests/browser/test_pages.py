"""Headless Chromium: every page draws its map, filters update summaries, links restore views, presentation mode."""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import OUT, click_map_until, wait_for_map, wait_idle

pytestmark = pytest.mark.browser

PAGES = [
    ("spend_map", 1),
    ("deprivation", 1),
    ("growth_deals", 2),
]


@pytest.mark.parametrize("path, maps", PAGES)
def test_page_draws_its_map(page, app_url, path, maps):
    page.goto(f"{app_url}/{path}")
    wait_for_map(page, maps)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(OUT / f"{path}.png"), full_page=False)


def test_about_and_data_pages_run(page, app_url):
    # About is the default page: it lives at the app's root URL.
    for path, shot in (("", "about"), ("data", "data")):
        page.goto(f"{app_url}/{path}")
        page.wait_for_selector("h1")
        wait_idle(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_text("Page not found").count() == 0
        page.screenshot(path=str(OUT / f"{shot}.png"), full_page=True)


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]', has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def test_filter_change_updates_summary_and_url(page, app_url):
    page.goto(f"{app_url}/spend_map")
    wait_for_map(page)
    before = _metric(page, "Total spend")
    box = page.get_by_label("Supplier name contains")
    box.fill("ltd")
    box.press("Enter")
    page.wait_for_function("location.search.includes('q=ltd')")
    wait_idle(page)
    after = _metric(page, "Total spend")
    assert after != before
    page.screenshot(path=str(OUT / "spend-map-filtered.png"))


def test_copied_url_restores_filters_and_layers(page, browser, app_url):
    page.goto(f"{app_url}/spend_map?layers=lad,ca&imd=1&q=ltd&local=lep:E37000015&colour=local")
    wait_for_map(page)
    total = _metric(page, "Total spend")
    local = _metric(page, "Local share")
    url = page.evaluate("location.href")
    params = parse_qs(urlparse(url).query)
    assert params["layers"] == ["lad,ca"] and params["imdmap"] == ["1"] and params["q"] == ["ltd"]
    fresh = browser.new_context(viewport={"width": 1500, "height": 1000}).new_page()
    fresh.set_default_timeout(120_000)
    fresh.goto(url)
    wait_for_map(fresh)
    assert _metric(fresh, "Total spend") == total
    assert _metric(fresh, "Local share") == local
    assert parse_qs(urlparse(fresh.evaluate("location.href")).query) == params
    fresh.screenshot(path=str(OUT / "spend-map-restored.png"))
    fresh.context.close()


def test_presentation_mode_hides_sidebar(page, app_url):
    page.goto(f"{app_url}/deprivation?present=1&level=lad&area=E08000003")
    wait_for_map(page)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('[data-testid="stHeader"]').is_visible()
    page.screenshot(path=str(OUT / "deprivation-present.png"))


def test_growth_deals_map_png_download(page, app_url):
    """The Growth Deals page's Map (PNG) button downloads a print-width map of £ per head."""
    import numpy as np
    from PIL import Image

    from geo.present import palette

    page.goto(f"{app_url}/growth_deals")
    wait_for_map(page, 2)
    button = page.get_by_role("button", name="Map (PNG)")
    assert button.count() == 1
    button.scroll_into_view_if_needed()
    page.screenshot(path=str(OUT / "growth-deals-buttons.png"))
    with page.expect_download(timeout=180_000) as dl:
        button.click()
    png = dl.value
    assert png.suggested_filename == "growth_deals_per_head_england_map.png"
    img = Image.open(png.path()).convert("RGB")
    assert img.size[0] >= 2000  # A4 width at print resolution
    pixels = np.asarray(img)
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50 and pixels.std() > 10
    grey = np.abs(pixels.astype(int) - np.asarray(palette.NO_DATA)).sum(axis=2) < 12
    assert grey.any()  # LEPs with no comparable figure are drawn grey, not as £0
    img.save(OUT / "growth-deals-map-download.png")


@pytest.mark.parametrize(
    "path", ["deprivation?level=lad&area=E08000009", "growth_deals", "analysis?local=ca:E47000001"]
)
def test_map_image_buttons_show_their_whole_label(page, app_url, path):
    """Three image buttons side by side in the legend column cut their labels to "Map (…"."""
    page.goto(f"{app_url}/{path}")
    wait_for_map(page)
    for fmt in ("PNG", "SVG", "PDF"):
        button = page.get_by_role("button", name=f"Map ({fmt})").first
        button.scroll_into_view_if_needed()
        assert button.inner_text().strip() == f"Map ({fmt})"
        cut = button.evaluate(
            "b => [...b.querySelectorAll('*')].concat([b]).some(e => e.scrollWidth > e.clientWidth + 1)"
        )
        assert not cut, f"the {fmt} button's label is cut on {path}"


def test_clicking_an_lsoa_on_the_deprivation_map_names_it_and_its_areas(page, app_url):
    """With LEP outlines on (the default), every click used to name the LEP: the invisible
    clickable LEP layer sat over the LSOAs, and deck.gl answers with the topmost pickable layer,
    so no LSOA's decile could be read by clicking. Now one tile layer draws the deciles and the
    boundaries (its bands): the LSOA answers and names its areas, and the map stays as drawn."""
    import io

    import numpy as np
    from PIL import Image

    page.goto(f"{app_url}/deprivation?level=lad&area=E08000003")  # Manchester, LEP outlines on
    wait_for_map(page)
    wait_idle(page)
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    box = canvas.bounding_box()
    before = np.asarray(Image.open(io.BytesIO(canvas.screenshot())).convert("RGB"), dtype=int)
    note = page.locator('[data-testid="stAlertContentInfo"]')
    clicked = click_map_until(page, canvas, note)
    if not clicked and os.getloadavg()[0] > 2 * (os.cpu_count() or 1):
        # No selection held after 12 clicks, 10 s apart: the map never drew its tiles under that
        # load (a failure seen in CI was the test clicking its own pick away, fixed in
        # click_map_until). Reported as a skip, not a pass.
        pytest.skip(
            f"machine too loaded for a tap on software WebGL (load {os.getloadavg()[0]:.0f})"
        )
    wait_idle(page)
    text = note.first.inner_text()
    assert "IMD 2025 decile" in text and "(E01" in text, text  # an LSOA 2021 and its decile
    assert "Local Enterprise Partnership" not in text.split("\n")[0], text  # not the LEP
    # Its areas, named with their vintages: Manchester LAD 2024, the GM LEP and CA 2025.
    for part in ("Manchester (E08000003)", "Greater Manchester (E37000015)", "(CA 2025)"):
        assert part in text, text
    page.screenshot(path=str(OUT / "deprivation-lsoa-click.png"))
    # The map stays as drawn: Streamlit's selection highlight used to fade every LSOA and light
    # the picked index in every tile (an unrelated LSOA per tile); the note names the LSOA.
    page.mouse.move(box["x"] - 40, box["y"] + 10)  # off the map: no hover tooltip
    wait_idle(page)
    after = np.asarray(Image.open(io.BytesIO(canvas.screenshot())).convert("RGB"), dtype=int)
    changed = (np.abs(after - before).sum(axis=2) > 30).mean()
    assert changed < 0.02, f"{changed:.1%} of the map's pixels changed on a click"
    # The zoomed area's outline is drawn (the focus band in black) and the rest is veiled.
    dark = (before.sum(axis=2) < 90).mean()
    assert dark > 0.002, f"no black outline: {dark:.2%} of pixels are near-black"


# Glide's scroller is wider than its box only when a column runs past the table's edge.
_OVERFLOW = "g => { const s = g.querySelector('.dvn-scroller'); return s ? s.scrollWidth - s.clientWidth : -1 }"


@pytest.mark.parametrize("width", [1280, 1440])
def test_deprivation_decile_table_shows_every_column(browser, app_url, width):
    """Zoomed to Calderdale at 1440 px, the LSOA decile table showed its first column only: the
    heading 'IMD 2025 decile of the LSOA (1 = most deprived, LSOA 2021)' set the column's width
    and pushed the counts and shares out of the column."""
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{app_url}/deprivation?level=lad&area=E08000033")
    wait_for_map(page)
    wait_idle(page)
    decile = page.locator('[data-testid="stDataFrame"]').nth(0)
    decile.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    decile.screenshot(path=str(OUT / f"deprivation-decile-table-{width}.png"))
    over = decile.evaluate(_OVERFLOW)
    ctx.close()
    assert over == 0, f"the LSOA decile table overflows its column by {over} px"


@pytest.mark.parametrize(
    "path", ["spend_map?q=ltd&layers=lad", "deprivation?level=ca&area=E47000001", "analysis"]
)
def test_copy_link_button_puts_the_view_on_the_clipboard(browser, app_url, path):
    """The facilitator's shareable link: the button (an iframe with its own bold font before) is
    clicked, says 'Copied', and the clipboard holds the address that reopens this view; it is
    drawn in Streamlit's button font and border like the buttons beside it."""
    ctx = browser.new_context(
        viewport={"width": 1440, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = ctx.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{app_url}/{path}")
    page.get_by_role("heading").first.wait_for()
    wait_idle(page)
    button = page.get_by_role("button", name="Copy link to this view")
    button.scroll_into_view_if_needed()
    button.click()
    page.get_by_role("status").filter(has_text="Copied").wait_for(timeout=10_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    here = page.evaluate("location.href")
    ours = button.evaluate("b => [getComputedStyle(b).fontFamily, getComputedStyle(b).fontWeight]")
    theirs = page.locator('[data-testid="stBaseButton-secondary"]').first.evaluate(
        "b => [getComputedStyle(b).fontFamily, getComputedStyle(b).fontWeight]"
    )
    button.screenshot(path=str(OUT / f"copy-link-{path.split('?')[0]}.png"))
    # As wide as the map image buttons in the same column (the last export; it was content-width).
    widths = None
    if path.startswith(("spend_map", "deprivation")):
        pdf = page.get_by_role("button", name="Map (PDF)")
        widths = (button.bounding_box()["width"], pdf.bounding_box()["width"])
    ctx.close()
    if widths:
        assert widths[0] == pytest.approx(widths[1], abs=2)
    assert copied == here and parse_qs(urlparse(copied).query) == parse_qs(urlparse(here).query)
    assert urlparse(copied).path.endswith(path.split("?")[0])
    assert ours == theirs


def test_a_mistyped_area_in_a_link_is_named_not_silently_dropped(page, app_url):
    """`area=NOTACODE` showed England with no word of why (workshop walk)."""
    page.goto(f"{app_url}/spend_map?zlevel=ca&area=NOTACODE")
    wait_for_map(page)
    note = page.locator('[data-testid="stAlert"]').filter(has_text="is not an area code")
    assert note.count() == 1 and "NOTACODE" in note.inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
