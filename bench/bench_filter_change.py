"""A filter change and a camera move on the Spend map, measured in headless Chromium (issue 14 targets).

For each app checkout (this one, and with --before REF an older commit, in the same run) the bench
starts `streamlit run app.py` from a temporary copy with a real copy of the vector tiles (Streamlit
will not serve a symlinked static/tiles), opens the Spend map with the IMD layer and LEP outlines
on the default Contracts Finder dataset, then:

1. Filter change: types a supplier-name filter and presses Enter. Counted: bytes received over the
   websocket from the key press until the rerun's last message, and the time to that message plus
   two animation frames (the map redrawn with the new points).
2. Camera move: zooms the map in with the mouse wheel and pans (no rerun). Counted: websocket
   bytes (the target is none: no geometry re-sent) and tile requests/bytes over HTTP.

Bytes come from the Chrome DevTools Protocol (websocket payloads; HTTP encoded lengths).
Targets (issue 14): filter change ≤ 150 kB over the websocket and ≤ 1 s to the updated map;
camera move re-sends no geometry.

Usage: .venv/bin/python bench/bench_filter_change.py [--before REF] [--rounds N]
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MAP, free_port, start_server  # noqa: E402

TILE_PATH = "/app/static/tiles/"
QUERY = "care"  # a supplier-name filter that keeps about a third of the Contracts Finder rows
START = "/spend_map?imd=1&layers=lep"


def _checkout(ref: str | None) -> Path:
    """A temp copy of the app (working tree, or `ref` via git archive) with data and real tiles."""
    d = Path(tempfile.mkdtemp(prefix="spendgeo-filter-"))
    if ref is None:
        for name in ("app.py", "pages", "ui", "geo", ".streamlit", "static/vendor"):
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, d / name, ignore=shutil.ignore_patterns("__pycache__"))
            elif src.exists():
                shutil.copy(src, d / name)
    else:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(d)], input=archive, check=True)
    (d / "data").mkdir(exist_ok=True)
    for name in ("store", "raw"):
        target = (ROOT / "data" / name).resolve()
        link = d / "data" / name
        if not link.exists():
            link.symlink_to(target)
    tiles = (ROOT / "static" / "tiles").resolve()
    if tiles.exists():
        shutil.copytree(tiles, d / "static" / "tiles", dirs_exist_ok=True)
    return d


def _serve(app_dir: Path, port: int) -> subprocess.Popen:
    return start_server(port, {"PYTHONPATH": str(app_dir)}, cwd=app_dir, timeout_s=120)


class Tally:
    """Websocket and tile bytes seen by CDP since the last reset."""

    def __init__(self, cdp) -> None:
        self.reset()
        self.pending: set[str] = set()
        self.tile_ids: set[str] = set()
        self.last_ws = 0.0
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", lambda e: self.pending.discard(e["requestId"]))

    def reset(self) -> None:
        self.ws = self.tiles = self.tile_bytes = 0

    def _frame(self, e) -> None:
        r = e["response"]
        data = r.get("payloadData", "")
        self.ws += len(base64.b64decode(data)) if r.get("opcode") == 2 else len(data.encode())
        self.last_ws = time.perf_counter()

    def _sent(self, e) -> None:
        if TILE_PATH in e["request"]["url"]:
            self.tile_ids.add(e["requestId"])
            self.pending.add(e["requestId"])

    def _finished(self, e) -> None:
        if e["requestId"] in self.tile_ids:
            self.tiles += 1
            self.tile_bytes += int(e.get("encodedDataLength", 0))
            self.pending.discard(e["requestId"])


def _settle(pg, tally: Tally, quiet_s: float = 0.6) -> None:
    """No rerun running and no tile request in flight for `quiet_s`."""
    pg.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=180_000
    )
    quiet = time.perf_counter()
    while time.perf_counter() - quiet < quiet_s:
        pg.wait_for_timeout(50)
        if tally.pending:
            quiet = time.perf_counter()


def _frames(pg) -> None:
    pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def measure(browser, url: str, shots: Path | None) -> dict[str, float]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(180_000)
    cdp = ctx.new_cdp_session(pg)
    cdp.send("Network.enable")
    tally = Tally(cdp)
    pg.goto(url + START)
    pg.wait_for_selector(MAP, state="attached")
    _settle(pg, tally, 1.5)
    box = pg.locator(MAP).first.bounding_box()

    # 1. Filter change.
    box_q = pg.get_by_label("Supplier name contains")
    box_q.fill(QUERY)
    tally.reset()
    t0 = time.perf_counter()
    box_q.press("Enter")
    # The rerun's messages end with "script finished"; Streamlit's status widget only appears for
    # slow reruns, so the end is the last websocket frame followed by 500 ms of quiet.
    while tally.ws == 0 or time.perf_counter() - tally.last_ws < 0.5:
        pg.wait_for_timeout(20)
        if time.perf_counter() - t0 > 120:
            raise RuntimeError("no rerun after the filter change")
    t_msgs = tally.last_ws - t0
    t1 = time.perf_counter()
    _frames(pg)  # deck.gl has parsed the new spec and drawn it
    t_map = t_msgs + (time.perf_counter() - t1)
    ws_filter = tally.ws
    _settle(pg, tally)
    if shots:
        pg.locator('[data-testid="stDeckGlJsonChart"]').first.screenshot(
            path=str(shots / "filter_change_after.png")
        )

    # 2. Camera move: zoom in on Manchester-ish (wheel at a point), then pan; no rerun expected.
    tally.reset()
    cx, cy = box["x"] + box["width"] * 0.48, box["y"] + box["height"] * 0.55
    pg.mouse.move(cx, cy)
    for _ in range(6):
        pg.mouse.wheel(0, -400)
        pg.wait_for_timeout(250)
    pg.mouse.down()
    pg.mouse.move(cx + 120, cy + 60, steps=8)
    pg.mouse.up()
    pg.wait_for_timeout(400)
    _settle(pg, tally)
    ws_camera, tiles_camera, tile_bytes_camera = tally.ws, tally.tiles, tally.tile_bytes
    if shots:
        pg.locator('[data-testid="stDeckGlJsonChart"]').first.screenshot(
            path=str(shots / "filter_change_zoomed.png")
        )
    ctx.close()
    return {
        "filter_ws_bytes": ws_filter,
        "filter_to_map_s": t_map,
        # Where the time goes: the rerun on the server (key press → its last websocket message)
        # and the browser applying the new spec (last message → two animation frames drawn).
        "filter_server_s": t_msgs,
        "filter_draw_s": t_map - t_msgs,
        "camera_ws_bytes": ws_camera,
        "camera_tiles": tiles_camera,
        "camera_tile_bytes": tile_bytes_camera,
    }


def run(label: str, ref: str | None, rounds: int, shots: Path | None) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    app_dir = _checkout(ref)
    port = free_port()
    proc = _serve(app_dir, port)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            url = f"http://127.0.0.1:{port}"
            measure(browser, url, None)  # warm the server's caches (dataset, index, layers)
            runs = [measure(browser, url, shots if i == 0 else None) for i in range(rounds)]
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        shutil.rmtree(app_dir, ignore_errors=True)
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(
        f"{label}: filter change {med['filter_ws_bytes'] / 1e3:.1f} kB over the websocket, "
        f"map updated in {med['filter_to_map_s']:.2f} s (server rerun {med['filter_server_s']:.2f} s, "
        f"browser applying the spec {med['filter_draw_s']:.2f} s) | camera move (zoom + pan): "
        f"{med['camera_ws_bytes'] / 1e3:.1f} kB websocket, {med['camera_tiles']:.0f} tiles "
        f"{med['camera_tile_bytes'] / 1e3:.0f} kB (median of {rounds}) | load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    return med


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--before", help="git ref to measure first in the same run (e.g. main~1)")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    shots = ROOT / "test-output"
    shots.mkdir(exist_ok=True)
    before = run(f"before ({args.before})", args.before, args.rounds, None) if args.before else None
    after = run("this checkout", None, args.rounds, shots)
    print(
        f"targets: filter change ≤ 150 kB and ≤ 1 s → "
        f"{'met' if after['filter_ws_bytes'] <= 150e3 else 'NOT met'} (bytes), "
        f"{'met' if after['filter_to_map_s'] <= 1.0 else 'NOT met'} (time); camera move re-sends "
        f"{'no' if after['camera_ws_bytes'] < 2e3 else 'SOME'} data over the websocket"
    )
    if before:
        print(
            f"ratios (before / after): websocket bytes per filter change "
            f"{before['filter_ws_bytes'] / max(after['filter_ws_bytes'], 1):.1f}×, time "
            f"{before['filter_to_map_s'] / max(after['filter_to_map_s'], 1e-3):.1f}×"
        )


if __name__ == "__main__":
    main()
