"""Headless Chromium: an officer loads Calderdale 2021/22 (12 real files, no postcodes), places suppliers with a companies index and a register, and sees points on the Spend map."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import OUT, serving, wait_for_map, wait_idle
from tests.spend.placing_fixture import REGISTER_CSV, build_index, calderdale_files

pytestmark = pytest.mark.browser


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]', has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def _placed(page) -> int:
    """Rows placed and on the map, from the 'Rows located' card ('2,341 of 24,372'): every
    postcode these routes give (the register's, the test-written companies', the awards') places."""
    m = re.match(r"([\d,]+) of ([\d,]+)", _metric(page, "Rows located"))
    assert m, _metric(page, "Rows located")
    assert m.group(2) == "24,372"
    return int(m.group(1).replace(",", ""))


def _go(page, title: str) -> None:
    # Through the app's own navigation: page.goto would open a new session without the upload.
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    wait_idle(page)


@pytest.fixture(scope="module")
def locate_url(store_path, tmp_path_factory):
    # The companies index is built from the REAL 0.1% Companies House sample plus rows WRITTEN BY
    # THE TEST (tests/spend/placing_fixture.py: Calderdale's company numbers with stand-in Halifax
    # postcodes, and three names for the fuzzy review), and the app is pointed at it.
    index = build_index(tmp_path_factory.mktemp("companies"))
    with serving({"SPENDGEO_COMPANIES": str(index)}) as url:
        yield url


def test_calderdale_suppliers_are_placed_and_reach_the_map(browser, locate_url, tmp_path) -> None:
    register = tmp_path / "calderdale_register.csv"
    register.write_text(REGISTER_CSV)
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(180_000)
    try:
        page.goto(f"{locate_url}/data")
        page.wait_for_selector("h1")
        wait_idle(page)
        page.locator('[data-testid="stFileUploader"]', has_text="Spend files").first.locator(
            'input[type="file"]'
        ).set_input_files([str(p) for p in calderdale_files()])
        wait_idle(page)
        page.get_by_role("button", name="Load", exact=True).click()
        page.get_by_text("The Spend map now uses this dataset").wait_for()
        wait_idle(page)

        _go(page, "Place suppliers")
        page.get_by_text("Spend placed by each route").wait_for()
        body = page.inner_text("body")
        # Without a register the page says how to add one; the companies index was used.
        assert "No supplier register was given" in body
        assert "Companies House index:" in body
        before = _placed(page)
        # 1,365 rows by company number + 598 by exact name (test-written rows) + 74 by award name.
        assert before >= 1_900
        page.screenshot(path=str(OUT / "suppliers-calderdale-companies.png"), full_page=True)

        form = page.locator('[data-testid="stForm"]')
        form.locator('input[type="file"]').set_input_files(str(register))
        wait_idle(page)
        form.get_by_role("button", name="Place suppliers").click()
        page.wait_for_function(
            "!document.body.innerText.includes('No supplier register was given')", timeout=180_000
        )
        wait_idle(page)
        after = _placed(page)
        assert after - before == 378  # the register's six suppliers, every row of them
        assert "calderdale_register.csv" in page.inner_text("body")

        # Tick by hand, as an officer does: Accept on the first candidate, Reject on the second
        # (the editor is a canvas grid: Accept is its first column, Reject its second, 75 px each;
        # rows 35 px under a 35 px header), then apply.
        editor = page.locator(
            "xpath=//h3[contains(., 'Review name matches')]/following::*[@data-testid='stDataFrame'][1]"
        )
        editor.scroll_into_view_if_needed()  # below the fold: a click by coordinates must see it
        page.wait_for_timeout(500)
        box = editor.bounding_box()
        assert box is not None
        # A click selects the cell; Space toggles its tick (a click on the box alone does not).
        for col_x, row in ((38, 0), (113, 1)):
            page.mouse.click(box["x"] + col_x, box["y"] + 35 + 35 * row + 17)
            page.wait_for_timeout(400)
            page.keyboard.press("Space")
            wait_idle(page)
        editor.screenshot(path=str(OUT / "suppliers-review-ticks.png"))
        page.get_by_role("button", name="Apply ticks and place again").click()
        page.wait_for_function(
            "document.body.innerText.includes('1 accepted, 1 rejected')", timeout=180_000
        )
        wait_idle(page)
        ticked = _placed(page) - after
        # Each candidate was written with a known number of Calderdale rows (placing_fixture).
        assert ticked in (935, 53, 65)
        page.screenshot(path=str(OUT / "suppliers-calderdale-ticked.png"), full_page=True)

        # Accept every pending candidate scoring ≥ 95: the rejected one stays rejected.
        page.get_by_role("button", name="Accept all ≥ this score and place again").click()
        page.wait_for_function(
            "document.body.innerText.includes('2 accepted, 1 rejected')", timeout=180_000
        )
        wait_idle(page)
        total = _placed(page) - after
        rejected = 935 + 53 + 65 - total
        assert rejected in (935, 53, 65) and rejected != ticked
        page.screenshot(path=str(OUT / "suppliers-calderdale-placed.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0

        _go(page, "Spend map")
        wait_for_map(page)
        assert _metric(page, "Deprived areas (decile 1)") != "n/a — no supplier located"
        page.screenshot(path=str(OUT / "spend-map-calderdale-placed.png"))
    finally:
        context.close()
