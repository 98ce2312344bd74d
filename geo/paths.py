"""Where the project keeps raw downloads and the embedded store (overridable with SPENDGEO_DATA)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Root of build output; SPENDGEO_DATA lets tests and replicas point elsewhere."""
    return Path(os.environ.get("SPENDGEO_DATA", PROJECT_ROOT / "data"))


def raw_dir() -> Path:
    return data_dir() / "raw"


def store_dir() -> Path:
    return data_dir() / "store"
