"""Chromium, public mode: a real council's year of spend files shows no withheld name anywhere, and its organisations.

Calderdale 2021-22 (twelve monthly CSVs, 24,372 rows) names private persons and sole traders among
its payees. The names the public view withholds are worked out here from the files themselves
(geo.spend.privacy.public_view, and the hand-labelled people of tests/spend/privacy_sample.py,
which holds them only as hashes), so no person's name is written into this test. "Anywhere" is the
page text, every byte the server sends over its websocket (tables, the map's deck JSON) and every
download, on the Data page and the Spend map.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from geo.spend import ingest
from geo.spend.privacy import REDACTED_LABEL, public_view
from tests.browser.conftest import OUT, files_text, recording_page, wait_for_map
from tests.browser.test_data_uploads import download, load, no_traceback, snap, upload
from tests.spend.privacy_sample import ORG, PERSON, name_hash, resolve

pytestmark = pytest.mark.browser

# ../shared beside the checkout, as CI lays it out (tests/conftest.py SHARED_DATA).
SPEND = Path(__file__).resolve().parents[3] / "shared" / "data" / "spend"
FILES = sorted((SPEND / "council_2021-22" / "calderdale").glob("20*.csv"))


class _Private(dict):
    """The expected names, with a repr that does not print them: pytest shows fixture values in a
    failure report, and CI logs must not carry private people's names."""

    def __repr__(self) -> str:
        return "{" + ", ".join(f"{k!r}: <{len(v)} names>" for k, v in self.items()) + "}"


@pytest.fixture(scope="module")
def expected():
    """The withheld names (labelled people, and every other fully withheld name a page could not
    contain by chance) and the labelled organisations, from the files as the engine reads them."""
    if len(FILES) != 12:
        pytest.fail(f"the Calderdale 2021-22 files are missing from {SPEND} (see SOURCES.md)")
    frame = pd.concat([ingest.read_spend(p).frame for p in FILES], ignore_index=True)
    public = public_view(frame)
    found, missing = resolve("calderdale", set(frame["supplier_name"].dropna()))
    assert not missing
    people = [n for label, n, _ in found if label == PERSON]
    orgs = [n for label, n, _ in found if label == ORG]
    shown = set(public.loc[~public["redacted"], "supplier_name"].dropna())
    public_text = public.astype("string").fillna("").to_csv(index=False)
    fully_withheld = set(frame["supplier_name"].dropna()) - shown
    # A withheld name that is part of a shown one ("Carebase" in "Carebase Ltd") or a short word
    # cannot be told from it on a page; the labelled people are checked whatever their length.
    others = [
        n for n in fully_withheld if len(n) >= 10 and " " in n.strip() and n not in public_text
    ]
    return _Private(people=people, withheld=sorted(set(people) | set(others)), orgs=orgs)


@pytest.fixture(scope="module")
def walk(browser, public_url, tmp_path_factory, expected):
    context, page, frames = recording_page(browser, 300_000)
    page.goto(f"{public_url}/data")
    page.wait_for_selector("h1")
    upload(page, FILES)
    load(page)
    no_traceback(page)
    out = {"data": page.inner_text("body")}
    snap(page, "public-real-calderdale-data.png")
    downloads = tmp_path_factory.mktemp("public-real-downloads")
    buttons = page.locator('[data-testid="stDownloadButton"] button')
    labels = [buttons.nth(i).inner_text().strip() for i in range(buttons.count())]
    for label in labels:  # every download on the page: data, unplaced suppliers, area tables
        t0 = time.perf_counter()
        # Each file is built on click; on a loaded CI machine (4 workers on 2 cores) a report with
        # its map images has taken over 3 minutes.
        download(page, label, downloads, timeout_ms=600_000)
        print(f"download {label!r}: {time.perf_counter() - t0:.1f} s")
    out["labels"] = labels
    out["downloads"] = files_text(downloads)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Spend map").click()
    wait_for_map(page)
    no_traceback(page)
    out["map"] = page.inner_text("body")
    page.screenshot(path=str(OUT / "public-real-calderdale-spend-map.png"))
    out["websocket"] = "\n".join(frames)
    context.close()
    return out


def test_no_withheld_name_appears_anywhere(walk, expected):
    assert len(expected["people"]) == 33 and len(expected["withheld"]) > 100
    assert "24,372 rows" in walk["data"]
    assert "What public mode would hide" not in walk["data"]  # the officers' preview
    for where in ("data", "map", "websocket", "downloads"):
        leaked = [name_hash(n) for n in expected["withheld"] if n in walk[where]]
        assert not leaked, f"{where} shows withheld names {leaked}"
    assert {"CSV", "Excel (.xlsx)"} <= set(walk["labels"])
    assert any(label.startswith("GeoPackage (points: ") for label in walk["labels"])
    assert any(label.startswith("Unplaced suppliers") for label in walk["labels"])
    assert REDACTED_LABEL in walk["downloads"] and REDACTED_LABEL in walk["websocket"]


def test_labelled_organisations_appear(walk, expected):
    # Every organisation of the labelled sample is in the downloads; the largest ones reach the
    # page (the tables are sent over the websocket).
    missing = [o for o in expected["orgs"] if o not in walk["downloads"]]
    assert not missing, missing
    for org in ("Calderdale & Huddersfield NHS Foundation Trust", "Kirklees Council"):
        assert org in walk["websocket"]
