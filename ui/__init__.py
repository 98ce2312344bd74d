"""Thin Streamlit layer: cached loaders, URL state, legends, map rendering and presentation mode."""
