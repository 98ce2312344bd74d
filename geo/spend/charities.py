"""Charity Commission (England and Wales) register extract: read the charity table into a compact name/number → postcode index."""

# The Commission's full register download publishes `publicextract.charity.zip` holding
# `publicextract.charity.txt` (tab-separated, UTF-8, one row per main or linked charity; columns
# documented on the download page: date_of_extract, organisation_number,
# registered_charity_number, linked_charity_number, charity_name, charity_type,
# charity_registration_status, date_of_registration, date_of_removal, …,
# charity_contact_address1…5, charity_contact_postcode, charity_contact_phone,
# charity_contact_email, charity_contact_web, charity_company_registration_number, …).
# Only organisation facts are kept: number, name, contact postcode, status, dates and company
# number. Address lines, phone and e-mail are never read: a small charity's contact address is
# often a trustee's home. Linked (subsidiary) charities are dropped: their number is the main one's.

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa

from geo.errors import SpendGeoError
from geo.spend.names import charity_number, company_number, normalise_name

_SOURCE_COLUMNS: dict[str, str] = {
    "registered_charity_number": "charity_number",
    "linked_charity_number": "linked_charity_number",
    "charity_name": "charity_name",
    "charity_type": "charity_type",
    "charity_registration_status": "status",
    "date_of_registration": "registered",
    "date_of_removal": "removed",
    "charity_contact_postcode": "postcode",
    "charity_company_registration_number": "company_number",
}
_REQUIRED = ("registered_charity_number", "charity_name", "charity_contact_postcode")
CHARITY_COLUMNS: tuple[str, ...] = (
    "charity_number", "charity_name", "name_key", "postcode", "charity_type", "status",
    "registered", "removed", "company_number",
)  # fmt: skip
MAX_BYTES = 2_000_000_000  # the charity table is ~200 MB unpacked; refuse what cannot be it


def _bytes(path: Path) -> tuple[bytes, str]:
    if not path.is_file():
        raise SpendGeoError(f"Charity register file {path} does not exist.")
    data = path.read_bytes() if path.stat().st_size <= MAX_BYTES else b""
    if not data:
        raise SpendGeoError(f"{path.name} is empty or larger than any charity register extract.")
    if data[:2] != b"PK":
        return data, path.name
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SpendGeoError(
            f"{path.name} is not a readable ZIP: it is damaged or incomplete."
        ) from None
    members = [i for i in zf.infolist() if i.filename.lower().endswith((".txt", ".csv", ".tsv"))]
    charity = [i for i in members if "charity." in i.filename.lower()] or members
    if len(charity) != 1:
        raise SpendGeoError(
            f"{path.name} should hold the charity table (publicextract.charity.txt); it holds {len(members)} text file(s)."
        )
    return zf.read(charity[0]), f"{path.name} › {charity[0].filename}"


def read_charities(source: str | Path) -> pd.DataFrame:
    """CHARITY_COLUMNS from the Commission's charity table (ZIP, tab-separated TXT or CSV), main charities only."""
    path = Path(source)
    if path.suffix.lower() == ".parquet":
        return pd.read_parquet(path, columns=list(CHARITY_COLUMNS))
    data, name = _bytes(path)
    text = data.decode("utf-8-sig", errors="replace")
    first = text.split("\n", 1)[0]
    sep = "\t" if first.count("\t") >= first.count(",") else ","
    headers = [h.strip().lower() for h in first.split(sep)]
    missing = [h for h in _REQUIRED if h not in headers]
    if missing:
        raise SpendGeoError(
            f"{name} is not the Charity Commission charity table: no {', '.join(repr(m) for m in missing)} column (headers start: {', '.join(headers[:5])})."
        )
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype="string",
            usecols=lambda h: h.strip().lower() in _SOURCE_COLUMNS,
            quoting=3 if sep == "\t" else 0,  # the TXT is unquoted; a stray '"' is text
            keep_default_na=False,
            on_bad_lines="skip",
        )
    except (ValueError, pd.errors.ParserError) as err:
        raise SpendGeoError(
            f"{name} could not be read as the charity table ({str(err)[:120]})."
        ) from None
    raw.columns = [_SOURCE_COLUMNS[c.strip().lower()] for c in raw.columns]
    for col in _SOURCE_COLUMNS.values():
        if col not in raw:
            raw[col] = pd.Series(pd.NA, index=raw.index, dtype="string")
        raw[col] = raw[col].str.strip().replace("", pd.NA)
    linked = pd.to_numeric(raw["linked_charity_number"], errors="coerce").fillna(0)
    raw = raw.loc[linked == 0]
    out = pd.DataFrame(
        {
            "charity_number": charity_number(raw["charity_number"]),
            "charity_name": raw["charity_name"],
            "name_key": normalise_name(raw["charity_name"]),
            "postcode": raw["postcode"].str.upper(),
            "charity_type": raw["charity_type"],
            "status": raw["status"],
            "registered": pd.to_datetime(raw["registered"], errors="coerce", format="mixed"),
            "removed": pd.to_datetime(raw["removed"], errors="coerce", format="mixed"),
            "company_number": company_number(raw["company_number"]),
        }
    )
    out = out.dropna(subset=["charity_number"]).reset_index(drop=True)
    if out.empty:
        raise SpendGeoError(f"{name} holds no registered charity with a number.")
    out.attrs["source_name"] = name
    return out


def charities_table(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)
