"""Chromium, public mode: an upload naming people, sole traders and a section 17 payment shows none of them anywhere.

"Anywhere" is every byte the server sends the browser over its websocket (page text, tables, the
deck JSON of the map) and every download, on the Data page and on the Spend map. Hostile markup in
supplier and file names renders as literal text, never as a link or an image.
"""

from __future__ import annotations

import pandas as pd
import pytest

from geo.spend.privacy import REDACTED_LABEL
from tests.browser.conftest import OUT, files_text, recording_page, wait_for_map, wait_idle
from tests.browser.test_data_uploads import download, load, no_traceback, snap, upload

pytestmark = pytest.mark.browser

# Made-up rows shaped like the examples: people, sole traders, a section 17 payment whose
# purpose names the family, and free text naming a person beside an organisation's row.
CSV = """Supplier Name,Amount,Date Paid,Postcode,Purpose
Shanice Winterton,100.00,04/05/2024,M33 7XX,SECT 17 PAY ITEM 6
Nicholas Penhale T/A Wings,450.00,05/05/2024,M1 1AE,Catering
Gillian Torrance T/A GTA,1200.00,06/05/2024,M1 1AE,Consultancy
Omar Rash’id,75.00,07/05/2024,M1 1AE,Refund
Bright Steps Ltd,640.00,08/05/2024,M1 1AE,SECT 17 PAY ITEM 6 Kerry-Ann Hallam
Acme Facilities Ltd,5200.00,09/05/2024,M1 1AE,ARTWORK - Harriet Ecclesby February Sales
[click](https://evil.example) Ltd,300.00,10/05/2024,M1 1AE,Printing
<img src=x onerror=alert(1)> Ltd,310.00,11/05/2024,M1 1AE,Printing
**bold** Services Ltd,320.00,12/05/2024,M1 1AE,Printing
"""
PRIVATE = (
    "Shanice Winterton",
    "Winterton",
    "Nicholas Penhale",
    "Penhale",
    "T/A Wings",
    "Gillian Torrance",
    "Torrance",
    "Rash’id",
    "Rash'id",
    "SECT 17",
    "Kerry-Ann Hallam",
    "Harriet Ecclesby",
    "Ecclesby",
    "Bright Steps",  # an organisation, but its only payment is a section 17 payment
    "M33 7XX",  # a redacted person's postcode
)
HOSTILE_FILE = "[click](https://evil.example) <img src=x onerror=alert(1)> **bold**.csv"


def _hostile_rendered(page) -> list[str]:
    main = page.locator('[data-testid="stMain"]')
    bad = main.locator(
        "a[href*='evil.example'], img[src='x'], img[onerror], strong:has-text('bold')"
    )
    return [bad.nth(i).evaluate("e => e.outerHTML") for i in range(bad.count())]


@pytest.fixture(scope="module")
def public_walk(browser, public_url, tmp_path_factory):
    """One public session: upload the file, read the Data page, download everything, open the Spend map."""
    context, page, frames = recording_page(browser, 300_000)  # a cold server on a loaded machine
    page.goto(f"{public_url}/data")
    page.wait_for_selector("h1")
    wait_idle(page)
    upload(page, [{"name": HOSTILE_FILE, "mimeType": "text/csv", "buffer": CSV.encode("utf-8")}])
    load(page)
    no_traceback(page)
    walk = {"data": page.inner_text("body"), "data_markup": _hostile_rendered(page)}
    snap(page, "public-upload-data.png")
    downloads = tmp_path_factory.mktemp("public-downloads")
    buttons = page.locator('[data-testid="stDownloadButton"] button')
    labels = [buttons.nth(i).inner_text().strip() for i in range(buttons.count())]
    for label in labels:  # every download on the page, area tables included
        download(page, label, downloads)
    walk["labels"] = labels
    walk["downloads"] = files_text(downloads)
    walk["n_downloads"] = len(list(downloads.iterdir()))
    located = [f for f in downloads.iterdir() if f.name.endswith("_located.csv")]
    walk["located"] = pd.read_csv(located[0], dtype=str, keep_default_na=False) if located else None
    # The Spend map of the same session: points, tooltips and tables built from the upload.
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Spend map").click()
    wait_for_map(page)
    no_traceback(page)
    walk["map"] = page.inner_text("body")
    walk["map_markup"] = _hostile_rendered(page)
    page.screenshot(path=str(OUT / "public-upload-spend-map.png"))
    walk["websocket"] = "\n".join(frames)
    context.close()
    return walk


def test_public_upload_shows_no_private_string_anywhere(public_walk):
    assert "9 rows" in public_walk["data"]
    assert REDACTED_LABEL in public_walk["data"]
    assert "What public mode would hide" not in public_walk["data"]  # officers only
    assert public_walk["n_downloads"] >= 3  # CSV, XLSX, GeoPackage at least
    # The captures work: an organisation's name and its free-text purpose's absence are checked.
    assert "Acme Facilities Ltd" in public_walk["websocket"]
    assert "Acme Facilities Ltd" in public_walk["downloads"]
    # Markdown in a company's name is escaped for display, not taken for a redaction marker.
    assert "**bold** Services Ltd" in public_walk["downloads"]
    for where in ("data", "map", "websocket", "downloads"):
        leaked = [p for p in PRIVATE if p in public_walk[where]]
        assert not leaked, f"{where} shows {leaked}"


def test_public_download_gives_a_withheld_row_no_row_number(public_walk):
    """Beside the council's published file, a row number pointed straight to the withheld name:
    a redacted row keeps its £, date and area but not its number (public walk)."""
    rows = public_walk["located"]
    assert rows is not None, "no located CSV was downloaded"
    withheld = rows["Supplier"] == REDACTED_LABEL
    assert withheld.sum() == 5  # four people, and an organisation paid under section 17
    assert (rows.loc[withheld, "Row in source file"] == "").all()
    assert (rows.loc[~withheld, "Row in source file"] != "").all()


def test_hostile_names_render_as_text_on_the_data_page(public_walk):
    # The file name is a hostile string: shown as the words typed, never a link, image or bold.
    assert "[click](https://evil.example)" in public_walk["data"].replace("\u2060", "")
    assert public_walk["data_markup"] == []
    assert "[click](https://evil.example) Ltd" in public_walk["downloads"]  # data, in a download


def test_hostile_names_render_as_text_on_the_spend_map(public_walk):
    # The Spend map's caption and warning carry the dataset (file) name.
    assert public_walk["map_markup"] == []
