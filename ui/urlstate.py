"""The URL as the home of each page's view state: read a view, write it back, share it as a link."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TypeVar
from urllib.parse import urlencode

import streamlit as st

from geo import levels
from geo.present.text import md_escape
from ui import cache
from ui.views import FRAME_PARAMS
from ui.views_base import link_notes

V = TypeVar("V")

_LAST = "_sg_last_view_"  # + view PREFIX: the page's last params, for coming back to it
VINTAGE_KEY = "sg.imd"  # the app-wide IMD vintage control (ui/present.py draws it)


def params() -> dict[str, str]:
    """Current query params as plain strings (last value wins)."""
    return {k: st.query_params.get(k) for k in st.query_params}  # type: ignore[misc]


def read_view(cls: type[V]) -> V:
    """The page's view: from the URL when it carries page params (a shared link), else the page's
    last view in this session (Streamlit forgets widgets on a page switch), else the defaults."""
    url = params()
    if not set(url) - set(FRAME_PARAMS):
        url = st.session_state.get(_LAST + cls.PREFIX) or url
    view = cls.from_params(url)
    _say_link_problems(url, view)
    # One vintage for every page: the frame's control (seeded from the link) overrides the page's own.
    chosen = st.session_state.get(VINTAGE_KEY)
    if chosen in levels.IMD and getattr(view, "imd", chosen) != chosen:
        view = view.with_(imd=chosen)  # type: ignore[attr-defined]
    return view


_NOTES = "_sg_link_notes:"  # + page prefix: (the view's params, the notes said for its link)
_run = threading.local()  # this script run's link notes: (their slot, the view they were for)


def _say_link_problems(url: Mapping[str, str], view) -> None:
    """One sentence for each part of the link the view could not use (ui.views_base.link_notes).

    The first run writes the view's own params into the URL, so a second run reads a clean link:
    the notes are kept for as long as the view stays as the link left it. Before, the screen
    probe's report (a phone's, a projector's) reran the page at once and the note was gone before
    anyone could read it."""
    loc = getattr(view, "locality", None)
    unknown: tuple[str, ...] = ()
    if loc is not None:
        known = cache.area_names(loc.level.key)
        unknown = tuple(c for c in loc.codes if c not in known)
    own = view.to_params()
    key = _NOTES + type(view).PREFIX
    notes = link_notes(url, own, unknown)
    kept_for: dict[str, str] | None = None  # None: said for the first time, in this run
    if not notes:
        kept_for, notes = st.session_state.get(key, (None, ()))
        if kept_for != own:
            notes = ()
    _run.notes = None
    if notes:
        slot = st.empty()
        with slot.container():
            for note in notes:
                st.warning(note, icon=":material/link_off:")
        _run.notes = (slot, key, kept_for, notes)
    else:
        st.session_state.pop(key, None)


def _keep_or_drop_notes(page_params: Mapping[str, str]) -> None:
    """commit: the notes said first in this run are kept for the view as the widgets left it (the
    link's view less what it could not use); a later run whose widgets changed that view drops
    them (they were drawn from the URL before the widgets ran: a change is seen only here)."""
    said = getattr(_run, "notes", None)
    _run.notes = None
    if not said:
        return
    slot, key, kept_for, notes = said
    if kept_for is None:
        st.session_state[key] = (dict(page_params), notes)
    elif dict(page_params) != kept_for:
        slot.empty()
        st.session_state.pop(key, None)


def forget(cls: type) -> None:
    """Drop a page's remembered view (a scene is about to replace it)."""
    st.session_state.pop(_LAST + cls.PREFIX, None)


def last_view(cls: type[V]) -> V:
    """Another page's last view in this session (e.g. the Spend map's filters on the Data page)."""
    return cls.from_params(st.session_state.get(_LAST + cls.PREFIX) or {})


def commit(view) -> dict[str, str]:
    """Write the view into the URL and remember it for the page; returns the params written."""
    page_params = view.to_params()
    st.session_state[_LAST + type(view).PREFIX] = page_params
    _keep_or_drop_notes(page_params)
    return write(page_params)


def write(page_params: Mapping[str, str | None]) -> dict[str, str]:
    """Replace the URL's params with this page's state (plus frame params); returns what was written."""
    current = params()
    new = {k: str(v) for k, v in page_params.items() if v not in (None, "")}
    for k in FRAME_PARAMS:
        if k in current and k not in new:
            new[k] = current[k]
    if new != current:
        st.query_params.from_dict(new)
    # A scene saved in this run (the frame's controls run before the page) is carried from here.
    page, _ = st.session_state.get(_CARRY, (None, {}))
    st.session_state[_CARRY] = (page, {k: new[k] for k in _CARRIED if new.get(k)})
    return new


_CARRIED = ("scenes",)  # frame params a menu switch must not lose
_CARRY = "_sg_carried"  # (page url path, those params as this session last saw them)


def carry_across_pages(page_path: str) -> None:
    """app.py: keep the saved scenes when the menu opens another page.

    Streamlit's menu opens a page with no query string, so a facilitator who saved a scene on the
    Spend map lost it on clicking Deprivation, and no sequence across pages could be built. On a
    page switch with no scenes in the link, this session's last scenes are put back; on the same
    page the link is left as it is (removing every scene stays removed).
    """
    current = params()
    last_page, last = st.session_state.get(_CARRY, (None, {}))
    here = {k: current[k] for k in _CARRIED if current.get(k)}
    if page_path != last_page and not here and last:
        here = dict(last)
        st.query_params.update(here)
    st.session_state[_CARRY] = (page_path, here)


def share_url(page_params: Mapping[str, str]) -> str:
    """Absolute link to this page with these params (st.context.url has no query string)."""
    base = st.context.url or ""
    query = urlencode(dict(page_params))
    return f"{base}?{query}" if query else base


# The copy button, drawn in the page (st.components.v2, no iframe) in Streamlit's own button
# style through its theme variables: the old iframe button had its own bold system font and
# border, unlike every button beside it. It copies the address bar, which urlstate keeps equal to
# the view (and which an iframe had to reach through window.parent).
_COPY_HTML = (
    '<div class="sg-copy"><button type="button">'
    'Copy link to this view</button><span role="status" aria-live="polite"></span></div>'
)
_COPY_CSS = """
/* Full width, like the map's export buttons beside it; "Copied" shows on the line below. */
.sg-copy { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem .6rem; }
.sg-copy button {
  width: 100%;
  font-family: var(--st-font); font-size: var(--st-base-font-size, 1rem); font-weight: 400;
  color: var(--st-text-color); background: var(--st-background-color);
  border: 1px solid var(--st-border-color); border-radius: var(--st-button-radius, .5rem);
  padding: .25rem .75rem; min-height: 2.5rem; cursor: pointer; line-height: 1.6;
}
.sg-copy button:hover { border-color: var(--st-primary-color); color: var(--st-primary-color); }
.sg-copy button:focus-visible { outline: 2px solid var(--st-primary-color); outline-offset: 2px; }
.sg-copy [role=status] { font-family: var(--st-font); font-size: .875rem; }
"""
_COPY_JS = r"""
export default function (component) {
  const root = component.parentElement;
  const button = root.querySelector('button'), status = root.querySelector('[role=status]');
  let timer = 0;
  const say = (text) => {
    status.textContent = text; clearTimeout(timer);
    timer = setTimeout(() => { status.textContent = ''; }, 2500);
  };
  const copy = async () => {
    const url = window.location.href;
    try { await navigator.clipboard.writeText(url); say('Copied'); return; } catch (e) {}
    const t = document.createElement('textarea'); t.value = url; document.body.appendChild(t);
    t.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) {}
    t.remove();
    say(ok ? 'Copied' : 'Copy the link below');
  };
  button.addEventListener('click', copy);
  return () => { button.removeEventListener('click', copy); clearTimeout(timer); };
};
"""
_copy_button = st.components.v2.component(
    "sg_copy_link", html=_COPY_HTML, css=_COPY_CSS, js=_COPY_JS
)


def copy_link_control(page_params: Mapping[str, str]) -> None:
    """A one-click 'Copy link' button (clipboard) plus the link itself, to copy by hand."""
    url = share_url(page_params)
    _copy_button(key="sg-copy-link")
    with st.expander("Link to this view"):
        # A plain link, not st.code: a code block made every page showing this control download
        # Streamlit's 1.5 MB syntax-highlighter chunk (three quarters of the Deprivation page's
        # first load, issue 14). urlencode leaves no space, quote or bracket in the query.
        target = url.replace("(", "%28").replace(")", "%29")
        st.markdown(f"[{md_escape(url)}]({target})")


def is_presenting() -> bool:
    return params().get("present") in ("1", "true", "yes")
