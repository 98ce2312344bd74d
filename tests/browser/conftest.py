"""Browser fixtures: a `streamlit run app.py` server on a free port and headless Debian Chromium."""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test-output"
CHROMIUM = os.environ.get("SPENDGEO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
MAP = '[data-testid="stDeckGlJsonChart"] canvas'
# Places at the edges of what each view must show whole (lon, lat): England's mainland extremes,
# and Greater Manchester's (Wigan's west, Saddleworth's east, Rochdale's north, Stockport's south).
ENGLAND = [(-5.71, 50.07), (1.76, 52.48), (-2.03, 55.8), (-5.2, 49.96)]
GREATER_MANCHESTER = [(-2.72, 53.52), (-1.92, 53.55), (-2.2, 53.68), (-2.1, 53.34)]
# deck.gl's viewport of the first map, found through React's fiber (as ui/present.py's bridge
# does), and where each place falls on its canvas.
PROJECT = """(places) => {
  const el = document.querySelector('[data-testid="stDeckGlJsonChart"]');
  for (const node of [el, ...el.querySelectorAll('*')]) {
    const k = Object.keys(node).find((x) => x.startsWith('__reactFiber$'));
    if (!k) continue;
    for (let f = node[k]; f; f = f.return) {
      for (let h = f.memoizedState, i = 0; h && typeof h === 'object' && i < 60; h = h.next, i++) {
        const c = h.memoizedState && h.memoizedState.current;
        const d = c && (typeof c.getViewports === 'function' ? c : c.deck);
        if (d && typeof d.getViewports === 'function') {
          const vp = d.getViewports()[0];
          return {w: vp.width, h: vp.height, zoom: vp.zoom, xy: places.map((p) => vp.project(p))};
        }
      }
    }
  }
  return null;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    port: int,
    env: dict[str, str] | None = None,
    *,
    cwd: Path = ROOT,
    script: str = "app.py",
    extra: tuple[str, ...] = (),
    timeout_s: float = 90,
) -> subprocess.Popen:
    """`streamlit run SCRIPT` from `cwd` on a loopback port, returned once it answers its health
    check (the benches use it too, for other checkouts and pages)."""
    streamlit = ROOT / ".venv" / "bin" / "streamlit"
    cmd = [
        str(streamlit) if streamlit.exists() else sys.executable,
        *([] if streamlit.exists() else ["-m", "streamlit"]),
    ]
    cmd += [
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *extra,
    ]
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("streamlit server did not start")


@contextlib.contextmanager
def serving(env: dict[str, str] | None = None) -> Iterator[str]:
    """A `streamlit run app.py` server on a free loopback port, stopped on exit."""
    port = free_port()
    proc = start_server(port, env)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def app_url(store_path):
    with serving() as url:
        yield url


@pytest.fixture(scope="session")
def public_url(store_path):
    """A second server in public mode (SPENDGEO_PUBLIC=1)."""
    with serving({"SPENDGEO_PUBLIC": "1"}) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        # On CI a missing browser is a broken install, not a reason to skip.
        if os.environ.get("CI"):
            pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's chromium (make sysdeps)")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    OUT.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    pg.set_default_timeout(120_000)
    yield pg
    context.close()


@contextlib.contextmanager
def sized_page(browser, width: int, height: int) -> Iterator:
    """A page in a fresh context of this window size (its cookies its own), closed after."""
    OUT.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    pg.set_default_timeout(120_000)
    try:
        yield pg
    finally:
        context.close()


def off_map(view: dict) -> list:
    """The places of a settled_view that lie outside its map's box."""
    return [xy for xy in view["xy"] if not (0 <= xy[0] <= view["w"] and 0 <= xy[1] <= view["h"])]


def wait_for_map(pg, count: int = 1) -> None:
    pg.wait_for_selector(MAP, state="attached")
    pg.wait_for_function(f"document.querySelectorAll('{MAP}').length >= {count}", timeout=120_000)
    wait_idle(pg)


def wait_idle(pg) -> None:
    """Wait until Streamlit has finished running the script (no 'Running…' status)."""
    pg.wait_for_timeout(500)
    pg.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000
    )
    pg.wait_for_timeout(1500)  # let deck.gl draw


def settled_view(pg, places) -> dict | None:
    """PROJECT's answer once the page's runs are over (a reported screen size arrives in a 2nd run)."""
    wait_for_map(pg)
    last = None
    for _ in range(20):
        view = pg.evaluate(PROJECT, [list(p) for p in places])
        if view and last and view["zoom"] == last["zoom"]:
            return view
        last = view
        pg.wait_for_timeout(500)
        wait_idle(pg)
    return last


def inside_point(pg, box: dict, step: int = 0, reach: int = 24) -> tuple[float, float]:
    """A page point near the middle of the map `box` (shifted 7 px per `step`) whose 5×5 pixels
    are one colour: inside an area, not on the gap between two LSOAs (from zoom 9.5 the edges are
    gaps in the tiles, and a click on one picks nothing, as on a border)."""
    from io import BytesIO

    from PIL import Image

    cx = box["x"] + box["width"] / 2 + 7 * (step % 4)
    cy = box["y"] + box["height"] / 2 + 7 * (step // 4)
    clip = {"x": cx - reach, "y": cy - reach, "width": 2 * reach, "height": 2 * reach}
    img = np.asarray(Image.open(BytesIO(pg.screenshot(clip=clip))).convert("RGB"))
    # Pixels whose 5×5 neighbourhood is their own colour, then the one nearest the middle.
    win = np.lib.stride_tricks.sliding_window_view(img, (5, 5), axis=(0, 1))
    ys, xs = np.nonzero((win == img[2:-2, 2:-2, :, None, None]).all(axis=(2, 3, 4)))
    if not len(ys):
        return cx, cy
    scale = img.shape[0] / (2 * reach)  # device pixels per CSS pixel
    px, py = (xs + 2) / scale - reach, (ys + 2) / scale - reach
    i = int(np.argmin(px**2 + py**2))
    return cx + float(px[i]), cy + float(py[i])


def click_map_until(pg, canvas, shown, press=None, tries: int = 12, where=None) -> bool:
    """Click near the middle of the map `canvas` (off any LSOA edge: `inside_point`) until the
    locator `shown` appears; True if it did.

    A canvas can be in the DOM before deck.gl has drawn its layers (a loaded CI machine): a click
    then picks nothing, so click again, as a person would. But Streamlit's single-object selection
    toggles: a second click on the same object clears it. So a click counts as taken once the
    chart's "Clear selection" button shows (the browser holds a selection), and then only the
    rerun is waited for, never clicked over. Seen in CI: the rerun outlasted the 10 s wait, the
    next click cleared the selection, and twelve tries never showed the note. The map is measured
    before each try (the page may still be laying out). `press(x, y)` replaces the plain click;
    `where(box)` gives the point to press (the middle of the map by default).
    """
    press = press or pg.mouse.click
    chart = canvas.locator("xpath=ancestor::*[@data-testid='stDeckGlJsonChart']").first
    held = chart.get_by_role("button", name="Clear selection")
    for i in range(tries):
        if shown.count() or held.count():
            break
        box = canvas.bounding_box()
        if where:
            press(*where(box))
        else:
            # Off any LSOA edge (a gap in the tiles picks nothing), a little further out each try.
            x, y = inside_point(pg, box, step=i)
            press(x, y)
        try:
            held.first.wait_for(timeout=10_000)
            break
        except Exception:
            wait_idle(pg)
    try:
        shown.first.wait_for(timeout=120_000)
        return True
    except Exception:
        return False


def recording_page(browser, timeout_ms: int = 120_000):
    """(context, page, frames): a fresh 1500×1000 page whose received websocket frames are kept as
    text, so a test can search everything the server sent (public-mode privacy checks)."""
    frames: list[str] = []
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived",
            lambda payload: frames.append(
                payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else payload
            ),
        ),
    )
    return context, page, frames


def files_text(folder: Path) -> str:
    """Every downloaded file as text (XLSX unzipped; GeoPackage bytes, where text is UTF-8)."""
    parts = []
    for path in folder.iterdir():
        data = path.read_bytes()
        if data[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                data = b"".join(z.read(n) for n in z.namelist())
        parts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(parts)
