"""Session isolation: concurrent real websocket sessions against ONE `streamlit run app.py` process.

Session A changes filters and loads its own spend file (through Streamlit's upload endpoint and the
Data page's file_uploader); session B, running at the same time in the same process, must keep
showing the bundled dataset and exactly its own default figures. All figures are read from the
deltas the app sends (bench/loadclient.py), i.e. what a browser would display.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from bench.loadclient import StreamlitSession, free_port, run_sync

ROOT = Path(__file__).resolve().parents[1]
DECILE1 = "1 (most deprived)"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app_url(store_path):
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    cmd += ["--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env={**os.environ, "SPENDGEO_PUBLIC": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("streamlit did not become healthy") from None
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def spend_csv(rows: list[tuple[str, str, float]]) -> bytes:
    lines = ["Buyer,Supplier Name,Supplier Postcode,Amount,Date"]
    lines += [f"Isolation Test Council,{n},{pc},{amt:.2f},01/04/2024" for n, pc, amt in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def deciles_of(postcodes: list[str], store: Path) -> dict[str, int]:
    """IMD decile (the app's default vintage) of each postcode from the prepared store, so the
    expected figures are independent of the app."""
    from geo import levels

    col = levels.imd().decile_column
    keys = [p.replace(" ", "").upper() for p in postcodes]
    frame = pd.read_parquet(
        store / "postcodes.parquet", columns=["pcd", col], filters=[("pcd", "in", keys)]
    )
    found = dict(zip(frame["pcd"], frame[col], strict=True))
    return {p: int(found[k]) for p, k in zip(postcodes, keys, strict=True)}


def money(x: float) -> str:
    return f"£{x:,.0f}"


def caption(s: StreamlitSession) -> str:
    return next(t for t in s.texts() if t.startswith("Dataset: "))


def transactions(s: StreamlitSession) -> int:
    return int(s.metrics()["Transactions"].replace(",", ""))


async def ok(s: StreamlitSession, page: str | None = None) -> None:
    r = await s.rerun(page=page)
    assert r.status == "FINISHED_SUCCESSFULLY", r
    assert not r.errors and not s.errors(), r.errors + s.errors()


async def load_file(s: StreamlitSession, name: str, data: bytes) -> None:
    """Data page: upload through /_stcore/upload_file, press 'Load this file'."""
    await ok(s, page="data")
    await s.upload_file("data.upload", name, data)
    await ok(s)
    s.click("Load")
    await ok(s)
    loaded = [t for t in s.texts() if t.startswith(f"Loaded {name}:")]
    assert loaded, s.texts()


def test_filters_and_upload_stay_in_their_session(app_url, store_path):
    rows = [
        ("Alpha Recovery Ltd", "B10 0AA", 1000.0),
        ("Beta Care CIC", "L6 9HZ", 2500.0),
        ("Gamma Services Ltd", "LS1 4AP", 4000.0),
        ("Delta Support Ltd", "SW1A 1AA", 700.0),
    ]
    dec = deciles_of([pc for _, pc, _ in rows], store_path)
    assert min(dec.values()) == 1 and max(dec.values()) > 2, dec
    a_total = sum(amt for *_, amt in rows)
    a_dec1 = [amt for _, pc, amt in rows if dec[pc] == 1]

    async def scenario() -> None:
        a = StreamlitSession(app_url, page="spend_map", timeout=240)
        b = StreamlitSession(app_url, page="spend_map", timeout=240)
        await asyncio.gather(a.connect(), b.connect())
        try:
            await asyncio.gather(ok(a), ok(b))
            assert a.session_id != b.session_id
            b_metrics, b_caption = b.metrics(), caption(b)
            assert a.metrics() == b_metrics
            assert "Selection: all rows" in b_caption
            assert "Contracts Finder" in b_caption
            default_rows = transactions(b)
            assert default_rows > 100

            # A filters to IMD decile 1 while B reruns at the same time.
            a.set_value("sm.filters.deciles", [DECILE1])
            await asyncio.gather(ok(a), ok(b))
            assert a.metrics()["Deprived areas (decile 1)"] == "100.0%"
            assert 0 < transactions(a) < default_rows
            assert "IMD deciles 1" in caption(a)
            assert "decile=1" in a.query_string
            assert b.metrics() == b_metrics and caption(b) == b_caption
            assert "decile" not in b.query_string

            # A picks a locality (One LEP → an area): A gets a local share, B keeps "—".
            lep = next(o for o in a.widget("sm.locality.lep").options if "(E37" in o)
            a.set_value("sm.locality.lep", lep)
            await asyncio.gather(ok(a), ok(b))
            assert a.metrics()["Local share"] != "—"
            assert b.metrics()["Local share"] == "—"
            assert b.metrics() == b_metrics

            # A loads its own spend file on the Data page while B keeps working.
            await asyncio.gather(load_file(a, "isolation.csv", spend_csv(rows)), ok(b))
            assert b.metrics() == b_metrics
            await asyncio.gather(ok(a, page="spend_map"), ok(b))
            # A's remembered decile-1 filter now applies to A's own file.
            assert caption(a).startswith("Dataset: isolation.csv — 4 rows.")
            assert transactions(a) == len(a_dec1)
            assert a.metrics()["Total spend"] == money(sum(a_dec1))
            a.set_value("sm.filters.deciles", [])
            await asyncio.gather(ok(a), ok(b))
            assert transactions(a) == len(rows)
            assert a.metrics()["Total spend"] == money(a_total)
            assert a.metrics()["Located (by £)"] == "100.0%"

            # B: same dataset, same figures as before any of A's activity.
            assert b.metrics() == b_metrics and caption(b) == b_caption
            # A brand-new session also gets the default, not A's file or filters.
            c = StreamlitSession(app_url, page="spend_map", timeout=240)
            async with c:
                await ok(c)
                assert c.metrics() == b_metrics and caption(c) == b_caption
        finally:
            await asyncio.gather(a.close(), b.close())

    run_sync(asyncio.wait_for(scenario(), 600))


def test_same_name_uploads_in_two_sessions_do_not_share_caches(app_url):
    """Two viewers load different files with the same name and row count at the same time.

    The cached summary is keyed by a dataset token; if that token collided, one viewer would see the
    other's totals.
    """
    rows_a = [("One Ltd", "M1 1AE", 111.0), ("Two Ltd", "LS1 4AP", 222.0)]
    rows_b = [("One Ltd", "M1 1AE", 5000.0), ("Two Ltd", "LS1 4AP", 4000.0)]

    async def scenario() -> None:
        a = StreamlitSession(app_url, page="data", timeout=240)
        b = StreamlitSession(app_url, page="data", timeout=240)
        await asyncio.gather(a.connect(), b.connect())
        try:
            await asyncio.gather(
                load_file(a, "spend.csv", spend_csv(rows_a)),
                load_file(b, "spend.csv", spend_csv(rows_b)),
            )
            for _ in range(3):  # reruns hit the caches
                await asyncio.gather(ok(a, page="spend_map"), ok(b, page="spend_map"))
                assert a.metrics()["Total spend"] == money(333)
                assert b.metrics()["Total spend"] == money(9000)
                assert transactions(a) == transactions(b) == 2
        finally:
            await asyncio.gather(a.close(), b.close())

    run_sync(asyncio.wait_for(scenario(), 600))
