"""App-wide controls drawn by the frame: the IMD vintage, presentation mode's bar and its scenes."""

from __future__ import annotations

import threading

import streamlit as st

from geo import levels
from ui import urlstate
from ui.scenes import PAGES, Scenes
from ui.views import IMD_OPTIONS, VIEWS, imd_param

VINTAGE_KEY = urlstate.VINTAGE_KEY
_PAGE_KEY = "_sg_page"  # url path of the page this run shows (scenes record it)
_local = threading.local()  # the presentation bar's "Filters" popover, for this script run only

# Keyboard and camera bridge, as an st.components.v2 component (its JavaScript runs in the app page,
# not in an iframe). Arrow keys and a presenter remote's PageUp/PageDown step through the scenes;
# the camera button reads the map's current view from deck.gl and sends it back, because
# st.pydeck_chart reports clicks but never the camera (viewState) to Python.
_JS = r"""
function deckOf(el) {
  for (const node of [el, ...el.querySelectorAll('*')]) {
    const k = Object.keys(node).find((x) => x.startsWith('__reactFiber$'));
    if (!k) continue;
    for (let f = node[k]; f; f = f.return) {
      for (let h = f.memoizedState, i = 0; h && typeof h === 'object' && i < 60; h = h.next, i++) {
        const v = h.memoizedState;
        const c = v && v.current;
        // deck.gl's <DeckGL> keeps its Deck in a ref (ref.current.deck in deck.gl 9).
        const d = c && (typeof c.getViewports === 'function' ? c : c.deck);
        if (d && typeof d.getViewports === 'function') return d;
      }
      const r = f.stateNode;
      if (r && r.deck && typeof r.deck.getViewports === 'function') return r.deck;
    }
  }
  return null;
}
function camera() {
  const el = document.querySelector('[data-testid="stDeckGlJsonChart"]');
  const deck = el && deckOf(el);
  const vp = deck && deck.getViewports()[0];
  if (!vp) return null;
  return [vp.latitude.toFixed(5), vp.longitude.toFixed(5), vp.zoom.toFixed(2)].join(',');
}
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const btn = parentElement.querySelector('button');
  const status = parentElement.querySelector('[role=status]');
  if (btn) btn.onclick = () => {
    const cam = camera();
    if (cam) setTriggerValue('camera', cam);
    else if (status) status.textContent = 'No map on this page';
  };
  const typing = (t) => t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  const onKey = (e) => {
    if (!data || !data.keys || e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
    const onMap = e.target && e.target.closest && e.target.closest('[data-testid="stDeckGlJsonChart"]');
    let step = 0;
    if (e.key === 'PageDown' || (e.key === 'ArrowRight' && !onMap)) step = 1;
    if (e.key === 'PageUp' || (e.key === 'ArrowLeft' && !onMap)) step = -1;
    if (step) { e.preventDefault(); setTriggerValue('step', step); }
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
};
"""
_HTML = (
    '<button type="button" class="sg-cam" title="Keep the map\'s current pan and zoom in the link">'
    "Keep this map view in the link</button><span role=status></span>"
)
_CSS = """
.sg-cam{font:inherit;font-size:.85rem;padding:.3rem .7rem;border-radius:.5rem;cursor:pointer;
border:1px solid rgba(49,51,63,.3);background:#fff;color:#31333f;white-space:nowrap}
.sg-cam:hover{border-color:#ff4b4b;color:#ff4b4b}
"""
_bridge = st.components.v2.component("sg_present_bridge", html=_HTML, css=_CSS, js=_JS)


def vintage() -> str:
    """The IMD vintage chosen for every page ("2025" / "2019")."""
    value = st.session_state.get(VINTAGE_KEY)
    return value if value in levels.IMD else levels.DEFAULT_IMD


def _vintage_control() -> None:
    if VINTAGE_KEY not in st.session_state:  # first run of a session: the link decides
        st.session_state[VINTAGE_KEY] = imd_param(urlstate.params())
    st.radio(
        "Deprivation index",
        IMD_OPTIONS,
        key=VINTAGE_KEY,
        horizontal=True,
        format_func=lambda k: f"{levels.imd(k).label} ({levels.imd(k).lsoa_vintage})",
        help=(
            "IMD 2025 (current: LSOA 2021, LAD 2024, CA 2025) or IMD 2019 (LSOA 2011, LAD 2021, "
            "CA 2024: the frame of the Growth Deal period). Applies to every page."
        ),
    )


def controls():
    """Where a page draws its controls: the sidebar, or the bar's Filters popover when presenting."""
    return getattr(_local, "popover", None) or st.sidebar


def _go(scenes: Scenes) -> None:
    """Show the current scene of `scenes`: reset its page's widgets, then switch to it."""
    scene = scenes.shown()
    if scene is None:
        return
    prefix = VIEWS[scene.page].PREFIX
    for k in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix + ".")]:
        del st.session_state[k]
    urlstate.forget(VIEWS[scene.page])
    st.session_state[VINTAGE_KEY] = imd_param(scene.query())
    query = {**scene.query(), **scenes.to_params()}
    if urlstate.is_presenting():
        query["present"] = "1"
    st.switch_page(f"pages/{scene.page}.py", query_params=query)


def _save_scene(name: str) -> None:
    scenes = Scenes.from_params(urlstate.params())
    page = st.session_state.get(_PAGE_KEY, "")
    if page not in PAGES:
        st.toast("Scenes are views of the Spend map, Deprivation and Growth Deals pages.")
        return
    saved = scenes.save(name, page, urlstate.params())
    if saved == scenes:
        st.toast("Give the scene a name (or the link is full: 24 scenes at most).")
        return
    st.query_params.update(saved.to_params())


def _set_presenting(on: bool) -> None:
    params = {k: v for k, v in urlstate.params().items() if k != "present"}
    if on:
        params["present"] = "1"
    st.query_params.from_dict(params)
    st.rerun()


def where_controls() -> str:
    """Where this run's filters are, for a sentence: "the sidebar", or the bar's menu when presenting."""
    return "the Filters menu" if urlstate.is_presenting() else "the sidebar"


def _set_camera(camera: str) -> None:
    params = urlstate.params()
    params["view"] = camera
    st.query_params.from_dict(params)


def frame_controls(page, presenting: bool) -> None:
    """app.py, before the page runs: vintage control, and in presentation mode the compact bar."""
    st.session_state[_PAGE_KEY] = page.url_path
    _local.popover = None
    params = urlstate.params()
    scenes = Scenes.from_params(params)
    for problem in Scenes.link_problems(params):
        st.warning(problem, icon=":material/link_off:")
    if not presenting:
        with st.sidebar:
            # The vintage is drawn last into a slot above the scenes: opening a scene sets it.
            slot = st.container()
            with st.expander("Scenes and map view", expanded=False):
                _scene_tools(scenes, presenting)
            # Into presentation mode from the app itself (before, only the About text named
            # ?present=1): the same view, full width, with the bar's filters and scenes.
            if st.button(
                "Present this view",
                icon=":material/slideshow:",
                key="sg-present-on",
                help="Full screen for a projector: a compact bar keeps the filters and scenes.",
            ):
                _set_presenting(True)
            with slot:
                _vintage_control()
        return
    bar = st.container(horizontal=True, vertical_alignment="center", key="sg-bar", gap="small")
    with bar:
        _local.popover = st.popover("Filters", icon=":material/tune:", key="sg-filters")
        prev_cell, name_cell, next_cell = st.empty(), st.empty(), st.empty()
        with prev_cell:
            back = st.button("◀", key="sg-scene-prev", help="Previous scene (← or PageUp)")
        with next_cell:
            fwd = st.button("▶", key="sg-scene-next", help="Next scene (→ or PageDown)")
        shown = scenes.shown()
        label = (
            f"{shown.name} ({scenes.current + 1}/{len(scenes.items)})"
            if shown is not None and scenes.current is not None
            else (
                f"{len(scenes.items)} scene{'s' if len(scenes.items) != 1 else ''}"
                if scenes.items
                else "No scenes saved"
            )
        )
        name_cell.markdown(f"**{_escape(label)}**")
        with st.popover("Scenes", icon=":material/slideshow:", key="sg-scenes"):
            _scene_tools(scenes, presenting)
        if st.button("Exit", icon=":material/close_fullscreen:", key="sg-present-off",
                     help="Leave presentation mode; the view is kept."):  # fmt: skip
            _set_presenting(False)
        result = _bridge(
            key="sg-bridge",
            data={"keys": True},
            on_step_change=lambda: None,
            on_camera_change=lambda: None,
            width="content",
        )
        _vintage_control_after(back, fwd, result, scenes)


def _vintage_control_after(back: bool, fwd: bool, result, scenes: Scenes) -> None:
    step = -1 if back else 1 if fwd else _trigger(result, "step")
    if step:
        _go(scenes.step(int(step)))
    camera = _trigger(result, "camera")
    if camera:
        _set_camera(str(camera))
    _vintage_control()


def _trigger(result, name: str):
    try:
        return getattr(result, name, None)
    except Exception:  # noqa: BLE001 — an absent trigger is just "not clicked"
        return None


def _scene_tools(scenes: Scenes, presenting: bool) -> None:
    """Save the current view as a named scene; list, open and remove scenes (sidebar or popover)."""
    name = st.text_input("Scene name", key="sg-scene-name", max_chars=60)
    if st.button("Save this view as a scene", key="sg-scene-save"):
        _save_scene(name)
        scenes = Scenes.from_params(urlstate.params())
    if not presenting:
        result = _bridge(
            key="sg-bridge", data={"keys": False}, on_camera_change=lambda: None, width="content"
        )
        camera = _trigger(result, "camera")
        if camera:
            _set_camera(str(camera))
    for i, scene in enumerate(scenes.items):
        # [3, 1]: at [4, 1] the remove button's column (33 px in a 300 px sidebar) cut "✕" to "›".
        a, b = st.columns([3, 1], vertical_alignment="center")
        if a.button(scene.name, key=f"sg-scene-open-{i}", width="stretch"):
            _go(Scenes(scenes.items, i))
        if b.button("✕", key=f"sg-scene-del-{i}", help=f"Remove scene {scene.name}"):
            st.query_params.from_dict(
                {
                    **{k: v for k, v in urlstate.params().items() if k not in ("scenes", "scene")},
                    **scenes.remove(i).to_params(),
                }
            )
            st.rerun()
    if scenes.items:
        st.caption("Scenes travel in the link: copy it to share the whole sequence.")


def _escape(text: str) -> str:
    from geo.present.text import md_escape

    return md_escape(text)
