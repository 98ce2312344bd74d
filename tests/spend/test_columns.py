"""Header → field mapping for LGA, home-made council and Contracts Finder layouts."""

from __future__ import annotations

import pytest

from geo.spend.columns import FIELDS, header_key, map_columns, packed_supplier_column

TRAFFORD = [
    "OrganisationLabel",
    "OrganisationURI",
    "EffectiveDate",
    "OrganisationalUnit",
    "BeneficiaryName",
    "BeneficiaryOtherID",
    "PaymentDate",
    "TransactionNumber",
    "Amount",
    "IrrecoverableVATAmount",
    "Purpose",
    "ProclassLabel",
    "ProclassCode",
    "InvoiceNumber",
    "ProfitCentre",
    "VATRegistrationNumber",
]
CONTRACTS_FINDER = [
    "Notice Identifier", "Notice Type", "Organisation Name", "Status", "Published Date", "Title", "Postcode",
    "Contact Postcode", "Value Low", "Value High", "Awarded Date", "Awarded Value",
    "Supplier [Name|Address|Ref type|Ref Number|Is SME|Is VCSE]", "Supplier's contact name", "Suitable for SME",
    "Suitable for VCO", "Contract start date",
]  # fmt: skip


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Amount (£)", "amount"),
        ("Supplier Name", "suppliername"),
        ("  NET_AMOUNT ", "netamount"),
        ("Date-Paid", "datepaid"),
    ],
)
def test_header_key(header: str, key: str) -> None:
    assert header_key(header) == key


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            TRAFFORD,
            {
                "buyer": "OrganisationLabel", "department": "OrganisationalUnit", "supplier_name": "BeneficiaryName",
                "supplier_id": "BeneficiaryOtherID", "amount": "Amount", "date": "PaymentDate",
            },
        ),
        (
            ["Body Name", "Service Area", "Vendor Name", "Amount (£)", "Date Paid", "Expense Type"],
            {"buyer": "Body Name", "department": "Service Area", "supplier_name": "Vendor Name", "amount": "Amount (£)", "date": "Date Paid"},
        ),
        (
            ["Organisation", "Directorate", "Supplier", "Net Amount", "Transaction Date", "Supplier Postcode"],
            {"buyer": "Organisation", "department": "Directorate", "supplier_name": "Supplier", "amount": "Net Amount",
             "date": "Transaction Date", "postcode": "Supplier Postcode"},
        ),
        (
            ["Department", "Payee", "Value", "Payment Date", "Supplier Address", "SME", "VCSE"],
            {"department": "Department", "supplier_name": "Payee", "amount": "Value", "date": "Payment Date",
             "address": "Supplier Address", "is_sme": "SME", "is_vcse": "VCSE"},
        ),
        (["SUPPLIER NAME", "TOTAL", "date"], {"supplier_name": "SUPPLIER NAME", "amount": "TOTAL", "date": "date"}),
        # Loose second pass: headers no table lists, without VAT / ID words.
        (["Name of Payee Organisation", "Total Net Amount £", "Date of transaction"],
         {"supplier_name": "Name of Payee Organisation", "amount": "Total Net Amount £", "date": "Date of transaction"}),
        (["VAT Amount", "Supplier ID", "Supplier Name"], {"supplier_name": "Supplier Name", "supplier_id": "Supplier ID"}),
    ],
)  # fmt: skip
def test_map_columns(headers: list[str], expected: dict[str, str]) -> None:
    assert map_columns(headers) == expected


def test_priority_prefers_the_earlier_synonym() -> None:
    # "Net Amount" ranks above "Total"; "BeneficiaryOtherID" above "VATRegistrationNumber".
    m = map_columns(
        ["Total", "Net Amount", "Supplier", "VATRegistrationNumber", "BeneficiaryOtherID"]
    )
    assert m["amount"] == "Net Amount"
    assert m["supplier_id"] == "BeneficiaryOtherID"


def test_contracts_finder_headers() -> None:
    m = map_columns(CONTRACTS_FINDER)
    assert m["buyer"] == "Organisation Name"
    assert m["amount"] == "Awarded Value"
    assert m["date"] == "Awarded Date"
    # "Suitable for SME/VCO" describe the notice, not the supplier.
    assert "is_sme" not in m and "is_vcse" not in m
    assert "supplier_name" not in m  # the packed column is handled by geo.spend.ingest
    assert (
        packed_supplier_column(CONTRACTS_FINDER)
        == "Supplier [Name|Address|Ref type|Ref Number|Is SME|Is VCSE]"
    )


def test_overrides_win_and_are_not_reused() -> None:
    m = map_columns(["Amount", "Gross", "Supplier"], overrides={"amount": "Gross"})
    assert m["amount"] == "Gross"
    assert "Amount" not in m.values()


def test_each_header_used_once_and_fields_known() -> None:
    m = map_columns(["Supplier", "Amount", "Date"])
    assert len(set(m.values())) == len(m)
    assert set(m) <= set(FIELDS)


def test_ten_thousand_headers_is_fast() -> None:
    headers = [f"col{i}" for i in range(10_000)] + ["Supplier", "Amount"]
    assert map_columns(headers)["amount"] == "Amount"


def test_central_government_files_take_the_paying_entity_as_buyer() -> None:
    # The REAL header row of Defra's February 2026 £25k file: "Entity" is the body that paid
    # (Environment Agency, Natural England, Kew…); "Department" holds only the family code "DE".
    from tests.spend.realdata import real_sets

    path = next(p for p in real_sets()["defra"] if p.name == "Over__25K_Feb_26.csv")
    headers = path.read_bytes().split(b"\n", 1)[0].decode("latin-1").strip().split(",")
    m = map_columns(headers)
    assert m["buyer"] == "Entity"
    assert (m["supplier_name"], m["amount"], m["postcode"]) == (
        "Supplier ",
        "Amount",
        "Supplier Postcode",
    )
