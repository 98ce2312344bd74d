"""Tables for people: human column names, £ with thousands separators, shares as %, missing as blank."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from html import escape

import pandas as pd
import streamlit as st

from geo import fmt
from geo.fmt import NA
from geo.present import columns

# Headings come from geo.present.columns (one vocabulary for pages, downloads and reports); this
# table holds only columns no download carries (page-only tables).
HEADINGS: dict[str, str] = {
    "share_rows": "Share of rows",
    "share_amount": "Share of £",
    "lsoas": "LSOAs",
    "lsoas_decile1": "LSOAs in decile 1",
    "population": "Population",
    "share_decile1": "Share of LSOAs in decile 1",
    "share_decile12": "Share of LSOAs in deciles 1–2",
    "gd_per_head_gbp": "£ per head",
    "gd_total_gbp_m": "Total (£m)",
    "gd_round1_gbp_m": "Round 1 (£m)",
    "gd_round2_gbp_m": "Round 2 (£m)",
    "gd_round3_gbp_m": "Round 3 (£m)",
    "gd_missing_reason": "Why no figure",
    "gd_per_head_2021_area_gbp": "£ per head on the 2021 LEP area",
    "gd_population": "Population behind £ per head",
    "gd_population_basis": "£ per head is on",
    "gd_not_comparable_reason": "Why not comparable",
    "imd19_n_lsoa": "LSOAs (2011)",
    "imd19_n_decile1": "IMD 2019: LSOAs in decile 1",
    "imd19_share_decile1": "IMD 2019: share in decile 1",
    "imd25_n_lsoa": "LSOAs (2021)",
    "imd25_n_decile1": "IMD 2025: LSOAs in decile 1",
    "imd25_share_decile1": "IMD 2025: share in decile 1",
    "change_pp": "Change (percentage points)",
    "n_lsoa": "LSOAs",
    "n_decile1": "LSOAs in decile 1",
    "n_decile12": "LSOAs in deciles 1–2",
    "population_year": "Population year",
    "imd_vintage": "Deprivation index",
    "postcode": "Postcode",
    "lsoa": "LSOA",
    "lad": "LAD",
    "local": "Local",
    "source_file": "File",
    "file": "File",
    "share_located": "Share of £ located",
    "share_of_unplaced": "Share of unplaced £",
    "reason": "Why not located",
    "flag": "Flag",
    "meaning": "What it means",
    "rule": "Rule that decided",
    "evidence": "Evidence",
    "lad21cd": "LAD code",
    "lsoa11cd": "LSOA code",
    "lsoa21cd": "LSOA code (2021)",
    "locations": "Locations",
    "supplier_name": "Supplier",
    "department": "Department",
}
STATUS_NAMES: dict[str, str] = {
    **columns.STATUS_LABELS,
    "total": "Total",
    "of which postcode_repaired": "… of which postcode repaired",
}
_MONEY = {"gbp", "amount", "gd_per_head_gbp", "gd_per_head_2021_area_gbp"}
_MONEY_M = {"gd_total_gbp_m", "gd_round1_gbp_m", "gd_round2_gbp_m", "gd_round3_gbp_m"}
# Fractions (0–1) shown as percentages. One set: a second definition once overrode this one and
# dropped share_located / share_of_unplaced, so the Data page showed "0.024" for 2.4%.
_SHARE = {
    "share", "share_rows", "share_amount", "share_decile1", "share_decile12", "share_located",
    "share_of_unplaced", "imd19_share_decile1", "imd25_share_decile1", "share_of_lsoas",
    "imd19_share_decile12", "imd25_share_decile12",
}  # fmt: skip
_COUNT = {"rows", "transactions", "lsoas", "population", "lsoas_decile1", "locations",
          "gd_population", "n_lsoa", "n_decile1", "n_decile12", "imd19_n_lsoa", "imd19_n_decile1",
          "imd25_n_lsoa", "imd25_n_decile1"}  # fmt: skip


# The column that says whose row it is, put before the rest (after a rank): the area tables began
# with the GSS code, so a phone's first screen of Growth Deals' table (3,472 px of columns in a
# 356-px column) showed codes, and the names were off to the right. Not pinned: Streamlit draws a
# pinned column's text in grey (130,129,128 on white: 3.9:1, under WCAG AA's 4.5:1).
_IDENTITY = ("name", "supplier", "supplier_name")

# Columns holding an IMD decile (1-10) or a decile bucket.
_DECILE = {"lsoa_decile", "decile", "imd_decile", "imd19_decile", "imd25_decile"}


def _short_decile(label: str) -> str:
    """'IMD 2025 decile of the LSOA (1 = most deprived, LSOA 2021)' → 'IMD 2025 decile'."""
    head, sep, _ = label.partition(" decile")
    return f"{head}{sep}" if sep else label


def heading(column: str, imd: str | int | None = None) -> str:
    """A column's heading; `imd` names the vintage of a vintage-generic column (`decile`, …)."""
    if column in HEADINGS:
        return HEADINGS[column]
    return columns.label(column, imd)


def column_config(frame: pd.DataFrame, imd: str | int | None = None) -> dict:
    """Streamlit column config for a frame: headings from HEADINGS, number formats by column kind."""
    cc = st.column_config
    out: dict = {}
    for col in frame.columns:
        label = heading(str(col), imd)
        if col in _MONEY:
            out[col] = cc.NumberColumn(label, format="£%,.0f")
        elif col in _MONEY_M:
            out[col] = cc.NumberColumn(label, format="£%,.1fm")
        elif col in _SHARE:
            out[col] = cc.NumberColumn(label, format="%.1f%%", width="small")
        elif col in _COUNT:
            out[col] = cc.NumberColumn(label, format="%,d")
        elif col == "date" or str(frame[col].dtype).startswith("datetime"):
            out[col] = cc.DateColumn(label, format="DD/MM/YYYY")
        elif col in ("supplier", "supplier_name", "name", "meaning", "file"):
            out[col] = cc.TextColumn(label, width="medium")
        elif col in _DECILE:
            # A one- or two-digit value under a long, vintage-naming heading: the heading alone
            # set the column's width and pushed the counts out of a narrow column (Deprivation,
            # 1440 px). Short heading; the full one, with its LSOA vintage, in the tooltip.
            out[col] = cc.Column(_short_decile(label), width="small", help=label)
        elif col == "change_pp":
            out[col] = cc.NumberColumn(label, format="%+.1f")
        elif col in ("gd_missing_reason", "gd_not_comparable_reason", "gd_population_basis"):
            out[col] = cc.TextColumn(label, width="large")
        else:
            out[col] = cc.Column(label)
    return out


def name_first(columns: list) -> list:
    """The columns with the row's name first (after a rank, which orders the rows)."""
    name = next((c for c in columns if c in _IDENTITY), None)
    if name is None:
        return list(columns)
    rest = [c for c in columns if c != name]
    at = 1 if rest and rest[0] == "rank" else 0
    return [*rest[:at], name, *rest[at:]]


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Shares as percentages (0–100, for the %.1f%% format); status codes as words; text gaps
    blank; the row's name first (name_first)."""
    out = frame[name_first(list(frame.columns))].copy()
    for col in out.columns:
        if col in _SHARE:
            out[col] = pd.to_numeric(out[col], errors="coerce") * 100
        elif col in ("status", "reason"):
            out[col] = out[col].astype(str).map(lambda s: STATUS_NAMES.get(s, s))
        elif out[col].dtype == object or isinstance(out[col].dtype, pd.StringDtype):
            # Streamlit writes None for a missing text cell; a reader should see an empty cell.
            out[col] = out[col].astype(object).where(out[col].notna(), "")
    return out


def as_download(frame: pd.DataFrame, imd: str | int | None = None) -> pd.DataFrame:
    """The table as shown, for a CSV: the same headings and words as on screen, shares as
    percentages whose heading says so, numbers to 2 decimal places (exports walk: the unplaced
    list and the area tables came out with engine names, codes and 3613164.0100000002)."""
    out = for_display(frame)
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(2)
    names = {c: heading(str(c), imd) + (" (%)" if c in _SHARE else "") for c in out.columns}
    return out.rename(columns=names)


def show(
    frame: pd.DataFrame,
    *,
    height: int | None = None,
    drop: tuple[str, ...] = (),
    imd: str | int | None = None,
) -> None:
    """st.dataframe with people's headings and formats (the one way pages show a table).

    `imd`: the page's IMD vintage, named in the headings of vintage-generic columns (a decile,
    a decile-1 share); without it they read as IMD 2025's.

    A short table in a card column is show_small's (names whole, no grid).
    """
    shown = for_display(frame.drop(columns=[c for c in drop if c in frame.columns]))
    kwargs = {"height": height} if height else {}
    config = column_config(shown, imd)
    # A missing number reads "n/a" (geo.fmt's word), not Streamlit's "None"; the row's reason
    # column, where a table has one, says why.
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config=config,
        placeholder=NA,
        **kwargs,
    )


# A short table's HTML (show_small): names wrap whole, numbers line up at the right.
_SMALL_CSS = """
<style>
.sg-small{width:100%;border-collapse:collapse;margin:0 0 .5em 0;font-size:.9rem;border:none}
.sg-small th,.sg-small td{padding:.3em .45em;border:none;border-bottom:1px solid rgba(49,51,63,.12);
  vertical-align:top;text-align:left;line-height:1.3}
.sg-small thead th{font-weight:600;border-bottom:1px solid rgba(49,51,63,.35)}
.sg-small tbody th{font-weight:400;overflow-wrap:anywhere}
.sg-small .sg-num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.sg-small thead th.sg-num{white-space:normal}
</style>
"""


def _cell(column: str, value: object) -> str:
    """One cell's words in the app's formats ("£833,246,352", "17.3%", "1,234"); missing is n/a."""
    if column in _MONEY:
        return fmt.format_gbp(value if pd.notna(value) else None)
    if column in _SHARE:
        return fmt.format_share(value if pd.notna(value) else None, missing=NA)
    if column in _COUNT:
        return fmt.format_count(value if pd.notna(value) else None)
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def small_html(frame: pd.DataFrame, label: str, imd: str | int | None = None) -> str:
    """`frame` (a few rows) as an HTML table named `label`: headings as show's, the row's name as
    its row header (name_first), numbers in the app's formats."""
    cols = name_first(list(frame.columns))
    numeric = [c in _MONEY or c in _SHARE or c in _COUNT for c in cols]
    head = "".join(
        f'<th scope="col"{" class=sg-num" if n else ""}>{escape(heading(str(c), imd))}</th>'
        for c, n in zip(cols, numeric, strict=True)
    )
    body = []
    for row in frame[cols].itertuples(index=False):
        cells = []
        for i, (c, n, v) in enumerate(zip(cols, numeric, row, strict=True)):
            words = escape(_cell(str(c), v))
            if i == 0 and not n:
                cells.append(f'<th scope="row">{words}</th>')
            else:
                cells.append(f"<td{' class=sg-num' if n else ''}>{words}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<table class="sg-small" aria-label="{escape(label)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def show_small(frame: pd.DataFrame, label: str, imd: str | int | None = None) -> None:
    """A short table (a card column's top ten) as HTML: every name whole, wrapped to the column
    (a narrow st.dataframe cut them: "OXLEAS NHS FOUNDATI…"), no grid to scroll sideways on a
    phone, and no data grid to load before the page's map is drawn. Sorting, search and the CSV
    stay with the full table (show) beside it."""
    st.html(_SMALL_CSS + small_html(frame, label, imd))


@contextmanager
def lazy_expander(label: str, *, key: str) -> Iterator[bool]:
    """An expander whose content is built and sent only while it is open (yields whether it is).

    A closed expander's tables were still sent and drawn by the browser on every load: on the
    Spend map that was ~90 kB and a data grid's work before the map's first frame.
    """
    with st.expander(label, key=key, on_change="rerun") as box:
        yield bool(box.open)
