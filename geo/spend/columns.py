"""Map a spend file's headers to the normalised fields, by a synonym table in priority order."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

FIELDS: tuple[str, ...] = (
    "buyer",
    "department",
    "supplier_name",
    "supplier_id",
    "is_sme",
    "is_vcse",
    "postcode",
    "address",
    "amount",
    "date",
)

# Headers are compared as lower-case letters and digits only ("Amount (£)" → "amount"), so case,
# spaces, punctuation and currency signs never matter. Earlier synonyms win when a file has several
# candidates, e.g. LGA files carry both "BeneficiaryOtherID" and "VATRegistrationNumber".
# fmt: off
SYNONYMS: dict[str, tuple[str, ...]] = {
    # LGA / Transparency Code first, then the layouts councils make themselves, then Contracts Finder.
    "buyer": (
        "organisationlabel", "organizationlabel", "organisationname", "organizationname",
        "bodyname", "body", "organisation", "organization", "buyer", "buyername",
        "buyingorganisation", "authority", "authorityname", "council", "councilname",
        "publicbody", "contractingauthority",
        # Central government £25k files (HM Treasury's format): "Entity" is the body that paid
        # (Defra's 2025-26 files: Environment Agency, Natural England, Kew…); "Department" there
        # is only the department family's code.
        "entity", "entityname",
    ),
    "department": (
        "organisationalunit", "organizationalunit", "department", "departmentname",
        "directorate", "servicearea", "service", "servicename", "serviceunit", "division",
        "businessunit", "expensearea", "servicedivision", "portfolio", "costcentredescription",
        "costcentrename", "expensetype",
    ),
    "supplier_name": (
        "beneficiaryname", "suppliername", "supplier", "vendorname", "vendor", "payeename",
        "payee", "beneficiary", "creditorname", "creditor", "recipientname", "recipient",
        "merchantname", "merchant", "contractorname", "contractor", "suppliertradingname",
        "supplierfullname", "nameofsupplier", "paidto", "suppliersname",
    ),
    "supplier_id": (
        "beneficiaryotherid", "supplierid", "suppliernumber", "supplierno", "suppliercode",
        "supplierref", "supplierreference", "vendorid", "vendornumber", "vendorno",
        "vendorcode", "payeeid", "creditorid", "creditornumber",
        "beneficiarycompanyregistrationnumber", "companyregistrationnumber", "companynumber",
        "companieshousenumber", "charitynumber", "beneficiarycharitynumber",
        "vatregistrationnumber", "vatnumber", "vatregno", "vatno",
    ),
    # "Suitable for SME" / "Suitable for VCO" in Contracts Finder describe the notice, not the
    # supplier, so they are deliberately absent.
    "is_sme": (
        "issme", "sme", "supplierissme", "smeflag", "smestatus", "smesupplier",
        "supplierissmeflag",
    ),
    "is_vcse": (
        "isvcse", "vcse", "supplierisvcse", "vcseflag", "vcsestatus", "isvcs", "vcs", "isvco",
        "vco", "charityorsocialenterprise",
        # Calderdale's header (2021/22): 'Voluntary Community and Social Enterprise Supplier'.
        "voluntarycommunityandsocialenterprisesupplier", "voluntarycommunityandsocialenterprise",
        "vcsesupplier",
    ),
    # Contracts Finder's "Postcode" (delivery location) and "Contact Postcode" (the buyer's) are
    # not supplier postcodes; the Contracts Finder reader never uses them (see geo.spend.ingest).
    "postcode": (
        "supplierpostcode", "beneficiarypostcode", "vendorpostcode", "payeepostcode",
        "creditorpostcode", "supplierspostcode", "postcode", "postalcode", "supplierpostalcode",
        "pcode", "supplierpcode",
    ),
    "address": (
        "supplieraddress", "beneficiaryaddress", "vendoraddress", "payeeaddress",
        "creditoraddress", "address", "supplierfulladdress", "fulladdress",
    ),
    "amount": (
        "amount", "netamount", "amountgbp", "amountexvat", "amountexcludingvat",
        "amountnetofvat", "netvalue", "value", "valuegbp", "total", "totalamount",
        "paymentamount", "transactionamount", "linevalue", "lineamount", "amountpaid",
        "paidamount", "spend", "expenditure", "netspend", "net", "grossamount", "grossvalue",
        "gross", "sum", "awardedvalue",
    ),
    "date": (
        "paymentdate", "datepaid", "paiddate", "dateofpayment", "transactiondate", "date",
        "paymentrundate", "postingdate", "posteddate", "invoicedate", "dateofinvoice",
        "awardeddate",
    ),
}
# fmt: on

# A header naming one field but carrying one of these words belongs to something else ("VAT
# Amount", "Amount Count", "Supplier Postcode Area") — used only by the loose second pass.
_LOOSE: dict[str, tuple[str, str]] = {
    "amount": (
        r"\b(?:amount|value|net|gross|total|gbp)\b",
        r"\b(?:vat|tax|irrecoverable|count|number|no|id|code|low|high|ref)\b",
    ),
    "supplier_name": (
        r"\b(?:supplier|vendor|payee|beneficiary|creditor|recipient|merchant|contractor)\b",
        r"\b(?:id|number|no|code|ref|reference|type|postcode|address|vat|contact|category|town|city)\b",
    ),
    "date": (r"\bdate\b", r"\b(?:effective|published|start|end|closing|due|created|received)\b"),
}

# Contracts Finder packs every supplier of a notice into one cell of `[Name|Address|...]` blocks.
PACKED_SUPPLIER_RE = re.compile(r"^\s*supplier\s*\[\s*name\s*\|\s*address\b.*\]\s*$", re.IGNORECASE)


def header_key(header: object) -> str:
    """'Amount (£)' → 'amount'; 'Supplier Name' → 'suppliername': only letters and digits, lower case."""
    return re.sub(r"[^a-z0-9]", "", str(header).lower())


def _words(header: object) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(header).lower()).strip()


def accepted_names(field: str) -> str:
    """Readable list of the header names accepted for `field`, for error messages."""
    examples = {
        "amount": "Amount, Net Amount, Amount (£), Value, Total, Awarded Value",
        "supplier_name": "BeneficiaryName, Supplier, Supplier Name, Vendor, Vendor Name, Payee",
    }
    return examples.get(field, ", ".join(SYNONYMS[field][:6]))


def map_columns(
    headers: Sequence[object],
    *,
    overrides: dict[str, str] | None = None,
    fields: Iterable[str] = FIELDS,
    extra: dict[str, tuple[str, ...]] | None = None,
    loose: bool = True,
) -> dict[str, str]:
    """Field → header chosen from `headers`; each header serves at most one field.

    Overrides are taken as given (the caller checks they exist). Then, field by field in FIELDS
    order, the best-ranked synonym present wins; `extra` adds synonyms ranked after the table's.
    With `loose`, amount/supplier/date fall back to a word match ("Total Net Amount £").
    """
    overrides = overrides or {}
    fields = tuple(fields)
    names = [str(h) for h in headers]
    by_key: dict[str, list[str]] = {}
    for name in names:
        if name.strip():
            by_key.setdefault(header_key(name), []).append(name)
    used = set(overrides.values())
    mapping: dict[str, str] = {f: c for f, c in overrides.items() if f in fields}
    for field in fields:
        if field in mapping:
            continue
        synonyms = SYNONYMS.get(field, ()) + (extra or {}).get(field, ())
        found = next((n for syn in synonyms for n in by_key.get(syn, ()) if n not in used), None)
        if found is None and loose and field in _LOOSE:
            want, avoid = _LOOSE[field]
            for name in names:
                w = _words(name)
                if name not in used and re.search(want, w) and not re.search(avoid, w):
                    found = name
                    break
        if found is not None:
            mapping[field] = found
            used.add(found)
    return mapping


def packed_supplier_column(headers: Sequence[object]) -> str | None:
    """The Contracts Finder `Supplier [Name|Address|Ref type|Ref Number|Is SME|Is VCSE]` header, if any."""
    for h in headers:
        if PACKED_SUPPLIER_RE.match(str(h)):
            return str(h)
    return None


def clean_text(col: pd.Series) -> pd.Series:
    """A text column stripped, with blank cells as missing."""
    s = col.astype("string").str.strip()
    return s.mask(s == "")
