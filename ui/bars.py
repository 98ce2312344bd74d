"""Draw a geo.present.bars.BarChart as an HTML table of labelled bars (no chart library)."""

from __future__ import annotations

from html import escape

import streamlit as st

from geo.present.bars import BarChart

# A table, so a screen reader reads each row's label and value; the bars are decoration.
_CSS = """
<style>
.sg-bars{margin:0 0 .6em 0;width:100%}
.sg-bars table{width:100%;border-collapse:collapse;border:none;margin:0}
.sg-bars th,.sg-bars td{border:none;padding:.12em 0;vertical-align:middle;line-height:1.25}
.sg-bars th{font-weight:400;text-align:right;white-space:nowrap;width:1%;padding-right:.6em}
.sg-bars td.sg-v{white-space:nowrap;width:1%;padding-left:.6em;font-variant-numeric:tabular-nums}
.sg-bars .sg-bar{display:block;height:1em;border-radius:2px;border:1px solid rgba(0,0,0,.25)}
.sg-bars .sg-bar.sg-zero{border:none;border-left:1px solid rgba(0,0,0,.45)}
.sg-bars caption{caption-side:bottom;text-align:left;font-size:.85em;padding-top:.4em}
</style>
"""


def bars_html(chart: BarChart) -> str:
    rows = []
    for bar in chart.bars:
        width = f"{100 * bar.fraction:.2f}%"
        cls = "sg-bar" if bar.fraction > 0 else "sg-bar sg-zero"
        rows.append(
            f'<tr><th scope="row">{escape(bar.label)}</th><td class="sg-b" aria-hidden="true">'
            f'<span class="{cls}" style="width:{width};background:{escape(bar.colour)}"></span>'
            f'</td><td class="sg-v">{escape(bar.text)}</td></tr>'
        )
    return (
        f'<figure class="sg-bars"><table><caption>{escape(chart.caption)}</caption>'
        f"<tbody>{''.join(rows)}</tbody></table></figure>"
    )


def show_bars(chart: BarChart) -> None:
    st.html(_CSS + bars_html(chart))
