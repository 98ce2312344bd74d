"""Maps on a page: render a DeckSpec with st.pydeck_chart (no pydeck re-serialising), show what was clicked."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pydeck as pdk
import streamlit as st

from geo import fmt
from geo.present import selection
from geo.present.mapspec import DeckSpec
from geo.present.text import md_escape


class CompactDeck(pdk.Deck):
    """A pydeck.Deck whose to_json() is our pre-built compact spec.

    st.pydeck_chart calls deck.to_json() and reads `_tooltip`, `layers` and `mapbox_key`
    (streamlit/elements/deck_gl_json_chart.py); with no pydeck layers there is nothing for its
    pandas-3 workaround to convert, and the JSON we built is sent as is.
    """

    def __init__(self, spec: DeckSpec):
        super().__init__(layers=[], map_style=None, map_provider=None, tooltip=dict(spec.tooltip))
        self._spec_json = spec.json

    def to_json(self) -> str:  # noqa: D102 — see class docstring
        return self._spec_json


def show_map(spec: DeckSpec, *, key: str, alt: str, height: int = 560, selectable: bool = True):
    """Draw the map; with `selectable`, returns Streamlit's selection state (dict-like), else None."""
    deck = CompactDeck(spec)
    if selectable:
        return st.pydeck_chart(
            deck,
            height=height,
            on_select="rerun",
            selection_mode="single-object",
            key=key,
            alt=alt,
        )
    st.pydeck_chart(deck, height=height, key=key, alt=alt)
    return None


def selected_objects(state) -> dict[str, list[dict]]:
    """{layer id: [picked objects]} from a pydeck selection state; {} when nothing is picked."""
    if not state:
        return {}
    try:
        objects = state.selection.objects  # type: ignore[union-attr]
    except (AttributeError, KeyError):
        try:
            objects = state["selection"]["objects"]
        except (KeyError, TypeError):
            return {}
    return {k: list(v) for k, v in dict(objects or {}).items() if v}


def picked(state) -> list[dict]:
    """Picked objects as flat dicts with layer, n (name), c (code), x (detail), k (point key)."""
    out = []
    for layer_id, objs in selected_objects(state).items():
        for obj in objs:
            props = obj.get("properties", obj) if isinstance(obj, dict) else {}
            out.append(
                {"layer": layer_id, **{k: props.get(k) for k in ("n", "c", "x", "k", "lvl")}}
            )
    return out


def show_picked(state, places: Callable[[str], list] | None = None) -> list[dict]:
    """A note for each clicked area or point; returns the picks for further detail.

    `places(lsoa_code)` (e.g. ui.cache_imd.lsoa_places) adds the areas a clicked LSOA lies in.
    """
    picks = [p for p in picked(state) if p["n"] or p["c"] or p["x"]]  # not the tiles' speck
    for p in picks:
        if not (p["n"] or p["c"]):  # a national-zoom patch: same-decile LSOAs of one district
            st.info(
                f"**{md_escape(p['x'])}** — at this scale neighbouring LSOAs of one decile are "
                "drawn as one patch: zoom in to click a single LSOA."
            )
            continue
        text = f"**{md_escape(p['n'])}** ({md_escape(p['c'])}) — {md_escape(p['x'])}"
        is_lsoa = str(p["layer"]).startswith(selection.LSOA_LAYER_PREFIX) and not p["lvl"]
        if places is not None and is_lsoa:
            line = selection.places_line(places(str(p["c"])))
            text += f"  \n{md_escape(line)}" if line else ""
        st.info(text)
    return picks


def _show_lsoa(p: selection.Pick, summary, places: Callable[[str], list] | None) -> None:
    """A clicked LSOA: its decile, then each area it lies in with that area's spend."""
    if not (p.name or p.code):  # a national-zoom patch of same-decile LSOAs, or the speck
        if p.detail:
            st.markdown(f"**{md_escape(p.detail)}** — zoom in to click a single LSOA.")
        return
    lines = [f"**LSOA: {md_escape(p.name)}** ({md_escape(p.code)}) — {md_escape(p.detail)}"]
    for place in places(p.code) if places else []:
        spend = selection.area_spend_line(summary, place.level, place.code, place.parts)
        lines.append(
            f"- In {md_escape(place.name)} ({md_escape(place.code)}), {md_escape(place.label)}"
            + (f": {md_escape(spend)}" if spend else ".")
        )
    st.markdown("\n".join(lines))


def show_selection(
    state,
    summary,
    rows_for: Callable[[int], pd.DataFrame],
    show_table: Callable,
    places: Callable[[str], list] | None = None,
) -> list[selection.Pick]:
    """What the user clicked or tapped on the map: a supplier's rows, a group's size, an area's details.

    `rows_for(key)` returns the selected rows behind a supplier point (its spend-index key);
    `show_table` draws a table the app's way (ui.tables.show); `places(lsoa_code)` names the
    areas a clicked LSOA lies in (ui.cache_imd.lsoa_places), each with its spend.
    """
    picks = selection.picks(state)
    if not picks:
        st.caption(
            "Click or tap a supplier circle for its rows, or an area for its details "
            "(hover shows a summary in the map's top-left corner)."
        )
        return picks
    st.subheader("Selected on the map", anchor=False)
    areas = []
    for p in picks:
        if p.is_supplier and p.key is not None and p.key >= 0:
            rows = rows_for(p.key)
            st.markdown(
                f"**{md_escape(p.name)}** — {md_escape(p.code)}: {md_escape(p.detail)}",
            )
            if len(rows):
                show_table(rows)
            else:
                st.caption("None of this supplier's rows is in the current selection.")
        elif p.is_supplier:
            st.info(
                f"A group of {md_escape(p.name)} ({md_escape(p.detail)}). The map groups nearby "
                "suppliers when a selection has more locations than it can draw one by one: "
                "narrow the selection (a supplier area, buyer or amount band) to click each one."
            )
        else:
            areas.append(p)
    for p in areas:
        if p.is_lsoa:
            _show_lsoa(p, summary, places)
            continue
        spend = selection.area_spend_line(summary, p.level, p.code)
        st.markdown(
            f"**{md_escape(p.kind)}: {md_escape(p.name)}** ({md_escape(p.code)}) — "
            f"{md_escape(p.detail)}" + (f"  \n{md_escape(spend)}" if spend else "")
        )
    return picks


def output_buttons(
    *,
    dataset_name: str,
    key: str,
    report: Callable[[str], bytes],
    image: Callable[[str], bytes],
) -> None:
    """The committee outputs of the current view: report (HTML, DOCX) and map image (PNG, SVG, PDF).

    Each file is built only when its button is clicked (st.download_button runs the callable
    then), so a filter change costs nothing here; `report(fmt)` and `image(fmt)` build the bytes.
    """
    from geo.present import report as report_mod

    stem = fmt.file_stem(dataset_name)
    st.subheader("Outputs of this view", anchor=False)
    c1, c2 = st.columns(2)
    for col, fmt_ in zip((c1, c2), report_mod.REPORT_FORMATS, strict=True):
        col.download_button(
            f"Report ({fmt_.upper()})",
            lambda f=fmt_: report(f),
            f"{stem}_report.{fmt_}",
            report_mod.MIME[fmt_],
            key=f"{key}.report.{fmt_}",
            on_click="ignore",
            width="stretch",
            help="Headline figures, maps, spend by decile, top suppliers, local vs non-local, "
            "method and sources, for the current filters. Takes a few seconds to build.",
        )
    image_buttons(dataset_name=dataset_name, key=key, image=image)


def image_buttons(*, dataset_name: str, key: str, image: Callable[[str], bytes]) -> None:
    """Download buttons for the current map as PNG, SVG and PDF, each built only when clicked."""
    from geo.present import image as image_mod

    stem = fmt.file_stem(dataset_name)
    # One under another: three side by side in a legend column cut the labels to "Map (…".
    for fmt_ in image_mod.FORMATS:
        st.download_button(
            f"Map ({fmt_.upper()})",
            lambda f=fmt_: image(f),
            f"{stem}_map.{fmt_}",
            image_mod.MIME[fmt_],
            key=f"{key}.image.{fmt_}",
            on_click="ignore",
            width="stretch",
            help="The current map (filters, layers, zoomed area) for print: title, legend, "
            "vintages, scale bar and north arrow; readable at A4 width.",
        )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def image_titles(
    dataset_name: str, selection: str, colour_by: str, area: str = ""
) -> tuple[str, str]:
    """(title, subtitle) of an exported map: short enough for one line at A4 width (the image
    module does not wrap them; a long file name cut the title at the page edge). `area` names a
    zoomed map's area ("Calderdale (E08000033)"): the exports walk found images of one council
    that named no place at all."""
    if colour_by == "local":
        title = "Supplier spend: local and not local"
    else:
        title = "Supplier spend by deprivation" + ("" if area else " of the supplier's area")
    if area:
        title = f"{title} — {_clip(area, 50)}"
    sub = (
        f"{_clip(dataset_name, 70)}. Selection: {_clip(selection, 90)}. "
        "Circle area ∝ £ per supplier location."
    )
    return title, sub
