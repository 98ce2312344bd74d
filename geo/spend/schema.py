"""The spend table's column sets, named once: what ingestion adds, what geocoding adds, flags and labels."""

from __future__ import annotations

from geo.spend.geocode import ADDED_COLUMNS, AREA_COLUMNS

# Text fields copied from the file's own columns, stripped, blanks as missing.
TEXT_FIELDS: tuple[str, ...] = ("buyer", "department", "supplier_name", "supplier_id")
# Columns every normalised spend table starts with, in this order.
NORMALISED: tuple[str, ...] = (
    "row_number", "buyer", "department", "supplier_name", "supplier_id", "is_sme", "is_vcse",
    "amount", "is_credit", "amount_shared_by", "date", "postcode_raw",
)  # fmt: skip
# Added when several files are read as one dataset, and by the data-quality checks.
SOURCE_FILE = "source_file"
FLAGS = "flags"
# Added by the supplier register join (geo.spend.suppliers).
POSTCODE_SOURCE = "postcode_source"
# Added by placing suppliers (geo.spend.locate): route, kind of place, company/charity number or name.
LOCATE_COLUMNS: tuple[str, ...] = ("located_by", "location_kind", "located_ref")
# Every column the engine adds to a spend file; everything else in a geocoded frame is original.
ENGINE_COLUMNS: tuple[str, ...] = (
    *NORMALISED, SOURCE_FILE, FLAGS, *ADDED_COLUMNS, POSTCODE_SOURCE, *LOCATE_COLUMNS,
)  # fmt: skip
# Names an original column must not take (it is kept as src_<name> instead).
RESERVED: frozenset[str] = frozenset(ENGINE_COLUMNS) | {"lat", "lon", *AREA_COLUMNS}

__all__ = [
    "ADDED_COLUMNS", "AREA_COLUMNS", "ENGINE_COLUMNS", "FLAGS", "LOCATE_COLUMNS", "NORMALISED", "POSTCODE_SOURCE",
    "RESERVED", "SOURCE_FILE", "TEXT_FIELDS",
]  # fmt: skip

# Human column names for downloads (the internal names stay in code and URLs).
_LABELS: dict[str, str] = {
    "row_number": "Row in file",
    "buyer": "Buyer",
    "department": "Department",
    "supplier_name": "Supplier",
    "supplier_id": "Supplier id",
    "is_sme": "SME",
    "is_vcse": "VCSE",
    "amount": "Amount (£)",
    "is_credit": "Credit",
    "amount_shared_by": "Suppliers sharing the amount",
    "date": "Date",
    "postcode_raw": "Postcode as written",
    SOURCE_FILE: "Source file",
    FLAGS: "Data-quality flags",
    "postcode": "Supplier postcode",
    "status": "Location status",
    "lat": "Latitude (WGS84)",
    "lon": "Longitude (WGS84)",
    "imd_decile": "IMD 2019 decile (1 = most deprived 10%)",
    POSTCODE_SOURCE: "Postcode source",
    "located_by": "Located by (route)",
    "location_kind": "Kind of place located",
    "located_ref": "Located by reference (company/charity number or name)",
}


def column_label(column: str, *, name: bool = False) -> str:
    """The download heading of an engine column; for an area code column its code or name heading.

    Area headings come from geo.levels (label with vintage); LSOA columns say their census year.
    """
    import re

    from geo.levels import LEVELS

    lsoa = re.fullmatch(r"lsoa(\d\d)cd", column)
    if lsoa:
        return f"LSOA 20{lsoa.group(1)} {'name' if name else 'code'}"
    for level in LEVELS.values():
        if column in level.columns:
            second = " (second)" if column != level.column else ""
            return f"{level.label}{second} {'name' if name else 'code'}"
    return _LABELS.get(column, column)


def from_labels(columns: list[str]) -> dict[str, str]:
    """{download heading: internal name} for the headings in `columns`, to read a download back."""
    import re

    from geo.levels import LEVELS

    known = [*ENGINE_COLUMNS, *(c for lv in LEVELS.values() for c in lv.columns)]
    known += [c for c in columns if re.fullmatch(r"lsoa\d\dcd", str(c))]
    reverse = {column_label(c): c for c in known}
    for c in columns:
        m = re.fullmatch(r"LSOA 20(\d\d) code", str(c))
        if m:
            reverse[c] = f"lsoa{m.group(1)}cd"
    return {c: reverse[c] for c in columns if c in reverse and reverse[c] != c}
