"""The app frame: the page list, the routing guard that sends every run through app.py, and the chrome."""

from __future__ import annotations

import streamlit as st

from geo.present import views

_BASE_CSS = """
<style>
/* Summary cards: big figures readable at a glance. */
[data-testid="stMetricValue"]{font-size:2rem}
/* A card that says why it has no figure ("n/a — no supplier located") wraps instead of being cut. */
[data-testid="stMetricValue"],[data-testid="stMetricValue"] *{white-space:normal !important;overflow:visible !important;text-overflow:clip !important}
[data-testid="stMetricLabel"] p{font-size:0.95rem}
/* Section headings in a page's columns (real h3s, so a screen reader's heading list reaches them)
   at the size the bold labels they replaced had room for. */
[data-testid="stColumn"] h3{font-size:1.15rem;padding:.5rem 0 .25rem}
/* Card labels wrap instead of being cut to "Deprived areas (…" (worst at projector type sizes). */
[data-testid="stMetricLabel"],[data-testid="stMetricLabel"] *{white-space:normal !important;overflow:visible !important;text-overflow:clip !important}
/* Captions: Streamlit fades them (grey at 60% opacity, 2.95:1 on white, under WCAG AA 4.5:1 per axe); #4b5060 opaque is ~8:1. */
[data-testid="stCaptionContainer"],[data-testid="stCaptionContainer"] p{color:#4b5060 !important;opacity:1 !important}
/* The map's canvas fills its frame from the moment deck.gl inserts it: deck.gl adds the size style
   a frame later, so its first viewport was the canvas default (300×150 px), it asked for the one
   tile under that, then for the rest after its first (slow, without a GPU) frame. */
[data-testid="stDeckGlJsonChart"] canvas{position:absolute;width:100%;height:100%}
/* A map reached with Tab (its arrow keys pan it) shows that it has the focus: deck.gl's event layer
   takes the focus with an inline outline:none, so the ring goes on the chart. #1f4e79 is ~9:1 on
   white; :focus-visible keeps it off a map that a mouse or a finger pressed. */
[data-testid="stDeckGlJsonChart"]:has(.deck-events-root:focus-visible),
[data-testid="stDeckGlJsonChart"]:focus-visible{outline:3px solid #1f4e79;outline-offset:2px}
/* The viewport probe (ui/viewport.py) has nothing to show. */
.st-key-sg-viewport-probe{display:none !important}
</style>
"""

# Projector mode: hide the sidebar, its toggle, the header/toolbar and footer; type scales with the
# screen (clamp) so 1280×720 keeps whole figures ("£703.2m", not "£703…") and 1920×1080 stays big;
# maps fill the viewport's height less the room above them, so none is cut at the bottom of a projector (more room
# is left above them under 1100 px, where the bar takes two rows).
_PRESENT_CSS = """
<style>
html{font-size:clamp(@REM_LOW@px,@REM_VW@vw,@REM_HIGH@px)}
[data-testid="stSidebar"],[data-testid="stSidebarCollapsedControl"],[data-testid="stSidebarNav"],
[data-testid="stHeader"],[data-testid="stToolbar"],[data-testid="stDecoration"],
[data-testid="stStatusWidget"],[data-testid="stMainMenu"],footer{display:none !important}
[data-testid="stMainBlockContainer"],.block-container{padding:.6rem @PAD@rem 1rem !important;max-width:100% !important}
[data-testid="stMetricValue"]{font-size:clamp(1.5rem,2.3vw,3rem) !important;line-height:1.15 !important}
[data-testid="stMetricLabel"] p{font-size:clamp(.85rem,1vw,1.2rem) !important}
[data-testid="stDeckGlJsonChart"],[data-testid="stDeckGlJsonChart"] > div{
  height:max(@MIN@px,calc(100vh - @RESERVE@rem)) !important}
@media (max-width:@NARROW@px){[data-testid="stDeckGlJsonChart"],[data-testid="stDeckGlJsonChart"] > div{
  height:max(@MIN@px,calc(100vh - @NARROW_RESERVE@rem)) !important}}
/* The map's frame and element box take the map's height (Streamlit fixes both at the chart's
   own height, so a taller map ran over what follows and a shorter one left a gap). */
[data-testid="stFullScreenFrame"]:has(> [data-testid="stDeckGlJsonChart"]),
[data-testid="stElementContainer"]:has(> [data-testid="stFullScreenFrame"] > [data-testid="stDeckGlJsonChart"]){
  height:auto !important;flex:0 0 auto !important}
/* A map with its key under it (Growth Deals' pair) leaves the key's compact rows on the screen. */
[class*="st-key-sg-map-and-key"] [data-testid="stDeckGlJsonChart"],
[class*="st-key-sg-map-and-key"] [data-testid="stDeckGlJsonChart"] > div{
  height:max(@MIN@px,calc(100vh - @RESERVE@rem - @KEY@rem)) !important}
@media (max-width:@NARROW@px){[class*="st-key-sg-map-and-key"] [data-testid="stDeckGlJsonChart"],
[class*="st-key-sg-map-and-key"] [data-testid="stDeckGlJsonChart"] > div{
  height:max(@MIN@px,calc(100vh - @NARROW_RESERVE@rem - @KEY@rem)) !important}}
@NOTES@
h1{font-size:clamp(1.4rem,2.2vw,2.4rem) !important;padding-top:.2rem !important}
.st-key-sg-bar{position:sticky;top:0;z-index:999;background:#fff;padding:.2rem 0;
  border-bottom:1px solid rgba(49,51,63,.15)}
/* Sticky from the layout wrapper Streamlit puts round the bar: the bar alone sticks only inside
   that wrapper (its own height), so it scrolled away with the page (Trafford walk). */
[data-testid="stLayoutWrapper"]:has(> .st-key-sg-bar){position:sticky;top:0;z-index:999}
.st-key-sg-bar p{margin:0}
.sg-legend{font-size:1.05rem}
.sg-legend,.sg-legend *{overflow-wrap:anywhere}
/* Not the size legend's circles: their diameters are the map's (all drawn 1.3em, they said nothing). */
.sg-sw:not(.sg-circle){width:1.3em !important;height:1.3em !important}
</style>
"""


def _notes_css() -> str:
    """The rules for one-line notes above a presenting map (ui/coverage.show_compact puts note i in
    .st-key-sg-note-i): compact alerts, and a map that leaves each one PRESENT_NOTE_REM, as
    views.present_map_height does for the fit. Later rules win: n notes' after n-1's."""
    chart = '[data-testid="stDeckGlJsonChart"]'
    rules = [
        '[class*="st-key-sg-note-"] [data-testid="stAlertContainer"]{padding:.35rem .8rem !important}',
    ]
    for n in range(1, views.PRESENT_NOTES_MAX + 1):
        has = f'[data-testid="stMain"]:has(.st-key-sg-note-{n - 1})'
        sel = f"{has} {chart},{has} {chart} > div"
        notes = n * views.PRESENT_NOTE_REM
        rules.append(
            f"{sel}{{height:max(@MIN@px,calc(100vh - @RESERVE@rem - {notes:g}rem)) !important}}"
        )
        rules.append(
            f"@media (max-width:@NARROW@px){{{sel}{{"
            f"height:max(@MIN@px,calc(100vh - @NARROW_RESERVE@rem - {notes:g}rem)) !important}}}}"
        )
    return "\n".join(rules)


def _sized(css: str) -> str:
    """`css` with the presenting type and map sizes of geo.present.views filled in: its map_box fits
    a presenting map's view to the height this CSS gives the map (one set of numbers for both)."""
    css = css.replace("@NOTES@", _notes_css())
    sizes = {
        "@REM_LOW@": views.PRESENT_REM[0],
        "@REM_VW@": views.PRESENT_REM[1],
        "@REM_HIGH@": views.PRESENT_REM[2],
        "@PAD@": views.PRESENT_PAD_REM,
        "@MIN@": views.PRESENT_MAP_MIN_PX,
        "@RESERVE@": views.PRESENT_RESERVE_REM,
        "@NARROW@": views.PRESENT_NARROW_BELOW_PX - 0.02,  # max-width is inclusive
        "@NARROW_RESERVE@": views.PRESENT_NARROW_RESERVE_REM,
        "@KEY@": views.PRESENT_KEY_REM,
    }
    for name, value in sizes.items():
        css = css.replace(name, f"{value:g}")
    return css


_PRESENT_CSS = _sized(_PRESENT_CSS)


def apply_chrome(presenting: bool) -> None:
    st.html(_BASE_CSS + (_PRESENT_CSS if presenting else ""))


# Why a guard at all: this project keeps its page scripts in pages/ (its declared layout), and
# Streamlit 1.67 decides on the FIRST session of a process whether the app uses the legacy "pages/
# directory" mode (PagesManager.__init__ sets PagesManager.uses_pages_directory when a pages/ folder
# exists). In that mode the script runner does not execute app.py: it builds its own navigation from
# the folder and runs the page file alone, so a first visitor landing on /spend_map gets no page
# config, no presentation mode and an auto-generated menu. No supported option turns that mode off
# (client.showSidebarNavigation only hides the menu); the one supported switch is st.navigation
# itself, which clears the mode for the process when it runs. So a page that finds it was not
# entered through app.py calls st.navigation with the app's own page list (public API) and reruns:
# the rerun executes app.py, whose st.navigation resolves the URL to the same page.
_ENTERED = "_sg_entered_through_app"


# The page config, set by app.py and by the guard before its st.navigation.
# An emoji becomes an inline SVG (data: URL) favicon; ":material/…" icons make the browser fetch
# fonts.gstatic.com, which the hosted CSP blocks, an offline workshop room cannot reach and a public
# visitor should not be sent to. Streamlit's frontend also takes the st.Page icon (material) as the
# favicon whenever no page config has set one — the guard's st.navigation on a first visit straight
# to a page URL did exactly that — so both set this first.
PAGE_CONFIG: dict[str, str] = {
    "page_title": "Spend Geography",
    "page_icon": "🗺️",
    "layout": "wide",
    "initial_sidebar_state": "auto",  # collapsed on phones, so the map and cards come first
}


def pages() -> list:
    """The app's pages: one list, used by app.py and by the guard."""
    return [
        st.Page("pages/about.py", title="About", icon=":material/info:", default=True),
        st.Page("pages/spend_map.py", title="Spend map", icon=":material/location_on:"),
        st.Page("pages/deprivation.py", title="Deprivation", icon=":material/layers:"),
        st.Page("pages/growth_deals.py", title="Growth Deals", icon=":material/payments:"),
        st.Page("pages/analysis.py", title="Compare & leakage", icon=":material/compare_arrows:"),
        st.Page("pages/data.py", title="Data", icon=":material/table:"),
        st.Page("pages/suppliers.py", title="Place suppliers", icon=":material/person_pin_circle:"),
    ]


def enter(page) -> None:
    """app.py: mark this run as entered through the frame, then run the page."""
    st.session_state[_ENTERED] = True
    page.run()


def guard() -> None:
    """First line of every page script: reroute a run that did not come through app.py (see above)."""
    if st.session_state.pop(_ENTERED, False):
        return
    st.set_page_config(**PAGE_CONFIG)
    st.navigation(pages(), position="hidden")
    st.rerun()
