"""Spend Geography: router and frame (page config, navigation, presentation mode)."""

from __future__ import annotations

import streamlit as st

from ui import present, urlstate

present.route_through_app()

st.set_page_config(
    page_title="Spend Geography",
    page_icon=":material/map:",
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on phones, so the map and cards come first
)

PAGES = [
    st.Page("pages/about.py", title="About", icon=":material/info:", default=True),
    st.Page("pages/spend_map.py", title="Spend map", icon=":material/location_on:"),
    st.Page("pages/deprivation.py", title="Deprivation", icon=":material/layers:"),
    st.Page("pages/growth_deals.py", title="Growth Deals", icon=":material/payments:"),
    st.Page("pages/data.py", title="Data", icon=":material/table:"),
]

presenting = urlstate.is_presenting()
page = st.navigation(PAGES, position="hidden" if presenting else "sidebar")
present.apply_chrome(presenting)
page.run()
