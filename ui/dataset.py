"""The session's spend dataset: uploads (one or several files), public mode, and the shared default."""

from __future__ import annotations

import os
from collections.abc import Sequence

import streamlit as st

from geo.errors import SpendGeoError
from geo.spend import pipeline
from geo.spend.pipeline import SpendDataset
from ui import cache, locate

# Public mode (SPENDGEO_PUBLIC=1): published data only, individuals redacted, uploads kept in this
# session's memory only and capped (Streamlit holds uploads in memory; nothing is written to disk).
PUBLIC_UPLOAD_LIMIT_MB = 20
_ACTIVE = "spend_dataset"  # the one session-state key holding an uploaded SpendDataset


def is_public() -> bool:
    return os.environ.get("SPENDGEO_PUBLIC", "").strip().lower() in ("1", "true", "yes")


def load_upload(
    files: Sequence[tuple[bytes, str]],
    sheet: str | None = None,
    overrides: dict[str, str] | None = None,
    register: tuple[bytes, str] | None = None,
) -> SpendDataset:
    """Run uploaded file(s) through the pipeline (not cached: it belongs to one session). Raises SpendGeoError."""
    if is_public():
        size = sum(len(data) for data, _ in files)
        if size > PUBLIC_UPLOAD_LIMIT_MB * 1_000_000:
            raise SpendGeoError(
                f"The upload is {size / 1e6:.1f} MB; this public instance takes files up to "
                f"{PUBLIC_UPLOAD_LIMIT_MB} MB (run Spend Geography yourself for larger files)."
            )
    return pipeline.build_dataset(
        list(files),
        cache.postcode_index(),
        sheet=sheet,
        overrides=overrides,
        register=register,
        public=is_public(),
        # Companies House index, charity register and bundled awards when present (ui/locate.py).
        **locate.default_sources(public=is_public()),
    )


def active() -> SpendDataset:
    """The session's uploaded dataset, or the shared default."""
    return st.session_state.get(_ACTIVE) or cache.default_spend(public=is_public())


def is_uploaded() -> bool:
    return st.session_state.get(_ACTIVE) is not None


def set_active(ds: SpendDataset) -> None:
    st.session_state[_ACTIVE] = ds


def clear() -> None:
    st.session_state.pop(_ACTIVE, None)
