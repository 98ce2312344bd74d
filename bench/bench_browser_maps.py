"""Bytes over the wire and time to first full map in headless Chromium: vector tiles vs today's GeoJSON spec.

Both paths run in the same run, against the same Streamlit server: a small page under bench/
(bench/map_page.py) that draws one deck spec with st.pydeck_chart exactly as ui/maps.py does.
Cases: the all-England Deprivation view (IMD deciles + LEP outlines) and the same page zoomed to
one Combined Authority (Greater Manchester) with its LSOAs and the area outline; then that zoomed
view's floor on this browser (the decile fill alone; the fill and one outline).
Bytes are counted by the Chrome DevTools Protocol: every HTTP response (encoded length, so
compression counts) plus every websocket frame in both directions, from navigation until the map
is fully drawn (canvas present, no tile request pending for 400 ms). A second, stricter time,
last_frame_drawn, runs to the end of the task that drew the map's last frame (page clock: the last
WebGL draw call and its long task): on software WebGL the frames after the last tile take seconds
in all, which the first figure partly missed. It is read once the websocket has been still for
1.5 s, so a later run that draws the map again (a screen report's refit) counts, and its tiles'
bytes too.
"Warm": the server has built the spec once, and the browser has Streamlit's own JavaScript cached
(it loaded a page with an empty map first, in the same browser context; ~6 MB that any second
visit to the app never downloads again). Tiles and the deck spec are never cached before a
measured load. The cold figure (fresh context, nothing cached) is printed too.

The real app is measured in the same run (--app, the default): `streamlit run app.py` from the
project, its Deprivation page all-England (IMD 2025 and IMD 2019), zoomed to Greater Manchester
(CA 2025 on IMD 2025, CA 2024 on IMD 2019), and the Spend map zoomed to Greater Manchester with the
IMD layer on. With --before REF the older commit's app (git archive, same data and tiles) is served
beside it and each round loads the case on both, in turn: paired, so the shared machine's drift
falls on both sides alike. "Warm" there means the same browser context first loaded the Growth
Deals page, which draws a small map, so Streamlit's deck.gl JavaScript chunk is cached (the About
page has no map and left that ~4 MB chunk in the measured load), with every tile request blocked
during that warm-up so no tile is cached. That page has no date box, slider or multiselect, so the
Spend map's own widget chunks (~250 kB: DateField, Slider, Multiselect…) are fetched inside its
measured load; --warm-on-page warms each case on its own page's default view instead (tiles still
blocked), as in a browser that has opened the app before: a second figure, never the default.
The app's screen probe keeps the window it measured during the warm-up in a cookie
(ui/viewport.py), so the measured load is fitted to its screen in one run, as in a browser that
has opened the app before; --forget-screen clears it after the warm-up (a first visit's fit, and a
presenting link's screen report and second run).
The load average (`uptime`) is printed with each figure.

Usage: .venv/bin/python bench/bench_browser_maps.py [--rounds N] [--no-app] [--no-pages] [--before REF
[--before-tiles DIR]] [--warm-on-page] [--forget-screen] (DIR: tiles built by REF's own `python -m geo tiles --out DIR`, when the tile
format changed between REF and now)
(builds static/tiles if missing)
"""

from __future__ import annotations

import argparse
import base64
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP,
    free_port,
    inside_point,
    start_server,
)

CASES = (
    "geojson_england",
    "tiles_england_lines",
    "tiles_england",
    "geojson_ca",
    "tiles_ca_lines",
    "tiles_ca",
)
# The floor of the zoomed view on this browser (software WebGL here): the decile fill alone, then
# the fill and one outline. Printed after the routes; not part of any ratio.
FLOOR_CASES = ("tiles_ca_fill", "tiles_ca_fill_outline")
# Real-page cases: (name, path and query of the app).
APP_CASES = (
    ("app_deprivation_england_imd2025", "deprivation"),
    ("app_deprivation_england_imd2019", "deprivation?imd=2019"),
    ("app_deprivation_ca_imd2025", "deprivation?level=ca&area=E47000001"),
    ("app_deprivation_ca_imd2019", "deprivation?level=ca&area=E47000001&imd=2019"),
    # One district (Manchester, zoom ~10): the LSOA edges show. Also timed: a click on the map's
    # middle until the page names the LSOA (CLICK_CASES).
    ("app_deprivation_lad_imd2025", "deprivation?level=lad&area=E08000003"),
    ("app_spend_map_ca_imd_layer", "spend_map?imdmap=1&zlevel=ca&area=E47000001"),
    # The same view as a workshop's presentation link (the screen probe reports the window; until
    # session 17 it waited for the layout to settle and the map was drawn twice).
    ("app_spend_map_ca_presenting", "spend_map?imdmap=1&zlevel=ca&area=E47000001&present=1"),
    # Two GeoJSON choropleths side by side (their colours are the page's figures); their edges
    # come from the tiles since session 14 (stroked GeoJSON took seconds a frame).
    ("app_growth_deals_england", "growth_deals"),
    ("app_growth_deals_gm", "growth_deals?lep=E37000015"),
)
CLICK_CASES = {"app_deprivation_lad_imd2025"}
NOTE = '[data-testid="stAlertContentInfo"]'  # the note naming a clicked LSOA
# The map's last frame on screen, from the page's own clock: the last WebGL draw call and the long
# task that holds it. Why: without a GPU, deck.gl's frames after the last tile arrives take
# 0.1-0.4 s each (the compositor reads each frame back, waiting for the software rasteriser), and
# "last tile + two animation frames" measured after a 400 ms quiet wait missed them.
LAST_FRAME = """
window.__lastDraw = 0; window.__lt = [];
new PerformanceObserver(l => { for (const e of l.getEntries()) window.__lt.push([e.startTime, e.duration]); })
  .observe({type: 'longtask', buffered: true});
const gl2 = WebGL2RenderingContext.prototype;
for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']) {
  const original = gl2[name];
  gl2[name] = function (...args) { window.__lastDraw = performance.now(); return original.apply(this, args); };
}
"""
LAST_FRAME_DONE = """() => {
  const t = window.__lastDraw;
  const task = window.__lt.find(([s, d]) => s <= t && t <= s + d);
  return (task ? task[0] + task[1] : t) / 1000;
}"""
TILE_PATH = "/app/static/tiles/"
WARM_PAGE = "growth_deals"  # a page with a small map (38 LEPs): caches deck.gl's JS chunk


def load() -> str:
    """The 1-minute load average, to print beside each figure (2 shared cores)."""
    return f"load {os.getloadavg()[0]:.1f}"


def _start(page_dir: Path, port: int, script: str = "map_page.py"):
    return start_server(
        port,
        {"PYTHONPATH": str(ROOT)},
        cwd=page_dir,
        script=str(page_dir / script),
        extra=("--server.enableStaticServing", "true"),
    )


def _page_dir(tiles_dir: Path) -> Path:
    """A temp dir holding the bench page and a copy of static/ (tiles + MVT worker) beside it.

    A copy, not a symlink: Streamlit's static serving refuses paths that resolve outside its root.
    """
    d = Path(tempfile.mkdtemp(prefix="spendgeo-bench-"))
    shutil.copy(ROOT / "bench" / "map_page.py", d / "map_page.py")
    shutil.copytree(ROOT / "static" / "vendor", d / "static" / "vendor")
    shutil.copytree(tiles_dir, d / "static" / "tiles")
    return d


def measure(
    browser,
    url: str,
    shot: Path | None = None,
    warm: bool = True,
    warm_url: str | None = None,
    click: bool = False,
    forget_screen: bool = False,
) -> dict[str, float]:
    """Load `url` in a fresh context; bytes and seconds to the full map (see module docstring).
    `forget_screen`: clear the warm-up's cookies, so the page does not know the screen the
    viewport probe measured during the warm-up (ui/viewport.py's sg_screen)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = ctx.new_page()
    pg.set_default_timeout(180_000)
    if warm and warm_url:
        # A page with a map, so deck.gl's chunk is cached; no tile may be cached by it.
        pg.route(f"**{TILE_PATH}**", lambda route: route.abort())
        pg.goto(warm_url)
        pg.wait_for_selector(MAP, state="attached")
        pg.wait_for_timeout(1500)
        pg.unroute(f"**{TILE_PATH}**")
    elif warm:
        pg.goto(url.split("?", 1)[0] + "?case=empty")
        pg.wait_for_selector(MAP, state="attached")
        pg.wait_for_timeout(500)
    if forget_screen:
        ctx.clear_cookies()
    cdp = ctx.new_cdp_session(pg)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    tally = {"http": 0, "ws": 0, "tiles": 0, "tile_bytes": 0}
    pending: dict[str, float] = {}
    last_tile = [0.0]
    tile_ids: set[str] = set()

    urls: dict[str, str] = {}
    other: dict[
        str, int
    ] = {}  # non-tile responses by URL: which JS/CSS a "warm" load still fetched

    def sent(e):
        urls[e["requestId"]] = e["request"]["url"]
        if TILE_PATH in e["request"]["url"]:
            tile_ids.add(e["requestId"])
            pending[e["requestId"]] = time.perf_counter()

    def finished(e):
        tally["http"] += int(e.get("encodedDataLength", 0))
        if e["requestId"] not in tile_ids:
            name = urls.get(e["requestId"], "?").rsplit("/", 1)[-1].split("?")[0]
            other[name] = other.get(name, 0) + int(e.get("encodedDataLength", 0))
        if e["requestId"] in tile_ids:
            tally["tiles"] += 1
            tally["tile_bytes"] += int(e.get("encodedDataLength", 0))
            pending.pop(e["requestId"], None)
            last_tile[0] = time.perf_counter()

    def failed(e):
        pending.pop(e["requestId"], None)

    last_ws = [time.perf_counter()]

    def frame(e):
        last_ws[0] = time.perf_counter()
        r = e["response"]
        data = r.get("payloadData", "")
        # Opcode 2 = binary (Streamlit's protobuf messages), reported base64-encoded.
        tally["ws"] += len(base64.b64decode(data)) if r.get("opcode") == 2 else len(data.encode())

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.loadingFailed", failed)
    cdp.on("Network.webSocketFrameReceived", frame)
    cdp.on("Network.webSocketFrameSent", frame)
    pg.add_init_script(LAST_FRAME)
    t0 = time.perf_counter()
    pg.goto(url)
    pg.wait_for_selector(MAP, state="attached")
    t_canvas = time.perf_counter()
    # Full render: no tile request in flight for 400 ms (GeoJSON cases request none), then two
    # animation frames, so deck.gl has drawn every tile: a slow draw (software WebGL) counts. A
    # request the browser never reports finished (aborted by deck.gl) stops counting after 60 s.
    quiet_since = time.perf_counter()
    deadline = quiet_since + 60
    while time.perf_counter() - quiet_since < 0.4 and time.perf_counter() < deadline:
        pg.wait_for_timeout(50)
        if pending:
            quiet_since = time.perf_counter()
    t_quiet = time.perf_counter()
    pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    # Ready (canvas, last tile) plus the wait for the frames: the 400 ms the bench spent watching
    # for quiet is its own wait, not the page's, so it is left out.
    t_full = max(t_canvas, last_tile[0]) + (time.perf_counter() - t_quiet)
    # A later run can draw the map again (until session 17 a presentation link's screen report
    # came 400 ms after the layout settled, and its run refitted the map after the quiet above):
    # the last frame is read once the websocket has been still for 1.5 s and no tile is pending.
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline and (
        pending or time.perf_counter() - max(last_ws[0], last_tile[0]) < 1.5
    ):
        pg.wait_for_timeout(100)
    # Seconds from navigation to the map's last frame on screen (page clock; LAST_FRAME).
    drawn_s = max(t_full - t0, pg.evaluate(LAST_FRAME_DONE))
    click_s = float("nan")
    if click:
        # After the full map: click its middle, time until the page names the LSOA (the rerun
        # plus the map's next frame, which software WebGL draws before the page updates).
        # The point is found first (off an LSOA edge: a gap picks nothing), outside the timing.
        x, y = inside_point(pg, pg.locator(MAP).first.bounding_box())
        t_click = time.perf_counter()
        pg.mouse.click(x, y)
        pg.locator(NOTE).first.wait_for(timeout=120_000)
        click_s = time.perf_counter() - t_click
    if shot is not None:
        pg.locator('[data-testid="stDeckGlJsonChart"]').first.screenshot(path=str(shot))
        big = sorted(other.items(), key=lambda kv: -kv[1])[:4]
        print("  largest non-tile responses: " + ", ".join(f"{k} {v / 1e3:.0f} kB" for k, v in big))
    ctx.close()
    return {
        "bytes": tally["http"] + tally["ws"],
        "http_bytes": tally["http"],
        "ws_bytes": tally["ws"],
        "tiles": tally["tiles"],
        "tile_bytes": tally["tile_bytes"],
        "first_map_s": t_full - t0,
        "drawn_s": drawn_s,
        "click_s": click_s,
    }


def _spread(runs: list[dict[str, float]], key: str = "first_map_s") -> str:
    """Every round's seconds to the full map, sorted, with the quartiles: one median hides how
    far apart two loads of the same page land on a shared 2-core machine."""
    secs = sorted(r[key] for r in runs)
    if len(secs) < 4:
        return " ".join(f"{x:.2f}" for x in secs)
    q1, _, q3 = statistics.quantiles(secs, n=4)
    return f"{' '.join(f'{x:.2f}' for x in secs)} (quartiles {q1:.2f}–{q3:.2f} s)"


def _line(name: str, med: dict[str, float], cold: dict[str, float], rounds: int) -> str:
    clicked = "" if math.isnan(med["click_s"]) else f" click_to_details={med['click_s']:.2f}s"
    return (
        f"case={name} WARM bytes={med['bytes'] / 1e6:.2f}MB (http {med['http_bytes'] / 1e6:.2f}MB, "
        f"websocket {med['ws_bytes'] / 1e6:.2f}MB, {med['tiles']:.0f} tiles "
        f"{med['tile_bytes'] / 1e6:.2f}MB) first_full_map={med['first_map_s']:.2f}s "
        f"last_frame_drawn={med['drawn_s']:.2f}s{clicked} "
        f"(median of {rounds}) | COLD (nothing cached, server building the spec) "
        f"bytes={cold['bytes'] / 1e6:.2f}MB first_full_map={cold['first_map_s']:.2f}s | {load()}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=3, help="measured loads per case (median shown)")
    ap.add_argument(
        "--tiles", type=Path, default=None, help="tile directory (default static/tiles)"
    )
    ap.add_argument("--no-app", action="store_true", help="skip the real app's pages")
    ap.add_argument("--no-pages", action="store_true", help="skip the bench page's route cases")
    ap.add_argument("--before", help="git ref whose app is measured first, in the same run")
    ap.add_argument(
        "--cases", default="", help="comma-separated app case names to run (default: all)"
    )
    ap.add_argument(
        "--before-tiles",
        type=Path,
        default=None,
        help="tiles built by the --before ref's own code (its `python -m geo tiles --out DIR`); "
        "needed when the tile format changed between the two, else the before app reads the "
        "current tiles",
    )
    ap.add_argument(
        "--forget-screen",
        action="store_true",
        help="clear the warm-up's cookies before each measured load: the app does not know the "
        "screen its probe measured during the warm-up (a browser's first visit to the app, "
        "with Streamlit's JavaScript cached)",
    )
    ap.add_argument(
        "--warm-on-page",
        action="store_true",
        help="warm each case on its own page's default view (every JS chunk that page needs is "
        "cached; its tiles are still aborted) instead of the Growth Deals page",
    )
    args = ap.parse_args()
    cases = tuple(c for c in args.cases.split(",") if c) or tuple(n for n, _ in APP_CASES)
    unknown = set(cases) - {n for n, _ in APP_CASES}
    if unknown:
        raise SystemExit(f"error: no app case named {', '.join(sorted(unknown))}")

    from geo.paths import store_dir
    from geo.present.tiles import default_tiles_dir, read_tiles_manifest
    from geo.present.tilesets import build_tiles

    tiles_dir = args.tiles or default_tiles_dir()
    if not read_tiles_manifest(tiles_dir):
        t = time.perf_counter()
        build_tiles(store_dir(), tiles_dir)
        print(f"tiles built in {time.perf_counter() - t:.0f} s")
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    results: dict[str, dict[str, float]] = {}
    if not args.no_pages:
        results.update(measure_routes(tiles_dir, args.rounds, out))
    if args.no_app:
        return
    before = {}
    if args.before:
        from bench_filter_change import _checkout

        app_dir = _checkout(args.before)
        if args.before_tiles:
            shutil.rmtree(app_dir / "static" / "tiles", ignore_errors=True)
            shutil.copytree(args.before_tiles, app_dir / "static" / "tiles")
        try:
            before, after = measure_apps(
                args.rounds,
                out,
                [(f"before ({args.before}) ", app_dir), ("", ROOT)],
                cases,
                args.warm_on_page,
                args.forget_screen,
            )
        finally:
            shutil.rmtree(app_dir, ignore_errors=True)
    else:
        (after,) = measure_apps(
            args.rounds, out, [("", ROOT)], cases, args.warm_on_page, args.forget_screen
        )
    results.update(after)
    for name, new in after.items():
        old = before.get(name)
        if old:
            print(
                f"{name}: before {old['bytes'] / 1e6:.2f}MB {old['first_map_s']:.2f}s → now "
                f"{new['bytes'] / 1e6:.2f}MB {new['first_map_s']:.2f}s "
                f"({old['first_map_s'] / new['first_map_s']:.2f}× as fast; paired rounds); "
                f"last frame drawn {old['drawn_s']:.2f}s → {new['drawn_s']:.2f}s "
                f"({old['drawn_s'] / new['drawn_s']:.2f}×)"
            )
            if name in CLICK_CASES:
                print(
                    f"{name} click to details: before {old['click_s']:.2f}s → now "
                    f"{new['click_s']:.2f}s ({old['click_s'] / new['click_s']:.2f}× as fast)"
                )
    old = results.get("geojson_england")
    if old:
        for name in ("app_deprivation_england_imd2025", "app_deprivation_england_imd2019"):
            new = results.get(name)
            if new is None:
                continue
            print(
                f"{name} against the all-England GeoJSON spec (same run): "
                f"{old['bytes'] / new['bytes']:.1f}× fewer bytes, "
                f"{old['first_map_s'] / new['first_map_s']:.1f}× faster to the first full map"
            )


def measure_routes(tiles_dir: Path, rounds: int, out: Path) -> dict[str, dict[str, float]]:
    """The bench page (bench/map_page.py): old GeoJSON route and tiles, same server, same run."""
    from playwright.sync_api import sync_playwright

    page_dir = _page_dir(tiles_dir)
    port = free_port()
    proc = _start(page_dir, port)
    results: dict[str, dict[str, float]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for case in (*CASES, *FLOOR_CASES):
                url = f"http://127.0.0.1:{port}/?case={case}"
                # Warm the server's spec cache (as the app's ui cache does); this load is cold.
                cold = measure(browser, url, warm=False)
                runs = [
                    measure(browser, url, out / f"bench_map_{case}.png" if i == 0 else None)
                    for i in range(rounds)
                ]
                med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                results[case] = med
                print(_line(case, med, cold, rounds), flush=True)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        shutil.rmtree(page_dir, ignore_errors=True)
    for area in ("england", "ca"):
        old, new = results[f"geojson_{area}"], results[f"tiles_{area}"]
        print(
            f"{area}: GeoJSON {old['bytes'] / 1e6:.2f}MB {old['first_map_s']:.2f}s → tiles "
            f"{new['bytes'] / 1e6:.2f}MB {new['first_map_s']:.2f}s: "
            f"{old['bytes'] / new['bytes']:.1f}× fewer bytes, {old['first_map_s'] / new['first_map_s']:.1f}× faster"
        )
        old = results[f"tiles_{area}_lines"]
        print(
            f"{area}: tiles with line layers {old['bytes'] / 1e6:.2f}MB {old['first_map_s']:.2f}s "
            f"→ one layer with bands {new['bytes'] / 1e6:.2f}MB {new['first_map_s']:.2f}s: "
            f"{old['first_map_s'] / new['first_map_s']:.2f}× as fast"
        )
    return results


def measure_apps(
    rounds: int,
    out: Path,
    apps: list[tuple[str, Path]],
    cases: tuple[str, ...],
    warm_on_page: bool = False,
    forget_screen: bool = False,
) -> list[dict[str, dict[str, float]]]:
    """The real app's pages (module docstring), one server per (label, app dir) with its static/.

    With two apps (before, now) both servers run at once and each round loads the case on one,
    then the other: the machine's drift (it is shared) falls on both sides alike, not on
    whichever ran second.
    """
    from playwright.sync_api import sync_playwright

    procs, bases = [], []
    results: list[dict[str, dict[str, float]]] = [{} for _ in apps]
    try:
        # Started inside the try: if the second server fails to start, the first is stopped too
        # (a leaked server would hold its port and load the shared machine).
        for _, app_dir in apps:
            if (app_dir / "static" / "tiles").is_symlink():
                print(
                    "WARNING: static/tiles is a symlink; Streamlit's static serving refuses it "
                    "(HTTP 400): the pages would draw no tiles. Copy the tiles (cp -al) instead."
                )
            port = free_port()
            procs.append(_start(app_dir, port, "app.py"))
            bases.append(f"http://127.0.0.1:{port}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, path in APP_CASES:
                if name not in cases:
                    continue
                colds = [measure(browser, f"{base}/{path}", warm=False) for base in bases]
                runs: list[list[dict[str, float]]] = [[] for _ in apps]
                for i in range(rounds):
                    # Odd rounds load the apps in reverse order: a load that always came second
                    # (its server's process warmer, the browser's GC later) would bias the pair.
                    order = list(enumerate(zip(apps, bases, strict=True)))
                    for k, ((label, _), base) in order if i % 2 == 0 else order[::-1]:
                        shot = out / f"bench_{'before_' if label else ''}{name}.png"
                        runs[k].append(
                            measure(
                                browser,
                                f"{base}/{path}",
                                shot if i == 0 else None,
                                # --warm-on-page: the case's own page at its default view
                                # (tiles still aborted) caches every chunk the page needs, as
                                # in a browser that opened the app before; default: WARM_PAGE.
                                warm_url=f"{base}/{path.split('?', 1)[0] if warm_on_page else WARM_PAGE}",
                                click=name in CLICK_CASES,
                                forget_screen=forget_screen,
                            )
                        )
                for k, (label, _) in enumerate(apps):
                    med = {key: statistics.median(r[key] for r in runs[k]) for key in runs[k][0]}
                    results[k][name] = med
                    print(label + _line(name, med, colds[k], rounds), flush=True)
                    print(f"  {label}first full map, every round: {_spread(runs[k])}", flush=True)
                    print(
                        f"  {label}last frame drawn, every round: {_spread(runs[k], 'drawn_s')}",
                        flush=True,
                    )
            browser.close()
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=15)
    return results


if __name__ == "__main__":
    main()
