"""About page: runs, lists prepared datasets and sources, explains vintages, presentation mode and scenes."""

from __future__ import annotations


def test_about_runs_and_lists_sources(run_page):
    at = run_page("pages/about.py")
    assert at.title[0].value == "Spend Geography"
    assert len(at.dataframe) >= 2  # prepared datasets + sources
    text = " ".join(str(m.value) for m in at.markdown)
    assert "present=1" in text and "scenes" in text
    assert "IMD 2025" in text and "IMD 2019" in text and "April 2024" in text


def test_vintage_control_is_app_wide_and_seeded_from_the_link(run_page):
    at = run_page("pages/about.py", imd="2019")
    assert at.radio(key="sg.imd").value == "2019"
    at = run_page("pages/about.py", imd="nonsense")
    assert at.radio(key="sg.imd").value == "2025"
