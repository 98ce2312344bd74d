"""Spend map in Chromium: click a supplier or an area for details, download the map image and report, tables fit."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from tests.browser.conftest import MAP, OUT, click_map_until, off_map, wait_for_map, wait_idle

pytestmark = pytest.mark.browser

ZOOM = 12.0


@pytest.fixture(scope="module")
def default_points(store_path):
    """(points, summary) of the default Contracts Finder dataset, computed as the app does."""
    from geo.analysis.filters import Filters, apply_filters
    from geo.analysis.index import prepare_spend, select
    from geo.analysis.points import supplier_points
    from geo.analysis.summary import summarise
    from geo.paths import raw_dir
    from geo.spend import pipeline
    from geo.spend.geocode import PostcodeLookup
    from geo.store import catalogue
    from geo.store import read as store

    entry = catalogue.get("spend_cf")
    ds = pipeline.build_dataset(
        [raw_dir() / entry.path],
        PostcodeLookup.from_index(store.read_postcodes()),
        name=entry.title,
    )
    sf = prepare_spend(ds.geocoded)
    sel = select(sf, apply_filters(sf, Filters()))
    return supplier_points(sf, sel, None), summarise(sf, sel, None)


def _world(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel of a lon/lat at a deck.gl zoom (512-px world at zoom 0)."""
    size = 512 * 2**zoom
    phi = math.radians(lat)
    x = (lon + 180) / 360 * size
    y = (1 - math.log(math.tan(phi) + 1 / math.cos(phi)) / math.pi) / 2 * size
    return x, y


def _pixel(box: dict, centre: tuple[float, float], at: tuple[float, float], zoom: float):
    """Screen pixel of `at` (lat, lon) on a map canvas `box` centred on `centre` (lat, lon)."""
    cx, cy = _world(*centre, zoom)
    px, py = _world(*at, zoom)
    return box["x"] + box["width"] / 2 + (px - cx), box["y"] + box["height"] / 2 + (py - cy)


def _tap(page, x: float, y: float) -> None:
    # A real press: move there first (deck.gl picks on hover), then down/up at the same spot.
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    page.mouse.down()
    page.mouse.up()


def _lone_point(points, min_gap_deg: float = 0.004):
    """The biggest supplier point (not a grid group) with no other point within `min_gap_deg`."""
    lon, lat = points["lon"].to_numpy(float), points["lat"].to_numpy(float)
    for i in np.argsort(-points["amount"].to_numpy(float)):
        if int(points["key"].iloc[i]) < 0 or not np.isfinite(lon[i]):
            continue
        d = np.hypot(lon - lon[i], lat - lat[i])
        d[i] = np.inf
        if d.min() > min_gap_deg and 49.9 < lat[i] < 55.9:
            return points.iloc[i]
    raise AssertionError("no isolated supplier point in the default dataset")


@pytest.mark.parametrize("extra", ["layers=none", "layers=lad&imdmap=1"])
def test_clicking_a_point_off_centre_shows_its_rows(page, app_url, default_points, extra):
    # The point is placed away from the canvas centre, so the click only lands if its projected
    # pixel is right; the table of its rows must appear under the map. With the IMD layer on, a
    # pickable LSOA layer made deck.gl's pointer-down picking take ~2 s on software WebGL, longer
    # than a tap: the click never registered (the LSOA fill is now not pickable).
    points, _ = default_points
    pt = _lone_point(points)
    centre = (float(pt["lat"]) + 0.006, float(pt["lon"]) - 0.012)  # point ~70 px right, ~60 down
    page.goto(f"{app_url}/spend_map?{extra}&view={centre[0]:.5f},{centre[1]:.5f},{ZOOM:.2f}")
    wait_for_map(page)
    # deck.gl may not have drawn the points yet on a loaded machine (a tap then picks nothing):
    # tap again, as a person would, until the selection shows.
    selected = page.get_by_text("Selected on the map")
    where = lambda box: _pixel(box, centre, (float(pt["lat"]), float(pt["lon"])), ZOOM)  # noqa: E731
    click_map_until(
        page, page.locator(MAP).first, selected, press=lambda x, y: _tap(page, x, y), where=where
    )
    page.get_by_text("Selected on the map").wait_for()
    wait_idle(page)
    detail = page.locator('[data-testid="stMarkdownContainer"]', has_text=f"— {pt['code']}")
    assert detail.count() >= 1
    heading = detail.first.locator("xpath=ancestor::*[@data-testid='stElementContainer'][1]")
    table = heading.locator("xpath=following-sibling::*[1]//*[@data-testid='stDataFrame']")
    assert table.count() == 1
    page.screenshot(path=str(OUT / f"spend-map-click-point-{extra[:10]}.png"), full_page=True)


def test_clicking_an_area_shows_its_details(page, app_url, default_points):
    # A spot inside a LEP far from every supplier point: the pick is the LEP outline's.
    points, _ = default_points
    lon, lat = points["lon"].to_numpy(float), points["lat"].to_numpy(float)
    candidates = [(52.95, -0.05), (54.6, -2.9), (52.4, 0.6), (50.65, -3.9), (53.9, -1.0)]
    centre = max(candidates, key=lambda c: np.nanmin(np.hypot(lon - c[1], lat - c[0])))
    page.goto(f"{app_url}/spend_map?layers=lep&view={centre[0]:.5f},{centre[1]:.5f},9.00")
    wait_for_map(page)
    selected = page.get_by_text("Selected on the map")
    click_map_until(page, page.locator(MAP).first, selected, press=lambda x, y: _tap(page, x, y))
    selected.wait_for()
    wait_idle(page)
    body = page.inner_text('[data-testid="stMain"]')
    assert "Traceback" not in body
    assert "LEP: " in body and "E37" in body  # the LEP's name and GSS code
    assert "suppliers located in this area" in body or "No spend in this selection" in body
    page.screenshot(path=str(OUT / "spend-map-click-area.png"), full_page=True)


# Zoomed, places inside the area far from supplier points, and what a click there must name.
ZOOMED_CLICKS = {
    "ca": (
        "zlevel=ca&area=E47000001",
        [(53.60, -2.55), (53.55, -2.08), (53.42, -2.42), (53.63, -2.27), (53.39, -2.12)],
        [
            "In Greater Manchester (E37000015), Local Enterprise Partnership (LEP 2021",
            "In Greater Manchester (E47000001), Combined Authority (CA 2025)",
        ],
    ),
    # A county (upper-tier 2024): a click named the LEP under it, not the LSOA.
    "county": (
        "zlevel=utla24&area=E10000016",
        [(51.20, 0.60), (51.10, 0.85), (51.30, 0.30), (51.05, 1.05), (51.25, 0.95)],
        ["In Kent (E10000016), Upper-tier local authority (2024): "],
    ),
}


@pytest.mark.parametrize("case", list(ZOOMED_CLICKS))
def test_zoomed_with_deciles_a_click_names_the_lsoa_and_its_areas_spend(
    page, app_url, default_points, case
):
    # Zoomed with the IMD layer, the decile tiles answer clicks: the LSOA, its decile, and the
    # LAD, county, LEP and CA it lies in with each one's spend. (The invisible LEP click layer,
    # four more tile requests and a redraw on the zoomed map's first view, is gone.)
    query, candidates, lines = ZOOMED_CLICKS[case]
    points, _ = default_points
    lon, lat = points["lon"].to_numpy(float), points["lat"].to_numpy(float)
    centre = max(candidates, key=lambda c: np.nanmin(np.hypot(lon - c[1], lat - c[0])))
    page.goto(
        f"{app_url}/spend_map?imdmap=1&layers=lep&{query}"
        f"&view={centre[0]:.5f},{centre[1]:.5f},11.00"
    )
    wait_for_map(page)
    selected = page.get_by_text("Selected on the map")
    click_map_until(page, page.locator(MAP).first, selected, press=lambda x, y: _tap(page, x, y))
    selected.wait_for()
    wait_idle(page)
    page.screenshot(path=str(OUT / f"spend-map-click-lsoa-zoomed-{case}.png"), full_page=True)
    body = page.inner_text('[data-testid="stMain"]')
    assert "Traceback" not in body
    i = body.find("LSOA: ")
    assert i >= 0 and "E01" in body and "decile" in body, body
    shown = body[i : i + 800]
    assert "(LAD 2024): " in shown, shown  # its district, with that district's spend
    for line in lines:
        assert line in shown, shown
    assert "suppliers located in this area" in body or "No spend in this selection" in body


def test_map_png_and_html_report_download(page, app_url, default_points):
    from PIL import Image

    from geo.fmt import format_gbp

    _, summary = default_points
    page.goto(f"{app_url}/spend_map")
    wait_for_map(page)
    with page.expect_download(timeout=180_000) as png_dl:
        page.get_by_role("button", name="Map (PNG)").click()
    png = png_dl.value
    assert png.suggested_filename.endswith("_map.png")
    img = Image.open(png.path())
    img.load()
    assert img.size[0] >= 2000  # A4 width at print resolution
    pixels = np.asarray(img.convert("RGB"))
    colours = np.unique(pixels.reshape(-1, 3), axis=0)
    assert len(colours) > 50 and pixels.std() > 10  # a drawn map, not a blank page
    img.convert("RGB").resize((img.size[0] // 4, img.size[1] // 4)).save(OUT / "spend-map-png.png")

    with page.expect_download(timeout=180_000) as html_dl:
        page.get_by_role("button", name="Report (HTML)").click()
    html = Path(html_dl.value.path()).read_text(encoding="utf-8")
    assert format_gbp(summary.total_gbp) in html  # the headline £ of the page's selection
    assert "<img" in html and "Traceback" not in html
    (OUT / "spend-map-report.html").write_text(html, encoding="utf-8")
    # Opened as a reader opens it: no table header breaks inside a word (headers read
    # "Transa/ctions" and "location/s" when every cell could wrap anywhere).
    page.goto((OUT / "spend-map-report.html").as_uri())
    broken = page.evaluate(BROKEN_HEADER_WORDS)
    page.screenshot(path=str(OUT / "spend-map-report.png"), full_page=True)
    assert broken == [], broken


# Words of every table header drawn on more than one line (a hyphenated break counts as whole:
# the word's range then spans two lines only with a hyphen, which `hyphens: auto` draws).
BROKEN_HEADER_WORDS = r"""() => {
  const out = [];
  for (const th of document.querySelectorAll('th')) {
    const node = th.firstChild;
    if (!node || node.nodeType !== 3) continue;
    const re = /\S+/g; let m;
    while ((m = re.exec(node.data))) {
      const r = document.createRange();
      r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
      if (tops.size > 1 && !m[0].includes('-')) out.push(m[0]);
    }
  }
  return out;
}"""


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_top_suppliers_show_every_name_whole(browser, app_url, default_points, width, height):
    """The card column's Top suppliers was a narrow data grid that cut names
    ("OXLEAS NHS FOUNDATI…", whole only in a tooltip: none on a phone) and scrolled sideways on a
    phone. Now it is a table whose names wrap whole: every supplier of the summary's top ten, in
    order, with its £ and share, and no cell past the table's or the window's edge."""
    from geo.fmt import format_gbp, format_share

    _, summary = default_points
    ctx = browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    page.set_default_timeout(120_000)
    try:
        page.goto(f"{app_url}/spend_map")
        wait_for_map(page)
        table = page.locator('table.sg-small[aria-label="Top suppliers"]')
        table.scroll_into_view_if_needed()
        table.screenshot(path=str(OUT / f"spend-map-top-suppliers-{width}.png"))
        rows = [r.split("\t") for r in table.locator("tbody tr").all_inner_texts()]
        top = summary.top_suppliers
        assert [r[0] for r in rows] == top["supplier"].astype(str).tolist()
        assert [r[1:] for r in rows] == [
            [format_gbp(g), format_share(s)] for g, s in zip(top["gbp"], top["share"], strict=True)
        ]
        assert "OXLEAS NHS FOUNDATION TRUST" in [r[0] for r in rows]
        cut = table.evaluate(
            """t => { const b = t.getBoundingClientRect(); return [...t.querySelectorAll('th,td')]
              .filter(c => c.scrollWidth > c.clientWidth + 1
                || c.getBoundingClientRect().right > Math.min(b.right, innerWidth) + 1)
              .map(c => c.innerText) }"""
        )
        assert cut == [], cut
    finally:
        ctx.close()


def test_upper_tier_authority_as_local(page, app_url):
    """An officer of a county council makes their county "local": the cards, the headline and the
    link say which boundary and vintage, and the map colours Kent's suppliers as local."""
    page.goto(f"{app_url}/spend_map?colour=local&layers=utla24")
    wait_for_map(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("One upper-tier authority (county or unitary, 2024)").click()
    wait_idle(page)
    sidebar.get_by_label("Area", exact=True).first.click()
    page.keyboard.type("Kent")  # the list is virtualised: filter it to bring Kent into view
    page.get_by_role("option", name="Kent (E10000016)").click()
    wait_for_map(page)
    assert "local=utla24%3AE10000016" in page.url or "local=utla24:E10000016" in page.url
    main = page.locator("main").inner_text()
    assert (
        "upper-tier authority Kent (E10000016; UTLA 2024 (ONS codes; May 2025 boundaries))" in main
    )
    share = page.locator('[data-testid="stMetric"]').filter(has_text="Local share")
    assert "%" in share.inner_text()
    # The county outlines are drawn (vector tiles when built) and named in the legend.
    assert "Upper-tier local authority (2024)" in main
    page.screenshot(path=str(OUT / "spend-map-local-kent.png"))


def test_the_locations_table_is_built_when_its_expander_opens(page, app_url, default_points):
    """The supplier-locations table is built and sent only once its expander opens (a closed one
    was ~90 kB and a data grid drawn before the map's first frame): opening it shows every
    point's row, and closing and reopening keeps working."""
    points, _ = default_points
    page.goto(f"{app_url}/spend_map")
    wait_for_map(page)
    main = page.locator("main")
    grids_closed = main.locator('[data-testid="stDataFrame"]').count()
    box = main.locator('[data-testid="stExpander"]').filter(
        has_text="Table: supplier locations on the map"
    )
    assert box.locator('[data-testid="stDataFrame"]').count() == 0
    box.get_by_text("Table: supplier locations on the map").click()
    grid = box.locator('[data-testid="stDataFrame"]')
    grid.wait_for(timeout=60_000)
    wait_idle(page)
    assert main.locator('[data-testid="stDataFrame"]').count() == grids_closed + 1
    # Glide's grid names its row count for screen readers.
    rows = grid.locator('[role="grid"]').get_attribute("aria-rowcount")
    assert int(rows) == len(points) + 1  # + the header row
    # The suppliers' own headings: it once headed supplier names "Area name" and postcodes
    # "Area code (GSS)".
    heads = grid.locator('[role="columnheader"]').all_inner_texts()
    assert heads[:2] == ["Supplier", "Postcode"], heads
    assert not any("Area" in h for h in heads), heads
    grid.scroll_into_view_if_needed()
    page.screenshot(path=str(OUT / "spend-map-locations-table-open.png"))
    box.get_by_text("Table: supplier locations on the map").click()
    wait_idle(page)
    box.get_by_text("Table: supplier locations on the map").click()
    box.locator('[data-testid="stDataFrame"]').wait_for(timeout=60_000)


# Dartford, Margate, Folkestone and Tunbridge Wells: Kent's corners, north-west to south-west.
KENT_PLACES = [(0.218, 51.446), (1.386, 51.389), (1.166, 51.081), (0.263, 51.132)]


def test_an_officer_zooms_the_map_to_their_county(page, app_url):
    """A county council's officer zooms the Spend map to their county (before, "Zoom to" offered
    districts, LEPs and combined authorities only): the whole county fills the map, outlined,
    with the rest veiled, and the link keeps it."""
    from tests.browser.conftest import settled_view

    page.goto(f"{app_url}/spend_map?imdmap=1")
    wait_for_map(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("radiogroup", name="Zoom to").get_by_text(
        "Upper-tier local authority (2024)"
    ).click()
    wait_idle(page)
    sidebar.get_by_label("Area", exact=True).last.click()
    page.keyboard.type("Kent")
    page.get_by_role("option", name="Kent (E10000016)").click()
    wait_idle(page)
    assert "zlevel=utla24" in page.url and "area=E10000016" in page.url
    view = settled_view(page, KENT_PLACES)
    assert view, "no deck.gl viewport found"
    page.screenshot(path=str(OUT / "spend-map-zoom-kent.png"))
    assert not off_map(view), (view["w"], view["h"], off_map(view))
    # Fitted for the smallest desktop's 436-px map (a wider window's map shows more around it):
    # Dartford to Margate spans ~0.7 of that, ~0.5 of CI's 616-px map; all England's view, 0.08.
    xs = [x for x, _ in view["xy"]]
    assert (max(xs) - min(xs)) / view["w"] > 0.4, view
