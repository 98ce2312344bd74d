"""Placing suppliers in the app: the reference sources (cached once per process) and the locate summaries (cached per dataset)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.errors import SpendGeoError
from geo.paths import store_dir
from geo.spend import locate_report, pipeline, placing
from geo.spend.pipeline import SpendDataset
from ui import cache

_LOG = logging.getLogger(__name__)

CHARITIES_NAME = "charities.parquet"


def companies_path() -> Path:
    """The Companies House index: SPENDGEO_COMPANIES if set, else data/store/companies.parquet."""
    from geo.spend.companies import default_index_path

    return default_index_path()


def charities_path() -> Path:
    override = os.environ.get("SPENDGEO_CHARITIES", "").strip()
    return Path(override) if override else store_dir() / CHARITIES_NAME


def _stamp(path: Path) -> float | None:
    return path.stat().st_mtime if path.is_file() else None


@st.cache_resource(show_spinner="Loading the Companies House index…", max_entries=2)
def _companies(path: str, stamp: float):
    """(Reference, size) of the index at `path`; `stamp` (its mtime) makes a rebuilt index load afresh."""
    import pyarrow.parquet as pq

    from geo.spend.companies import MATCH_COLUMNS, read_companies
    from geo.spend.match import Reference

    have = set(pq.read_schema(path).names) if path.endswith(".parquet") else set()
    cols = (*MATCH_COLUMNS, "name_hash") if "name_hash" in have else MATCH_COLUMNS
    table = read_companies(path, columns=cols)
    return Reference.from_table("companies", table, "company_number", "company_name")


@st.cache_resource(show_spinner="Loading the Charity Commission register…", max_entries=2)
def _charities(path: str, stamp: float):
    from geo.spend.charities import read_charities
    from geo.spend.locate import _charities_ref

    return _charities_ref(read_charities(path))


def companies():
    """The Companies House index as a match Reference, or None when there is none (or it is unreadable)."""
    path = companies_path()
    stamp = _stamp(path)
    if stamp is None:
        return None
    try:
        return _companies(str(path), stamp)
    except SpendGeoError:
        return None


def charities():
    path = charities_path()
    stamp = _stamp(path)
    if stamp is None:
        return None
    try:
        return _charities(str(path), stamp)
    except SpendGeoError:
        return None


def source_problem(kind: str) -> str | None:
    """Why a present reference file could not be used (one sentence), else None."""
    path = companies_path() if kind == "companies" else charities_path()
    stamp = _stamp(path)
    if stamp is None:
        return None
    try:
        (_companies if kind == "companies" else _charities)(str(path), stamp)
    except SpendGeoError as err:
        return str(err)
    return None


@st.cache_resource(show_spinner=False, max_entries=2)
def awards(public: bool) -> pd.DataFrame | None:
    """The bundled Contracts Finder awards as supplier name → postcode (for other files), or None.

    Taken from the geocoded table's normalised postcode, so in public mode a redacted row (no
    postcode) places nothing.
    """
    try:
        geocoded = cache.default_spend(public=public).geocoded
    except SpendGeoError:
        return None
    if not {"supplier_name", "postcode"} <= set(geocoded.columns):
        return None
    return geocoded[["supplier_name", "postcode"]].rename(columns={"postcode": "postcode_raw"})


def default_sources(*, public: bool, use_awards: bool = True) -> dict:
    """The build_dataset/relocate options every upload gets: companies, charities, awards, with labels."""
    comp, char = companies(), charities()
    cf = awards(public) if use_awards else None
    labels = {}
    if comp is not None:
        labels["companies"] = f"{len(comp):,} companies, index at {companies_path()}"
    if char is not None:
        labels["charities"] = f"{len(char):,} charities, register at {charities_path()}"
    if cf is not None:
        with_pc = int(cf["postcode_raw"].notna().sum())
        labels["awards"] = (
            f"bundled Contracts Finder awards ({with_pc:,} award rows with a supplier postcode)"
        )
    return {
        "companies": comp,
        "charities": char,
        "awards": [cf] if cf is not None else [],
        "labels": labels,
    }


def place_again(ds: SpendDataset, *, use_awards: bool = True, **place) -> SpendDataset:
    """Place the dataset's suppliers again with the current sources (register/review/basis kept unless given)."""
    sources = default_sources(public=ds.public, use_awards=use_awards)
    try:
        return pipeline.relocate(ds, cache.postcode_index(), **{**sources, **place})
    except SpendGeoError:
        raise
    except Exception as err:  # noqa: BLE001 — the user gets a sentence, the log the traceback
        _LOG.exception("placing suppliers failed")
        raise SpendGeoError(
            f"Placing the suppliers of {ds.name} failed ({type(err).__name__}); the dataset is "
            "unchanged. Check the supplier register is a table with a supplier name or id and a "
            "postcode column."
        ) from None


# --- summaries, cached per dataset token --------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=8)
def routes(_geocoded: pd.DataFrame, token: str) -> pd.DataFrame:
    return locate_report.route_summary(_geocoded)


@st.cache_data(show_spinner=False, max_entries=8)
def kinds(_geocoded: pd.DataFrame, token: str) -> pd.DataFrame:
    return locate_report.kind_summary(_geocoded)


@st.cache_data(show_spinner=False, max_entries=8)
def unplaced(_geocoded: pd.DataFrame, token: str, n: int = 50) -> pd.DataFrame:
    return locate_report.top_unplaced(_geocoded, n)


@st.cache_data(show_spinner=False, max_entries=8)
def not_located(_geocoded: pd.DataFrame, token: str, n: int = 25) -> pd.DataFrame:
    return locate_report.postcodes_not_located(_geocoded, n)


def has_locate_columns(ds: SpendDataset) -> bool:
    return "located_by" in ds.geocoded.columns


# --- page tables ---------------------------------------------------------------------------------

SOURCE_LABELS = placing.SOURCE_LABELS
_REVIEW_SHOWN = 500  # candidates in the editor, largest £ first ("accept all ≥" covers every one)


def route_table(routes: pd.DataFrame) -> pd.DataFrame:
    """route_summary as shown: the route's phrase, rows, £ and share of £ (every route, even at 0)."""
    out = routes[["label", "rows", "amount", "share_amount"]].rename(columns={"label": "route"})
    return out.reset_index(drop=True)


def review_table(review: pd.DataFrame, ds: SpendDataset) -> pd.DataFrame:
    """The candidates as the editor shows them, with Accept / Reject ticks from their decisions.

    In public mode a file's supplier name is shown only if the public table shows it (a name the
    redaction hid stays hidden here too).
    """
    shown = review.head(_REVIEW_SHOWN)
    names = shown["supplier_name"].astype("string")
    if ds.public:
        from geo.spend.privacy import REDACTED_LABEL

        visible = set(ds.geocoded["supplier_name"].dropna().astype(str))
        names = names.where(names.isin(visible), REDACTED_LABEL)
    return pd.DataFrame(
        {
            "accept": (shown["decision"] == "accepted").to_numpy(),
            "reject": (shown["decision"] == "rejected").to_numpy(),
            "supplier_name": names.to_numpy(),
            "ref_name": shown["ref_name"].astype("string").to_numpy(),
            "ref_source": shown["ref_source"]
            .map(SOURCE_LABELS)
            .fillna(shown["ref_source"])
            .to_numpy(),
            "ref_id": shown["ref_id"].astype("string").to_numpy(),
            "postcode": shown["postcode"].astype("string").to_numpy(),
            "score": pd.to_numeric(shown["score"], errors="coerce").to_numpy(),
            "amount": pd.to_numeric(shown["amount"], errors="coerce").to_numpy(),
            "rows": pd.to_numeric(shown["rows"], errors="coerce")
            .fillna(0)
            .astype("int64")
            .to_numpy(),
            "supplier_key": shown["supplier_key"].astype("string").to_numpy(),
        }
    )


def review_config() -> dict:
    cc = st.column_config
    return {
        "accept": cc.CheckboxColumn("Accept", width="small"),
        "reject": cc.CheckboxColumn("Reject", width="small"),
        "supplier_name": cc.TextColumn("Supplier in your file", width="medium"),
        "ref_name": cc.TextColumn("Matched to", width="medium"),
        "ref_source": cc.TextColumn("Register"),
        "ref_id": cc.TextColumn("Number"),
        "postcode": cc.TextColumn("Postcode"),
        "score": cc.NumberColumn("Score", format="%.1f", width="small"),
        "amount": cc.NumberColumn("£ (net)", format="£%,.0f"),
        "rows": cc.NumberColumn("Rows", format="%,d", width="small"),
        "supplier_key": None,  # hidden: the key decisions are stored by
    }


def apply_ticks(review: pd.DataFrame, edited: pd.DataFrame) -> pd.DataFrame:
    """Decisions from the editor's ticks: Reject wins over Accept; unticked shown rows go back to pending."""
    from geo.spend.match import decide

    keys = edited["supplier_key"]
    base = review.copy()
    base.loc[base["supplier_key"].isin(list(keys)), "decision"] = "pending"
    accept = keys[edited["accept"].astype(bool) & ~edited["reject"].astype(bool)]
    reject = keys[edited["reject"].astype(bool)]
    return decide(base, accept=list(accept), reject=list(reject))


def accept_at_or_above(review: pd.DataFrame, score: float) -> pd.DataFrame:
    """Accept every pending candidate scoring at least `score`; rejected ones stay rejected."""
    from geo.spend.match import decide

    keys = review.loc[
        (pd.to_numeric(review["score"], errors="coerce") >= score)
        & (review["decision"] == "pending"),
        "supplier_key",
    ]
    return decide(review, accept=list(keys))


def kind_table(kinds: pd.DataFrame) -> pd.DataFrame:
    """kind_summary as shown: what kind of place (in words), rows, £."""
    return pd.DataFrame(
        {
            "kind of place": kinds["description"].str[0].str.upper() + kinds["description"].str[1:],
            "rows": kinds["rows"].to_numpy(),
            "amount": kinds["amount"].to_numpy(),
        }
    )
