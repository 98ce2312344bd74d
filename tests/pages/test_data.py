"""Data page: files as one dataset, flags, the match report to act on, downloads, hostile names as text."""

from __future__ import annotations

import json
import re

import pytest

from geo.present.text import md_escape
from geo.spend.privacy import REDACTED_LABEL

APRIL = (
    b"Supplier Name,Amount,Date Paid,Postcode\n"
    b"Acme Ltd,100,01/04/2024,M1 1AE\n"
    b"Beta Ltd,50,02/04/2024,\n"
    b"1Spatial Ltd,30,03/04/2024,CB4 OWZ\n"
)
MAY = (
    b"Supplier Name,Amount,Date Paid,Postcode\n"
    b"Beta Ltd,70,01/05/2024,\n"
    b"[click](https://evil.example),20,03/05/2024,\n"
    b"Shanice Winterton,15,04/05/2024,M1 1AE\n"
)
HOSTILE = "[click](https://evil.example)"


@pytest.fixture(scope="module")
def two_months(store_path):
    from geo.spend import pipeline
    from geo.spend.geocode import PostcodeLookup
    from geo.store.read import read_postcodes

    lookup = PostcodeLookup.from_index(read_postcodes())
    return pipeline.build_dataset(
        [(APRIL, "2024-04.csv"), (MAY, "2024-05.csv")], lookup, name=f"{HOSTILE} spend"
    )


def _texts(at) -> list[str]:
    return [
        str(e.value) for e in (*at.markdown, *at.caption, *at.subheader, *at.success, *at.error)
    ] + [e.label for e in at.expander]


def _labels(at) -> list[str]:
    return [b.label for b in at.get("download_button")]


def test_default_dataset_page(run_page, monkeypatch):
    monkeypatch.delenv("SPENDGEO_PUBLIC", raising=False)
    at = run_page("pages/data.py")
    subheaders = [s.value for s in at.subheader]
    for heading in ("Data-quality flags", "Postcode match report", "Download"):
        assert heading in subheaders
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Share of £ located"].endswith("%")
    labels = _labels(at)
    for label in ("CSV", "Excel (.xlsx)", "Supplier register template (CSV)"):
        assert label in labels
    # The GeoPackage holds the placed rows only, and its button says how many.
    assert any(re.fullmatch(r"GeoPackage \(points: [\d,]+ placed rows\)", x) for x in labels)
    # Contracts Finder carries value_vs_value_low flags: the table says what each flag means.
    flags = next(df.value for df in at.dataframe if "meaning" in df.value.columns)
    assert "value_vs_value_low" in flags["flag"].tolist()
    assert any(e.label.startswith("What public mode would hide") for e in at.expander)


def test_several_files_flags_unplaced_and_register(run_page, two_months, monkeypatch):
    monkeypatch.delenv("SPENDGEO_PUBLIC", raising=False)
    at = run_page("pages/data.py", _dataset=two_months)
    files_el = next(df for df in at.dataframe if "file" in df.value.columns)
    files = files_el.value
    assert files["rows"].tolist() == [3, 3]
    assert files["amount"].tolist() == [180.0, 105.0]
    unplaced_el = next(df for df in at.dataframe if "reason" in df.value.columns)
    unplaced = unplaced_el.value
    # Shares read as percentages: April located £130 of £180 (Acme, 1Spatial's repaired CB4 0WZ).
    # A second _SHARE set in ui/tables once dropped these two columns and showed "0.722".
    assert files["share_located"].round(1).tolist() == [72.2, 14.3]
    assert unplaced["share_of_unplaced"].round(1).tolist() == [85.7, 14.3]
    for el, col in ((files_el, "share_located"), (unplaced_el, "share_of_unplaced")):
        assert json.loads(el.proto.columns)[col]["type_config"]["format"] == "%.1f%%"
    assert unplaced["supplier_name"].iloc[0] == "Beta Ltd" and unplaced["rows"].iloc[0] == 2
    assert {m.label: m.value for m in at.metric}["Postcodes repaired"] == "1 rows"
    assert "Unplaced suppliers (CSV, 2)" in _labels(at)
    preview = next(df.value for df in at.dataframe if "rule" in df.value.columns)
    assert "Shanice Winterton" in preview["supplier"].tolist()


def test_hostile_names_are_escaped_in_markdown(run_page, two_months):
    at = run_page("pages/data.py", _dataset=two_months)
    shown = "\n".join(_texts(at))
    assert HOSTILE not in shown  # the dataset name reaches subheader and expander labels escaped
    assert "click\\]" in shown


def test_public_mode_hides_the_preview_and_names_the_label(run_page, monkeypatch, store_path):
    monkeypatch.setenv("SPENDGEO_PUBLIC", "1")
    at = run_page("pages/data.py")
    assert not any(e.label.startswith("What public mode would hide") for e in at.expander)
    assert any(REDACTED_LABEL in i.value for i in at.info)
    assert "Individual (redacted)" not in "\n".join(_texts(at) + [i.value for i in at.info])


def test_xlsx_over_excel_limits_says_so(run_page, monkeypatch):
    from geo.present import exports

    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 100)  # the 962-row default file is "too big"
    at = run_page("pages/data.py")
    assert "Excel (.xlsx)" not in _labels(at)
    assert any("an Excel sheet holds at most 99 rows" in c.value for c in at.caption)


@pytest.mark.parametrize(
    ("imd", "lad", "ca", "rows"),
    [
        # England's districts: 296 since April 2023 (LAD 2024), 309 in LAD 2021.
        ("2025", "Local authority district (LAD 2024) (CSV)", "Combined Authority (CA 2025) (CSV)", 296),
        ("2019", "Local authority district (LAD 2021) (CSV)", "Combined Authority (CA 2024) (CSV)", 309),
    ],
)  # fmt: skip
def test_area_tables_follow_the_sidebar_index(run_page, imd, lad, ca, rows):
    """Under IMD 2025 the buttons said LAD 2021 and CA 2024 (and the LAD file was LAD 2024);
    under IMD 2019 the files were still IMD 2025's. They follow the page's index now."""
    from ui import cache

    at = run_page("pages/data.py", imd=imd)
    labels = _labels(at)
    assert lad in labels and ca in labels
    assert any(f"IMD {imd} decile statistics" in str(m.value) for m in at.markdown)
    table = cache.area_table("lad", imd)
    assert len(table) == rows and set(table["imd_vintage"]) == {f"IMD {imd}"}
    assert (
        cache.area_table_name("ca", imd)
        == f"area_table_{'ca25' if imd == '2025' else 'ca24'}_imd{imd}.csv"
    )


@pytest.mark.parametrize(
    "typed",
    ["Committee paper: spend 2024", "[click](https://evil.example) Ltd", "   "],
    ids=["plain", "hostile", "blank"],
)
def test_an_uploaded_dataset_can_be_named(run_page, two_months, typed):
    """Exports walk: the officer could not name a dataset, so every title and file name carried
    the files' own names. The typed name (as text, never markup) reaches the page and the Spend
    map; a blank one keeps the name made from the files."""
    at = run_page("pages/data.py", _dataset=two_months)
    box = next(t for t in at.text_input if t.label.startswith("Name of this dataset"))
    assert box.value == two_months.name
    box.set_value(typed).run()
    assert not at.exception
    shown = md_escape(typed.strip() or two_months.name)
    heading = next(s.value for s in at.subheader if s.value.startswith("Current dataset"))
    assert heading == f"Current dataset: {shown}"
    at.switch_page("pages/spend_map.py").run()
    assert any(str(c.value).startswith(f"Dataset: {shown} —") for c in at.caption)


def test_the_bundled_dataset_has_no_name_box(run_page):
    at = run_page("pages/data.py")
    assert not [t for t in at.text_input if t.label.startswith("Name of this dataset")]
