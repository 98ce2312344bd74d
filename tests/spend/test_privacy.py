"""Public-mode privacy: individuals redacted (on real Trafford names), spreadsheet formulas neutralised."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from geo.spend.privacy import REDACTED_LABEL, is_individual, neutralise_formulas, redact_names


@pytest.mark.parametrize(
    ("name", "individual"),
    [
        ("Redacted", True),  # the source's own marker
        ("REDACTED - personal data", True),
        ("Personal Information", True),
        ("Jane Smith", True),
        ("JANE SMITH", True),
        ("Mr J Smith", True),
        ("B R W Sparrow", True),
        ("Dr Lisa Rippon", True),
        ("SMITH, Jane", True),
        ("Sarah Parr Decorating", True),  # a sole trader trading under her own name
        ("Jane Smith Ltd", False),
        ("Absolute Care at Home Ltd", False),
        ("British Gas", False),
        ("Cabinet Office", False),
        ("St John Ambulance", False),
        ("Sandwich King", False),
        ("Tiny Feet Private Day Nursery", False),
        ("London & Quadrant Housing Trust", False),
        ("3M United Kingdom PLC", False),
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
    # Named individuals in the file are redacted; the large care providers are not.
    for person in ("Dr Lisa Rippon", "Mrs Elayne Green", "B R W Sparrow"):
        assert person in set(trafford_names) and person not in set(out)
    for company in ("Absolute Care at Home Ltd", "Delta Care Ltd", "British Gas"):
        assert company in set(out)
    # Redaction touches few distinct names: it is not blanking the ledger.
    redacted_names = set(trafford_names[out == REDACTED_LABEL].dropna())
    assert 1 < len(redacted_names) < 60


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
    # Areas and deciles of redacted suppliers stay, so summaries by decile are unchanged.
    assert (public["imd_decile"].fillna(0) == frame["imd_decile"].fillna(0)).all()


def test_public_view_trafford_redacts_marker_rows(raw_path):
    from geo.spend import ingest
    from geo.spend.privacy import public_view

    table = ingest.read_spend(raw_path / "spend/trafford-supplier-spend-2024-25.zip")
    public = public_view(table.frame, table.mapping)
    assert (public["supplier_name"] == REDACTED_LABEL).sum() >= 34_612
    assert "BeneficiaryName" not in public.columns
    assert public["amount"].sum() == pytest.approx(565_219_573.74, abs=0.01)
