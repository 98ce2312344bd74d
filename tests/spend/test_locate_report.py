"""What locating achieved, on REAL Defra 2025-26 £25k files: placed is not located, and placeholders are no postcode."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.spend import pipeline
from geo.spend.geocode import PostcodeLookup
from geo.spend.locate import locate_suppliers
from geo.spend.locate_report import located_rows, postcodes_not_located, route_summary
from geo.spend.matchreport import LOCATED, located_share
from geo.spend.suppliers import read_register
from geo.store.read import read_postcodes
from tests.spend.realdata import real_sets


@pytest.fixture(scope="module")
def defra(store_path) -> pipeline.SpendDataset:
    lookup = PostcodeLookup.from_index(read_postcodes())
    files = real_sets()["defra"]
    assert len(files) == 7
    return pipeline.build_dataset(files, lookup)


def test_placed_suppliers_whose_postcode_places_nothing_are_listed_with_why(defra) -> None:
    g = defra.geocoded
    routes = route_summary(g).set_index("route")
    placed = 1 - routes.loc["unplaced", "share_amount"]
    on_map = located_share(g)
    # 99.9% of the £ has a postcode in the file, but overseas zip codes and slips put 2.5% of it
    # nowhere: the Place suppliers headline is the located share, as on the Spend map.
    assert placed > 0.998
    assert on_map == pytest.approx(g.loc[located_rows(g), "amount"].sum() / g["amount"].sum())
    assert 0.97 < on_map < 0.98
    table = postcodes_not_located(g, n=10_000)
    assert not table["reason"].isin(LOCATED).any()
    assert table["amount"].is_monotonic_decreasing
    assert table["amount"].sum() == pytest.approx((placed - on_map) * g["amount"].sum())
    # Largest first: UNEP's Nairobi zip code; Fera's mistyped York postcode (YO41 1LZ) names
    # where to correct it.
    top = table.iloc[0]
    assert (top["postcode"], top["reason"]) == ("00100", "invalid_postcode")
    fera = table.loc[table["supplier_name"] == "Fera Science Ltd"].iloc[0]
    assert (fera["postcode"], fera["reason"], fera["located_by"]) == (
        "YO41 1LK",
        "unknown_postcode",
        "postcode in the spend file",
    )
    assert fera["rows"] == 10


def test_a_null_placeholder_is_no_postcode_and_a_register_places_it(defra) -> None:
    g = defra.geocoded
    null = g["Supplier Postcode"].astype("string").str.strip().str.upper() == "NULL"
    assert null.sum() == 8
    assert (g.loc[null, "status"] == "no_postcode").all()
    assert g.loc[null, "located_by"].isna().all()
    # A register line WRITTEN BY THE TEST (stand-in postcode) now reaches those suppliers.
    name = str(g.loc[null, "supplier_name"].iloc[0])
    register = read_register(
        f"Supplier,Postcode\n{name},M1 1AD\n".encode(), filename="register.csv"
    )
    frame = defra.read_frame if defra.read_frame is not None else g
    located = locate_suppliers(frame, register=register).frame
    mine = located["supplier_name"] == name
    assert (located.loc[mine, "located_by"] == "register_name").all()
    assert pd.Series(located.loc[mine, "postcode_raw"]).str.replace(" ", "").eq("M11AD").all()


@pytest.mark.parametrize(
    ("supplier", "written", "reason"),
    [
        ("Fera Science Ltd", "YO41 1LK", "unknown_postcode"),  # a slip for YO41 1LZ
        ("EC2M 5T", None, "invalid_postcode"),  # placeholder: filled from the table below
    ],
)
def test_a_register_line_corrects_a_file_postcode_that_places_nothing(
    defra, store_path, supplier, written, reason
) -> None:
    g = defra.geocoded
    table = postcodes_not_located(g, n=10_000)
    if written is None:  # the supplier whose file postcode is cut short ("EC2M 5T")
        row = table.loc[table["postcode"] == supplier].iloc[0]
        supplier, written = str(row["supplier_name"]), supplier
    before = table.loc[table["supplier_name"] == supplier].iloc[0]
    assert (before["postcode"], before["reason"]) == (written, reason)
    # The officer's register line (WRITTEN BY THE TEST: a real postcode, the corrected slip for
    # Fera's York site) places the rows the file's postcode could not.
    register = (f"Supplier,Postcode\n{supplier},YO41 1LZ\n".encode(), "register.csv")
    ds = pipeline.relocate(defra, PostcodeLookup.from_index(read_postcodes()), register=register)
    mine = ds.geocoded["supplier_name"] == supplier
    failed = mine & ~located_rows(g)
    assert failed.sum() == before["rows"]
    # The failing rows take the register's postcode; the supplier's rows whose own postcode
    # works keep it.
    by = ds.geocoded["located_by"]
    assert (by[failed] == "register_name").all()
    assert (by[mine & ~failed] == "file_postcode").all()
    assert located_rows(ds.geocoded)[mine].all()
    assert supplier not in set(postcodes_not_located(ds.geocoded, n=10_000)["supplier_name"])
    assert ds.located_share == pytest.approx(
        defra.located_share + before["amount"] / g["amount"].sum()
    )
    assert any("register corrected" in n and "gives no location" in n for n in ds.notes)
    # A supplier whose own postcode works keeps it, register line or not.
    ok = g.loc[located_rows(g), "supplier_name"].iloc[0]
    register = (f"Supplier,Postcode\n{ok},YO41 1LZ\n".encode(), "register.csv")
    kept = pipeline.relocate(defra, PostcodeLookup.from_index(read_postcodes()), register=register)
    theirs = kept.geocoded["supplier_name"] == ok
    assert (kept.geocoded.loc[theirs, "located_by"] == "file_postcode").all()
