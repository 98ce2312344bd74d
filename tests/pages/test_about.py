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


def test_about_names_every_page_and_labels_its_tables(run_page):
    """The page list left out Compare & leakage and Place suppliers (the pages an officer with a
    council file needs), and the tables showed raw column names ("key", "title")."""
    import re
    from pathlib import Path

    import ui.frame

    # The navigation's titles, read from frame.pages() (st.Page needs a running script).
    titles = re.findall(r'st\.Page\("[^"]+", title="([^"]+)"', Path(ui.frame.__file__).read_text())
    assert len(titles) == 7
    at = run_page("pages/about.py")
    text = " ".join(str(m.value) for m in at.markdown)
    for title in titles[1:]:  # About itself first
        assert f"**{title}**" in text, title
    sources = at.dataframe[1].value
    assert list(sources.columns[:4]) == ["Dataset", "Publisher", "Vintage", "Licence"]
    assert sources["Where"].str.startswith("https://").all()
