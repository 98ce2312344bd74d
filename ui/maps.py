"""Render a geo.present.mapspec.DeckSpec with st.pydeck_chart without pydeck re-serialising it."""

from __future__ import annotations

import pydeck as pdk
import streamlit as st

from geo.present.mapspec import DeckSpec


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
            out.append({"layer": layer_id, **{k: props.get(k) for k in ("n", "c", "x", "k")}})
    return out


def show_picked(state) -> list[dict]:
    """A one-line note for each clicked area or point; returns the picks for further detail."""
    picks = picked(state)
    for p in picks:
        st.info(f"**{p['n']}** ({p['c']}) — {p['x']}")
    return picks
