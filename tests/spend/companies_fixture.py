"""Build a Companies House file for tests: the REAL 0.1% sample plus rows the test itself writes (said so plainly)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from tests.conftest import SHARED_DATA

SAMPLE = SHARED_DATA / "companies" / "BasicCompanyDataAsOneFile-2020-05-01_sample.csv"


def write_companies_file(
    dest: Path,
    written: list[dict[str, str]],
    *,
    official_header: bool = False,
    as_zip: bool = False,
) -> Path:
    """The real sample's 4,537 rows followed by `written` (rows WRITTEN BY THE TEST, not real).

    official_header=True puts back the leading space the official file has in " CompanyNumber"
    (the R-written sample lost it); as_zip=True wraps the CSV the way the official download is.
    """
    text = SAMPLE.read_text(encoding="utf-8")
    header_line, body = text.split("\n", 1)
    headers = next(csv.reader([header_line]))
    if official_header:
        headers = [" CompanyNumber" if h == "CompanyNumber" else h for h in headers]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(headers)
    out.write(body if body.endswith("\n") else body + "\n")
    for row in written:
        w.writerow(
            [row.get(h.strip(), "") for h in headers]
        )  # every column present, blanks elsewhere
    data = out.getvalue().encode("utf-8")
    if as_zip:
        path = dest / "BasicCompanyDataAsOneFile-2020-05-01.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("BasicCompanyDataAsOneFile-2020-05-01.csv", data)
        return path
    path = dest / "BasicCompanyDataAsOneFile-2020-05-01.csv"
    path.write_bytes(data)
    return path


def company(number: str, name: str, postcode: str) -> dict[str, str]:
    """One test-written company row with the official column names."""
    return {
        "CompanyNumber": number,
        "CompanyName": name,
        "RegAddress.PostCode": postcode,
        "RegAddress.PostTown": "TEST-WRITTEN",
        "CompanyCategory": "Private Limited Company",
        "CompanyStatus": "Active",
        "IncorporationDate": "01/01/2000",
        "SICCode.SicText_1": "41201 - Construction of commercial buildings",
    }
