"""The container set-up (Dockerfile, compose.yaml) carries what the maps need: the MVT worker in the image, the tiles in a volume."""

from __future__ import annotations

import re
from pathlib import Path

from geo.paths import PROJECT_ROOT
from geo.present.tiled import MVT_WORKER_URL
from geo.present.tiles import default_tiles_dir

ROOT = Path(__file__).resolve().parents[1]
WORKDIR = "/app"  # the Dockerfile's WORKDIR: the project root inside the image
TILES_IN_IMAGE = f"{WORKDIR}/{default_tiles_dir().relative_to(PROJECT_ROOT).as_posix()}"


def _volumes(service: str) -> list[str]:
    """The `volumes:` entries of one service in compose.yaml (read as text: no YAML library is
    a dependency, and the file keeps one entry per line)."""
    text = (ROOT / "compose.yaml").read_text()
    block = re.search(rf"^  {service}:\n(.*?)(?=^  \S|^\S)", text, re.M | re.S)
    assert block, f"no service {service} in compose.yaml"
    vols = re.search(r"^    volumes:\n((?:      [-#].*\n)+)", block.group(1), re.M)
    lines = vols.group(1).splitlines() if vols else []
    return [v.strip()[2:] for v in lines if v.strip().startswith("- ")]


def test_the_image_carries_the_mvt_worker():
    """Without static/vendor the public instance's maps fetched a worker that was not there."""
    worker = ROOT / MVT_WORKER_URL.removeprefix("/app/")
    assert worker.exists()
    docker = (ROOT / "Dockerfile").read_text()
    assert "COPY static/vendor ./static/vendor" in docker
    assert f"mkdir -p {WORKDIR}/data {TILES_IN_IMAGE}" in docker


def test_tiles_are_built_into_a_volume_every_replica_reads():
    """prepare writes the tiles where the app serves them (a volume at static/tiles): in an image
    they would be stale after each prepare, in the prepare container they were lost with it."""
    prepare = [v for v in _volumes("prepare") if v.split(":")[1] == TILES_IN_IMAGE]
    app = [v for v in _volumes("app") if v.split(":")[1] == TILES_IN_IMAGE]
    assert prepare and not prepare[0].endswith(":ro")
    assert app and app[0].endswith(":ro")
    name = prepare[0].split(":")[0]
    assert name == app[0].split(":")[0]
    assert re.search(rf"^volumes:\n(?:  .*\n)*  {name}:", (ROOT / "compose.yaml").read_text(), re.M)
    # Built tiles stay out of the build context (and so out of the image).
    assert "static/tiles" in (ROOT / ".dockerignore").read_text().split()
