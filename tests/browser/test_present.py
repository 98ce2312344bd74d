"""Presentation mode in Chromium: nothing truncated or cut at projector sizes; the compact bar changes filters live."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    GREATER_MANCHESTER,
    MAP,
    OUT,
    off_map,
    settled_view,
    sized_page,
    wait_for_map,
    wait_idle,
)

SIZES = [(1280, 720), (1366, 768), (1920, 1080)]
PAGES = [
    ("spend_map", "imdmap=1&zlevel=ca&area=E47000001"),
    ("spend_map", ""),
    ("deprivation", ""),
    ("deprivation", "level=ca&area=E47000001&imd=2019"),
    # Its text and cards pushed both maps below a 720 px screen (workshop walk).
    ("growth_deals", "lep=E37000015"),
]

# Every figure, label and legend entry: its text fits its box (scrollWidth <= clientWidth), and the
# box lies inside the viewport; each map lies wholly inside the viewport (height too).
_OVERFLOW = """() => {
  const vw = window.innerWidth, vh = window.innerHeight, bad = [];
  const sels = ['[data-testid="stMetricValue"]', '[data-testid="stMetricLabel"]', '.sg-legend',
                '.sg-legend figcaption', '.sg-legend li', '.sg-lbl', '.st-key-sg-bar',
                '.sg-bars th', '.sg-bars td.sg-v'];
  for (const sel of sels) for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth + 1 || r.right > vw + 1 || r.left < -1)
      bad.push(`${sel} "${el.innerText.slice(0, 40)}" ${el.scrollWidth}/${el.clientWidth} right=${r.right}`);
  }
  // The map's key: on the first screen, not below it (workshop walk: the Spend map's legends
  // started at y=794 of a 720 px projector).
  for (const el of document.querySelectorAll('.sg-legend')) {
    const r = el.getBoundingClientRect();
    if (r.bottom > vh + 1) bad.push(`legend "${el.innerText.slice(0, 30)}" ends at ${Math.round(r.bottom)} of ${vh}`);
  }
  // A chart is wholly on the first screen or wholly below it, never cut across its axis.
  for (const el of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
    const r = el.getBoundingClientRect();
    if (r.top < vh - 1 && r.bottom > vh + 1) bad.push(`chart ${Math.round(r.top)}..${Math.round(r.bottom)} cut at ${vh}`);
  }
  for (const el of document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')) {
    const r = el.getBoundingClientRect();
    if (r.right > vw + 1 || r.bottom > vh + 1 || r.top < 0 || r.height < 250)
      bad.push(`map ${Math.round(r.top)}..${Math.round(r.bottom)} of ${vh}, ${Math.round(r.right)} of ${vw}`);
  }
  const metrics = document.querySelectorAll('[data-testid="stMetricValue"]').length;
  const legends = document.querySelectorAll('.sg-legend').length;
  return {bad, metrics, legends};
}"""


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize(("path", "query"), PAGES)
def test_presentation_fits_projector_sizes(browser, app_url, width, height, path, query):
    OUT.mkdir(exist_ok=True)
    ctx = browser.new_context(viewport={"width": width, "height": height})
    pg = ctx.new_page()
    pg.set_default_timeout(120_000)
    try:
        pg.goto(f"{app_url}/{path}?present=1{'&' + query if query else ''}")
        wait_for_map(pg)
        pg.screenshot(
            path=str(OUT / f"present-{path}-{bool(query)}-{width}x{height}.png"), timeout=300_000
        )
        found = pg.evaluate(_OVERFLOW)
        assert found["legends"] >= 1
        if path == "spend_map":
            assert found["metrics"] >= 6
        assert found["bad"] == []
        # The sidebar is gone; the compact bar carries filters, scenes and the vintage.
        assert not pg.locator('[data-testid="stSidebar"]').is_visible()
        assert pg.get_by_role("button", name="Filters").is_visible()
        assert pg.get_by_role("button", name="Scenes").is_visible()
        assert pg.get_by_text("IMD 2019 (LSOA 2011)").is_visible()
    finally:
        ctx.close()


def test_filter_bar_changes_the_view_live(page, app_url):
    """The facilitator changes the zoomed area from the bar's Filters popover, without the link."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/deprivation?present=1")
    wait_for_map(page)
    page.get_by_role("button", name="Filters").click()
    page.get_by_text("Combined Authority (CA 2025)").click()
    wait_idle(page)
    # The level change re-keys the area box: until the rerun is drawn, the old box can still be in
    # the DOM beside the new one (seen on a loaded CI machine).
    page.wait_for_function(
        "document.querySelectorAll('input[aria-label=\"Zoom to area\"]').length === 1",
        timeout=120_000,
    )
    page.get_by_label("Zoom to area").click()
    page.get_by_role("option", name="Greater Manchester (E47000001)").click()
    wait_idle(page)
    assert "area=E47000001" in page.url and "present=1" in page.url
    assert "Greater Manchester" in page.locator("h1").first.inner_text()
    assert page.locator(MAP).count() >= 1


def test_vintage_switch_changes_deprivation_figures_and_legends(page, app_url):
    """One control switches the index: title, legend, decile chart and map all change with it."""
    page.goto(f"{app_url}/deprivation?level=lad&area=E08000009")
    wait_for_map(page)
    legend = page.locator(".sg-legend").first
    assert "IMD 2025" in page.locator("h1").first.inner_text()
    assert "IMD 2025" in legend.inner_text() and "LSOA 2021" in legend.inner_text()
    before = page.locator('[data-testid="stDeckGlJsonChart"]').first.screenshot()
    page.get_by_text("IMD 2019 (LSOA 2011)").click()
    wait_for_map(page)
    assert "imd=2019" in page.url
    assert "IMD 2019" in page.locator("h1").first.inner_text()
    legend = page.locator(".sg-legend").first
    assert "IMD 2019" in legend.inner_text() and "LSOA 2011" in legend.inner_text()
    assert "LSOAs by IMD 2019 decile" in page.locator("main").inner_text()
    after = page.locator('[data-testid="stDeckGlJsonChart"]').first.screenshot()
    page.screenshot(path=str(OUT / "deprivation-imd2019.png"))
    assert before != after  # Trafford's 2011 and 2021 LSOAs, coloured by different indices
    # Going to another page through the menu (same session) keeps the vintage, and its link says so.
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Growth Deals").click()
    wait_for_map(page, 2)
    assert "imd=2019" in page.url
    assert "IMD 2019 decile 1" in page.locator("main").inner_text()


def test_presentation_is_entered_and_left_from_the_app(page, app_url):
    """Only the About text named ?present=1: a facilitator had to edit the link to present, and
    the bar had no way out. Now a sidebar button enters it and the bar's Exit leaves, the view kept."""
    from urllib.parse import parse_qs, urlparse

    def query() -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}

    page.goto(f"{app_url}/spend_map?zlevel=ca&area=E47000001")
    wait_for_map(page)
    page.locator('[data-testid="stSidebar"]').get_by_role(
        "button", name="Present this view"
    ).click()
    page.locator(".st-key-sg-bar").wait_for()
    wait_for_map(page)
    assert query().get("present") == "1" and query()["area"] == "E47000001"
    assert (
        page.locator('[data-testid="stSidebar"]').count() == 0
        or not page.locator('[data-testid="stSidebar"]').is_visible()
    )
    page.screenshot(path=str(OUT / "present-entered.png"))
    page.locator(".st-key-sg-bar").get_by_role("button", name="Exit").click()
    page.locator('[data-testid="stSidebar"]').wait_for()
    wait_for_map(page)
    assert "present" not in query() and query()["area"] == "E47000001"


def test_the_period_changes_live_from_the_filters_menu_by_keyboard(page, app_url):
    """Workshop walk: a start date typed into the Filters menu was lost when the menu closed on
    Escape or Enter, and the cards did not change. Presenting, the period is a month slider: the
    arrow keys move it and each move is applied, then Escape closes the menu."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/spend_map?present=1&from=2018-04-01&to=2023-03-31")
    wait_for_map(page)
    total = page.locator('[data-testid="stMetricValue"]').first
    before = total.inner_text()
    page.get_by_role("button", name="Filters").click()
    thumb = (
        page.locator('[data-testid="stSlider"]', has_text="Period (whole months)")
        .get_by_role("slider")
        .first
    )
    thumb.focus()
    for _ in range(24):  # two years on: April 2018 → April 2020
        page.keyboard.press("ArrowRight")
    wait_idle(page)
    page.keyboard.press("Escape")
    wait_idle(page)
    page.wait_for_function("location.search.includes('from=2020-04-01')", timeout=120_000)
    assert "to=2023-03-31" in page.url and "present=1" in page.url
    page.wait_for_function(
        "b => document.querySelector('[data-testid=\"stMetricValue\"]').innerText !== b",
        arg=before,
        timeout=120_000,
    )
    page.screenshot(path=str(OUT / "present-period-slider.png"))
    assert total.inner_text() != before


@pytest.mark.parametrize(
    "path", ["spend_map?zlevel=ca&area=E47000001", "deprivation?level=ca&area=E47000001"]
)
def test_a_links_area_is_whole_on_a_1024_projector(browser, app_url, path):
    # On a 1024×768 projector the view fitted for a 900×560 map cut Wigan off the Spend map's
    # 585-px map column, and Deprivation's map ran 41 px past the screen's foot (the bar takes
    # two rows there): the browser now reports the screen when presenting, and the map's height
    # leaves room for the two rows.
    ctx = browser.new_context(viewport={"width": 1024, "height": 768})
    pg = ctx.new_page()
    pg.set_default_timeout(120_000)
    try:
        pg.goto(f"{app_url}/{path}&present=1")
        view = settled_view(pg, GREATER_MANCHESTER)
        assert view, "no deck.gl viewport found"
        pg.screenshot(path=str(OUT / f"present-1024-{path.split('?')[0]}.png"))
        out = [
            (place, [round(v) for v in xy])
            for place, xy in zip(GREATER_MANCHESTER, view["xy"], strict=True)
            if not (0 <= xy[0] <= view["w"] and 0 <= xy[1] <= view["h"])
        ]
        assert not out, f"off the {view['w']}×{view['h']} map at zoom {view['zoom']:.2f}: {out}"
        box = pg.locator('[data-testid="stDeckGlJsonChart"]').first.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 768 + 1, box
    finally:
        ctx.close()


@pytest.mark.parametrize(
    "path", ["spend_map", "spend_map?zlevel=ca&area=E47000001", "deprivation", "growth_deals"]
)
def test_a_desktop_load_runs_the_script_once(browser, app_url, path):
    # The screen probe reports only narrower screens (or presenting): a desktop's first map is not
    # delayed by a second run (the first-map time is a tracked target). Each run the browser asks
    # for is one websocket message from it; the first is the page's own load.
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    pg = ctx.new_page()
    pg.set_default_timeout(120_000)
    sent: list[bytes | str] = []
    pg.on("websocket", lambda ws: ws.on("framesent", lambda m: sent.append(m)))
    try:
        pg.goto(f"{app_url}/{path}")
        wait_for_map(pg)
        pg.wait_for_timeout(2000)  # a probe's report (debounced 400 ms) would have gone by now
        wait_idle(pg)
        assert len(sent) == 1, [bytes(m[:160]) if isinstance(m, bytes) else m[:160] for m in sent]
    finally:
        ctx.close()


# When the page sends each websocket message, and when the map's canvas first appears (page clock).
_TIMES = """
window.__sgSends = [];
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (...a) { window.__sgSends.push(performance.now()); return send.apply(this, a); };
new MutationObserver((_, obs) => {
  if (document.querySelector('[data-testid="stDeckGlJsonChart"] canvas')) {
    window.__sgCanvas = performance.now(); obs.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


@pytest.mark.parametrize("path", ["spend_map?imdmap=1&zlevel=ca&area=E47000001", "deprivation"])
def test_a_presenting_link_reports_the_screen_before_its_map_is_drawn(browser, app_url, path):
    # Workshop walk: the probe waited for a presenting page's layout to settle before it reported
    # the projector's size, so a presentation link drew its map for an assumed screen, then again
    # refitted (1280×720, Spend map zoomed to Greater Manchester: 10 frames, last one ~1 s later).
    # Presenting, the layout follows the window alone, so the report goes as the probe mounts,
    # before the map's canvas exists, and its run is the one that draws the map.
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = ctx.new_page()
    pg.set_default_timeout(120_000)
    pg.add_init_script(_TIMES)
    try:
        pg.goto(f"{app_url}/{path}&present=1" if "?" in path else f"{app_url}/{path}?present=1")
        view = settled_view(pg, GREATER_MANCHESTER)
        assert view, "no deck.gl viewport found"
        sends, canvas = pg.evaluate("[window.__sgSends, window.__sgCanvas]")
        # The page's load, then the probe's one report; nothing after the map is up.
        assert len(sends) == 2, sends
        assert sends[1] < canvas, f"screen reported at {sends[1]:.0f} ms, map drawn at {canvas:.0f}"
        # The fit is for the projector's map (Spend map 738.9 px wide at 1280): the zoomed area is
        # whole inside it.
        out = [
            xy
            for xy in view["xy"]
            if "area=" in path and not (0 <= xy[0] <= view["w"] and 0 <= xy[1] <= view["h"])
        ]
        assert not out, (view["w"], view["h"], out)
    finally:
        ctx.close()


# Dartford, Margate, Folkestone and Tunbridge Wells: Kent's corners.
KENT = [(0.218, 51.446), (1.386, 51.389), (1.166, 51.081), (0.263, 51.132)]
KENT_LINK = "spend_map?zlevel=utla24&area=E10000016"


def _sends(pg) -> list:
    sent: list = []
    pg.on("websocket", lambda ws: ws.on("framesent", lambda m: sent.append(m)))
    return sent


def _span(view) -> float:
    xs = [x for x, _ in view["xy"]]
    return (max(xs) - min(xs)) / view["w"]


def test_a_return_visit_fits_a_wide_desktops_map_in_one_run(browser, app_url):
    # A wide desktop was fitted for the smallest desktop's map (a 436-px one): at 1920 px Kent
    # filled a third of its 870-px map. Reporting the screen there cost a second run that drew the
    # map twice, so the probe now remembers the screen (a cookie) and a return visit is fitted to
    # it in its first and only run.
    with sized_page(browser, 1920, 1080) as pg:
        sent = _sends(pg)
        pg.goto(f"{app_url}/{KENT_LINK}")
        first = settled_view(pg, KENT)
        assert first and len(sent) == 1 and _span(first) < 0.45, (len(sent), first)
        cookies = pg.context.cookies()
        cookie = {c["name"]: c["value"] for c in cookies}.get("sg_screen", "")
        assert cookie.startswith("1920x1080x"), cookies
        sent.clear()
        pg.goto(f"{app_url}/{KENT_LINK}")  # a new session: the server reads the cookie
        again = settled_view(pg, KENT)
        pg.screenshot(path=str(OUT / "spend-map-kent-return-1920.png"))
        assert again and len(sent) == 1, len(sent)
        assert _span(again) > 0.6, again  # Kent fills its map: fitted to this window's map
        assert not off_map(again), (again["w"], off_map(again))


def test_a_window_narrower_than_remembered_is_reported_and_fitted(browser, app_url):
    # The cookie says 1920 px, but this window is 1300 px wide (over the smallest desktop, so it
    # would report nothing): fitted to the remembered screen, Kent would run off its map. The
    # probe reports it at once, and the run it asks for fits Kent whole.
    with sized_page(browser, 1300, 900) as pg:
        pg.context.add_cookies([{"name": "sg_screen", "value": "1920x1080x1460", "url": app_url}])
        sent = _sends(pg)
        pg.goto(f"{app_url}/{KENT_LINK}")
        view = settled_view(pg, KENT)
        assert view and len(sent) == 2, len(sent)
        assert not off_map(view), (view["w"], off_map(view))


def test_a_projector_measured_before_presents_in_one_run(browser, app_url):
    # A facilitator opened the app on the projector's laptop before: its presentation link needs
    # no screen report (and no second run) before its map.
    with sized_page(browser, 1280, 720) as pg:
        pg.goto(f"{app_url}/spend_map")
        wait_for_map(pg)
        pg.wait_for_timeout(1000)
        sent = _sends(pg)
        pg.goto(f"{app_url}/spend_map?imdmap=1&zlevel=ca&area=E47000001&present=1")
        view = settled_view(pg, GREATER_MANCHESTER)
        assert view and len(sent) == 1, len(sent)
        assert not off_map(view), (view["w"], view["h"], off_map(view))
        box = pg.locator('[data-testid="stDeckGlJsonChart"]').first.bounding_box()
        assert box["y"] + box["height"] <= 720 + 1, box


def test_present_this_view_opens_at_the_top_and_the_bar_stays_on_screen(page, app_url):
    # Trafford walk: "Present this view", pressed with the page scrolled down to the chart,
    # opened the presentation mid-page with the map's top off the screen; and the compact bar
    # (filters, scenes, exit) scrolled away with the page: it was sticky only inside its own
    # wrapper.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/spend_map?imdmap=1&zlevel=ca&area=E47000001")
    wait_for_map(page)
    wait_idle(page)
    main = '[data-testid="stMain"]'
    page.evaluate(f"document.querySelector('{main}').scrollTop = 900")
    page.locator('[data-testid="stSidebar"]').get_by_role(
        "button", name="Present this view"
    ).click()
    page.locator(".st-key-sg-bar").wait_for()
    wait_for_map(page)
    wait_idle(page)
    assert page.evaluate(f"document.querySelector('{main}').scrollTop") == 0
    box = page.locator(MAP).first.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 800 + 1, box
    page.evaluate(f"document.querySelector('{main}').scrollTop = 700")
    page.wait_for_timeout(300)
    bar = page.locator(".st-key-sg-bar").bounding_box()
    page.screenshot(path=str(OUT / "present-scrolled-bar.png"))
    assert -1 <= bar["y"] <= 12, bar  # stuck at the top of the screen
    assert page.get_by_role("button", name="Filters").is_visible()
