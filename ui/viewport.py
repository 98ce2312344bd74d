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
# target). So on a wide desktop a fitted area is smaller than its map allows: reporting there too
# drew the map twice whenever the report's run came after the first run's map (a 1500-px window
# under CI's load: the Spend map asked for its zoomed tiles twice, test_map_draw_cost.py). It
# reports as soon as it mounts, before the page's map is drawn, so the report's rerun usually stops
# the first run before its map; then again when the main column's width or the window settles (a
# phone turned, the sidebar opened). Presenting, it reports the window alone (views.present_content
# gives the column from it): the column measured at mount still had the sidebar presenting hides,
# so the probe used to wait for the layout to settle, and a presenting link drew its map twice
# (workshop walk: 10 frames and ~1 s more to the last at 1280×720).
# It also keeps its last desktop measurement in a cookie (COOKIE: "width x height x column", no
# other data), which the server reads when a session opens (st.context.cookies): a browser that
# has opened the app before gets its first map fitted to its own screen with no extra run, a wide
# desktop's zoomed area fills its map (it was fitted to the smallest desktop's), and a projector
# that was measured before presents with one run. Where the remembered screen would cut this
# window's map (a narrower window than last time), the probe reports at once, as for a phone.
_JS = r"""
// Streamlit runs this function again when its data changes (presenting on or off, a new report)
// and calls the returned cleanup only on unmount: the last run's listeners are removed here, or a
// presenting run's would go on reporting the window after the presentation ended.
let stopLast = null;
let wasPresenting = null;
export default function (component) {
  if (stopLast) stopLast();
  const { data, setStateValue } = component;
  const presenting = Boolean(data && data.always);
  // Entering a presentation opens it at its top: Streamlit keeps the main block's scroll across
  // runs, so "Present this view" pressed below the map opened the presentation mid-page.
  if (presenting && wasPresenting === false) {
    const scroller = document.querySelector('[data-testid="stMain"]');
    if (scroller) scroller.scrollTop = 0;
  }
  wasPresenting = presenting;
  const below = (data && data.below) || 0;
  // The window and the main column's content width (a desktop's layout), as numbers.
  const full = () => {
    let content = window.innerWidth - 32;
    const main = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (main) {
      const cs = getComputedStyle(main);
      content = main.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    }
    return [window.innerWidth, window.innerHeight, Math.floor(content)];
  };
  const measure = () => {
    // Presenting, the window is the report: its third number is unused (present_content).
    if (presenting) return [window.innerWidth, window.innerHeight, window.innerWidth].join(',');
    const m = full();
    // A window under a remembered wider one (the cookie the server fitted this session's first
    // runs to, until the first report): report it, or the server's fit cuts its map.
    if (remembered && m[2] < remembered[2]) return m.join(',');
    return m[2] >= below ? '' : m.join(',');
  };
  const remember = () => {
    if (presenting) return;  // a presenting page's layout is not a desktop's
    document.cookie = data.cookie_name + '=' + full().join('x') +
      '; path=/; max-age=31536000; SameSite=Lax';
  };
  // The cookie the server read when this session opened, while nothing was reported since.
  const remembered = data && data.remembered ? data.remembered.split('x').map(Number) : null;
  // What the server has (or was just sent): the observer's first call, right after send(), and
  // a resize that settles back must not send it again (each send is a rerun). Fitted to a
  // remembered screen, the server has that screen in the form this probe would report it.
  let sent = (data && data.size) || '';
  if (remembered && !sent) {
    sent = presenting ? [remembered[0], remembered[1], remembered[0]].join(',')
      : remembered[2] >= below ? '' : remembered.join(',');
  }
  const send = () => {
    const size = measure();
    remember();
    if (size !== sent) { sent = size; setStateValue('size', size); }
  };
  send();
  let timer = 0;
  const later = () => { clearTimeout(timer); timer = setTimeout(send, 400); };
  window.addEventListener('resize', later);
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const watcher = main && window.ResizeObserver ? new ResizeObserver(later) : null;
  if (watcher) watcher.observe(main);
  const stop = () => {
    window.removeEventListener('resize', later);
    if (watcher) watcher.disconnect();
    clearTimeout(timer);
    if (stopLast === stop) stopLast = null;
  };
  stopLast = stop;
  return stop;
};
"""
_probe = st.components.v2.component("sg_viewport", html="", js=_JS)
_SIZE = "_sg_screen"  # "window width,window height,main column width" where reported, or ""


COOKIE = "sg_screen"


def _remembered() -> str:
    """The screen this browser measured last time (COOKIE), while this session has no report of
    its own ("" once it has, or with no valid cookie)."""
    if _SIZE in st.session_state:
        return ""
    try:
        text = str(st.context.cookies.get(COOKIE) or "")
    except Exception:  # no browser request (AppTest, bare mode)
        return ""
    return text if parse_size(text, sep="x") else ""


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
            "remembered": _remembered(),
            "cookie_name": COOKIE,
        },
        on_size_change=lambda: None,
    )
    size = getattr(result, "size", None)
    if isinstance(size, str):
        st.session_state[_SIZE] = size


def parse_size(text: str | None, sep: str = ",") -> Screen | None:
    """'390,844,358' → Screen(390, 844, 358) (the cookie's '390x844x358' with sep="x"); anything
    else (absent, a desktop's "", nonsense) → None."""
    try:
        width, height, content = (int(p) for p in str(text).split(sep))
    except (TypeError, ValueError):
        return None
    sizes_ok = all(100 <= v <= 8000 for v in (width, height, content)) and content <= width
    return Screen(width, height, content) if sizes_ok else None


def screen_for_fit(reported: str | None, remembered: str, presenting: bool) -> Screen:
    """The screen a fit assumes: this session's report (`reported`, None before the first),
    else the remembered one (COOKIE's), else the smallest desktop (DESKTOP)."""
    screen = parse_size(reported) if reported is not None else parse_size(remembered, sep="x")
    if screen is None or (not presenting and screen.content >= screen.width):
        # Nothing reported, or a presenting report (the window alone) read by the first run
        # after the presentation ended, before the probe measured the column again.
        return DESKTOP
    return screen


def fit(
    view: View,
    columns: Sequence[float] = (1,),
    height: int = MAP_HEIGHT_PX,
    key_under: bool = False,
    notes: int = 0,
) -> View:
    """A fitted view (ENGLAND_VIEW, an area's fit) fitted to the page's map: `height` px tall in the
    first of st.columns(columns), on the screen the browser reported or measured on a visit before
    (screen_for_fit);
    `key_under`: presenting, the map's key sits under it (Growth Deals); `notes`: presenting, this
    many one-line notes sit above it (ui.coverage.show_compact)."""
    presenting = urlstate.is_presenting()
    screen = screen_for_fit(st.session_state.get(_SIZE), _remembered(), presenting)
    return refit(view, *map_box(screen, columns, height, presenting, key_under, notes))
