"""Shared fixtures: the prepared store (built from the mirror by `make data` before pytest runs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.paths import raw_dir, store_dir

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def store_path() -> Path:
    path = store_dir()
    if not (path / "manifest.json").exists():
        pytest.fail(
            f"No prepared store at {path}: run `make data` (python -m geo fetch && python -m geo prepare)."
        )
    return path


@pytest.fixture(scope="session")
def raw_path() -> Path:
    return raw_dir()
