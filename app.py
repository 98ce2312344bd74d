"""Spend Geography: router and frame (page config, navigation, presentation mode)."""

from __future__ import annotations

import streamlit as st

from ui import frame, urlstate

st.set_page_config(
    page_title="Spend Geography",
    page_icon=":material/map:",
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on phones, so the map and cards come first
)

presenting = urlstate.is_presenting()
page = st.navigation(frame.pages(), position="hidden" if presenting else "sidebar")
frame.apply_chrome(presenting)
frame.enter(page)
