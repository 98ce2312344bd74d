"""Shows how much of the selection's spend has a placed supplier, with the way to place more."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from geo.analysis.summary import Summary
from geo.present.coverage import CoverageNote, coverage_note


def show(summary: Summary) -> None:
    """A warning (under half placed) or a note (under 90%) above the page's shares, or nothing."""
    note = coverage_note(summary)
    show_notes([note] if note else [])


def show_notes(notes: Sequence[CoverageNote]) -> None:
    """Each note in full, with its remedy, and the link to Place suppliers where it helps."""
    for note in notes:
        (st.warning if note.level == "warning" else st.info)(f"{note.text} {note.remedy}")
        if note.place_link:
            st.page_link(
                "pages/suppliers.py",
                label="Place more suppliers",
                icon=":material/person_pin_circle:",
            )


def show_compact(notes: Sequence[CoverageNote]) -> None:
    """Presenting: each note in one line above the map (.st-key-sg-note-i, whose height the
    presenting map leaves it: ui/frame.py), with no remedy: a workshop does not place suppliers."""
    for i, note in enumerate(notes):
        with st.container(key=f"sg-note-{i}"):
            (st.warning if note.level == "warning" else st.info)(note.short)
