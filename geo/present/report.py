"""Committee-ready spend report: the content (figures, maps, tables, method, sources) as HTML or DOCX bytes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from geo.analysis.filters import GEOCODED_STATUSES, Filters, Locality
from geo.analysis.summary import BUCKET_LABELS, Summary, format_gbp, format_share
from geo.errors import SpendGeoError
from geo.fmt import NA, format_value
from geo.present import columns
from geo.present.coverage import coverage_note
from geo.present.report_model import MapImage, Report, Section
from geo.spend import privacy
from geo.store import catalogue

REPORT_FORMATS: tuple[str, ...] = ("html", "docx")
MIME: dict[str, str] = {
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_GBP_COLS = ("gbp", "numerator_gbp", "denominator_gbp", "amount")
_SHARE_COLS = ("share", "share_of_geocoded")


def display_table(
    df: pd.DataFrame, names: dict[str, str] | None = None, imd: str | None = None
) -> pd.DataFrame:
    """Format money and share columns as text, add area names, and relabel columns for people."""
    out = df.copy()
    for col in out.columns:
        if col in _GBP_COLS:
            out[col] = [format_value(v, "gbp") for v in out[col]]
        elif col in _SHARE_COLS or str(col).startswith("share_"):
            out[col] = [format_share(v, NA) for v in out[col]]
        elif col in ("rows", "locations"):
            out[col] = [format_value(v, "count") for v in out[col]]
    out = columns.humanise(out, names, imd)
    return out.astype(object).where(out.notna(), "")


def public_suppliers(top: pd.DataFrame) -> pd.DataFrame:
    """Top suppliers under public-mode rules: individuals redacted by geo.spend.privacy.public_view."""
    frame = top.rename(columns={"supplier": "supplier_name"})
    shown = privacy.public_view(frame)
    return shown.rename(columns={"supplier_name": "supplier"})


def local_table(s: Summary) -> pd.DataFrame:
    """Local vs not local vs not located, summing to the total (net £)."""
    located = s.geocoded_gbp
    local = s.local_gbp
    # Without a boundary there is no local part to show: the located £ is one row (it read
    # "n/a (no spend in selection)" twice over a file's whole spend).
    placed = (
        [("Located (no local boundary chosen)", located)]
        if s.locality is None or local is None
        else [("Local: " + s.locality.description, local), ("Located, not local", located - local)]
    )
    rows = [
        *placed,
        ("Not located (no or unknown postcode)", s.total_gbp - located),
        ("Total", s.total_gbp),
    ]
    why = s.why_missing("total_gbp") if s.total_gbp <= 0 else ""
    return pd.DataFrame(
        {
            "Where the supplier is": [r[0] for r in rows],
            "Spend (£, net)": [format_value(r[1], "gbp") for r in rows],
            "Share of all spend": [
                format_value(r[1] / s.total_gbp if s.total_gbp > 0 else None, "share", why)
                for r in rows
            ],
        }
    )


def status_table(geocoded: pd.DataFrame, mask: np.ndarray | None) -> pd.DataFrame:
    """How suppliers were located: rows and £ per geocode status in the selection."""
    df = geocoded if mask is None else geocoded.loc[np.asarray(mask, dtype=bool)]
    if "status" not in df.columns:
        return pd.DataFrame()
    amt = pd.to_numeric(df["amount"], errors="coerce").fillna(0.0)
    g = pd.DataFrame({"status": df["status"].astype(str), "amount": amt})
    t = g.groupby("status", sort=False).agg(rows=("amount", "size"), gbp=("amount", "sum"))
    t = t.reindex([s for s in columns.STATUS_LABELS if s in t.index]).reset_index()
    t["counted as located"] = ["yes" if s in GEOCODED_STATUSES else "no" for s in t["status"]]
    return display_table(t)


def method_paragraphs(
    s: Summary, filters: Filters, vintages: dict[str, str], buyers: int
) -> tuple[str, ...]:
    """What every figure means: local, denominator, averaging, vintages, location, exclusions."""
    local = (
        f'"Local" means {s.locality.description}. A supplier is local when the postcode it was '
        "located by falls in that boundary; a LEP boundary tests both LEPs of the 7 LADs that "
        "sit in two."
        if s.locality
        else 'No "local" boundary was chosen, so no local figures are shown.'
    )
    denom = (
        "Shares are of all spend in the selection, so spend with suppliers that could not be "
        "located counts in the denominator (it can only lower a share)."
        if s.denominator == "all"
        else "Shares are of located (geocoded) spend only; spend whose supplier could not be "
        "located is left out of both sides of each share."
    )
    mean = (
        f"All shares are spend-weighted (pooled £ over pooled £) across the {buyers:,} buyers in "
        "the selection; a simple mean of each buyer's share would weigh a small buyer like a "
        "large one and usually differs — it is shown, labelled, where buyers are compared."
        if buyers > 1
        else "All shares are spend-weighted (£ over £); with one buyer the simple mean is the same."
    )
    vint = "; ".join(f"{k}: {v}" for k, v in vintages.items())
    return (
        local,
        denom,
        mean,
        "Amounts are net: credit notes count as negative spend; gross spend and credit notes "
        f"are reported separately ({format_gbp(s.gross_gbp)} gross, {format_gbp(s.credit_gbp)} "
        f"in {s.credit_rows:,} credit rows).",
        # Every route geo.spend.locate can take, most trusted first: a file with no postcodes
        # (most council files) is placed by the later ones, which the old wording left out.
        "Suppliers were located at a postcode by the most trusted route available for each: the "
        "postcode in the spend file; the supplier register; the registered office of a company or "
        "charity number or of an exact name (Companies House, Charity Commission); a fuzzy name "
        "match accepted in review; or the supplier's address in a contract award notice naming "
        "it. The postcode is looked up in the ONS National Statistics Postcode Lookup; its LSOA "
        f"gives the IMD decile, LAD, LEP and Combined Authority. Vintages — {vint}.",
        "Excluded from the deprived-area and local numerators: rows whose supplier has no postcode, "
        "an invalid or unknown postcode (see the location table), and rows whose amount could "
        f"not be read ({s.rows_without_amount:,}, counted as £0). Selection: "
        f"{filters.describe() or 'all rows'}.",
    )


def sources_table(keys: Sequence[str] | None = None, spend_file: str = "") -> pd.DataFrame:
    """Data sources with publisher, vintage and licence, from the catalogue (+ the spend file)."""
    rows = [d for d in catalogue.DATASETS if keys is None or d.key in keys]
    out = pd.DataFrame(
        {
            "Dataset": [d.title for d in rows],
            "Publisher": [d.publisher for d in rows],
            "Vintage": [d.vintage for d in rows],
            "Licence": [d.licence for d in rows],
            "Where": [d.official_page for d in rows],
        }
    )
    if spend_file:
        # The user's own file: its publisher and licence are whatever its buyer published it under.
        extra = {
            "Dataset": f"Spend file: {spend_file}",
            "Publisher": "the buyer(s) named in the file",
            "Vintage": "as loaded",
            "Licence": "as stated by its publisher (transparency data is usually OGL v3.0)",
            "Where": "supplied by the user",
        }
        out = pd.concat([pd.DataFrame([extra]), out], ignore_index=True)
    return out


def assemble(
    summary: Summary,
    geocoded: pd.DataFrame,
    mask: np.ndarray | None,
    filters: Filters,
    *,
    public: bool = False,
    title: str = "",
    source_name: str = "",
    maps: Sequence[MapImage] = (),
    extra_sections: Sequence[tuple[str, pd.DataFrame, str]] = (),
    names: dict[str, str] | None = None,
    vintages: dict[str, str] | None = None,
    sources: Sequence[str] | None = None,
    top_n: int = 10,
    today: date | None = None,
) -> Report:
    """The report's content, format-neutral. Extra sections are (title, table, note) triples."""
    s = summary
    names = names or {}
    vintages = vintages or {}
    df = geocoded if mask is None else geocoded.loc[np.asarray(mask, dtype=bool)]
    buyers = int(df["buyer"].nunique()) if "buyer" in df.columns else 0
    head = tuple(
        (f.name, f.label, format_value(f.value, f.unit, f.why_missing), f.value)
        for f in s.headline()
        if not (f.name.startswith("local") and s.locality is None)
    )
    decile = s.by_decile.copy()
    decile["bucket"] = [
        BUCKET_LABELS[int(b)] if isinstance(b, int | np.integer) else b for b in decile["bucket"]
    ]
    top = s.top_suppliers.head(top_n)
    if public:
        top = public_suppliers(top)
    sections = [
        *(Section(m.title, image=m) for m in maps),
        Section(
            "Spend by deprivation decile",
            table=display_table(decile, None, s.imd),
            note=s.labels.get("by_decile", ""),
        ),  # fmt: skip
        Section("Local and non-local spend", table=local_table(s), note=s.basis),
        Section(
            f"Top {len(top)} suppliers",
            table=display_table(top, names, s.imd),
            note=s.labels.get("top_suppliers", "")
            + (
                f" Public view: names of individuals are shown as '{privacy.REDACTED_LABEL}'."
                if public
                else ""
            ),
        ),  # fmt: skip
        Section(
            "Where the spend goes: local authority districts (top 15)",
            table=display_table(s.by_lad.head(15), names, s.imd),
            note=s.labels.get("by_lad", ""),
        ),  # fmt: skip
        *(Section(t, table=display_table(tb, names, s.imd), note=n) for t, tb, n in extra_sections),
        Section("How suppliers were located", table=status_table(geocoded, mask)),
        Section("Method", paragraphs=method_paragraphs(s, filters, vintages, buyers)),
        Section(
            "Data sources and licences",
            table=sources_table(sources, source_name),
            note=f"{catalogue.OS_NOTICE}. Contains Royal Mail data © Royal Mail copyright and "
            f"database right. Contains public sector information licensed under the "
            f"{catalogue.OGL}.",
        ),  # fmt: skip
    ]
    note = coverage_note(s)  # a paper quoting these shares says how much spend they rest on
    lines = (
        f"Source: {source_name}" if source_name else "",
        f"Selection: {s.selection or 'all rows'}",
        f"Basis: {s.basis}",
        f"Placed suppliers: {note.text}" if note else "",
        f"Generated {(today or date.today()).isoformat()} by Spend Geography"
        + (" (public view)" if public else ""),
    )
    return Report(
        title=title or "Where the money goes: spend by place and deprivation",
        lines=tuple(x for x in lines if x),
        headline=head,
        sections=tuple(sections),
        public=public,
    )


def build_report(
    summary: Summary,
    geocoded: pd.DataFrame,
    mask: np.ndarray | None,
    filters: Filters,
    locality: Locality | None = None,
    fmt: str = "html",
    public: bool = False,
    **kwargs: object,
) -> bytes:
    """The report as bytes: self-contained HTML or DOCX. `summary` must come from the same selection.

    `locality` must be the summary's (it is checked, so a report never mixes two boundaries).
    kwargs go to `assemble` (title, source_name, maps, extra_sections, names, vintages, …).
    """
    from geo.present import report_render

    if fmt not in REPORT_FORMATS:
        raise SpendGeoError(f"Report format {fmt!r} is not one of {', '.join(REPORT_FORMATS)}.")
    spec = lambda loc: None if loc is None else loc.spec  # noqa: E731
    if spec(locality) != spec(summary.locality):
        raise SpendGeoError(
            "The report's locality differs from the summary's; recompute the summary."
        )
    shown = privacy.public_view(geocoded) if public else geocoded
    report = assemble(summary, shown, mask, filters, public=public, **kwargs)  # type: ignore[arg-type]
    return report_render.to_html(report) if fmt == "html" else report_render.to_docx(report)
