"""The map's size on a phone, reported by the browser, so fitted views (England, an area) fit it."""

from __future__ import annotations

import streamlit as st

from geo.present.views import View, refit
from ui import urlstate

# Streamlit sends the server no viewport size. Under 640 px (Streamlit's breakpoint for stacking
# columns) the map spans the page's content width, so this small st.components.v2 probe (it runs
# in the app page, no iframe) reports that width and the window height; the page then zooms a
# fitted view out to fit it. Wider screens report nothing, so a desktop or projector load gets no
# extra run. Resizes (a phone turned) are reported once they settle.
_JS = r"""
export default function (component) {
  const { data, setStateValue } = component;
  const measure = () => {
    if (window.innerWidth >= 640) return '';
    let w = window.innerWidth - 32;
    const main = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (main) {
      const cs = getComputedStyle(main);
      w = main.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    }
    return Math.round(w) + ',' + Math.round(window.innerHeight);
  };
  const send = () => {
    const size = measure();
    if (size !== ((data && data.size) || '')) setStateValue('size', size);
  };
  send();
  let timer = 0;
  const onResize = () => { clearTimeout(timer); timer = setTimeout(send, 400); };
  window.addEventListener('resize', onResize);
  return () => { window.removeEventListener('resize', onResize); clearTimeout(timer); };
};
"""
_probe = st.components.v2.component("sg_viewport", html="", js=_JS)
_SIZE = "_sg_small_viewport"  # "width,height" of a narrow screen's content area, or ""
MAP_HEIGHT_PX = 560  # st.pydeck_chart's height on every page (ui.maps.show_map)


def watch() -> None:
    """app.py: mount the probe (hidden by frame's CSS) and keep what it last reported."""
    # No st.container around it: a hidden container's layout wrapper kept its 1rem gap and pushed
    # presentation mode's map 10 px below a 720 px projector's edge. Its own element container is
    # hidden (frame's CSS, .st-key-sg-viewport-probe), which leaves no flex gap.
    result = _probe(
        key="sg-viewport-probe",
        data={"size": st.session_state.get(_SIZE, "")},
        on_size_change=lambda: None,
    )
    size = getattr(result, "size", None)
    if isinstance(size, str):
        st.session_state[_SIZE] = size


def parse_size(text: str | None) -> tuple[int, int] | None:
    """'358,844' → (358, 844); anything else (absent, wide screen, nonsense) → None."""
    try:
        w, h = (int(p) for p in str(text).split(","))
    except (TypeError, ValueError):
        return None
    return (w, h) if 100 <= w <= 4000 and 100 <= h <= 4000 else None


def fit(view: View) -> View:
    """A fitted view (ENGLAND_VIEW, an area's fit) zoomed out to the phone's map; as is elsewhere."""
    size = parse_size(st.session_state.get(_SIZE))
    if size is None:
        return view
    width, height = size
    # Presenting, frame's CSS sizes the map to max(300 px, 100vh − 12.5rem); a phone's root font
    # is 15 px there (the CSS clamp's floor), so 12.5rem is 188 px.
    map_h = max(300, height - 188) if urlstate.is_presenting() else MAP_HEIGHT_PX
    return refit(view, width, map_h)
