"""Compare & leakage in Chromium: a shared link with a comparison shows both sides, the flow map draws, widgets write the URL."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import OUT, wait_for_map, wait_idle

pytestmark = pytest.mark.browser

LINK = "/analysis?local=ca:E47000001&a=lad:E08000003&b=ca:E47000001&flow=region&respend=0.5"


def _metric(page, label: str, nth: int = 0) -> str:
    box = page.locator('[data-testid="stMetric"]', has_text=label).nth(nth)
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def test_shared_link_with_a_comparison_shows_both_sides_and_the_flow_map(page, app_url):
    page.goto(app_url + LINK)
    wait_for_map(page)
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    box = canvas.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300  # drawn, not a collapsed frame
    # The flow map's legend says what the arcs are and which boundary is local.
    legend = page.locator("figure.sg-legend", has_text="Where the non-local £ goes").inner_text()
    assert "arc width ∝ £" in legend and "Greater Manchester" in legend
    page.screenshot(path=str(OUT / "analysis-leakage.png"))

    # Both sides of the comparison and the difference, each with a local share.
    side_a = page.locator("h3", has_text="A: Manchester")
    side_a.first.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(800)
    for head in ("A: Manchester", "B: Greater Manchester", "Difference (B − A)"):
        assert page.locator("h3", has_text=head).count() == 1
    a, b, diff = (_metric(page, "Local share", i) for i in range(3))
    assert a.endswith("%") and b.endswith("%") and diff.endswith("pp")
    assert float(b.rstrip("%")) > float(a.rstrip("%"))  # the CA holds the city and more
    page.screenshot(path=str(OUT / "analysis-compare.png"))

    # The LM3 section is labelled an estimate, with the link's 50% assumption.
    lm3 = page.locator("h2", has_text="LM3 local multiplier")
    lm3.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(800)
    assert "not a measured figure" in lm3.inner_text()
    assert page.get_by_text("assumption that 50.0% of round 2").count() == 1
    page.screenshot(path=str(OUT / "analysis-lm3.png"))


def test_switching_to_periods_writes_the_url(page, app_url):
    page.goto(app_url + "/analysis?local=ca:E47000001&cmp=periods&pa=2022-23&pb=2023-24")
    wait_for_map(page)
    for head in ("A: 2022-23", "B: 2023-24"):
        assert page.locator("h3", has_text=head).count() == 1
    page.get_by_text("two areas").click()
    page.wait_for_function("!location.search.includes('cmp=periods')")
    wait_idle(page)
    assert "cmp" not in parse_qs(urlparse(page.evaluate("location.href")).query)
    assert page.get_by_text("Choose area A and area B").count() == 1


def test_council_upload_without_postcodes_says_why_not_zero(page, app_url, tmp_path):
    # A council-shaped file with no supplier postcode whose suppliers no source can place (names
    # written by this test, so the bundled Contracts Finder awards cannot place them either).
    # Before the fix the page showed "Retained 0.0%", an LM3 of 1.00 and every buyer at 0%.
    rows = ["Body Name,Invoice Payment Date,Transaction Number,Net Amount,Supplier Name"]
    rows += [
        f"Example Council,2021-0{m}-15,{m}00{i},{1000 * (i + 1)},Qzxv Unplaceable {i} Example"
        for m in range(1, 4)
        for i in range(3)
    ]
    csv = tmp_path / "council-no-postcodes.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    page.goto(f"{app_url}/data")
    page.wait_for_selector("h1")
    wait_idle(page)
    page.locator('[data-testid="stFileUploader"]', has_text="Spend files").first.locator(
        'input[type="file"]'
    ).set_input_files([str(csv)])
    wait_idle(page)
    page.get_by_role("button", name="Load", exact=True).click()
    page.get_by_text("The Spend map now uses this dataset").wait_for()
    wait_idle(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Compare & leakage").click()
    page.locator("h1", has_text="Compare & leakage").wait_for()
    wait_idle(page)
    # Local = Greater Manchester, chosen in the sidebar as an officer would.
    box = page.locator(
        '[data-testid="stSidebar"] [data-testid="stSelectbox"]', has_text="Area"
    ).first
    box.click()
    page.keyboard.type("Greater Manchester")
    page.keyboard.press("Enter")
    page.wait_for_function("location.search.includes('local=ca')")
    wait_idle(page)
    body = page.inner_text("body")
    assert "Choose what counts as local" not in body
    assert "could be placed on the map" in body and "supplier register" in body
    assert "Retained (local)" not in body  # no retained/leaked split of unknown destinations
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stDeckGlJsonChart"]').count() == 0
    page.screenshot(path=str(OUT / "analysis-manchester-upload.png"))
