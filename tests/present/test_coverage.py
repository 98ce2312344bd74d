"""The placed-spend note: Calderdale's real files (no supplier postcodes) warn; a file with postcodes does not."""

from __future__ import annotations

import dataclasses

import pytest

from geo.analysis.filters import Filters
from geo.analysis.summary import prepare_spend, summarise
from geo.present.coverage import (
    NOTE_BELOW,
    WARN_BELOW,
    coverage_note,
    none_placed_note,
    spend_map_notes,
)
from geo.present.report import build_report
from tests.spend.placing_fixture import calderdale_files


@pytest.fixture(scope="module")
def datasets(store_path):
    """The bundled Contracts Finder file, and Calderdale's twelve monthly files placed with its
    awards, as the Data page places them (no register, no Companies House index)."""
    from geo.paths import raw_dir
    from geo.spend import pipeline
    from geo.spend.geocode import PostcodeLookup
    from geo.store import catalogue, read

    lookup = PostcodeLookup.from_index(read.read_postcodes())
    cf = pipeline.build_dataset([raw_dir() / catalogue.get("spend_cf").path], lookup)
    awards = cf.geocoded[["supplier_name", "postcode"]].rename(columns={"postcode": "postcode_raw"})
    cald = pipeline.build_dataset(calderdale_files(), lookup, awards=[awards])
    return cf.geocoded, cald.geocoded


@pytest.mark.parametrize(
    ("denominator", "phrase"),
    [("all", "each share is a floor"), ("geocoded", "Shares here are of located spend only")],
)
def test_calderdale_without_postcodes_warns_what_its_shares_rest_on(datasets, denominator, phrase):
    _, cald = datasets
    s = summarise(prepare_spend(cald), None, None, denominator)
    note = coverage_note(s)
    # 672 of 24,372 rows are placed, by supplier names found in the Contracts Finder awards.
    assert note is not None and note.level == "warning"
    assert note.text.startswith(f"Only {100 * s.share_geocoded_gbp:.1f}% of this selection's spend")
    assert "(£6.3m of £176.3m)" in note.text and phrase in note.text
    assert "Place more suppliers" in note.remedy
    # Presenting: one line that fits a 1024-px projector's map column (~74 characters).
    short = {"all": "shares are floors.", "geocoded": "shares are of that 3.6%."}[denominator]
    assert note.short == f"Only 3.6% of the £ has a placed supplier: {short}"
    assert len(note.short) <= 74 and note.place_link


def test_a_file_with_supplier_postcodes_needs_no_note(datasets):
    cf, _ = datasets
    s = summarise(prepare_spend(cf), None, None, "all")
    assert s.share_geocoded_gbp >= NOTE_BELOW and coverage_note(s) is None


@pytest.mark.parametrize(
    ("share", "placed_gbp", "level"),
    [
        (None, 0.0, None),  # nothing to share out
        (0.0, 0.0, None),  # nothing placed: the page's own message, every share n/a
        (0.036, 36.0, "warning"),
        (WARN_BELOW - 0.001, 499.0, "warning"),
        (WARN_BELOW, 500.0, "info"),
        (NOTE_BELOW - 0.001, 899.0, "info"),
        (NOTE_BELOW, 900.0, None),
        (1.0, 1000.0, None),
    ],
)
def test_levels(datasets, share, placed_gbp, level):
    cf, _ = datasets
    s = dataclasses.replace(
        summarise(prepare_spend(cf), None, None, "all"),
        total_gbp=1000.0,
        geocoded_gbp=placed_gbp,
        share_geocoded_gbp=share,
    )
    note = coverage_note(s)
    assert (note.level if note else None) == level


def test_the_report_carries_the_note_without_the_page_remedy(datasets):
    _, cald = datasets
    s = summarise(prepare_spend(cald), None, None, "all")
    page = build_report(s, cald, None, Filters(), None, fmt="html").decode()
    assert "Placed suppliers: Only 3.6% of this selection" in page
    assert "sidebar" not in page
    # The method names the route that placed these rows (a contract award naming the supplier).
    assert "contract award notice naming" in page


def test_the_report_says_why_a_figure_is_missing(datasets):
    """Calderdale states no supplier's SME status and no local boundary was chosen: the report
    said "n/a (no spend in selection)" for both, over £176m of spend."""
    _, cald = datasets
    s = summarise(prepare_spend(cald), None, None, "all")
    page = build_report(s, cald, None, Filters(), None, fmt="html").decode()
    assert "no spend in selection" not in page
    assert "n/a (the file states no SME status)" in page
    assert "Located (no local boundary chosen)" in page


@pytest.mark.parametrize(
    ("located", "has_postcodes", "transactions", "expected"),
    [
        (True, True, 1, ["Only 3.6% of the £ has a placed supplier: shares are floors."]),
        (False, False, 1, ["No supplier placed (no supplier postcodes): shares are n/a."]),
        (False, True, 1, ["No supplier placed (none of its postcodes was found): shares are n/a."]),
        (
            False,
            False,
            0,
            [
                "No supplier placed (no supplier postcodes): shares are n/a.",
                "No spend matches these filters.",
            ],
        ),
    ],
)
def test_spend_map_notes_in_order_each_in_one_line(
    datasets, located, has_postcodes, transactions, expected
):
    _, cald = datasets
    s = dataclasses.replace(
        summarise(prepare_spend(cald), None, None, "all"), transactions=transactions
    )
    notes = spend_map_notes(s, "Calderdale", located, has_postcodes, "the sidebar")
    assert [n.short for n in notes] == expected
    assert all(len(n.short) <= 74 for n in notes)
    if transactions == 0:
        assert notes[-1].text + " " + notes[-1].remedy == (
            "No spend matches these filters. Widen the date range or clear some filters in the "
            "sidebar."
        )
    # Only the placed-spend note links to Place suppliers; the none-placed one names the route.
    assert [n.place_link for n in notes][:1] == [located]


def test_none_placed_says_why_and_how():
    note = none_placed_note("Trafford 2024-25", has_postcodes=False)
    assert note.text == (
        "No supplier in Trafford 2024-25 could be placed on the map: the file has no supplier "
        "postcodes."
    )
    assert "supplier register" in note.remedy and note.level == "warning"
