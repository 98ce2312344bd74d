"""Spend Geography: router and frame (page config, navigation, vintage control, presentation mode)."""

from __future__ import annotations

import streamlit as st

from ui import frame, present, urlstate

st.set_page_config(
    page_title="Spend Geography",
    # An emoji becomes an inline SVG (data: URL) favicon; ":material/…" icons make the browser
    # fetch fonts.gstatic.com, which the hosted CSP blocks and an offline workshop room cannot reach.
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on phones, so the map and cards come first
)

presenting = urlstate.is_presenting()
page = st.navigation(frame.pages(), position="hidden" if presenting else "sidebar")
frame.apply_chrome(presenting)
present.frame_controls(page, presenting)
frame.enter(page)
