"""Spend Geography: router and frame (page config, navigation, vintage control, presentation mode)."""

from __future__ import annotations

import streamlit as st

from ui import frame, present, urlstate, viewport

st.set_page_config(**frame.PAGE_CONFIG)

presenting = urlstate.is_presenting()
page = st.navigation(frame.pages(), position="hidden" if presenting else "sidebar")
frame.apply_chrome(presenting)
urlstate.carry_across_pages(page.url_path)
viewport.watch()
present.frame_controls(page, presenting)
frame.enter(page)
