"""Two-way sync between keyed widgets and st.query_params, so a copied link reproduces the view."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

import streamlit as st

# Params that belong to the frame, not to a page, and survive every page's URL rewrite.
FRAME_PARAMS = ("present",)
_MEMORY = "_sg_mem_"


def params() -> dict[str, str]:
    """Current query params as plain strings (last value wins)."""
    return {k: st.query_params.get(k) for k in st.query_params}  # type: ignore[misc]


def seed(key: str, from_url: Any, default: Any, valid: Callable[[Any], bool] | None = None) -> None:
    """Give the widget `key` its starting value before it is created.

    A widget already alive in this session keeps its value (user interaction wins). Otherwise the
    URL value wins (a shared link), then the value remembered from the last visit to the page
    (Streamlit forgets widget state on page switch), then the default.
    """
    if key in st.session_state:
        return
    if from_url is not None and (valid is None or valid(from_url)):
        st.session_state[key] = from_url
        return
    remembered = st.session_state.get(_MEMORY + key)
    if remembered is not None and (valid is None or valid(remembered)):
        st.session_state[key] = remembered
        return
    st.session_state[key] = default


def remember(*keys: str) -> None:
    """Keep widget values outside widget state so they survive a page switch."""
    for key in keys:
        if key in st.session_state:
            st.session_state[_MEMORY + key] = st.session_state[key]


def write(page_params: Mapping[str, str | None]) -> dict[str, str]:
    """Replace the URL's params with this page's state (plus frame params); returns what was written."""
    current = params()
    new = {k: str(v) for k, v in page_params.items() if v not in (None, "")}
    for k in FRAME_PARAMS:
        if k in current and k not in new:
            new[k] = current[k]
    if new != current:
        st.query_params.from_dict(new)
    return new


def share_url(page_params: Mapping[str, str]) -> str:
    """Absolute link to this page with these params (st.context.url has no query string)."""
    base = st.context.url or ""
    query = urlencode(dict(page_params))
    return f"{base}?{query}" if query else base


def copy_link_control(page_params: Mapping[str, str]) -> None:
    """A one-click 'Copy link' button (clipboard) plus the link itself in a copyable code block."""
    url = share_url(page_params)
    st.iframe(
        """
<button id="b" style="font:600 14px system-ui,sans-serif;padding:6px 12px;border-radius:6px;
border:1px solid #888;background:#fff;cursor:pointer" aria-label="Copy a link to this view">
Copy link to this view</button><span id="s" role="status" style="font:13px system-ui;margin-left:8px"></span>
<script>
const b=document.getElementById('b'), s=document.getElementById('s');
b.onclick=async()=>{
  const url=window.parent.location.href;
  try{await navigator.clipboard.writeText(url);s.textContent='Copied';}
  catch(e){
    const t=document.createElement('textarea');t.value=url;document.body.appendChild(t);t.select();
    try{document.execCommand('copy');s.textContent='Copied';}catch(e2){s.textContent='Copy the link below';}
    t.remove();
  }
  setTimeout(()=>{s.textContent='';},2500);
};
</script>""",
        height=44,
        alt="Copy link to this view",
    )
    with st.expander("Link to this view"):
        st.code(url, language=None, wrap_lines=True)


def is_presenting() -> bool:
    return params().get("present") in ("1", "true", "yes")
