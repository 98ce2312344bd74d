"""What the maps send (issue 14): zoomed views draw LSOAs from vector tiles, not GeoJSON; a filter
change and a camera move stay within their byte budgets. Bytes are read from the Chrome DevTools
Protocol (websocket frames, HTTP responses), as bench/bench_browser_maps.py counts them."""

from __future__ import annotations

import base64
import re
import time

import numpy as np
import pytest

from geo.present import palette
from geo.present.tiled import tiles_available
from tests.browser.conftest import MAP, OUT, wait_for_map, wait_idle

pytestmark = pytest.mark.browser

TILE_PATH = "/app/static/tiles/"
# An LSOA code (2011 or 2021) in a websocket frame means LSOA features were sent: the tables of
# these views name areas (LAD, CA), never LSOAs, so a handful of codes would already be a leak.
LSOA_CODE = re.compile(rb"E0[12]\d{6}")
ZOOMED_WS_BUDGET = 400_000  # the whole page's websocket traffic: spec, tables, charts
FILTER_WS_BUDGET = 150_000  # issue 14: a filter change on the Spend map


class Wire:
    """Websocket payloads received and tile responses seen since the last reset."""

    def __init__(self, page) -> None:
        self.frames: list[bytes] = []
        self.tiles: dict[str, int] = {}  # url → HTTP status
        self._ids: dict[str, str] = {}
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._response)

    def reset(self) -> None:
        self.frames.clear()
        self.tiles.clear()

    def settle(self, page, quiet_ms: int = 2_000, timeout_s: float = 90) -> None:
        """Wait until no websocket frame has come for `quiet_ms`. On a loaded machine a rerun can
        start after wait_idle has seen no status widget: its frames then landed in the next step
        (a CI run counted 31 kB of the filter change as "camera move")."""
        end = time.monotonic() + timeout_s
        seen, quiet_since = len(self.frames), time.monotonic()
        while time.monotonic() < end and (time.monotonic() - quiet_since) * 1000 < quiet_ms:
            page.wait_for_timeout(200)
            if len(self.frames) != seen:
                seen, quiet_since = len(self.frames), time.monotonic()

    @property
    def ws_bytes(self) -> int:
        return sum(len(f) for f in self.frames)

    def lsoa_codes(self) -> int:
        return sum(len(LSOA_CODE.findall(f)) for f in self.frames)

    def _frame(self, e) -> None:
        r = e["response"]
        data = r.get("payloadData", "")
        self.frames.append(base64.b64decode(data) if r.get("opcode") == 2 else data.encode())

    def _sent(self, e) -> None:
        if TILE_PATH in e["request"]["url"]:
            self._ids[e["requestId"]] = e["request"]["url"]

    def _response(self, e) -> None:
        url = self._ids.get(e["requestId"])
        if url:
            self.tiles[url] = int(e["response"]["status"])


def _decile_share(png: str) -> float:
    """Share of a screenshot's pixels whose colour is near one of the ten decile colours (the
    fill is drawn at alpha 210 over white, so compare with the colours blended the same way)."""
    from PIL import Image

    img = np.asarray(Image.open(png).convert("RGB"), dtype=float).reshape(-1, 3)
    a = 210 / 255
    ref = np.array([[a * c + (1 - a) * 255 for c in col[:3]] for col in palette.DECILE_COLOURS])
    dist = np.min(np.linalg.norm(img[:, None, :] - ref[None, :, :], axis=2), axis=1)
    return float((dist < 18).mean())


@pytest.mark.parametrize(
    ("imd", "tileset"),
    [("2025", "lsoa21"), ("2019", "lsoa11")],
)
def test_zoomed_deprivation_draws_lsoas_from_tiles_and_sends_no_lsoa_geometry(
    page, app_url, imd, tileset
):
    if not tiles_available([tileset]):
        pytest.skip("vector tiles not built (python -m geo tiles)")
    wire = Wire(page)
    page.goto(f"{app_url}/deprivation?level=ca&area=E47000001&imd={imd}")
    wait_for_map(page)
    # Every tile the view asked for arrived; they are the vintage's LSOA tiles.
    deadline = time.time() + 30
    while time.time() < deadline and (not wire.tiles or 0 in wire.tiles.values()):
        page.wait_for_timeout(200)
    lsoa_tiles = [u for u in wire.tiles if f"/tiles/{tileset}/" in u]
    assert lsoa_tiles, f"no {tileset} tile requested: {list(wire.tiles)[:5]}"
    assert all(s == 200 for u, s in wire.tiles.items() if u in lsoa_tiles)
    zooms = {int(u.split(f"/{tileset}/")[1].split("/")[0]) for u in lsoa_tiles}
    assert min(zooms) >= 8, zooms  # street-level tiles, not the national ones
    # The deck spec carried no LSOA features, and the page stayed inside its budget.
    assert wire.lsoa_codes() < 5, wire.lsoa_codes()
    assert wire.ws_bytes < ZOOMED_WS_BUDGET, wire.ws_bytes
    page.wait_for_timeout(800)
    shot = OUT / f"deprivation-zoomed-gm-imd{imd}.png"
    page.locator('[data-testid="stDeckGlJsonChart"]').first.screenshot(path=str(shot))
    # LSOAs are visible and coloured by decile over a good part of the map.
    assert _decile_share(str(shot)) > 0.15


def test_filter_change_and_camera_move_stay_within_budget(page, app_url):
    wire = Wire(page)
    page.goto(f"{app_url}/spend_map?imdmap=1&layers=lep")
    wait_for_map(page)
    box = page.locator(MAP).first.bounding_box()
    query = page.get_by_label("Supplier name contains")
    query.fill("care")
    wire.reset()
    query.press("Enter")
    wait_idle(page)
    wire.settle(page)
    assert wire.frames, "no rerun after the filter change"
    assert wire.ws_bytes < FILTER_WS_BUDGET, wire.ws_bytes
    assert wire.lsoa_codes() < 5
    # A camera move (wheel zoom, drag) is the browser's alone: no rerun, no geometry re-sent.
    wire.reset()
    x, y = box["x"] + box["width"] * 0.48, box["y"] + box["height"] * 0.55
    page.mouse.move(x, y)
    for _ in range(5):
        page.mouse.wheel(0, -400)
        page.wait_for_timeout(250)
    page.mouse.down()
    page.mouse.move(x + 100, y + 50, steps=6)
    page.mouse.up()
    page.wait_for_timeout(1500)
    biggest = max(wire.frames, key=len, default=b"")[:300]
    assert wire.ws_bytes < 2_000, (wire.ws_bytes, biggest)
    assert wire.tiles  # the new view's tiles came over HTTP instead
    page.locator('[data-testid="stDeckGlJsonChart"]').first.screenshot(
        path=str(OUT / "spend-map-filter-then-zoom.png")
    )


# Views whose tiles reach the sea or the Welsh/Scottish border: all England (both vintages, and
# the Spend map's IMD layer), Cornwall (Atlantic on three sides, Scilly) and Northumberland.
COAST_VIEWS = (
    "deprivation",
    "deprivation?imd=2019",
    "spend_map?imdmap=1",
    "deprivation?level=lad&area=E06000052",
    "deprivation?level=lad&area=E06000057",
)


@pytest.mark.parametrize("path", COAST_VIEWS)
def test_no_tile_request_fails_over_sea_or_border(page, app_url, path):
    """Every tile deck.gl asks for inside England's box exists (its sea positions are empty
    tiles): a sea tile was a 404, which deck.gl logs as an error with a stack trace, on every
    pan along the coast. Panned out to sea as a person would, too."""
    errors: list[str] = []
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and ".pbf" in m.text else None,
    )
    wire = Wire(page)
    page.goto(f"{app_url}/{path}")
    wait_for_map(page)
    canvas = page.locator(MAP).first
    box = canvas.bounding_box()
    # Drag the map east and north: the view moves west and south, over the sea.
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + box["width"] * 0.4, cy - box["height"] * 0.4, steps=8)
    page.mouse.up()
    wait_idle(page)
    assert wire.tiles, "no tile was requested"
    failed = {u.split(TILE_PATH)[1]: s for u, s in wire.tiles.items() if s >= 400}
    assert not failed, failed
    assert not errors, errors[:3]
