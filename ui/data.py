"""Cached wrappers around geo loaders and builders: the only place the app caches (st.cache_data/resource)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

from geo.errors import SpendGeoError
from geo.paths import raw_dir, store_dir
from geo.present import mapspec

# Store level names (geo.store.read.read_areas) for the overlays the app offers.
LEVELS = {"lad": "lad", "lep": "lep", "ca": "ca24"}
LEVEL_LABELS = {
    "lad": "Local authority districts (LAD 2021)",
    "lep": "Local Enterprise Partnerships (LEP 2021)",
    "ca": "Combined Authorities (CA 2024)",
}
DEFAULT_SPEND_KEY = "spend_cf"
# Public mode (SPENDGEO_PUBLIC=1): published data only, individuals redacted, uploads kept in this
# session's memory only and capped (Streamlit holds uploads in memory; nothing is written to disk).
PUBLIC_UPLOAD_LIMIT_MB = 20


def is_public() -> bool:
    return os.environ.get("SPENDGEO_PUBLIC", "").strip().lower() in ("1", "true", "yes")


def store_ready() -> bool:
    return (store_dir() / "manifest.json").exists()


def require_store() -> None:
    """Stop the page with a plain message if the store has not been prepared."""
    if not store_ready():
        st.error(
            f"No prepared data store at {store_dir()}. Run `make data` "
            "(python -m geo fetch && python -m geo prepare), then reload."
        )
        st.stop()


@st.cache_data(show_spinner=False)
def manifest() -> dict:
    from geo.store import read as store

    return store.read_manifest()


@st.cache_data(show_spinner=False)
def prepared_datasets() -> pd.DataFrame:
    from geo.store import read as store

    return pd.DataFrame(store.prepared_datasets())


@st.cache_resource(show_spinner="Loading boundaries…")
def areas(level: str) -> gpd.GeoDataFrame:
    """LAD / LEP / CA24 table with display geometry (shared, read-only: never mutate)."""
    from geo.store import read as store

    return store.read_areas(LEVELS.get(level, level))


@st.cache_resource(show_spinner="Loading LSOAs…")
def lsoa() -> gpd.GeoDataFrame:
    from geo.store import read as store

    return store.read_lsoa()


@st.cache_data(show_spinner=False)
def area_names(level: str) -> dict[str, str]:
    """{code: name} for selectboxes (label by name, key by code)."""
    frame = areas(level)
    return dict(zip(frame["code"].astype(str), frame["name"].astype(str), strict=True))


@st.cache_data(show_spinner=False)
def area_table(level: str) -> pd.DataFrame:
    from geo.cli import areas as geo_areas

    return geo_areas.area_table(LEVELS.get(level, level))


# --- map layers -------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def outline_layer(level: str) -> mapspec.Layer:
    """Static boundary overlay, serialised once per process."""
    return mapspec.outline_layer(level, areas(level))


@st.cache_data(show_spinner="Drawing LSOAs…")
def decile_layer(level: str | None, code: str | None) -> mapspec.Layer:
    """IMD decile LSOAs: all of England (national geometry) or one area's LSOAs at 20 m detail."""
    from geo.store import read as store

    table = lsoa()
    if not code:
        return mapspec.decile_layer_for(table, None, None)
    codes = mapspec.lsoas_in(table, level, code)["lsoa11cd"].astype(str).tolist()
    return mapspec.decile_layer_for(table, level, code, store.read_lsoa_detail(codes))


@st.cache_data(show_spinner=False)
def focus(level: str, code: str) -> tuple[mapspec.Layer, mapspec.View] | None:
    return mapspec.focus_for(areas(level), code)


@st.cache_data(show_spinner=False)
def growth_deals_layers() -> tuple[list[mapspec.Layer], object]:
    return mapspec.per_head_layers(areas("lep"))


@st.cache_data(show_spinner=False)
def share_layer(level: str = "lad") -> mapspec.Layer:
    return mapspec.share_layer(areas(level), level)


def deck(layers: list[mapspec.Layer], view: mapspec.View) -> mapspec.DeckSpec:
    return mapspec.deck_spec(layers, view)


# --- spend ------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner="Loading the postcode index…")
def postcode_index():
    """The postcode lookup (sorted integer keys), built once per process and shared read-only."""
    from geo.spend.geocode import PostcodeLookup
    from geo.store import read as store

    return PostcodeLookup.from_index(store.read_postcodes())


def _dataset(name: str, table, frame: pd.DataFrame, notes: list[str], public: bool) -> dict:
    """Geocode, apply public-mode privacy, and fingerprint the content.

    The token is a hash of the table's content, not id(): cache entries are shared only between
    sessions holding identical data, so one session's upload can never answer another's query.
    """
    from geo.spend.geocode import geocode

    geocoded = geocode(frame, postcode_index())
    if public:
        from geo.spend.privacy import public_view

        geocoded = public_view(geocoded, table.mapping)
    digest = hashlib.sha256(pd.util.hash_pandas_object(geocoded, index=False).to_numpy().tobytes())
    return {
        "name": name,
        "source_name": table.source_name,
        "geocoded": geocoded,
        "mapping": table.mapping,
        "notes": notes,
        "token": digest.hexdigest(),
    }


@st.cache_resource(show_spinner="Loading and geocoding the default spend file…")
def default_spend(public: bool = False) -> dict:
    """The bundled Contracts Finder awards, ingested and geocoded (shared by all sessions)."""
    from geo.spend import ingest
    from geo.store import catalogue

    ds = catalogue.get(DEFAULT_SPEND_KEY)
    path = raw_dir() / ds.path
    if not Path(path).exists():
        raise SpendGeoError(f"The default spend file {path} is missing: run `make data`.")
    table = ingest.read_spend(path, filename=path.name)
    return _dataset(ds.title, table, table.frame, list(table.notes), public)


def load_upload(
    data: bytes,
    filename: str,
    sheet: str | None,
    overrides: dict | None,
    register: tuple[bytes, str] | None = None,
) -> dict:
    """Ingest + geocode an uploaded file (not cached: it belongs to one session). Raises SpendGeoError."""
    import io

    from geo.spend import ingest

    if is_public() and len(data) > PUBLIC_UPLOAD_LIMIT_MB * 1_000_000:
        raise SpendGeoError(
            f"{filename} is {len(data) / 1e6:.1f} MB; this public instance takes files up to "
            f"{PUBLIC_UPLOAD_LIMIT_MB} MB (run Spend Geography yourself for larger files)."
        )
    table = ingest.read_spend(io.BytesIO(data), filename=filename, sheet=sheet, overrides=overrides)
    frame = table.frame
    notes = list(table.notes)
    if register is not None:
        from geo.spend import suppliers

        reg = suppliers.read_register(io.BytesIO(register[0]), filename=register[1])
        frame, report = suppliers.join_register(frame, reg)
        notes.append(report.summary())
    return _dataset(filename, table, frame, notes, is_public())


def active_spend() -> dict:
    """The session's dataset (uploaded on the Data page) or the shared default."""
    # `public` is part of the cache key, so a process can never hand the officers' view to the public.
    return st.session_state.get("spend_dataset") or default_spend(public=is_public())


@st.cache_resource(show_spinner="Preparing spend for fast filtering…", max_entries=8)
def spend_frame(_geocoded: pd.DataFrame, token: str):
    """SpendFrame for a dataset; `token` identifies the dataset (the frame itself is not hashed)."""
    from geo.analysis.summary import prepare_spend

    return prepare_spend(_geocoded)


def dataset_token(ds: dict) -> str:
    return ds["token"]


@st.cache_data(show_spinner=False, max_entries=64)
def filtered(_ds_geocoded: pd.DataFrame, token: str, filters, locality, denominator: str):
    """(mask, Summary, points) for one selection; cached on the (hashable) Filters and Locality."""
    from geo.analysis.filters import apply_filters
    from geo.analysis.summary import summarise

    sf = spend_frame(_ds_geocoded, token)
    mask = apply_filters(sf, filters)
    summary = summarise(sf, mask, locality, denominator, top_n=10, selection=filters.describe())
    points = mapspec.supplier_points(_ds_geocoded, mask, locality)
    return mask, summary, points


@st.cache_data(show_spinner=False, max_entries=16)
def supplier_layer(
    _points: pd.DataFrame, token: str, filters, locality, colour_by: str
) -> mapspec.Layer:
    """Points layer for one selection; the cache key is the dataset token and the selection."""
    return mapspec.supplier_layer(_points, colour_by)


def as_array(mask) -> np.ndarray:
    return np.asarray(mask, dtype=bool)


@st.cache_data(show_spinner=False)
def catalogue_table() -> pd.DataFrame:
    """Every source dataset with its vintage and licence (geo.store.catalogue)."""
    from geo.store import catalogue

    return pd.DataFrame(
        [
            {
                "dataset": d.title,
                "vintage": d.vintage,
                "publisher": d.publisher,
                "licence": d.licence,
                "file": d.filename,
                "notes": d.note,
            }
            for d in catalogue.DATASETS
        ]
    )


@st.cache_data(show_spinner=False)
def decile_distribution(level: str | None, code: str | None) -> pd.DataFrame:
    return mapspec.decile_distribution(lsoa(), level, code)


@st.cache_data(show_spinner=False)
def ranked_by_decile1(level: str) -> pd.DataFrame:
    return mapspec.ranked_by_decile1(areas(level))


@st.cache_data(show_spinner=False)
def growth_deals_table() -> pd.DataFrame:
    return mapspec.growth_deals_table(areas("lep"))


@st.cache_data(show_spinner=False, max_entries=32)
def point_rows(
    _geocoded: pd.DataFrame, token: str, filters, name: str, postcode: str
) -> pd.DataFrame:
    from geo.analysis.filters import apply_filters

    mask = apply_filters(spend_frame(_geocoded, token), filters)
    return mapspec.point_rows(_geocoded, mask, name, postcode)


def decile_chart_frame(summary) -> pd.DataFrame:
    """summary.by_decile with a colour per bucket (decile palette; grey for the two catch-alls)."""
    return mapspec.decile_chart_frame(summary.by_decile)


@st.cache_data(show_spinner=False, max_entries=8)
def match_report(_geocoded: pd.DataFrame, token: str) -> pd.DataFrame:
    from geo.spend.geocode import match_report as report

    return report(_geocoded)


@st.cache_data(show_spinner="Preparing the download…", max_entries=8)
def filtered_table(_geocoded: pd.DataFrame, token: str, filters) -> pd.DataFrame:
    from geo.analysis.filters import apply_filters

    mask = apply_filters(spend_frame(_geocoded, token), filters)
    return _geocoded.loc[np.asarray(mask, dtype=bool)]
