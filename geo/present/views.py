"""Map camera: the View dataclass (centre, zoom) with its URL form, and fitting bounds into a viewport."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

# England at a zoom that fits a ~900×560 px map; used whenever no area is chosen so the view is
# stable across filter changes (never derived from the filtered data).
ENGLAND_BOUNDS = (-6.4, 49.85, 1.8, 55.85)
# The deepest a map zooms: ~6 m per pixel in England, street level. Supplier points are postcode
# centroids (a postcode is ~15 addresses), so zooming further shows nothing new, while the area
# tiles' deepest zoom (12) would be stretched more than 4×: their LSOA edge gaps and boundary
# bands, baked in pixels at z12, would grow from under 1 px to ~10 px at zoom 16.
MAX_VIEW_ZOOM = 14.0


@dataclass(frozen=True)
class View:
    """Map camera: centre and zoom (Web Mercator zoom level)."""

    latitude: float
    longitude: float
    zoom: float
    # The lon/lat box fit_view fitted (None for a view read from a link or a kept camera), so refit
    # can fit that box again into a map of another size: the centre and zoom alone cannot tell a
    # tall area with slack at its sides from a wide one. Not part of the camera's identity or URL.
    bounds: tuple[float, float, float, float] | None = field(
        default=None, compare=False, repr=False
    )

    def to_param(self) -> str:
        return f"{self.latitude:.4f},{self.longitude:.4f},{self.zoom:.2f}"

    @classmethod
    def from_param(cls, text: str | None) -> View | None:
        """'lat,lon,zoom' → View, or None if absent or not a plausible view (never raises)."""
        if not text:
            return None
        try:
            lat, lon, zoom = (float(p) for p in str(text).split(","))
        except ValueError:
            return None
        if not (-85 <= lat <= 85 and -180 <= lon <= 180 and 0 <= zoom <= 20):
            return None
        return cls(lat, lon, zoom)


def fit_view(
    bounds: Sequence[float], width_px: int = 900, height_px: int = 560, padding: float = 0.08
) -> View:
    """View that fits lon/lat bounds (minx, miny, maxx, maxy) in a viewport, in Web Mercator."""
    minx, miny, maxx, maxy = (float(b) for b in bounds)

    def merc_y(lat: float) -> float:
        s = math.sin(math.radians(max(min(lat, 85.0), -85.0)))
        return 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)

    dx = max((maxx - minx) / 360.0, 1e-9)
    dy = max(abs(merc_y(miny) - merc_y(maxy)), 1e-9)
    usable_w = width_px * (1 - 2 * padding)
    usable_h = height_px * (1 - 2 * padding)
    # deck.gl's world is 512 px wide at zoom 0.
    zoom = math.log2(min(usable_w / (512 * dx), usable_h / (512 * dy)))
    y_c = (merc_y(miny) + merc_y(maxy)) / 2
    lat_c = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y_c))))
    return View(
        round(lat_c, 4),
        round((minx + maxx) / 2, 4),
        round(max(min(zoom, MAX_VIEW_ZOOM), 3.0), 2),
        bounds=(minx, miny, maxx, maxy),
    )


ENGLAND_VIEW = fit_view(ENGLAND_BOUNDS)


def refit(view: View, width_px: int, height_px: int) -> View:
    """The bounds a fitted view was made for, fitted to a width_px × height_px map instead (a phone's,
    a narrow column's): they fill the map's binding side less fit_view's padding. A view with no
    bounds (a link's or a kept camera) is shown as it is.

    Zooming the fitted view out by the ratio of the two maps' sizes is not enough: England fits a
    900×560 map by its height but a phone's map by its width, so that ratio left it half the size
    the phone's map allows."""
    if view.bounds is None or not (width_px > 0 and height_px > 0):
        return view
    return fit_view(view.bounds, width_px, height_px)


# --- the map's size on the page ------------------------------------------------------------------
# Streamlit sends the server no screen size, so where a map's real box is unknown the fit assumes
# the smallest desktop layout (DESKTOP): a map at least that big shows a fitted area whole, with no
# rerun to measure it. Streamlit's layout facts below are measured in Chromium (Streamlit 1.5x).
STACK_BELOW_PX = 640  # narrower windows stack st.columns, each the main column's width
COLUMN_GAP_REM = 1.0  # st.columns' default gap; a column is its share less gap·(n−1)/n
MAP_HEIGHT_PX = 560  # st.pydeck_chart's height (ui.maps.show_map)
# Presenting (ui/frame.py's CSS): type scales with the window, clamp(15px, 1.15vw, 22px), and the
# map is cut to the window's height less room for the bar, the title and the caption above it.
PRESENT_REM = (15.0, 1.15, 22.0)
PRESENT_PAD_REM = 1.2  # the main column's side padding presenting (ui/frame.py's CSS)
# Room for a classic scrollbar (Windows Chrome, 15 px) beside a presenting page that scrolls (its
# chart and tables go below the first screen); overlay scrollbars (phones, macOS, headless
# Chromium) take none, and a fit for a map 15 px narrower than drawn still shows the area whole.
SCROLLBAR_PX = 15
PRESENT_MAP_MIN_PX = 300
PRESENT_RESERVE_REM = 12.5
# Under 1100 px the bar wraps (the vintage radio takes a second row) and Deprivation's caption takes
# two lines: the map's top came down to ~250 px and 12.5rem cut its foot off a 1024×768 projector.
PRESENT_NARROW_BELOW_PX = 1100
PRESENT_NARROW_RESERVE_REM = 17.0
# A map with its key in compact rows under it (Growth Deals' pair: .st-key-sg-map-and-key-*)
# leaves this much more for the key, so the key is on the first screen too.
PRESENT_KEY_REM = 9.0
# Each one-line note above a presenting map in its column (".st-key-sg-note-N": the Spend map's
# placed-spend warning on a council file): the compact alert and the gap under it, measured in
# Chromium. Uncounted, a council file's three-line warning pushed the map's foot off a 720 px screen.
PRESENT_NOTE_REM = 3.4
PRESENT_NOTES_MAX = 2  # the Spend map's most: no supplier placed, and filters that match nothing


@dataclass(frozen=True)
class Screen:
    """A browser's window (CSS px) and the width of the page's main column inside it."""

    width: int
    height: int
    content: int


# A 1200-px window with the sidebar open (300 px) and Streamlit's 5rem side padding: the smallest
# desktop the fit assumes when the browser reports nothing (ui/viewport.py reports narrower ones).
DESKTOP = Screen(1200, 800, 740)


def column_width(content_px: float, columns: Sequence[float], gap_px: float) -> float:
    """Width of the first of st.columns(columns) side by side in a content_px-wide main column."""
    n = len(columns)
    return content_px * columns[0] / sum(columns) - gap_px * (n - 1) / n


def present_rem(window_px: float) -> float:
    """The root font size presenting sets for a window this wide (CSS clamp)."""
    low, vw, high = PRESENT_REM
    return min(max(low, window_px * vw / 100), high)


def present_content(window_px: float) -> float:
    """The main column's width presenting leaves in a window this wide. Presenting, the layout
    follows the window alone (no sidebar; padding in a rem that scales with it), so the browser
    need only report the window, which it knows the moment the page opens."""
    return window_px - 2 * PRESENT_PAD_REM * present_rem(window_px) - SCROLLBAR_PX


def present_map_height(window: tuple[float, float], key_under: bool = False, notes: int = 0) -> int:
    """A presenting map's height in a (width, height) window: what frame's CSS leaves it (the
    window's height less the room above it, and under it for a key when `key_under`), less
    `notes` one-line notes above it (at most PRESENT_NOTES_MAX count)."""
    width, height = window
    reserve = PRESENT_NARROW_RESERVE_REM if width < PRESENT_NARROW_BELOW_PX else PRESENT_RESERVE_REM
    reserve += PRESENT_KEY_REM if key_under else 0.0
    reserve += PRESENT_NOTE_REM * min(max(notes, 0), PRESENT_NOTES_MAX)
    return int(max(PRESENT_MAP_MIN_PX, height - reserve * present_rem(width)))


def map_box(
    screen: Screen,
    columns: Sequence[float],
    height_px: int,
    presenting: bool,
    key_under: bool = False,
    notes: int = 0,
) -> tuple[int, int]:
    """(width, height) of a map drawn `height_px` tall in the first of st.columns(columns);
    `key_under`, `notes`: presenting, its key sits under it and notes above it (present_map_height)."""
    rem = present_rem(screen.width) if presenting else 16.0
    content = present_content(screen.width) if presenting else screen.content
    width = (
        content
        if screen.width < STACK_BELOW_PX
        else column_width(content, columns, COLUMN_GAP_REM * rem)
    )
    height = (
        present_map_height((screen.width, screen.height), key_under, notes)
        if presenting
        else height_px
    )
    return int(width), height
