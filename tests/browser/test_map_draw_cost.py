"""What a map costs the browser to draw (issue 14): vertices per frame, counted by wrapping WebGL's
draw calls, stay within a budget that software WebGL (no GPU: virtual desktops, old laptops, this
headless Chromium) redraws in about a second. Counts, not timings, so the test does not flake on a
loaded machine; bench/bench_filter_change.py prints the time."""

from __future__ import annotations

import pytest

from geo.present.tiled import tiles_available
from tests.browser.conftest import wait_for_map, wait_idle

pytestmark = pytest.mark.browser

# Every draw call of one synchronous task (deck.gl draws a frame in one animation-frame callback)
# is summed into one frame: elements/vertices × instances.
COUNT_DRAWS = """
window.__frames = [];
let current = null;
const gl2 = WebGL2RenderingContext.prototype;
for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']) {
  const original = gl2[name];
  gl2[name] = function (...args) {
    if (!current) {
      current = {vertices: 0, calls: 0};
      window.__frames.push(current);
      queueMicrotask(() => { current = null; });
    }
    const count = name.includes('Elements') ? args[1] : args[2];
    const instances = name.includes('Instanced') ? args[args.length - 1] : 1;
    current.vertices += count * instances;
    current.calls += 1;
    return original.apply(this, args);
  };
}
"""
# Before LSOA edges became their own layer from zoom 9.5, the national Spend map with the IMD
# layer drew 3.16M vertices a frame (2.6M of them strokes under 0.1 px wide) and took 7-9 s per
# redraw; Greater Manchester drew 2.63M. Then about 0.7M; since the decile tiles' band groups are
# MVT layers a map parses only when it shows them (ribbons.band_layer), 0.45M (0.71M before; this
# test's 1500×1000 window).
FRAME_VERTEX_BUDGET = 600_000


def _heaviest_frame(page) -> dict:
    frames = page.evaluate("window.__frames")
    assert frames, "the map drew nothing"
    return max(frames, key=lambda f: f["vertices"])


# Zoomed views have their own, tighter budget: below the deepest zoom the LSOA tiles drop detail
# under 2 px (tiles.COVERAGE_SIMPLIFY_PX). At half a pixel, Greater Manchester drew 657k
# vertices a frame and Manchester 352k; now 311k and 189k (one 1280×720 load; how many tiles a
# view straddles moves these, 288k seen for Manchester here), and the GPU time of a frame on
# software WebGL fell from ~650 to ~285 ms. Parsing only the band layers a map shows took them
# (1500×1000, Deprivation page) from 376k to 198k and from 288k to 208k: ~100-115 ms a frame.
# Since session 15 a zoomed view is fitted to the page's real map column (geo.present.views.map_box),
# so the whole CA is in view (the 900 px fit had cut Greater Manchester's west edge): at 1500×1000
# Deprivation's view straddles 9 z9 tiles, 269k vertices in its heaviest frame (CI).
ZOOMED_CA_BUDGET = 300_000
ZOOMED_LAD_BUDGET = 245_000


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        ("spend_map?imdmap=1&layers=lep", FRAME_VERTEX_BUDGET),
        ("spend_map?imdmap=1&layers=lep&zlevel=ca&area=E47000001", ZOOMED_CA_BUDGET),
        ("deprivation", FRAME_VERTEX_BUDGET),
        ("deprivation?level=ca&area=E47000001", ZOOMED_CA_BUDGET),
        # Zoomed to one district (Manchester, zoom ~10) the LSOA edges show. As a stroked layer
        # they were 2.26M vertices a frame (188,000 path segments), ~3.7 s per frame: each pan
        # step, and the frame after each click. Now gaps in the tiles: no vertex of their own.
        ("deprivation?level=lad&area=E08000003", ZOOMED_LAD_BUDGET),
        ("spend_map?imdmap=1&layers=lep&zlevel=lad&area=E08000003", ZOOMED_LAD_BUDGET),
    ],
)
def test_map_frames_stay_within_the_vertex_budget_before_and_after_a_change(
    page, app_url, path, budget
):
    if not tiles_available(["lsoa21", "lep"]):
        pytest.skip("vector tiles not built (python -m geo tiles)")
    page.add_init_script(COUNT_DRAWS)
    page.goto(f"{app_url}/{path}")
    wait_for_map(page)
    page.wait_for_timeout(3000)  # every tile in view arrived and was drawn
    first = _heaviest_frame(page)
    assert first["vertices"] > 10_000, first  # the LSOAs were drawn at all
    assert first["vertices"] < budget, first
    if path.startswith("spend_map"):
        page.evaluate("window.__frames = []")
        query = page.get_by_label("Supplier name contains")
        query.fill("care")
        query.press("Enter")
        wait_idle(page)
        redraw = _heaviest_frame(page)  # the redraw with the new points
        assert redraw["vertices"] < budget, redraw


# Which deck.gl frame each tile was fetched in: COUNT_DRAWS's frame count at each fetch (the MVT
# loader fetches on the main thread).
FETCH_FRAMES = """
window.__tileFrames = [];
const fetch0 = window.fetch;
window.fetch = function (input, init) {
  const url = typeof input === 'string' ? input : input.url;
  if (url.includes('/tiles/')) window.__tileFrames.push([url.split('/tiles/')[1], window.__frames.length]);
  return fetch0.call(this, input, init);
};
"""


@pytest.mark.parametrize(
    "path",
    [
        "spend_map?imdmap=1&layers=lep&zlevel=ca&area=E47000001",
        "deprivation?level=ca&area=E47000001",
    ],
)
def test_the_first_view_asks_for_every_tile_in_it_at_once(page, app_url, path):
    """deck.gl sizes its canvas a frame after inserting it, so its first view was the canvas
    default, 300×150 px: it fetched the one decile tile under that, drew (a slow frame without a
    GPU), then fetched the other three. The app's CSS sizes the canvas from the start
    (ui/frame.py), so every tile of the view is fetched before deck.gl's second frame."""
    if not tiles_available(["lsoa21", "lep"]):
        pytest.skip("vector tiles not built (python -m geo tiles)")
    page.add_init_script(COUNT_DRAWS)
    page.add_init_script(FETCH_FRAMES)
    page.goto(f"{app_url}/{path}")
    wait_for_map(page)
    page.wait_for_timeout(2000)
    fetched = page.evaluate("window.__tileFrames")
    deciles = [(url, frame) for url, frame in fetched if url.startswith("lsoa21/")]
    assert len(deciles) >= 2, fetched  # Greater Manchester straddles four to nine z9 tiles
    assert max(frame for _, frame in deciles) <= 1, deciles
    size = page.evaluate(
        """() => { const c = document.querySelector('[data-testid="stDeckGlJsonChart"] canvas');
                   return [c.clientWidth, c.parentElement.clientWidth]; }"""
    )
    assert size[0] == size[1] > 300


# The Growth Deals maps are GeoJSON choropleths (their colours are the page's figures). Their
# white edges, stroked from the GeoJSON, were a path through every vertex: 1.16M (England) and
# 1.10M (Greater Manchester) vertices in the heaviest frame, and software WebGL took 3-5 s a frame, so the page took 11-30 s to settle in a workshop.
# Now the fills have no stroke and the edges come from the LEP / LAD tiles (tiled.outline_tile_layer):
# 446k and 303k (1500×1000).
GROWTH_DEALS_BUDGET = 500_000


@pytest.mark.parametrize("path", ["growth_deals", "growth_deals?lep=E37000015"])
def test_growth_deals_maps_draw_within_the_budget(page, app_url, path):
    if not tiles_available(["lep", "lad24"]):
        pytest.skip("vector tiles not built (python -m geo tiles)")
    page.add_init_script(COUNT_DRAWS)
    page.goto(f"{app_url}/{path}")
    wait_for_map(page, count=2)
    page.wait_for_timeout(3000)
    heaviest = _heaviest_frame(page)
    assert heaviest["vertices"] > 10_000, heaviest
    assert heaviest["vertices"] < GROWTH_DEALS_BUDGET, heaviest
