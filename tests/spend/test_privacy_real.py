"""Public view on real council files: every person named in them is withheld, large organisations stay.

The PEOPLE lists were made by reading each file's distinct supplier names (Trafford 2024-25,
Manchester and Calderdale 2021-22) and picking the payees that are plainly private persons or sole
traders. Counts for the note are printed with `-s`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geo.spend import ingest
from geo.spend.privacy import REDACTED_LABEL, public_view, redaction_preview

# ../shared beside the checkout, as CI lays it out (tests/conftest.py SHARED_DATA).
SPEND = Path(__file__).resolve().parents[3] / "shared" / "data" / "spend"
if not SPEND.exists():  # the shared data sits beside the repository in other checkouts
    SPEND = Path(__file__).resolve().parents[3] / "shared/data/spend"

PEOPLE = {
    "trafford": (
        "Shantel Wynter", "Mohamed Musa’ad", "Nicholas Shahlavi T/A Wings",
        "Gillian Tarrant T/A GTA", "Harriet Eccleston", "Dr Lisa Rippon", "Mrs Elayne Green",
        "B R W Sparrow", "Anthony Gill", "Cameron Reynolds", "Grant Archer", "Mahlet Berhane",
        "Michael O'Sullivan", "Miss Chloe Lee", "Dr Avijit Roy", "Adil Azeem T/A AA Buses",
        "Alison Kahn T/A Big Comedy Shop", "Charlotte Dale C/O Blake Dale",
        "Dr A K Sahal T/A The Family Surgery", "Fiona King T/A FK Engraving",
        "Karen Ferguson T/A Yoga With Karen", "Luke Savage T/A Luke Savage DJ",
        "Piara Singh T/A Property Base Ltd", "R W Smith T/A Langdale Carpets",
        "Tim Marriott T/A Smokescreen", "Zephanie Churchill T/A Zeph Church",
        "Stephen Holliday Piano Services", "Hayley Wood T/A HW Social Care Ltd", "B Warren",
        "Claire Nicholls MRCVS", "Clark Andrew Richard critchley", "Kenneth Jarvis Photography",
        "Sarah Parr Decorating", "Tessa Bide Productions",
    ),
    "manchester": (
        "Parham Salimyeshgevar", "Tendayi Madzunzu", "Alan Knox Medical Services",
        "Liam Trippier School Improvement", "J A Print Services",
        "T/A Uncle Joe's Driving School", "T/A Frog Flowers", "HALKAWT LATIF MUSTAFA",
        "ROBYN LEWIS", "Francis Heaton QC", "Susan Grocott QC Vendor number (8 D",
        "Kim Gowland Coaching", "Maureen Noble Ind Consultant", "Ian Fryer Freshly does it",
        "Stephanie Mann Jewellery", "Peter Slight Ceramics", "Astrid Johnson Graphic Design",
        "Andrew Brooks Photography", "Leon Davis Design", "Johnny Billinge Studio",
        "Sam Heitzman Media Installations", "Helen Crane Training & Consultancy",
        "Richard Elliott Consultancy", "Simon Taylor Consultancy", "Max Turton Education",
        "Andrea Newton Achievement by Design", "JADE BOW BUTTERS",
    ),
    "calderdale": (
        "Aine Douglas", "Aisling Campbell", "Alison Copeland", "Allahmir Niazi", "Alyn Nicholls",
        "Amanda Robinson", "Angela Crowther", "Beverley Hayes", "Carol Ellwood-Clarke",
        "Christopher Hill", "Daniel McCabe", "Dawn Pinder", "Dr Aishah Beaumont",
        "Dr Kumar Marimuthu", "Dr Mal Chambers", "Dr Martin Haigh ( T/A Lattitude)",
        "Emmanuel Dangare", "Faith Holdsworth", "G R Miller T/A Lorraines Corner",
        "Imran Saghir", "Jonjo Hawksworth", "Julie & Colin Walker T/A Church Park Consultants",
        "Laura Henry-Allain MBE T/A Allain Creatives", "Liane Green T/AS Green Accountants",
        "Miss Cassandra James", "Mr Graham Davy-Day", "Mr Kevin Guy T/A Guy & Co",
        "Mr P.D.Walker T/A Architectural Drawing Services", "Mrs Jacqui Moylan",
        "Narinder Singh", "M F Turner", "BH, JL & BN Koomar T/A Langlea House Care Home",
    ),
}  # fmt: skip

# Large organisations (by £ in each file) that must keep their names.
ORGANISATIONS = {
    "trafford": (
        "Absolute Care at Home Ltd", "Delta Care Ltd", "British Gas", "HMRC",
        "Manchester City Council", "Bolton NHS Foundation Trust", "University of Manchester",
        "The Trafford College Group", "Cabinet Office", "Environment Agency",
    ),
    "manchester": (
        "Npower", "Manchester Metropolitan University", "Greater Manchester Police",
        "Transport for Greater Manchester", "Department For Work & Pensions", "Royal Mail",
        "Salford City Council", "GMCA", "Central Mcr Uni Hospital t/a", "DCLG", "Trafford M B C", "Kier Construction North and",
    ),
    "calderdale": (
        "Calderdale & Huddersfield NHS Foundation Trust", "Kirklees Council",
        "Environment Agency", "Planning Inspectorate", "Bradford College", "2 Works TM Ltd",
        "Humankind", "AECOM",
    ),
}  # fmt: skip


def _read(key: str) -> pd.DataFrame:
    if key == "trafford":
        return ingest.read_spend(SPEND / "trafford-supplier-spend-2024-25.zip").frame
    months = sorted((SPEND / "council_2021-22" / key).glob("*.csv"))
    assert len(months) == 12
    return pd.concat([ingest.read_spend(p).frame for p in months], ignore_index=True)


@pytest.fixture(scope="module", params=sorted(PEOPLE))
def council(request):
    if not SPEND.exists():
        pytest.skip("shared spend data not present")
    frame = _read(request.param)
    return request.param, frame, public_view(frame)


def _all_text(public: pd.DataFrame) -> str:
    cols = "\n".join(map(str, public.columns))
    return cols + "\n" + public.astype("string").fillna("").to_csv(index=False)


def test_every_person_is_withheld_in_every_column(council):
    key, frame, public = council
    names = set(frame["supplier_name"].dropna())
    missing = [p for p in PEOPLE[key] if p not in names]
    assert not missing, f"not in the {key} file: {missing}"
    text = _all_text(public)
    shown = [p for p in PEOPLE[key] if p in text]
    assert not shown, shown
    # Surnames alone do not survive either (e.g. in a kept free-text column).
    assert "Eccleston" not in text and "Wynter" not in text


def test_large_organisations_keep_their_names(council):
    key, frame, public = council
    kept = set(public["supplier_name"].dropna())
    wrongly = [o for o in ORGANISATIONS[key] if o not in kept]
    assert not wrongly, wrongly


def test_counts_and_aggregates(council):
    key, frame, public = council
    assert len(public) == len(frame)
    assert public["amount"].sum() == pytest.approx(frame["amount"].sum())
    hidden = public["redacted"]
    assert (public.loc[hidden, "supplier_name"] == REDACTED_LABEL).all()
    assert public.loc[hidden, "supplier_id"].isna().all()
    # Only allow-listed columns: no original header of the file survives.
    originals = set(frame.columns) - set(public.columns)
    assert not (set(public.columns) & {c for c in frame.columns if c[:1].isupper()})
    assert originals
    # Top 30 named payees by £ (markers aside): how many keep their names.
    named = frame[frame["supplier_name"].notna()]
    top = named.groupby("supplier_name")["amount"].sum().nlargest(40).index
    marker = {"Redacted", "Redacted Personal Information", "REDACTED PERSONAL DATA"}
    top = [n for n in top if n not in marker][:30]
    kept = set(public["supplier_name"])
    print(
        f"\n{key}: people withheld {len(PEOPLE[key])}/{len(PEOPLE[key])}; top-30 payees kept "
        f"{sum(n in kept for n in top)}; top-30 redacted {[n for n in top if n not in kept]}; "
        f"rows redacted {int(hidden.sum())} of {len(public)}, "
        f"£{public.loc[hidden, 'amount'].sum():,.0f} of £{public['amount'].sum():,.0f}"
    )


def test_officer_preview_lists_each_hidden_supplier_with_its_rule(council):
    key, frame, public = council
    preview = redaction_preview(frame)
    assert list(preview.columns) == ["supplier", "rule", "evidence", "rows", "amount"]
    assert preview["rows"].sum() == int(public["redacted"].sum())
    assert preview["amount"].sum() == pytest.approx(public.loc[public["redacted"], "amount"].sum())
    for person in PEOPLE[key]:
        assert person in set(preview["supplier"]), person


def test_trafford_issue_examples():
    if not SPEND.exists():
        pytest.skip("shared spend data not present")
    frame = _read("trafford")
    preview = redaction_preview(frame).set_index(["supplier", "rule"])
    assert ("Shantel Wynter", "sensitive payment: section 17 (Children Act)") in preview.index
    assert ("Nicholas Shahlavi T/A Wings", "sole trader (T/A or C/O)") in preview.index
    assert ("Gillian Tarrant T/A GTA", "sole trader (T/A or C/O)") in preview.index
    assert ("Mohamed Musa’ad", "no evidence") in preview.index
    public = public_view(frame)
    assert "Purpose" not in public.columns
    assert "VATRegistrationNumber" not in public.columns
    assert "ARTWORK REIMBSTS" not in _all_text(public)
