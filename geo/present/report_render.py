"""Render a report_model.Report as self-contained HTML (prints to A4 PDF) or as a DOCX (python-docx)."""

from __future__ import annotations

import base64
import html
import io

import pandas as pd

from geo.present import palette
from geo.present.report_model import Report, Section

_ACCENT = palette.hex_colour(palette.LOCAL)

_CSS = f"""
:root {{ --accent: {_ACCENT}; }}
body {{ font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: #1a1a1a;
  max-width: 62rem; margin: 2rem auto; padding: 0 1.25rem; line-height: 1.45; }}
h1 {{ font-size: 1.7rem; margin: 0 0 .4rem; }}
h2 {{ font-size: 1.2rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem;
  margin-top: 2rem; }}
.meta {{ color: #444; font-size: .9rem; margin: .1rem 0; }}
.public {{ display: inline-block; background: #fff3cd; border: 1px solid #c99a00;
  padding: .1rem .5rem; font-size: .85rem; }}
.cards {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .6rem;
  margin: 1rem 0; }}
.card {{ border: 1px solid #ccc; border-left: 4px solid var(--accent); padding: .5rem .7rem; }}
.card .v {{ font-size: 1.35rem; font-weight: 700; }}
.card .l {{ font-size: .8rem; color: #333; }}
table {{ border-collapse: collapse; width: 100%; font-size: .85rem; margin: .5rem 0; }}
th, td {{ border: 1px solid #bbb; padding: .25rem .4rem; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }}
/* Headers break between words (and hyphenate a long one), never mid-word: "Transa/ctions". */
th {{ background: #eef3f8; overflow-wrap: normal; hyphens: auto; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
.note {{ font-size: .8rem; color: #444; }}
figure {{ margin: 1rem 0; }}
figure img {{ width: 100%; height: auto; border: 1px solid #ddd; }}
figcaption {{ font-size: .8rem; color: #444; }}
footer {{ margin-top: 2rem; font-size: .75rem; color: #555; border-top: 1px solid #ccc; }}
@page {{ size: A4; margin: 14mm 12mm; }}
@media print {{
  body {{ max-width: none; margin: 0; padding: 0; font-size: 10pt; }}
  h2 {{ break-after: avoid; page-break-after: avoid; }}
  figure, .card, tr {{ break-inside: avoid; page-break-inside: avoid; }}
  figure {{ break-before: auto; }}
  thead {{ display: table-header-group; }}
  .cards {{ grid-template-columns: repeat(3, 1fr); }}
  a {{ color: inherit; text-decoration: none; }}
}}
"""


def _num(text: object) -> bool:
    t = str(text)
    return bool(t) and (t[0] in "£-0123456789" or t.endswith("%")) and not t[:3].isalpha()


def _table_html(df: pd.DataFrame) -> str:
    if df is None or df.empty:
        return '<p class="note">(no rows)</p>'
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in df.columns)
    body = []
    for row in df.itertuples(index=False, name=None):
        cells = "".join(
            f'<td class="n">{html.escape(str(v))}</td>'
            if _num(v)
            else f"<td>{html.escape(str(v))}</td>"
            for v in row
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section_html(s: Section) -> str:
    parts = [f"<section><h2>{html.escape(s.title)}</h2>"]
    parts += [f"<p>{html.escape(p)}</p>" for p in s.paragraphs]
    if s.image is not None:
        data = base64.b64encode(s.image.png).decode("ascii")
        alt = html.escape(f"Map: {s.image.title}. {s.image.caption}")
        parts.append(
            f'<figure><img src="data:image/png;base64,{data}" alt="{alt}">'
            f"<figcaption>{html.escape(s.image.caption)}</figcaption></figure>"
        )
    if s.table is not None:
        parts.append(_table_html(s.table))
    if s.note:
        parts.append(f'<p class="note">{html.escape(s.note)}</p>')
    parts.append("</section>")
    return "".join(parts)


def to_html(r: Report) -> bytes:
    """One self-contained HTML file: CSS inline, maps as data URIs, no external requests."""
    cards = "".join(
        f'<div class="card" data-name="{html.escape(name)}"><div class="v">{html.escape(text)}</div>'
        f'<div class="l">{html.escape(label)}</div></div>'
        for name, label, text, _ in r.headline
    )
    meta = "".join(f'<p class="meta">{html.escape(line)}</p>' for line in r.lines)
    badge = '<p class="public">Public view: individuals are not named.</p>' if r.public else ""
    doc = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(r.title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{html.escape(r.title)}</h1>{meta}{badge}</header>"
        f'<main><section><h2>Headline figures</h2><div class="cards">{cards}</div></section>'
        + "".join(_section_html(s) for s in r.sections)
        + f"</main><footer><p>{html.escape(r.footer)}.</p></footer></body></html>"
    )
    return doc.encode("utf-8")


def to_docx(r: Report) -> bytes:
    """A Word document on A4 an officer can paste into a committee template: headings, tables, maps."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    # The file's own properties: Word shows them, and python-docx's template said "python-docx"
    # as the author and had no title (exports walk).
    props = doc.core_properties
    props.title = r.title
    props.author = props.last_modified_by = "Spend Geography"
    props.subject = r.lines[0] if r.lines else ""
    props.comments = r.footer
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Cm(1.8))
    sec.top_margin = sec.bottom_margin = Cm(1.6)
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(10)
    usable = sec.page_width - sec.left_margin - sec.right_margin

    doc.add_heading(r.title, level=0)
    for line in r.lines:
        p = doc.add_paragraph(line)
        p.runs[0].font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    if r.public:
        doc.add_paragraph("Public view: individuals are not named.").runs[0].bold = True

    doc.add_heading("Headline figures", level=1)
    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    t.rows[0].cells[0].text, t.rows[0].cells[1].text = "Figure", "Value"
    for _, label, text, _ in r.headline:
        cells = t.add_row().cells
        cells[0].text, cells[1].text = label, text
    _docx_table_fonts(t, Pt(8.5))

    for s in r.sections:
        doc.add_heading(s.title, level=1)
        for para in s.paragraphs:
            doc.add_paragraph(para)
        if s.image is not None:
            doc.add_picture(io.BytesIO(s.image.png), width=usable)
            if s.image.caption:
                cap = doc.add_paragraph(s.image.caption)
                cap.runs[0].font.size = Pt(8)
        if s.table is not None and not s.table.empty:
            tb = doc.add_table(rows=1, cols=len(s.table.columns))
            tb.style = "Table Grid"
            for cell, col in zip(tb.rows[0].cells, s.table.columns, strict=True):
                cell.text = str(col)
            for row in s.table.itertuples(index=False, name=None):
                for cell, v in zip(tb.add_row().cells, row, strict=True):
                    cell.text = str(v)
                    if _num(v):
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _docx_table_fonts(tb, Pt(7.5), header_bold=True)
        if s.note:
            note = doc.add_paragraph(s.note)
            note.runs[0].font.size = Pt(8)
    foot = doc.add_paragraph(r.footer + ".")
    foot.runs[0].font.size = Pt(7.5)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_table_fonts(table: object, size: object, header_bold: bool = True) -> None:
    for i, row in enumerate(table.rows):  # type: ignore[attr-defined]
        for cell in row.cells:
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.size = size
                    run.bold = header_bold and i == 0
