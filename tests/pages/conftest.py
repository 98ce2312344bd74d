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
    """run_page('pages/deprivation.py', area='E08000009') -> a run AppTest (no exceptions asserted)."""

    def _run(page: str, **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
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
