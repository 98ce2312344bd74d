"""Human column names (with vintages) for every table a user downloads, and area names beside GSS codes."""

from __future__ import annotations

import re

import pandas as pd

from geo import levels

_LAD, _LEP, _CA = (levels.get(k).vintage for k in ("lad", "lep", "ca"))
_CA21 = levels.get("ca21").vintage
IMD = "IMD 2019"  # the index the store is built from (manifest: imd19_file1)
LSOA = "LSOA 2011"

# One table for every internal name that reaches a download, report or page table.
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
    "postcode_source": "Postcode from",
    "located_by": "Located by (route)",
    "location_kind": "Kind of place located",
    "located_ref": "Located by reference (company/charity number or name)",
    "status": "Location status",
    "lat": "Latitude (WGS84)",
    "lon": "Longitude (WGS84)",
    "lsoa11cd": f"LSOA code ({LSOA})",
    "lsoa11nm": f"LSOA name ({LSOA})",
    "lad21cd": f"LAD code ({_LAD})",
    "lad21nm": f"LAD name ({_LAD})",
    "lad19cd": "LAD code (LAD 2019)",
    "lep21cd": f"LEP code ({_LEP})",
    "lep21cd2": f"Second LEP code ({_LEP})",
    "ca24cd": f"Combined Authority code ({_CA})",
    "ca21cd": f"Combined Authority code ({_CA21})",
    "rgn21cd": "Region code (2021)",
    "rgn21nm": "Region (2021)",
    "imd_decile": f"{IMD} decile (1 = most deprived)",
    "imd_rank": f"{IMD} rank (1 = most deprived)",
    "decile": f"{IMD} decile of supplier (1 = most deprived)",
    # summary tables
    "bucket": f"{IMD} decile of supplier's LSOA",
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
    # area tables
    "population": "Population (ONS mid-2019)",
    "n_lsoa": f"LSOAs ({LSOA})",
    "n_decile1": f"LSOAs in {IMD} decile 1",
    "share_decile1": f"Share of LSOAs in {IMD} decile 1 (10% most deprived)",
    "n_decile12": f"LSOAs in {IMD} deciles 1–2",
    "share_decile12": f"Share of LSOAs in {IMD} deciles 1–2 (20% most deprived)",
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
    "share_of_denominator": "Share of the stated denominator",
    "share_of_leaked": "Share of the leaked £",
    "row_kind": "Row",
    "share_spend_local": "Local share of spend",
    "share_spend_decile1": f"Share with suppliers in {IMD} decile 1 (10% most deprived)",
    "share_spend_decile12": f"Share with suppliers in {IMD} deciles 1–2 (20% most deprived)",
    "local_means": "Local means",
    "round": "LM3 round",
    "value": "Value",
    "basis": "Basis",
    "assumption": "Assumption",
    "source": "Source",
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

_SHARE_BY_BUYER = re.compile(r"^share_(.+)$")


def label(column: str) -> str:
    """Human label for an internal column name; unknown names are tidied, never dropped."""
    if column in LABELS:
        return LABELS[column]
    if column.endswith("_name") and column[:-5] in LABELS:
        return LABELS[column[:-5]].replace(" code", " name")
    return column.replace("_", " ").strip().capitalize() if column.islower() else column


# Code columns whose area name a reader needs beside them (LSOA names live in lsoa.parquet).
CODE_COLUMNS: tuple[str, ...] = ("code", "lad21cd", "lep21cd", "lep21cd2", "ca24cd", "ca21cd")


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


def humanise(frame: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """The table as a download shows it: area names beside codes, then human column labels."""
    out = with_area_names(frame, names or {})
    if "status" in out.columns:
        out["status"] = out["status"].map(lambda s: STATUS_LABELS.get(s, s))
    return out.rename(columns={c: label(c) for c in out.columns if isinstance(c, str)})


def area_names(store: object | None = None) -> dict[str, str]:
    """GSS code → area name from the store's LAD, LEP and CA tables (empty if the store is missing)."""
    from geo.errors import SpendGeoError
    from geo.store import read

    out: dict[str, str] = {}
    for key in ("lad", "lep", "ca", "ca21"):
        try:
            table = read.read_areas(levels.get(key).store, store)
        except SpendGeoError:
            continue
        out.update(zip(table["code"].astype(str), table["name"].astype(str), strict=True))
    return out
