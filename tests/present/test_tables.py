"""The map's supplier points as a table: supplier and postcode under their own headings."""

from __future__ import annotations

import pytest

from geo.analysis.filters import Locality
from geo.analysis.index import prepare_spend
from geo.analysis.points import supplier_points
from geo.present.columns import LABELS
from geo.present.tables import points_table
from tests.analysis.test_points import MANCHESTER, _small


@pytest.mark.parametrize(
    ("locality", "max_points", "want_columns", "first"),
    [
        # No boundary chosen: no local column (every cell would be blank).
        (None, 5000, ["supplier_name", "postcode", "amount", "rows", "decile"],
         ("B Ltd", "LS1 1AA", 400.0)),
        (Locality("lad", (MANCHESTER,)), 5000,
         ["supplier_name", "postcode", "amount", "rows", "decile", "is_local"],
         ("B Ltd", "LS1 1AA", 400.0)),
        # Grouped into cells: the supplier cell counts the locations, the postcode is blank.
        (Locality("lad", (MANCHESTER,)), 1,
         ["supplier_name", "postcode", "amount", "rows", "decile", "is_local"],
         ("1 supplier location", "", 400.0)),
    ],
)  # fmt: skip
def test_points_table_names_suppliers_and_postcodes(locality, max_points, want_columns, first):
    sf = prepare_spend(_small(), imd="2019")
    table = points_table(supplier_points(sf, None, locality, max_points=max_points))
    assert list(table.columns) == want_columns
    assert tuple(table.iloc[0][["supplier_name", "postcode", "amount"]]) == first
    # Every column has a person's heading: no "Area name" over a supplier, no engine name.
    assert [LABELS[c] for c in table.columns if c != "decile"][:2] == [
        "Supplier",
        "Supplier postcode",
    ]
    assert all(c in LABELS or c == "decile" for c in table.columns)
