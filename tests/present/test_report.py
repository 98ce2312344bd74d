"""The report's content on a small hand-checkable frame: figures, public-mode names, extra sections, DOCX."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from docx import Document

from geo.analysis.filters import Filters, Locality
from geo.analysis.summary import prepare_spend, summarise
from geo.errors import SpendGeoError
from geo.present import report
from geo.spend.privacy import REDACTED_LABEL
from tests.analysis.test_summary import ROWS, TRAFFORD, frame

PERSON = "John Smith"
# One extra row paid to a person: a public report must count the £ but never print the name.
PERSON_ROW = (
    "Council A", "Adults", PERSON, 5000.0, "2024-06-01", "matched",
    TRAFFORD, "E37000015", None, "E47000001", 2, None, None,
)  # fmt: skip


@pytest.fixture(scope="module")
def case():
    geocoded = frame([*ROWS, PERSON_ROW])
    sf = prepare_spend(geocoded, imd="2019")
    loc = Locality("lad", (TRAFFORD,), "Trafford")
    s = summarise(sf, None, loc, "all", 10, "")
    return geocoded, s, loc


def _html(case, **kw) -> str:
    geocoded, s, loc = case
    return report.build_report(s, geocoded, None, Filters(), loc, fmt="html", **kw).decode()


def test_headline_cards_print_the_summary_figures(case):
    _, s, _ = case
    page = _html(case)
    cards = dict(re.findall(r'data-name="([a-z0-9_]+)"><div class="v">([^<]*)<', page))
    assert cards["total_gbp"] == "£6,800"  # 1,800 from ROWS + 5,000 paid to the person
    assert cards["local_gbp"] == f"£{s.local_gbp:,.0f}"
    assert cards["local_share"] == f"{100 * s.local_share:.1f}%"
    assert cards["transactions"] == f"{s.transactions:,}"


@pytest.mark.parametrize(("public", "named"), [(False, True), (True, False)])
def test_public_mode_never_names_a_person(case, public, named):
    page = _html(case, public=public)
    assert (PERSON in page) is named
    if public:
        assert REDACTED_LABEL in page and "Public view" in page


def test_local_table_sums_to_the_total(case):
    _, s, _ = case
    t = report.local_table(s)
    money = [float(v.replace("£", "").replace(",", "")) for v in t["Spend (£, net)"][:3]]
    assert sum(money) == pytest.approx(s.total_gbp)


def test_extra_sections_are_rendered_with_human_columns(case):
    extra = [("Leakage by destination", pd.DataFrame({"lad21cd": [TRAFFORD], "gbp": [12.5]}), "n")]
    page = _html(case, extra_sections=extra, names={TRAFFORD: "Trafford"})
    assert "<h2>Leakage by destination</h2>" in page
    assert "LAD name (LAD December 2021)" in page and "£12" in page


def test_method_names_local_denominator_and_averaging(case):
    page = _html(case)
    for phrase in ("&quot;Local&quot; means suppliers in LAD Trafford", "Shares are of all spend",
                   "spend-weighted", "IMD 2019", "Open Government Licence v3.0"):  # fmt: skip
        assert phrase in page


def test_docx_holds_the_same_headline(case):
    geocoded, s, loc = case
    data = report.build_report(s, geocoded, None, Filters(), loc, fmt="docx", public=True)
    doc = Document(io.BytesIO(data))
    head = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows[1:]}
    assert head[s.labels["total_gbp"]] == "£6,800"
    text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert PERSON not in text
    # The file's properties name the report, not the library that wrote it (exports walk).
    props = doc.core_properties
    assert props.author == "Spend Geography" and props.title == doc.paragraphs[0].text != ""
    assert PERSON not in " ".join((props.title, props.subject, props.comments))


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"fmt": "pdf"}, "not one of html, docx"),
        ({"locality": Locality("lad", ("E08000003",))}, "locality differs"),
    ],
)
def test_bad_requests(case, kw, message):
    geocoded, s, loc = case
    args = {"fmt": "html", "locality": loc, **kw}
    with pytest.raises(SpendGeoError, match=message):
        report.build_report(s, geocoded, None, Filters(), **args)
