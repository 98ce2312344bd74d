"""About page: runs, lists prepared datasets and the catalogue of sources."""

from __future__ import annotations


def test_about_runs_and_lists_sources(run_page):
    at = run_page("pages/about.py")
    assert at.title[0].value == "Spend Geography"
    assert len(at.dataframe) >= 2  # prepared datasets + sources
    text = " ".join(str(m.value) for m in at.markdown)
    assert "present=1" in text
