"""fetch: a real HTTP download from a loopback server serving the mirror, mirror copies, and clear failures."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading

import pytest

from geo.errors import SpendGeoError
from geo.paths import PROJECT_ROOT
from geo.store import catalogue
from geo.store.fetch import fetch, sha256_of
from tests.conftest import SHARED_DATA

SMALL = [catalogue.get(k) for k in ("lep21", "ca24", "lad_ca24", "growth_deals")]


@pytest.fixture(scope="module")
def mirror_server():
    """Serve the mirror folder over HTTP on 127.0.0.1 (an organisation's internal HTTP mirror)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SHARED_DATA))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_download_over_http_verifies_and_skips_present(tmp_path, mirror_server):
    results = fetch(SMALL, dest_root=tmp_path, base_url=mirror_server, progress=False)
    assert [r.action for r in results] == ["downloaded", "downloaded", "downloaded", "copied"]
    for ds in SMALL:
        assert sha256_of(tmp_path / ds.path) == ds.sha256
    again = fetch(SMALL, dest_root=tmp_path, base_url=mirror_server, progress=False)
    assert {r.action for r in again} == {"present"}


def test_corrupt_local_file_is_refetched(tmp_path, mirror_server):
    ds = SMALL[0]
    (tmp_path / ds.path).parent.mkdir(parents=True)
    (tmp_path / ds.path).write_bytes(b"not the file")
    [r] = fetch([ds], dest_root=tmp_path, base_url=mirror_server, progress=False)
    assert r.action == "downloaded" and sha256_of(tmp_path / ds.path) == ds.sha256


def test_http_404_names_dataset_and_address(tmp_path, mirror_server):
    with pytest.raises(SpendGeoError, match=r"lep21.*127\.0\.0\.1.*mirror"):
        fetch(SMALL[:1], dest_root=tmp_path, base_url=mirror_server + "/nowhere", progress=False)
    assert not (tmp_path / SMALL[0].path).exists()


def test_checksum_mismatch_from_mirror_is_refused(tmp_path):
    bad = tmp_path / "mirror"
    ds = SMALL[0]
    (bad / ds.path).parent.mkdir(parents=True)
    (bad / ds.path).write_text("{}")
    with pytest.raises(SpendGeoError, match="Checksum mismatch.*lep21"):
        fetch([ds], dest_root=tmp_path / "raw", mirror=bad, progress=False)
    assert not (tmp_path / "raw" / ds.path).exists()


def test_mirror_copy(tmp_path):
    results = fetch(SMALL, dest_root=tmp_path, mirror=SHARED_DATA, progress=False)
    assert [r.action for r in results] == ["mirrored", "mirrored", "mirrored", "copied"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # Offline, no mirror: one sentence naming the dataset, the address tried and how to set a mirror.
        (["--only", "lep21"], "Could not download Local Enterprise Partnerships"),
        # Assembled files have no single address: say so and point at the mirror option.
        (["--only", "lsoa11"], "has no single download address"),
        (["--only", "nope"], "Unknown dataset key"),
        (["--mirror", "/no/such/dir"], "does not exist"),
    ],
)
def test_cli_failures_are_one_clear_line(tmp_path, args, expected):
    env = {"PATH": "/usr/bin:/bin", "SPENDGEO_DATA": str(tmp_path), "HOME": str(tmp_path)}
    # An unroutable proxy makes "offline" deterministic even on a machine with internet.
    env |= {"https_proxy": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9"}
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "fetch", "--quiet", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1
