"""Headless Chromium: every page draws its map, filters update summaries, links restore views, presentation mode."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import OUT, wait_for_map, wait_idle

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
