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
# Human column names for downloads live in geo.present.columns (one vocabulary).
