"""Calderdale 2021/22 (real) with a companies index and a supplier register for placing tests: what is real and what the test writes, said plainly."""

from __future__ import annotations

from pathlib import Path

from geo.spend.companies import build_company_index
from tests.conftest import SHARED_DATA
from tests.spend.companies_fixture import company, write_companies_file

CALDERDALE = SHARED_DATA / "spend" / "council_2021-22" / "calderdale"

# Rows WRITTEN BY THE TEST into the company file, after the real 0.1% sample (which holds none of
# Calderdale's suppliers). The first six carry the company numbers Calderdale's own file gives
# them; the postcodes are STAND-INS (Halifax postcodes), not the companies' registered offices.
WRITTEN_BY_NUMBER = [
    company("01738371", "ENGIE REGENERATION LIMITED", "HX1 1UJ"),
    company("01243967", "MOTT MACDONALD LIMITED", "HX1 1UJ"),
    company("07427911", "KNG BUILDING SERVICES LIMITED", "HX1 2TL"),
    company("02096721", "J MCCANN & CO (NOTTM) LIMITED", "HX1 2TL"),
    company("06501979", "JAGGER CONSTRUCTION SERVICES LIMITED", "HX3 6AA"),
    company("12191751", "ANDREW GREENWOOD ELECTRICAL LIMITED", "HX3 6AA"),
]
# Also WRITTEN BY THE TEST, with made-up numbers (TESTnnnn) and stand-in postcodes: company names
# a little different from how Calderdale writes them, so they reach the fuzzy review
# ("Community Support Services" ↔ "COMMUNITY SUPPORT SERVICE LIMITED", score 98; "Locala Community
# Partnerships CIC" ↔ "…PARTNERSHIP C.I.C.", 98; "Mediline Home Care Ltd" ↔ "MEDILINE HOMECARE", 97),
# and one exact name ("Creative Support Ltd").
WRITTEN_BY_NAME = [
    company("TEST0101", "COMMUNITY SUPPORT SERVICE LIMITED", "HX1 5ER"),
    company("TEST0102", "LOCALA COMMUNITY PARTNERSHIP C.I.C.", "HX1 5ER"),
    company("TEST0103", "MEDILINE HOMECARE LIMITED", "HX1 2NG"),
    company("TEST0104", "CREATIVE SUPPORT LIMITED", "HX1 2NG"),
]
FUZZY_KEYS = ("community support services", "locala community partnerships", "mediline home care")

# A supplier register for real Calderdale suppliers (names exactly as in Calderdale's file) with
# the public addresses of these organisations: Calder High School (Brier Hey Lane, Mytholmroyd),
# Calderdale and Huddersfield NHS FT (Huddersfield Royal Infirmary, Acre Street, Lindley), Leeds
# City Council (Civic Hall), NHS Calderdale CCG (F Mill, Dean Clough), Halifax Opportunities Trust
# (Elsie Whiteley Innovation Centre, Hopwood Lane), Community Foundation for Calderdale (The 1855
# Building, Discovery Road). The last column gives Calder High School a local delivery postcode
# (its own) for the branch basis; the trust's branch is Calderdale Royal Hospital (Salterhebble).
REGISTER_CSV = """Supplier Name,Postcode,Branch Postcode
Calder High School,HX7 5QN,
Calderdale & Huddersfield NHS Foundation Trust,HD3 3EA,HX3 0PW
Leeds City Council,LS1 1UR,
NHS Calderdale CCG,HX3 5AX,
Halifax Opportunities Trust,HX1 5ER,
Community Foundation for Calderdale,HX1 2NG,
"""


def calderdale_files() -> list[Path]:
    files = sorted(CALDERDALE.glob("*.csv"))
    assert len(files) == 12, files
    return files


def build_index(dest: Path) -> Path:
    """companies.parquet in `dest` from the real sample plus WRITTEN_BY_NUMBER and WRITTEN_BY_NAME."""
    src = write_companies_file(
        dest, WRITTEN_BY_NUMBER + WRITTEN_BY_NAME, official_header=True, as_zip=True
    )
    out = dest / "companies.parquet"
    build_company_index(src, out)
    return out
