"""The screen's size, reported by the browser where it matters, so fitted views fit each page's map."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from geo.present.views import DESKTOP, MAP_HEIGHT_PX, Screen, View, map_box, refit
from ui import urlstate

# Streamlit sends the server no viewport size. This small st.components.v2 probe (it runs in the
# app page, no iframe) reports the window's size and the page's main column width, from which a
# page's map box follows (geo.present.views.map_box); the page then fits its fitted view to it.
# It reports only when the main column is narrower than the desktop the fit assumes anyway (a
# phone, a 1024-px laptop, a widened sidebar) or when presenting (a projector's map is cut to its
# height): a desktop load at 1200 px or more gets no extra run (the first-map time is a tracked
# target). It measures as soon as it mounts, before the page's map is drawn, so the report's rerun
# usually stops the first run before its map; then again when the main column's width or the
# window settles (a phone turned, the sidebar opened).
_JS = r"""
export default function (component) {
  const { data, setStateValue } = component;
  const measure = () => {
    let content = window.innerWidth - 32;
    const main = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (main) {
      const cs = getComputedStyle(main);
      content = main.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    }
    if (!(data && data.always) && content >= ((data && data.below) || 0)) return '';
    return [window.innerWidth, window.innerHeight, Math.floor(content)].join(',');
  };
  // What the server has (or was just sent): the observer's first call, right after send(), and
  // a resize that settles back must not send it again (each send is a rerun).
  let sent = (data && data.size) || '';
  const send = () => {
    const size = measure();
    if (size !== sent) { sent = size; setStateValue('size', size); }
  };
  // Presenting, the first measure waits for the layout to settle (the observer's first call):
  // at mount the sidebar presenting hides can still be there, and a second report is a second run.
  if (!(data && data.always)) send();
  let timer = 0;
  const later = () => { clearTimeout(timer); timer = setTimeout(send, 400); };
  window.addEventListener('resize', later);
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const watcher = main && window.ResizeObserver ? new ResizeObserver(later) : null;
  if (watcher) watcher.observe(main);
  return () => {
    window.removeEventListener('resize', later);
    if (watcher) watcher.disconnect();
    clearTimeout(timer);
  };
};
"""
_probe = st.components.v2.component("sg_viewport", html="", js=_JS)
_SIZE = "_sg_screen"  # "window width,window height,main column width" where reported, or ""


def watch() -> None:
    """app.py: mount the probe (hidden by frame's CSS) and keep what it last reported."""
    # No st.container around it: a hidden container's layout wrapper kept its 1rem gap and pushed
    # presentation mode's map 10 px below a 720 px projector's edge. Its own element container is
    # hidden (frame's CSS, .st-key-sg-viewport-probe), which leaves no flex gap.
    result = _probe(
        key="sg-viewport-probe",
        data={
            "size": st.session_state.get(_SIZE, ""),
            "below": DESKTOP.content,
            "always": urlstate.is_presenting(),
        },
        on_size_change=lambda: None,
    )
    size = getattr(result, "size", None)
    if isinstance(size, str):
        st.session_state[_SIZE] = size


def parse_size(text: str | None) -> Screen | None:
    """'390,844,358' → Screen(390, 844, 358); anything else (absent, a desktop's "", nonsense) → None."""
    try:
        width, height, content = (int(p) for p in str(text).split(","))
    except (TypeError, ValueError):
        return None
    sizes_ok = all(100 <= v <= 8000 for v in (width, height, content)) and content <= width
    return Screen(width, height, content) if sizes_ok else None


def fit(
    view: View,
    columns: Sequence[float] = (1,),
    height: int = MAP_HEIGHT_PX,
    key_under: bool = False,
) -> View:
    """A fitted view (ENGLAND_VIEW, an area's fit) fitted to the page's map: `height` px tall in the
    first of st.columns(columns), on the screen the browser reported (the smallest desktop if none);
    `key_under`: presenting, the map's key sits under it (Growth Deals)."""
    screen = parse_size(st.session_state.get(_SIZE)) or DESKTOP
    return refit(view, *map_box(screen, columns, height, urlstate.is_presenting(), key_under))
