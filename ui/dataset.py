"""The session's spend dataset: uploads (one or several files, or a ZIP of them), public mode, and the shared default."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from geo.errors import SpendGeoError
from geo.spend import pipeline
from geo.spend.pipeline import SpendDataset
from ui import cache, locate

# Public mode (SPENDGEO_PUBLIC=1): published data only, individuals redacted, uploads kept in this
# session's memory only and capped (Streamlit holds uploads in memory; nothing is written to disk).
# The cap is passed to the reader as max_bytes, so it applies to what the files unpack to (a small
# ZIP of a huge CSV is refused before it is parsed), not only to the upload's size.
PUBLIC_UPLOAD_LIMIT_MB = 20
_ACTIVE = "spend_dataset"  # the one session-state key holding an uploaded SpendDataset
_FROM = "spend_dataset_from"  # the upload (file names) that dataset was built from

_LOG = logging.getLogger(__name__)


def is_public() -> bool:
    return os.environ.get("SPENDGEO_PUBLIC", "").strip().lower() in ("1", "true", "yes")


def uploader_limit_mb() -> int | None:
    """An uploader's own size cap: the public cap (its note says 20 MB; the uploader said 200MB, the
    server's default, when an instance ran public mode without deploy/'s --server.maxUploadSize),
    or None for officers (the server's setting, .streamlit/config.toml)."""
    return PUBLIC_UPLOAD_LIMIT_MB if is_public() else None


def max_bytes() -> int:
    """What an upload may unpack to: the public cap, or the reader's own limit for officers."""
    return PUBLIC_UPLOAD_LIMIT_MB * 1_000_000 if is_public() else pipeline.DEFAULT_MAX_BYTES


def load_upload(
    files: Sequence[tuple[bytes, str]],
    sheet: str | None = None,
    overrides: dict[str, str] | None = None,
    register: tuple[bytes, str] | None = None,
) -> SpendDataset:
    """Run uploaded file(s) through the pipeline (not cached: it belongs to one session).

    Raises SpendGeoError with one sentence, whatever went wrong: a failure the reader did not
    foresee is still a sentence for the user (and a log line for us), never a traceback.
    """
    try:
        return pipeline.build_dataset(
            list(files),
            cache.postcode_index(),
            sheet=sheet,
            overrides=overrides,
            register=register,
            public=is_public(),
            max_bytes=max_bytes(),
            # Companies House index, charity register and bundled awards when present (ui/locate.py).
            **locate.default_sources(public=is_public()),
        )
    except SpendGeoError:
        raise
    except MemoryError:
        raise SpendGeoError(
            "The files are too large to read in this server's memory; load fewer files at once."
        ) from None
    except Exception as err:  # noqa: BLE001 — the user gets a sentence, the log the traceback
        _LOG.exception("upload failed")
        names = ", ".join(name for _, name in files[:3]) + (" …" if len(files) > 3 else "")
        raise SpendGeoError(
            f"{names} could not be read ({type(err).__name__}); check it is a spend table "
            "(CSV, Excel or ZIP) with a header row."
        ) from None


def active() -> SpendDataset:
    """The session's uploaded dataset, or the shared default."""
    return st.session_state.get(_ACTIVE) or cache.default_spend(public=is_public())


def is_uploaded() -> bool:
    return st.session_state.get(_ACTIVE) is not None


def loaded_from() -> tuple[str, ...]:
    """File names of the upload the active dataset came from (empty for the default)."""
    return tuple(st.session_state.get(_FROM) or ())


def set_active(ds: SpendDataset, names: Sequence[str] = ()) -> None:
    st.session_state[_ACTIVE] = ds
    st.session_state[_FROM] = tuple(names)


def clear() -> None:
    st.session_state.pop(_ACTIVE, None)
    st.session_state.pop(_FROM, None)


@st.cache_resource(show_spinner=False)
def export_names() -> dict[str, pd.Series]:
    """Area names beside codes in downloads (every level's names, read once per process)."""
    from geo.present import exports

    return exports.area_names()
