"""Name keys and registration numbers, table-driven on real supplier names from Trafford, Manchester and Contracts Finder."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.spend.names import (
    charity_number,
    company_number,
    is_charity_number_header,
    is_company_number_header,
    normalise_name,
)

# Every name on the left is written exactly as it appears in a real file in shared/data/spend
# (T = Trafford 2024-25, M = Manchester 2021-22, CF = Contracts Finder, CH = the Companies
# House sample); the key is what matching uses.
REAL_NAMES = [
    ("Hind Care Ltd T/A Brookfield", "hind care"),  # T: the registered entity, not the trading name
    ("R W Doe T/A Langdale Carpets", "r w doe"),  # T
    ("T/A Uncle Joe's Driving School", "uncle joes driving school"),  # M: only a trading name
    ("HC-One Ltd (Avalon Park)", "hc one"),  # T: a care home of HC-One, in brackets after "Ltd"
    ("SQR Security Solutions Ltd (SQR Gro", "sqr security solutions"),  # M: cut at 35 characters
    ("Rhino Design (Manchester) Ltd", "rhino design manchester"),  # M: brackets inside the name
    ("Riverside Group Ltd (Lot 1)", "riverside group"),  # CF: a lot of the award
    ("change, grow, live (CGL)", "change grow live cgl"),  # CF
    ("CHANGE GROW LIVE SERVICES LTD", "change grow live services"),  # CF
    ("Locala Community Partnerships CIC", "locala community partnerships"),  # Calderdale
    ("PriceWaterhouseCoopers LLP", "pricewaterhousecoopers"),  # T
    ("Hss Hire Service Group Plc", "hss hire service group"),  # M
    ("The Dean Trust", "dean trust"),  # T
    ("Central & North West London NHS FT", "central and north west london nhs ft"),  # T
    ("L Rowland & Company (Retail) Ltd", "l rowland and company retail"),  # T
    ("Slater & Gordon (UK) LLP", "slater and gordon uk"),  # M
    ("C.S. ENGINEERING (SOUTH EAST) LIMITED", "cs engineering south east"),  # CH
    ("M&M IT LTD", "m and m it"),  # CH
    ("MERCURY RESOURCES (UK) LIMITED", "mercury resources uk"),  # CH
    ("St. Joseph's Catholic Primary", "st josephs catholic primary"),  # T
]


@pytest.mark.parametrize(("name", "key"), REAL_NAMES)
def test_real_names_normalise(name: str, key: str) -> None:
    assert normalise_name(pd.Series([name], dtype="string")).iloc[0] == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Amey LG Ltd", "AMEY LG LIMITED"),
        ("Hind Care Ltd T/A Brookfield", "HIND CARE LIMITED"),
        ("Smith & Co. Ltd", "SMITH AND CO LIMITED"),
        ("Future Directions C.I.C.", "FUTURE DIRECTIONS COMMUNITY INTEREST COMPANY"),
        ("Acme P.L.C.", "ACME PUBLIC LIMITED COMPANY"),
        ("Dwr Cymru Cyf", "DWR CYMRU CYFYNGEDIG"),
        ("DAC Beachcroft LLP", "DAC BEACHCROFT LIMITED LIABILITY PARTNERSHIP"),
    ],
)
def test_spend_and_register_spellings_share_a_key(a: str, b: str) -> None:
    keys = normalise_name(pd.Series([a, b], dtype="string"))
    assert keys.iloc[0] == keys.iloc[1]


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("9309308", "09309308"),  # Calderdale drops the leading zero
        ("02723797", "02723797"),
        (" sc 123456 ", "SC123456"),
        ("OC1234", "OC001234"),
        ("NI012345", "NI012345"),
        ("JN393272A", None),  # shaped like a National Insurance number: not a company number
        ("0", None),
        ("GB 812 311 285", None),  # a VAT number
        ("", None),
    ],
)
def test_company_number(raw: str, number: str | None) -> None:
    got = company_number(pd.Series([raw], dtype="string")).iloc[0]
    assert (pd.isna(got) and number is None) or got == number


@pytest.mark.parametrize(
    ("raw", "number"),
    [("1123456-1", "1123456"), ("220949", "220949"), ("SC012345", None), ("12", None)],
)
def test_charity_number(raw: str, number: str | None) -> None:
    got = charity_number(pd.Series([raw], dtype="string")).iloc[0]
    assert (pd.isna(got) and number is None) or got == number


@pytest.mark.parametrize(
    ("header", "company", "charity"),
    [
        ("Supplier Registered Company Number", True, False),  # Calderdale
        ("CompanyNumber", True, False),
        ("Company Reg No", True, False),
        ("Supplier Registered Charity Number", False, True),  # Calderdale
        ("VAT Registration Number", False, False),
        ("Supplier ID", False, False),
    ],
)
def test_number_headers(header: str, company: bool, charity: bool) -> None:
    assert is_company_number_header(header) is company
    assert is_charity_number_header(header) is charity
