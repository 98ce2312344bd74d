"""Human column names (with vintages) for every table a user downloads, and area names beside GSS codes."""

from __future__ import annotations

import re

import pandas as pd

from geo import levels
from geo.levels import decile_title as decile_title
from geo.spend.locate import KINDS
from geo.spend.locate_report import ROUTE_LABELS

_LAD, _LEP, _CA = (levels.get(k).vintage for k in ("lad", "lep", "ca"))
_CA21 = levels.get("ca21").vintage
_LAD24, _CA25 = levels.get("lad24").vintage, levels.get("ca25").vintage
_UTLA24 = levels.get("utla24").vintage
_V19, _V25 = levels.IMD["2019"], levels.IMD["2025"]


def _vintage_labels(v: levels.ImdVintage) -> dict[str, str]:
    """Labels of the area-table statistics of one vintage ("imd25_share_decile1" …)."""
    p, imd, lsoa = v.stats_prefix, v.label, v.lsoa_vintage
    return {
        f"{p}_n_lsoa": f"LSOAs ({lsoa})",
        f"{p}_n_decile1": f"LSOAs in {imd} decile 1 ({lsoa})",
        f"{p}_share_decile1": f"Share of LSOAs in {imd} decile 1 (10% most deprived, {lsoa})",
        f"{p}_n_decile12": f"LSOAs in {imd} deciles 1–2 ({lsoa})",
        f"{p}_share_decile12": f"Share of LSOAs in {imd} deciles 1–2 (20% most deprived, {lsoa})",
    }


# THE one table of human column names: every internal name that reaches a download, report,
# page table or CLI CSV (exports read it too, and `from_labels` inverts it to read a download back).
LABELS: dict[str, str] = {
    # spend rows
    "row_number": "Row in source file",
    "buyer": "Buyer",
    "department": "Department / service",
    "supplier_name": "Supplier",
    "supplier": "Supplier",
    "supplier_id": "Supplier ID",
    "is_sme": "SME (as stated)",
    "is_vcse": "VCSE (as stated)",
    "amount": "Amount (£, net)",
    "is_credit": "Credit note",
    "amount_shared_by": "Award shared by (suppliers)",
    "date": "Date",
    "postcode_raw": "Postcode as written",
    "postcode": "Supplier postcode",
    "is_local": "Inside the local boundary",
    "postcode_source": "Postcode from",
    "located_by": "Located by (route)",
    "location_kind": "Kind of place located",
    "located_ref": "Located by reference (company/charity number or name)",
    "source_file": "Source file",
    "flags": "Data-quality flags",
    "status": "Location status",
    "lat": "Latitude (WGS84)",
    "lon": "Longitude (WGS84)",
    "lsoa11cd": f"LSOA code ({_V19.lsoa_vintage})",
    "lsoa11nm": f"LSOA name ({_V19.lsoa_vintage})",
    "lsoa21cd": f"LSOA code ({_V25.lsoa_vintage})",
    "lsoa21nm": f"LSOA name ({_V25.lsoa_vintage})",
    "lad21cd": f"LAD code ({_LAD})",
    "lad21nm": f"LAD name ({_LAD})",
    "lad24cd": f"LAD code ({_LAD24})",
    "lad24nm": f"LAD name ({_LAD24})",
    "lad19cd": "LAD code (LAD 2019)",
    "lep21cd": f"LEP code ({_LEP})",
    "lep21cd2": f"Second LEP code ({_LEP})",
    "ca24cd": f"Combined Authority code ({_CA})",
    "ca25cd": f"Combined Authority code ({_CA25})",
    "ca21cd": f"Combined Authority code ({_CA21})",
    "utla24cd": f"Upper-tier authority code ({_UTLA24})",
    "rgn21cd": "Region code (2021)",
    "rgn21nm": "Region (2021)",
    "imd_decile": f"{_V19.label} decile (1 = most deprived, {_V19.lsoa_vintage})",
    "imd_rank": f"{_V19.label} rank (1 = most deprived, {_V19.lsoa_vintage})",
    "imd25_decile": f"{_V25.label} decile (1 = most deprived, {_V25.lsoa_vintage})",
    "imd25_rank": f"{_V25.label} rank (1 = most deprived, {_V25.lsoa_vintage})",
    "imd_vintage": "Deprivation index (vintage)",
    # summary tables
    "code": "Area code (GSS)",
    "name": "Area name",
    "gbp": "Spend (£, net)",
    "share": "Share of all spend",
    "share_of_geocoded": "Share of located spend",
    "rows": "Transactions",
    "locations": "Distinct locations",
    "month": "Month",
    "financial_year": "Financial year (April–March)",
    "share_of_buyer": "Share of the buyer's spend",
    "numerator_gbp": "Spend counted (£)",
    "denominator_gbp": "Spend divided by (£)",
    "change_pp": "Change in decile-1 share, 2019 to 2025 (percentage points)",
    # area tables
    **_vintage_labels(_V19),
    **_vintage_labels(_V25),
    # An area table's population is its own level's vintage (mid-2019 historic, mid-2024 current).
    "population": "Population (ONS mid-year estimate, year beside it)",
    "population_year": "Population year (ONS mid-year estimate)",
    "members": f"Member LADs ({_LAD})",
    "gd_round1_gbp_m": "Growth Deal round 1 (£m, 2014)",
    "gd_round2_gbp_m": "Growth Deal round 2 (£m, 2015)",
    "gd_round3_gbp_m": "Growth Deal round 3 (£m, 2017)",
    "gd_total_gbp_m": "Growth Deal rounds 1–3 (£m)",
    "gd_per_head_gbp": "Growth Deal £ per head (ONS mid-2019 population)",
    "gd_confidence": "Growth Deal figure confidence",
    "gd_notes": "Growth Deal sources and notes",
    "gd_missing_reason": "Why no Growth Deal figure",
    # analyses: leakage, benchmark, LM3 (geo.present.sections)
    "rank": "Rank",
    "part": "Part of the spend",
    "share_of_total": "Share of all spend",
    "share_of_lsoas": "Share of LSOAs",
    "share_of_denominator": "Share of the stated denominator",
    "share_of_leaked": "Share of the leaked £",
    "row_kind": "Row",
    "share_spend_local": "Local share of spend",
    "local_means": "Local means",
    "round": "LM3 round",
    "value": "Value",
    "basis": "Basis",
    "assumption": "Assumption",
    "source": "Source",
}


def _vintage_generic(imd: str | int | None) -> dict[str, str]:
    """Columns whose meaning is the chosen vintage's: a summary's `decile`, an area table's
    unsuffixed `n_lsoa`, `share_decile1` … (read_areas(imd=) fills them with that vintage)."""
    v = levels.imd(imd)
    generic = {k.removeprefix(f"{v.stats_prefix}_"): t for k, t in _vintage_labels(v).items()}
    return {
        "decile": f"{v.label} decile of supplier (1 = most deprived, {v.lsoa_vintage})",
        # The Deprivation page's distribution: LSOAs, not suppliers.
        "lsoa_decile": f"{v.label} decile of the LSOA (1 = most deprived, {v.lsoa_vintage})",
        "bucket": f"{v.label} decile of supplier's LSOA ({v.lsoa_vintage})",
        "share_spend_decile1": f"Share with suppliers in {v.label} decile 1 (10% most deprived)",
        "share_spend_decile12": f"Share with suppliers in {v.label} deciles 1–2 (20% most deprived)",
        **generic,
    }


# Geocode statuses as a reader would put them.
STATUS_LABELS: dict[str, str] = {
    "matched": "Located in England",
    "matched_outside_england": "Located outside England (Wales, Scotland, NI, islands)",
    "matched_terminated": "Located via a terminated postcode",
    "no_location": "Postcode known but has no grid reference",
    "invalid_postcode": "Not a valid postcode",
    "unknown_postcode": "Postcode not found in the NSPL",
    "no_postcode": "No postcode (file or register)",
}

# The words a download gives an engine column's codes (read back to codes by `codes_from_words`).
VALUE_WORDS: dict[str, dict[str, str]] = {
    "status": STATUS_LABELS,
    "located_by": ROUTE_LABELS,
    "location_kind": KINDS,
}
# The suffix of a spend file's own column whose heading an engine column already has.
AS_IN_FILE = "(as in the file)"


def codes_from_words(frame: pd.DataFrame) -> pd.DataFrame:
    """A download read back (engine column names already restored): VALUE_WORDS' words to codes."""
    out = frame
    for col, words in VALUE_WORDS.items():
        if col in out.columns:
            back = {w: c for c, w in words.items()}
            out = out.assign(**{col: out[col].map(lambda v, b=back: b.get(v, v))})
    return out


_SHARE_BY_BUYER = re.compile(r"^share_(.+)$")


def label(column: str, imd: str | int | None = None, *, name: bool = False) -> str:
    """Human label for an internal column name under an IMD vintage (default 2025: `decile`,
    `bucket`, `n_lsoa` … are that vintage's); unknown names are tidied, never dropped.
    `name=True` gives the heading of the area-name column beside a code column."""
    table = {**LABELS, **_vintage_generic(imd)}
    if name and column in table:
        return table[column].replace(" code (", " name (")
    if column in table:
        return table[column]
    if column.endswith("_name") and column[:-5] in table:
        return table[column[:-5]].replace(" code (", " name (")
    return column.replace("_", " ").strip().capitalize() if column.islower() else column


_SHARE_WITH = re.compile(r"^Share with suppliers in (.+?)(?: \(.*\))?$")


def short_label(column: str, imd: str | int | None = None) -> str:
    """A heading that fits a column of figures, still naming the index and its vintage:
    'Share with suppliers in IMD 2019 decile 1 (10% most deprived)' → '% in IMD 2019 decile 1'.
    Tables put label() in the heading's tooltip. Other columns keep label()."""
    full = label(column, imd)
    m = _SHARE_WITH.match(full)
    return f"% in {m.group(1)}" if m else full


# Alias kept for the exports' callers: the download heading of a column.
column_label = label


def from_labels(headings: list[str]) -> dict[str, str]:
    """{download heading: internal name} for the headings in `headings`, to read a download back
    (vintage-specific labels of both vintages are known)."""
    reverse: dict[str, str] = {}
    for c, t in LABELS.items():  # first wins: "Supplier" reads back as supplier_name
        reverse.setdefault(t, c)
    return {h: reverse[h] for h in headings if h in reverse and reverse[h] != h}


# Code columns whose area name a reader needs beside them (LSOA names live in lsoa.parquet).
CODE_COLUMNS: tuple[str, ...] = (
    "code", "lad21cd", "lad24cd", "lep21cd", "lep21cd2", "ca24cd", "ca25cd", "ca21cd", "utla24cd",
)  # fmt: skip


def with_area_names(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Insert '<col>_name' after each GSS code column (existing name columns are kept as they are)."""
    out = frame.copy()
    for col in CODE_COLUMNS:
        target = "name" if col == "code" else f"{col}_name"
        if col not in out.columns or target in out.columns or not names:
            continue
        values = [names.get(str(c)) if isinstance(c, str) else None for c in out[col]]
        out.insert(out.columns.get_loc(col) + 1, target, pd.array(values, dtype="string"))
    return out


def humanise(
    frame: pd.DataFrame, names: dict[str, str] | None = None, imd: str | int | None = None
) -> pd.DataFrame:
    """The table as a download shows it: area names beside codes, then human column labels
    (of the IMD vintage `imd`, default 2025)."""
    out = with_area_names(frame, names or {})
    if "status" in out.columns:
        out["status"] = out["status"].map(lambda s: STATUS_LABELS.get(s, s))
    return out.rename(columns={c: label(c, imd) for c in out.columns if isinstance(c, str)})


def for_csv(frame: pd.DataFrame, imd: str | int | None = None) -> pd.DataFrame:
    """humanise() with numbers as the page shows them: shares (share_*, fractions) as % to 2 dp
    under a heading ending "(%)", other decimals to 2 dp (exports walk: the analysis CSVs had
    3613164.0100000002 and unlabelled fractions such as 0.00030287264939733927)."""
    out = frame.copy()
    shares = [c for c in out.columns if isinstance(c, str) and c.startswith("share")]
    for col in out.columns:
        if col in shares:
            out[col] = (pd.to_numeric(out[col], errors="coerce") * 100).round(2)
        elif pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(2)
    return humanise(out, imd=imd).rename(
        columns={label(c, imd): f"{label(c, imd)} (%)" for c in shares}
    )


def area_names(store: object | None = None) -> dict[str, str]:
    """GSS code → area name from the store's LAD, LEP, CA and upper-tier authority tables (empty
    if the store is missing)."""
    from geo.errors import SpendGeoError
    from geo.store import read

    out: dict[str, str] = {}
    for key in ("lad", "lep", "ca", "ca21", "lad24", "ca25", "utla24"):
        try:
            table = read.read_areas(levels.get(key).store, store)
        except SpendGeoError:
            continue
        out.update(zip(table["code"].astype(str), table["name"].astype(str), strict=True))
    return out
