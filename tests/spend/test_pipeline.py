"""The spend pipeline: several files (or a ZIP) as one dataset, repair, flags, reports, cap and public view in one call."""

from __future__ import annotations

import io
import zipfile

import pytest

from geo.errors import SpendGeoError
from geo.spend import pipeline
from geo.spend.privacy import REDACTED_LABEL

# CB4 OWZ is CB4 0WZ (1Spatial, Cambridge) with a letter O typed for the zero.
APRIL = (
    b"Supplier Name,Amount,Date Paid,Postcode\n"
    b"Acme Ltd,100,01/04/2024,M1 1AE\n"
    b"Beta Ltd,50,02/04/2024,\n"
    b"1Spatial Ltd,30,03/04/2024,CB4 OWZ\n"
)
MAY = (
    b"Supplier Name,Amount,Date Paid,Postcode\n"
    b"Beta Ltd,70,01/05/2024,\n"
    b"Gamma Ltd,20,03/05/2024,ZZ\n"
    b"Shanice Winterton,15,04/05/2024,M1 1AE\n"
)


@pytest.fixture(scope="module")
def lookup(store_path):
    from geo.spend.geocode import PostcodeLookup
    from geo.store.read import read_postcodes

    return PostcodeLookup.from_index(read_postcodes())


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    "sources",
    [
        [(APRIL, "2024-04.csv"), (MAY, "2024-05.csv")],
        [(_zip({"2024-04.csv": APRIL, "2024-05.csv": MAY}), "spend.zip")],
    ],
    ids=["two files", "zip of two files"],
)
def test_several_files_one_dataset_with_rows_and_pounds_per_file(lookup, sources):
    ds = pipeline.build_dataset(sources, lookup)
    assert ds.rows == 6
    files = ds.files.set_index(ds.files["file"].str.rsplit("›", n=1).str[-1].str.strip())
    assert files.loc["2024-04.csv", "rows"] == 3 and files.loc["2024-05.csv", "amount"] == 105.0
    assert ds.rows_by_file[0][1] == 3
    assert any("Read 2 files as one dataset" in n for n in ds.notes)
    assert set(ds.geocoded["source_file"].astype(str).str.rsplit("›", n=1).str[-1].str.strip()) == {
        "2024-04.csv",
        "2024-05.csv",
    }
    # April's located £ share: Acme (100) and the repaired 1Spatial (30) of 180.
    assert files.loc["2024-04.csv", "share_located"] == pytest.approx(130 / 180)


def test_postcode_repair_flags_and_match_report_in_the_dataset(lookup):
    ds = pipeline.build_dataset([(APRIL, "2024-04.csv"), (MAY, "2024-05.csv")], lookup)
    g = ds.geocoded.set_index("supplier_name")
    assert str(g.loc["1Spatial Ltd", "status"]) == "matched"
    assert "postcode_repaired" in g.loc["1Spatial Ltd", "flags"]
    assert ds.repaired_rows == 1
    assert "postcode_repaired" in ds.flags["flag"].tolist()
    # Unplaced: Beta (two rows, £120) before Gamma (£20), with rows and £.
    top = ds.unplaced.iloc[0]
    assert (top["supplier_name"], top["rows"], top["amount"]) == ("Beta Ltd", 2, 120.0)
    assert ds.unplaced["supplier_name"].tolist() == ["Beta Ltd", "Gamma Ltd"]
    assert ds.located_share == pytest.approx((100 + 30 + 15) / 285)
    # Officer mode lists what a public instance would hide, with the rule that decided it.
    assert "Shanice Winterton" in ds.redactions["supplier"].tolist()


def test_public_dataset_hides_people_and_lists_nothing_hidden(lookup):
    ds = pipeline.build_dataset([(APRIL, "2024-04.csv"), (MAY, "2024-05.csv")], lookup, public=True)
    names = ds.geocoded["supplier_name"].tolist()
    assert "Shanice Winterton" not in names and REDACTED_LABEL in names
    assert ds.redactions.empty  # nothing hidden is listed on a public instance
    assert "flags" in ds.geocoded and "source_file" in ds.geocoded  # codes and file names stay
    assert "Shanice Winterton" not in ds.unplaced.to_csv()


def test_public_cap_applies_to_what_a_zip_unpacks_to(lookup):
    big = b"Supplier Name,Amount\n" + b"Acme Ltd,1\n" * 200_000  # 2.2 MB, zips to a few KB
    packed = _zip({"big.csv": big})
    assert len(packed) < 100_000
    with pytest.raises(SpendGeoError, match="MB"):
        pipeline.build_dataset([(packed, "big.zip")], lookup, max_bytes=1_000_000)


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ([(b"\x00\x01 not a table", "broken.csv")], "broken.csv"),
        ([(APRIL, "april.csv"), (b"Supplier Name,Amount\nAcme Ltd,1\n", "other.csv")], "other.csv"),
        ([], "No spend file"),
    ],
)
def test_bad_input_is_one_sentence(lookup, sources, message):
    with pytest.raises(SpendGeoError, match=message):
        pipeline.build_dataset(sources, lookup)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"Payee Ref,Gross Paid GBP,When\nX1,100,2024-04-01\n",
            ["Payee Ref", "Gross Paid GBP", "When"],
        ),
        (b"Supplier,Amount\nAcme,1\n", ["Supplier", "Amount"]),
    ],
)
def test_file_headers_of_any_file(data, expected):
    assert pipeline.file_headers((data, "f.csv")) == expected
