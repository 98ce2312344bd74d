"""Public mode (SPENDGEO_PUBLIC=1) through AppTest: no individual's name in map data, tables or captions."""

from __future__ import annotations

import html
import json

import pytest

from geo.spend.privacy import REDACTED_LABEL
from tests.pages.conftest import deck_spec
from tests.people import contracts_finder_people

# Individuals named in the Contracts Finder file (geo.spend.privacy.is_individual finds exactly
# these), read from the file by hash: no private name is written into the repository.
PEOPLE = contracts_finder_people()


# The Spend map's tables in expanders are built only while open (tables.lazy_expander).
LAZY_TABLES = ("sm.points", "sm.top_all")


def _everything_shown(at) -> str:
    """Every deck spec, dataframe, HTML and text element on the page, its lazy tables opened, as one
    string."""
    for key in LAZY_TABLES:
        at.session_state[key] = True
    at.run()
    assert len(at.dataframe) == 2, "the lazy tables did not open"
    parts = [json.dumps(deck_spec(at, i)) for i in range(len(at.get("deck_gl_json_chart")))]
    parts += [df.value.to_csv() for df in at.dataframe]
    # HTML: the card column's Top suppliers table (ui.tables.show_small), the bars, the legends.
    parts += [html.unescape(str(h.proto.body)) for h in at.get("html")]
    parts += [e.value for e in (*at.markdown, *at.caption, *at.table) if isinstance(e.value, str)]
    return "\n".join(parts)


@pytest.mark.parametrize("public", [False, True])
def test_spend_map_names_individuals_only_for_officers(run_page, monkeypatch, public):
    if public:
        monkeypatch.setenv("SPENDGEO_PUBLIC", "1")
    else:
        monkeypatch.delenv("SPENDGEO_PUBLIC", raising=False)
    # Search each person so their rows are the selection: points, top suppliers, details.
    for person in PEOPLE:
        at = run_page("pages/spend_map.py", q=person.split()[0])
        shown = _everything_shown(at)
        if public:
            assert person not in shown
        else:
            assert person in shown
    if public:
        at = run_page("pages/spend_map.py", q="unverified supplier")
        assert REDACTED_LABEL in _everything_shown(at)


@pytest.mark.parametrize(("public", "limit_mb"), [(True, 20), (False, 200)])
@pytest.mark.parametrize("page", ["pages/data.py", "pages/suppliers.py"])
def test_uploaders_state_the_instances_own_size_limit(
    run_page, monkeypatch, page, public, limit_mb
):
    # The public Data page said "up to 20 MB" above uploaders that said "200MB per file" (the
    # server's default) whenever public mode ran without deploy/'s --server.maxUploadSize.
    if public:
        monkeypatch.setenv("SPENDGEO_PUBLIC", "1")
    else:
        monkeypatch.delenv("SPENDGEO_PUBLIC", raising=False)
    at = run_page(page)
    uploaders = at.get("file_uploader")
    assert uploaders, f"no uploader on {page}"
    assert {u.proto.max_upload_size_mb for u in uploaders} == {limit_mb}
