"""AppTest helpers: run app.py on a given page with given URL params against the prepared store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 240


@pytest.fixture
def run_page(store_path):
    """run_page('pages/deprivation.py', area='E08000009') -> a run AppTest (no exceptions asserted).

    `_open`: keys of lazy expanders (ui.tables.lazy_expander) to open, so their tables are built."""

    def _run(page: str, _dataset=None, _open: tuple[str, ...] = (), **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
        if _dataset is not None:
            at.session_state["spend_dataset"] = _dataset
        for key in _open:
            at.session_state[key] = True
        for k, v in params.items():
            at.query_params[k] = v
        if page != "pages/about.py":
            at.switch_page(page)
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return _run


def deck_layers(at: AppTest, index: int = 0) -> dict[str, dict]:
    """{layer id: layer json} of the index-th map on the page."""
    spec = json.loads(at.get("deck_gl_json_chart")[index].proto.json)
    return {layer["id"]: layer for layer in spec["layers"]}


def deck_spec(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[index].proto.json)


def metric(at: AppTest, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return m.value
    raise AssertionError(f"no metric {label!r}: {[m.label for m in at.metric]}")


@pytest.fixture(scope="session")
def no_postcode_dataset(store_path):
    """A small real-shaped council file with no postcode column, through the real pipeline."""
    from geo.spend import pipeline
    from geo.spend.geocode import PostcodeLookup
    from geo.store import read as store

    csv = (
        b"Supplier Name,Amount,Date Paid,Service Area\n"
        b"Acme Facilities Ltd,1200.50,01/04/2024,Highways\n"
        b"Northern Care Trust,56000,15/05/2024,Adult Social Care\n"
        b"Bolt & Sons Limited,780,30/06/2024,Highways\n"
    )
    lookup = PostcodeLookup.from_index(store.read_postcodes())
    return pipeline.build_dataset([(csv, "no_postcodes.csv")], lookup)


@pytest.fixture(scope="session")
def calderdale_dataset(store_path):
    """Calderdale's twelve real monthly files (no supplier postcodes), placed as the Data page
    places them: by supplier names found in the bundled Contracts Finder awards (3.6% of £)."""
    from geo.paths import raw_dir
    from geo.spend import pipeline
    from geo.spend.geocode import PostcodeLookup
    from geo.store import catalogue
    from geo.store import read as store
    from tests.spend.placing_fixture import calderdale_files

    lookup = PostcodeLookup.from_index(store.read_postcodes())
    cf = pipeline.build_dataset([raw_dir() / catalogue.get("spend_cf").path], lookup)
    awards = cf.geocoded[["supplier_name", "postcode"]].rename(columns={"postcode": "postcode_raw"})
    return pipeline.build_dataset(calderdale_files(), lookup, awards=[awards])
