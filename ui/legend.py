"""Draw geo.present.legend.Legend values beside a map as small, accessible HTML (pydeck draws no legend)."""

from __future__ import annotations

from html import escape

import streamlit as st

from geo.present.legend import Legend, LegendItem


def _swatch(item: LegendItem) -> str:
    c = escape(item.colour)
    if item.swatch == "circle":
        d = max(6.0, min(item.size, 56.0))
        return (
            f'<span class="sg-sw sg-circle" style="width:{d:.0f}px;height:{d:.0f}px;border-radius:50%;'
            f'background:{c};border:1px solid #333"></span>'
        )
    if item.swatch == "line":
        w = max(1.0, item.size)
        return f'<span class="sg-sw" style="height:0;border-top:{w:.1f}px solid {c};width:1.6em"></span>'
    return f'<span class="sg-sw" style="background:{c};border:1px solid rgba(0,0,0,.25)"></span>'


def legend_html(legend: Legend) -> str:
    rows = "".join(
        f'<li>{_swatch(i)}<span class="sg-lbl">{escape(i.label)}</span></li>' for i in legend.items
    )
    note = f'<div class="sg-note">{escape(legend.note)}</div>' if legend.note else ""
    return (
        f'<figure class="sg-legend" role="group" aria-label="Legend: {escape(legend.title)}">'
        f"<figcaption>{escape(legend.title)}</figcaption><ul>{rows}</ul>{note}</figure>"
    )


_CSS = """
<style>
.sg-legend{margin:0 0 .8em 0}
.sg-row{display:flex;flex-wrap:wrap;gap:.5em 2.5em;align-items:flex-start}
.sg-row .sg-legend{max-width:22em}
.sg-legend figcaption{font-weight:600;margin-bottom:.3em}
.sg-legend ul{list-style:none;margin:0;padding:0}
.sg-legend li{display:flex;align-items:center;gap:.5em;margin:.15em 0;line-height:1.2}
.sg-sw{display:inline-block;width:1.1em;height:1.1em;flex:none}
.sg-note{font-size:.85em;opacity:.8;margin-top:.3em}
.sg-compact .sg-legend{margin:0 0 .45em 0}
.sg-compact .sg-legend ul{display:flex;flex-wrap:wrap;align-items:center;gap:.1em .9em}
.sg-compact .sg-legend li{margin:0}
.sg-compact .sg-note{display:none}
</style>
"""


def show_legends(*legends: Legend, row: bool = False, compact: bool = False) -> None:
    """Render legends (skipping empty ones) in the current container; `row` lays them side by side,
    `compact` runs each legend's items along a line and leaves its note out (presentation mode: a
    projector's first screen; the titles still name every vintage)."""
    html = "".join(legend_html(lg) for lg in legends if lg.items)
    if html:
        if compact:
            html = '<div class="sg-compact">' + html + "</div>"
        elif row:
            html = '<div class="sg-row">' + html + "</div>"
        st.html(_CSS + html)
