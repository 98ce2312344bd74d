"""The spend pipeline: several files as one dataset, the unplaced-suppliers list, an unrecognised file's headers."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.errors import SpendGeoError
from geo.spend import pipeline

APRIL = b"Supplier Name,Amount,Date Paid,Postcode\nAcme Ltd,100,01/04/2024,M1 1AE\nBeta Ltd,50,02/04/2024,\n"
MAY = b"Supplier Name,Amount,Date Paid,Postcode\nBeta Ltd,70,01/05/2024,\nGamma Ltd,20,03/05/2024,ZZ\n"


def test_several_files_read_as_one_dataset_with_rows_per_file():
    frame, mapping, notes, counts = pipeline.read_many([(APRIL, "april.csv"), (MAY, "may.csv")])
    assert counts == [("april.csv", 2), ("may.csv", 2)]
    assert len(frame) == 4 and frame["source_file"].tolist() == ["april.csv"] * 2 + ["may.csv"] * 2
    assert "2 files read as one dataset" in notes[0]
    assert mapping["amount"] == "Amount"


def test_files_with_different_layouts_are_refused_by_name():
    other = b"Supplier Name,Amount\nAcme Ltd,1\n"
    with pytest.raises(
        SpendGeoError, match="other.csv does not have the same columns as april.csv"
    ):
        pipeline.read_many([(APRIL, "april.csv"), (other, "other.csv")])


def test_unlocated_suppliers_sorted_by_pounds_with_reason():
    geocoded = pd.DataFrame(
        {
            "supplier_name": ["A", "B", "B", "C", "D"],
            "status": ["matched", "no_postcode", "unknown_postcode", "no_postcode", "no_postcode"],
            "amount": [1000.0, 70.0, 50.0, 20.0, None],
        }
    )
    out = pipeline.unlocated_suppliers(geocoded)
    assert out["supplier"].tolist() == ["B", "C", "D"]  # A is located; D has no £ and sorts last
    assert out.loc[0, "rows"] == 2 and out.loc[0, "gbp"] == 120.0
    assert out.loc[0, "status"] in ("no_postcode", "unknown_postcode")


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
