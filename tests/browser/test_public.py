"""Public mode in the browser: individuals appear only as the redaction label, upload limits are stated."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.browser.conftest import OUT, wait_for_map
from tests.people import contracts_finder_people

pytestmark = pytest.mark.browser

NO_MATCH = "No spend matches these filters"


def _transactions(page) -> str:
    box = page.locator('[data-testid="stMetric"]', has_text="Transactions").first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def test_individual_supplier_is_redacted_on_public_instance(page, public_url, app_url):
    # The Contracts Finder file names two individuals (read from it by hash): officers can find one...
    person = quote(contracts_finder_people()[0])
    page.goto(f"{app_url}/spend_map?q={person}")
    wait_for_map(page)
    assert NO_MATCH not in page.inner_text("body")
    assert _transactions(page) not in ("0", "")
    # ...the public cannot: searching the name finds nothing (tests/pages/test_public_mode.py checks
    # the map data and tables for the name itself).
    page.goto(f"{public_url}/spend_map?q={person}")
    wait_for_map(page)
    assert NO_MATCH in page.inner_text("body")
    # The spend still counts, under the redaction label.
    page.goto(f"{public_url}/spend_map?q=unverified%20supplier%20(redacted)")
    wait_for_map(page)
    assert NO_MATCH not in page.inner_text("body")
    assert _transactions(page) not in ("0", "")
    page.screenshot(path=str(OUT / "public-redacted.png"))


def test_public_data_page_states_upload_policy(page, public_url):
    page.goto(f"{public_url}/data")
    page.wait_for_selector("h1")
    page.wait_for_function("document.body.innerText.includes('never written to disk')")
    assert "20 MB" in page.inner_text("body")
