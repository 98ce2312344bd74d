"""Page chrome: presentation mode (?present=1: large type, no sidebar or Streamlit chrome) and shared CSS."""

from __future__ import annotations

import streamlit as st

_BASE_CSS = """
<style>
/* Summary cards: big figures readable at a glance. */
[data-testid="stMetricValue"]{font-size:2rem}
[data-testid="stMetricLabel"] p{font-size:0.95rem}
/* Card labels wrap instead of being cut to "Deprived areas (…" (worst at projector type sizes). */
[data-testid="stMetricLabel"],[data-testid="stMetricLabel"] *{white-space:normal !important;overflow:visible !important;text-overflow:clip !important}
/* Captions: Streamlit fades them (grey at 60% opacity, 2.95:1 on white, under WCAG AA 4.5:1 per axe); #4b5060 opaque is ~8:1. */
[data-testid="stCaptionContainer"],[data-testid="stCaptionContainer"] p{color:#4b5060 !important;opacity:1 !important}
</style>
"""

# Projector mode: hide the sidebar, its toggle, the header/toolbar and footer; scale all type up.
_PRESENT_CSS = """
<style>
html{font-size:22px}
[data-testid="stSidebar"],[data-testid="stSidebarCollapsedControl"],[data-testid="stSidebarNav"],
[data-testid="stHeader"],[data-testid="stToolbar"],[data-testid="stDecoration"],
[data-testid="stStatusWidget"],[data-testid="stMainMenu"],footer{display:none !important}
[data-testid="stMainBlockContainer"],.block-container{padding-top:1rem !important;max-width:100% !important}
[data-testid="stMetricValue"]{font-size:3rem !important}
[data-testid="stMetricLabel"] p{font-size:1.2rem !important}
.sg-legend{font-size:1.15rem}
.sg-sw{width:1.4em !important;height:1.4em !important}
</style>
"""


def apply_chrome(presenting: bool) -> None:
    st.html(_BASE_CSS + (_PRESENT_CSS if presenting else ""))


def route_through_app() -> None:
    """Make sure every run goes through app.py's st.navigation, never Streamlit's legacy pages/ mode.

    Streamlit decides at the first session of a process whether to use the v1 "pages/ directory"
    mode (PagesManager.uses_pages_directory, set because this project has a pages/ folder) and only
    clears that flag once st.navigation has run. A first visitor landing straight on /spend_map
    would otherwise get the page script run on its own: no page config, no presentation mode,
    and an auto-generated menu. Clearing the flag and rerunning hands the run to app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
