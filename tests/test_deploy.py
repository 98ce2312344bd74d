"""deploy/serve.sh: 2 replicas behind nginx on loopback, sticky by the route cookie.

Real websocket sessions (bench/loadclient.py) go through the proxy. Which replica served a request is
read from nginx's access log (route=<cookie> upstream=<replica>) and from each replica's own
/_stcore/metrics connect counter.
"""

from __future__ import annotations

import asyncio
import collections
import os
import socket
import time
from pathlib import Path

import pytest

from bench.loadclient import Deployment, StreamlitSession, http_request, replica_metrics, run_sync
from tests.offloop import run_off_loop

pytestmark = pytest.mark.slow
SESSIONS = 10


@pytest.fixture(scope="module")
def deployment(store_path):
    dep = Deployment(replicas=2, start_timeout=120).start()
    yield dep
    dep.stop()


def connects(dep: Deployment) -> dict[int, float]:
    return {p: replica_metrics(p).get("connects", 0) for p in dep.ports}


def upstreams_by_route(dep: Deployment) -> dict[str, set[str]]:
    out: dict[str, set[str]] = collections.defaultdict(set)
    for e in dep.access_log():
        out[e["route"]].add(e["upstream"])
    return out


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_both_replicas_serve_and_each_session_keeps_its_replica(deployment):
    dep = deployment
    assert len(dep.pids) == len(dep.ports) == 2
    before = connects(dep)

    async def scenario() -> list[StreamlitSession]:
        sessions = [StreamlitSession(dep.url, timeout=120) for _ in range(SESSIONS)]
        await asyncio.gather(*(s.connect() for s in sessions))
        try:
            results = await asyncio.gather(*(s.rerun() for s in sessions))
            for s, r in zip(sessions, results, strict=True):
                assert r.status == "FINISHED_SUCCESSFULLY" and not r.errors, r
                assert any(t.startswith("Where public money goes") for t in s.texts())
            # Each session reruns a few more times over its one websocket.
            for _ in range(2):
                await asyncio.gather(*(s.rerun() for s in sessions))
        finally:
            await asyncio.gather(*(s.close() for s in sessions))
        return sessions

    sessions = run_sync(asyncio.wait_for(scenario(), 120))
    routes = [s.route for s in sessions]
    assert all(routes) and len(set(routes)) == SESSIONS  # every new viewer got its own cookie

    # Replica-side counts: every websocket reached a replica, and both replicas got some.
    time.sleep(1)
    delta = {p: n - before[p] for p, n in connects(dep).items()}
    assert sum(delta.values()) == SESSIONS, delta
    assert all(n >= 1 for n in delta.values()), f"one replica got no sessions: {delta}"

    # Proxy-side: every request of one viewer (page, health, websocket) went to one replica.
    by_route = upstreams_by_route(dep)
    for r in routes:
        assert len(by_route[r]) == 1, (r, by_route[r])
        assert any(e["route"] == r and e["path"] == "/_stcore/stream" for e in dep.access_log())
    used = set().union(*(by_route[r] for r in routes))
    assert used == {f"127.0.0.1:{p}" for p in dep.ports}


def test_websocket_session_is_sticky_for_uploads(deployment):
    """An upload only works on the replica holding the session: the cookie must keep routing there."""
    dep = deployment

    async def scenario() -> None:
        # Two viewers on different replicas (new viewers are spread by a random route key).
        viewers: dict[str, StreamlitSession] = {}
        for _ in range(30):
            s = StreamlitSession(dep.url, page="data", timeout=120)
            await s.connect()
            await s.rerun()
            up = next(iter(upstreams_by_route(dep)[s.route]))
            if up in viewers:
                await s.close()
            else:
                viewers[up] = s
            if len(viewers) == 2:
                break
        assert len(viewers) == 2, "30 new viewers all landed on one replica"
        a, b = viewers.values()
        try:
            # Sticky: A's upload, sent with A's cookie, reaches A's replica and is accepted.
            csv = b"Buyer,Supplier Name,Supplier Postcode,Amount\r\nX,Y Ltd,M1 1AE,10\r\n" * 1
            await a.upload_file("data.upload", "tiny.csv", csv)
            r = await a.rerun()
            assert not r.errors and a.widget("data.load")

            # Control: the same kind of upload for A's session, but carrying B's route cookie, lands on
            # B's replica, which does not know A's session (so routing really is per cookie).
            url = f"/_stcore/upload_file/{a.session_id}/control-file"
            body = b"--x\r\nContent-Disposition: form-data; name=file; filename=t.csv\r\n\r\nz\r\n--x--\r\n"
            cookies = {**a.cookies, "spendgeo_route": b.route}
            resp = await http_request(
                dep.url + url,
                "PUT",
                {
                    "Content-Type": "multipart/form-data; boundary=x",
                    "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                    "X-Xsrftoken": a.cookies["_streamlit_xsrf"],
                },
                body,
            )
            assert resp.status == 400 and b"Invalid session_id" in resp.body, resp

            # A second websocket with A's cookie (a page reload) goes to A's replica again.
            before = connects(dep)
            again = StreamlitSession(dep.url, timeout=120, cookies=dict(a.cookies))
            async with again:
                await again.rerun()
            after = connects(dep)
            a_port = int(next(iter(upstreams_by_route(dep)[a.route])).rsplit(":", 1)[1])
            assert after[a_port] - before[a_port] == 1
            assert sum(after.values()) - sum(before.values()) == 1
        finally:
            for s in viewers.values():
                await s.close()

    run_sync(asyncio.wait_for(scenario(), 120))
    # Every route seen so far stayed on a single replica.
    assert all(len(ups) == 1 for ups in upstreams_by_route(dep).values())


def _get(url: str, headers: dict[str, str] | None = None, method: str = "GET", body: bytes = b""):
    return run_sync(http_request(url, method, headers or {}, body))


def test_security_headers_on_every_response(deployment):
    dep = deployment
    for path in ("/", "/spend_map", "/_stcore/health", "/static/does-not-exist.js"):
        r = _get(dep.url + path)
        csp = r.header("content-security-policy") or ""
        assert "frame-ancestors 'self'" in csp, (path, csp)
        assert "default-src 'self'" in csp and "object-src 'none'" in csp
        # Streamlit needs inline styles, blob: workers (deck.gl), data: images and its websocket,
        # and WebAssembly; it does not need full 'unsafe-eval'.
        assert "style-src 'self' 'unsafe-inline'" in csp and "worker-src 'self' blob:" in csp
        assert "img-src 'self' data:" in csp and "ws:" in csp and "'unsafe-eval'" not in csp
        assert r.header("x-content-type-options") == "nosniff"
        assert r.header("referrer-policy") == "same-origin"
        assert (r.header("server") or "") == "nginx"  # no version
    assert _get(dep.url + "/_stcore/metrics").status == 404


def test_vector_tiles_and_the_mvt_worker_come_through_the_proxy(deployment):
    """The maps draw from static/tiles and parse them with static/vendor's worker: both come
    through nginx, a tile byte for byte, a sea position inside England's box as an empty tile."""
    from geo.present.tiled import MVT_WORKER_URL
    from geo.present.tiles import URL_PREFIX, default_tiles_dir

    root = default_tiles_dir() / "lsoa21" / "5"
    built = next(f for f in sorted(root.rglob("*.pbf")) if f.stat().st_size)
    sea = next(f for f in sorted(root.rglob("*.pbf")) if not f.stat().st_size)
    for f in (built, sea):
        r = _get(f"{deployment.url}{URL_PREFIX}/{f.relative_to(default_tiles_dir())}")
        assert r.status == 200 and r.body == f.read_bytes(), (f, r.status)
    worker = _get(deployment.url + MVT_WORKER_URL)
    assert worker.status == 200 and b"parseMVT" in worker.body


def test_replicas_run_without_error_details_and_with_xsrf(deployment):
    dep = deployment
    for pid in dep.pids:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        flags = dict(zip(args, args[1:], strict=False))
        assert flags[b"--client.showErrorDetails"] == b"none"
        assert flags[b"--server.enableXsrfProtection"] == b"true"
    # XSRF really is checked: an upload without the token is refused by the replica.
    body = b"--x\r\nContent-Disposition: form-data; name=file; filename=t.csv\r\n\r\nz\r\n--x--\r\n"
    r = _get(
        dep.url + "/_stcore/upload_file/some-session/some-file",
        {"Content-Type": "multipart/form-data; boundary=x"},
        "PUT",
        body,
    )
    assert r.status == 403, r


def test_upload_bodies_stay_in_memory_up_to_the_cap(deployment):
    """nginx writes a body larger than client_body_buffer_size to a temp file and logs a warning
    saying so; with the buffer equal to the cap, a 15 MB upload never touches the disk."""
    dep = deployment
    boundary = b"spendgeo"
    payload = b"Supplier,Amount\r\n" + b"Acme Ltd,1\r\n" * 1_400_000  # about 15 MB
    body = (
        b"--" + boundary + b"\r\nContent-Disposition: form-data; name=file; filename=big.csv\r\n"
        b"Content-Type: text/csv\r\n\r\n" + payload + b"\r\n--" + boundary + b"--\r\n"
    )
    assert 14_000_000 < len(body) < 20_000_000
    r = _get(
        dep.url + "/_stcore/upload_file/some-session/some-file",
        {"Content-Type": "multipart/form-data; boundary=spendgeo"},
        "PUT",
        body,
    )
    assert r.status == 403  # the replica saw the whole body and refused it (no XSRF token)
    log = (dep.prefix / "error.log").read_text()
    assert "buffered to a temporary file" not in log, log[-2000:]
    assert not any((dep.prefix / "client_body").rglob("*"))
    # Over the cap (20 MB): nginx refuses before the replica sees anything.
    big = b"x" * (21 * 1024 * 1024)
    assert _get(dep.url + "/_stcore/upload_file/s/f", {}, "PUT", big).status == 413


@pytest.mark.browser
def _visit_every_page_in_chromium(url: str) -> list[str]:
    """Open each page in headless Chromium; return the console's CSP violations and page errors."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MAP

    violations: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.on("pageerror", lambda e: violations.append(str(e)))
        for path, has_map in (("/", False), ("/spend_map", True), ("/growth_deals", True),
                              ("/deprivation", True), ("/data", False)):  # fmt: skip
            # Generous waits: the test machine is shared (load average above 15 at times).
            page.goto(url + path, wait_until="commit", timeout=120_000)
            page.wait_for_selector('[data-testid="stMain"]', timeout=120_000)
            if has_map:
                page.wait_for_selector(MAP, timeout=120_000)
            page.wait_for_timeout(1500)
        browser.close()
    return violations


def test_streamlit_runs_under_the_csp_in_chromium(deployment):
    """Every page through nginx, in Chromium: no Content-Security-Policy violation, maps drawn."""
    violations = run_off_loop(_visit_every_page_in_chromium, deployment.url)
    # Streamlit fetches a page_icon given as ":material/…" from fonts.gstatic.com; the policy
    # blocks that third-party request on purpose (the favicon falls back), nothing else may fail.
    other = [v for v in violations if "fonts.gstatic.com" not in v]
    assert not other, other


def test_rate_limit_answers_429_to_a_flood(deployment):
    """Last before shutdown: a flood from one address is cut off with 429, not served."""
    dep = deployment

    async def flood() -> list[int]:
        async def one() -> int:
            return (await http_request(dep.url + "/_stcore/health")).status

        return await asyncio.gather(*(one() for _ in range(400)))

    statuses = run_sync(asyncio.wait_for(flood(), 120))
    assert statuses.count(200) >= 30  # the burst (200 requests, 50 connections) is served
    assert statuses.count(429) >= 50, collections.Counter(statuses)


def test_serve_stops_everything(deployment):
    dep = deployment
    prefix, pids, ports = dep.prefix, list(dep.pids), [*dep.ports, dep.proxy_port]
    nginx_pid = int((prefix / "nginx.pid").read_text())
    t0 = time.monotonic()
    dep.stop()
    assert time.monotonic() - t0 < 30
    assert dep.proc.returncode in (0, 143)  # serve.sh exits 143 after its SIGTERM trap
    for pid in [*pids, nginx_pid]:
        assert not Path(f"/proc/{pid}").exists() or _is_zombie(pid), f"pid {pid} still running"
    assert not any(port_open(p) for p in ports)
    assert not prefix.exists()
    with pytest.raises(ProcessLookupError):
        os.killpg(dep.proc.pid, 0)


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0] == "Z"
    except OSError:
        return True
