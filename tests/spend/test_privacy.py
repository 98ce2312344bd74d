"""Public-mode privacy: names shown only with organisation evidence, sensitive purposes, allow-list, formulas."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from geo.spend.privacy import REDACTED_LABEL, is_individual, neutralise_formulas, redact_names
from tests.spend.privacy_sample import name_hash


@pytest.mark.parametrize(
    ("name", "individual"),
    [
        ("Redacted", True),  # the source's own marker
        ("REDACTED - personal data", True),
        ("Personal Information", True),
        ("Jane Smith", True),
        ("JANE SMITH", True),
        ("Mr J Smith", True),
        ("B R W Finchley", True),
        ("Dr Lisa Penrose", True),
        ("SMITH, Jane", True),
        ("Sarah Pellow Decorating", True),  # a sole trader trading under her own name
        ("Jane Smith Ltd", False),
        ("Absolute Care at Home Ltd", False),
        ("British Gas", False),
        ("Cabinet Office", False),
        ("St John Ambulance", False),
        ("Sandwich King", True),  # changed: no evidence of an organisation, so withheld
        ("Tiny Feet Private Day Nursery", False),
        ("London & Quadrant Housing Trust", False),
        ("3M United Kingdom PLC", False),
        # Issue 13: each of these was shown before.
        ("Omar Rash’id", True),  # curly apostrophe
        ("José García", True),
        ("Łukasz Nowak", True),
        ("SMITH J", True),
        ("Dr KS Varma & Mr SR Hollis", True),
        ("Nicholas Penhale T/A Wings", True),
        ("Tim Farrow T/A Homecare Service", True),
        ("Jane Smith C/O Acme", True),
        ("Stephen Hadley Piano Services", True),
        ("John Lewis", False),
        ("Grant Thornton", False),
        ("Clifford Chance", False),
        ("Arnold Clark", False),
        # Issue 13 follow-up: Markdown in a company's name is not a redaction marker; "Our Lady"
        # is a dedication, not a title.
        ("**bold** Services Ltd", False),
        ("***", True),
        ("** REDACTED **", True),
        ("Our Lady of the Rosary RC Primary", False),
        ("Our Lady Of Lourdes Catholic Prim S", False),
        ("Lady Jane Doe", True),
        ("Four Mr Doe", True),
        ("", False),
        (None, False),
    ],
)
def test_is_individual(name, individual):
    assert is_individual(name) is individual


def test_redact_names_keeps_companies_and_missing():
    s = pd.Series(["Jane Smith", "Acme Ltd", None, "Jane Smith"])
    out = redact_names(s)
    assert out[[0, 1, 3]].tolist() == [REDACTED_LABEL, "Acme Ltd", REDACTED_LABEL]
    assert pd.isna(out[2])


@pytest.fixture(scope="module")
def trafford_names(raw_path):
    with zipfile.ZipFile(raw_path / "spend/trafford-supplier-spend-2024-25.zip") as z:
        data = z.read("trafford-supplier-spend-2024-25.csv")
    frame = pd.read_csv(io.BytesIO(data), usecols=["BeneficiaryName"], encoding="latin-1")
    return frame["BeneficiaryName"]


def test_redaction_on_real_trafford_file(trafford_names):
    out = redact_names(trafford_names)
    # Every row the council itself redacted stays redacted (34,612 rows say "Redacted").
    assert (out[trafford_names == "Redacted"] == REDACTED_LABEL).all()
    assert (trafford_names == "Redacted").sum() == 34_612
    # Named individuals in the file are redacted (a titled doctor, a titled woman, initials and a
    # surname: written as hashes, see tests/spend/privacy_sample.py); the care providers are not.
    by_hash = {name_hash(n): n for n in trafford_names.dropna().unique()}
    for who in ("#880219c19d1bf16d", "#f783e3a8f0810e0a", "#8b8be18ef5fd1122"):
        assert who in by_hash and by_hash[who] not in set(out)
    for company in ("Absolute Care at Home Ltd", "Delta Care Ltd", "British Gas"):
        assert company in set(out)
    # Changed by issue 13: every name without organisation evidence is withheld, so about 460 of
    # Trafford's 2,328 distinct names are; still a minority, and the care providers stay.
    redacted_names = set(trafford_names[out == REDACTED_LABEL].dropna())
    assert 300 < len(redacted_names) < 600


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("Acme Ltd", "Acme Ltd"),
    ],
)
def test_neutralise_formulas_text(cell, safe):
    out = neutralise_formulas(pd.DataFrame({"supplier": [cell], "amount": [-5.0]}))
    assert out["supplier"].iloc[0] == safe
    assert out["amount"].iloc[0] == -5.0  # numbers, even negative, are data not formulas


def test_neutralise_formula_headers():
    out = neutralise_formulas(pd.DataFrame({"=HYPERLINK()": ["x"]}))
    assert list(out.columns) == ["'=HYPERLINK()"]


@pytest.fixture(scope="module")
def cf_geocoded(raw_path, store_path):
    from geo.spend import ingest
    from geo.spend.geocode import geocode
    from geo.store import catalogue
    from geo.store import read as store

    table = ingest.read_spend(raw_path / catalogue.get("spend_cf").path)
    return geocode(table.frame, store.read_postcodes()), table.mapping


def test_public_view_on_real_contracts_finder(cf_geocoded):
    from geo.spend.privacy import public_view

    frame, mapping = cf_geocoded
    public = public_view(frame, mapping)
    assert len(public) == len(frame)
    assert public["amount"].sum() == pytest.approx(frame["amount"].sum())  # aggregates keep every £
    # Buyer contact details and the packed supplier cell (which names co-suppliers) are gone.
    assert not [c for c in public.columns if "Contact" in c or "Supplier [" in c]
    assert any("Contact" in c for c in frame.columns)
    person = public["supplier_name"] == REDACTED_LABEL
    assert public.loc[person, ["lat", "lon"]].isna().all().all()
    assert public.loc[person, "postcode"].isna().all()
    # No row number either: beside the published source file it pointed to the withheld name.
    assert public.loc[person, "row_number"].isna().all()
    assert public.loc[~person, "row_number"].notna().all()
    assert public["row_number"].dtype == "Int64"
    # Aggregated no finer than the postcode district: the outward code stays where known.
    located = person & frame["postcode"].notna()
    assert located.any() and public.loc[located, "postcode_district"].notna().all()
    assert (public.loc[located, "postcode_district"].str.len() <= 4).all()
    # Areas and deciles of redacted suppliers stay, so summaries by decile are unchanged.
    assert (public["imd_decile"].fillna(0) == frame["imd_decile"].fillna(0)).all()


def test_public_view_trafford_redacts_marker_rows(raw_path):
    from geo.spend import ingest
    from geo.spend.privacy import public_view

    table = ingest.read_spend(raw_path / "spend/trafford-supplier-spend-2024-25.zip")
    public = public_view(table.frame, table.mapping)
    assert (public["supplier_name"] == REDACTED_LABEL).sum() >= 34_612
    assert "BeneficiaryName" not in public.columns
    assert "VATRegistrationNumber" not in public.columns and "Purpose" not in public.columns
    assert public["amount"].sum() == pytest.approx(565_219_573.74, abs=0.01)


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("Redacted", "source redaction marker"),
        ("REDACTED PERSONAL DATA", "source redaction marker"),
        ("Individual", "source redaction marker"),
        ("*** Withheld ***", "source redaction marker"),
        # A registered body whose name starts with a marker's word is not a marker (exports walk).
        ("Individual Entertainment Ltd", "legal form"),
        ("Individuals Matter CIC", "legal form"),
        ("Gillian Torrance T/A GTA", "sole trader (T/A or C/O)"),
        ("Mr J Smith", "personal title"),
        ("Dr KS Varma & Mr SR Hollis", "personal title"),
        ("Sir John Deane's College", "organisation word"),
        ("Acme Ltd", "legal form"),
        ("Smith & Co", "legal form"),
        # A person's name before "& Co" (a firm's style, not a registered form) is not evidence.
        ("Jane Smith & Co", "person's name with a business word"),
        ("J A Smith & Co Ltd", "legal form"),
        ("Praledean Ltd T/A Ken Fosters", "legal form"),
        # A form after T/A is no evidence: persons trade under company-like names.
        ("One Medicare T/A One Primary Care LLP", "sole trader (T/A or C/O)"),
        ("HMRC", "public body"),
        ("Trafford M B C", "public body"),
        ("John Lewis", "well-known organisation"),
        ("Trafford Council", "organisation word"),
        ("St Mary's Church", "organisation word"),
        ("Charlotte Church", "no evidence"),  # a surname, not a church
        ("Alan Brook Medical Services", "person's name with a business word"),
        ("Shanice Winterton", "no evidence"),
    ],
)
def test_each_decision_names_its_rule(name, rule):
    from geo.spend.orgevidence import decide

    assert decide(name).rule == rule


def test_company_number_and_index_are_evidence():
    from geo.spend.orgevidence import decide, org_key

    assert decide("Bluebell Woods", ("03350709",)).rule == "company or charity number"
    assert decide("Bluebell Woods").show is False
    assert decide("Bluebell Woods", known={org_key("BLUEBELL WOODS")}).rule == "organisation index"
    assert decide("Bluebell Woods", known=lambda n: n == "Bluebell Woods").show is True
    # A title or T/A still wins over an index hit: the index may hold a person's company name.
    assert decide("Mr J Bluebell", known=lambda n: True).show is False


@pytest.mark.parametrize(
    ("purpose", "reason"),
    [
        ("SECT 17 PAY ITEM 6", "section 17 (Children Act)"),
        ("Section 17 payment", "section 17 (Children Act)"),
        ("DIRECT PAYMENTS", "direct payment"),
        ("Personal Budgets", "personal budget"),
        ("FOSTERING IN HOUSE", "foster care"),
        ("ADOPTIONS", "adoption"),
        ("SPECIAL GUARDIANSHIP", "special guardianship / kinship"),
        ("Compensation Payments", "compensation"),
        ("HB OPs CASH REFUNDS", "refund to an individual"),
        ("ARTWORK REIMBSTS - Jane Doe February Sales", "refund to an individual"),
        ("Welfare Provision Service Awards", "welfare / hardship award"),
        ("Electricity", ""),
        ("CLIENTS LIFT REP & M", ""),
        ("NON MAINT SCH FEES", ""),
        (None, ""),
    ],
)
def test_sensitive_purposes(purpose, reason):
    from geo.spend.sensitive import sensitive_reason

    assert sensitive_reason(purpose) == reason


def test_public_view_allow_list_and_sensitive_rows():
    from geo.spend.privacy import public_view, redaction_preview

    frame = pd.DataFrame(
        {
            "supplier_name": ["Tesco Stores Ltd", "Tesco Stores Ltd", "Jane Doe"],
            "supplier_id": ["1", "1", "2"],
            "amount": [10.0, 20.0, 30.0],
            "postcode": ["M1 1AE", "M1 1AE", "M33 7XX"],
            "lat": [53.4, 53.4, 53.3],
            "lon": [-2.2, -2.2, -2.3],
            "lad21cd": ["E08000003"] * 3,
            "imd_decile": [1, 1, 5],
            "Purpose": ["Food", "SECT 17 PAY ITEM 6", "Consultancy"],
            "VAT Registration Number": ["GB1", "GB1", "GB2"],
            "Invoice Text": ["x", "y", "Jane Doe invoice"],
        }
    )
    public = public_view(frame)
    assert list(public.columns) == [
        "supplier_name", "supplier_id", "amount", "postcode", "lat", "lon", "lad21cd",
        "imd_decile", "postcode_district", "redacted",
    ]  # fmt: skip
    assert public["supplier_name"].tolist() == ["Tesco Stores Ltd", REDACTED_LABEL, REDACTED_LABEL]
    assert public["redacted"].tolist() == [False, True, True]
    assert public.loc[1:, ["supplier_id", "postcode"]].isna().all().all()
    assert public.loc[1:, ["lat", "lon"]].isna().all().all()
    assert public["postcode_district"].tolist() == ["M1", "M1", "M33"]
    assert public["lad21cd"].notna().all() and public["amount"].sum() == 60
    preview = redaction_preview(frame)
    assert preview.to_dict("records") == [
        {"supplier": "Jane Doe", "rule": "no evidence", "evidence": "", "rows": 1, "amount": 30.0},
        {
            "supplier": "Tesco Stores Ltd",
            "rule": "sensitive payment: section 17 (Children Act)",
            "evidence": "",
            "rows": 1,
            "amount": 20.0,
        },
    ]


@pytest.mark.parametrize(
    ("name", "purposes", "shown", "rule"),
    [
        # A refund or compensation to an organisation is the organisation's business (Trafford
        # "Dave Draws Ltd", purpose "ARTWORK REIMBSTS"); to anyone else it stays redacted.
        ("Acme Ltd", ["ARTWORK REIMBSTS", "Printing"], [True, True], ["legal form"] * 2),
        ("Weightmans LLP", ["Compensation Payments"], [True], ["legal form"]),
        ("Jane Doe", ["ARTWORK REIMBSTS"], [False], ["sensitive payment: refund to an individual"]),
        ("Redacted", ["HB OPs CASH REFUNDS"], [False], ["sensitive payment: refund to an individual"]),
        # A purpose about a client redacts the row whoever is paid.
        ("Acme Ltd", ["SECT 17 PAY ITEM 6", "Printing"], [False, True],
         ["sensitive payment: section 17 (Children Act)", "legal form"]),
        # A school budget share on most of a name's rows is evidence of a school ("The Orchards")...
        ("The Orchards", ["SCHOOL BUDGET SHARE - 1advMar25", "SCHOOL BUDGET SHARE - 1advApr25",
                          "A&M PAY TO CONTRACTO"], [True] * 3, ["organisation-only payment"] * 3),
        ("The Orchards", ["SCHOOL BUDGET SHARE - 1advMar25", "CLIENTS PERS NEEDS"], [True, False],
         ["organisation-only payment", "sensitive payment: client's personal payment"]),
        # ...but not on one miscoded row of three, and never for a name that opens like a person's.
        ("The Orchards", ["SCHOOL BUDGET SHARE", "Catering", "Catering"], [False] * 3,
         ["no evidence"] * 3),
        ("Jane Doe", ["SCHOOL BUDGET SHARE"], [False], ["no evidence"]),
        ("J Doe", ["Schools Budget Share"], [False], ["no evidence"]),
        ("Mrs Doe", ["Pay School Budget"], [False], ["personal title"]),
    ],
)  # fmt: skip
def test_purposes_decide_with_the_payee(name, purposes, shown, rule):
    from geo.spend.privacy import decide_rows, public_view

    frame = pd.DataFrame(
        {"supplier_name": [name] * len(purposes), "amount": 1.0, "Purpose": purposes}
    )
    decided = decide_rows(frame)
    assert decided["show"].tolist() == shown
    assert decided["rule"].tolist() == rule
    public = public_view(frame)
    assert (public["supplier_name"] == name).tolist() == shown
