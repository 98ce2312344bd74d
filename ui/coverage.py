"""Shows how much of the selection's spend has a placed supplier, with the way to place more."""

from __future__ import annotations

import streamlit as st

from geo.analysis.summary import Summary
from geo.present.coverage import coverage_note


def show(summary: Summary) -> None:
    """A warning (under half placed) or a note (under 90%) above the page's shares, or nothing."""
    note = coverage_note(summary)
    if note is None:
        return
    (st.warning if note.level == "warning" else st.info)(f"{note.text} {note.remedy}")
    st.page_link(
        "pages/suppliers.py", label="Place more suppliers", icon=":material/person_pin_circle:"
    )
