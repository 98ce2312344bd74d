"""Every real file read, located, flagged and exported in each format; each written file opened and its rows counted."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pyogrio
import pytest

from geo.present import exports
from geo.spend.combine import read_spend_files
from geo.spend.geocode import PostcodeLookup
from geo.spend.matchreport import locate
from geo.store.read import read_postcodes
from tests.spend.realdata import real_sets

SETS = ["contracts_finder", "manchester", "calderdale", "defra", "trafford"]


@pytest.fixture(scope="module")
def located(store_path):
    lookup = PostcodeLookup.from_index(read_postcodes())
    names = exports.area_names()
    cache: dict[str, pd.DataFrame] = {}

    def get(name: str) -> tuple[pd.DataFrame, dict]:
        if name not in cache:
            cache[name] = locate(read_spend_files(real_sets()[name]).frame, lookup)
        return cache[name], names

    return get


def _xlsx_rows(data: bytes) -> int:
    ws = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    return sum(1 for _ in ws.iter_rows(values_only=True)) - 1


@pytest.mark.slow
@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "gpkg"])
def test_real_export(located, name, fmt):
    frame, names = located(name)
    data = getattr(exports, f"to_{fmt}")(frame, names=names)
    if fmt == "csv":
        back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert len(back) == len(frame)
        assert "Data-quality flags" in back.columns and "Source file" in back.columns
    elif fmt == "xlsx":
        assert _xlsx_rows(data) == len(frame)
    else:
        back = pyogrio.read_dataframe(io.BytesIO(data))
        assert len(back) == len(frame)
        placed = frame["lat"].notna().sum()
        assert back.geometry.notna().sum() == placed
    if fmt == "csv" and frame["status"].astype(str).eq("matched").any():
        lad_name = "LAD name (LAD December 2021)"
        assert back[lad_name].ne("").any()


def test_register_template_lists_every_unlocated_supplier_but_not_the_redaction_marker() -> None:
    """Place suppliers' template held the largest 50 of Trafford's 2,311 unplaced suppliers with
    no ids, and both templates led with "Redacted" (34,612 rows, £92.9m): one postcode typed there
    would put every withheld person at one place."""
    import io

    from geo.present.exports import register_template
    from geo.spend.ingest import read_spend
    from geo.spend.locate import locate_suppliers
    from geo.spend.matchreport import unplaced_suppliers
    from tests.conftest import SHARED_DATA

    path = SHARED_DATA / "spend" / "trafford-supplier-spend-2024-25.zip"
    if not path.exists():
        pytest.skip("shared spend data not present")
    frame = locate_suppliers(read_spend(path).frame, fuzzy=False).frame
    frame["status"] = "no_postcode"  # nothing placed: every supplier is in the template
    unplaced = unplaced_suppliers(frame)
    assert "Redacted" in set(unplaced["supplier_name"])
    template = pd.read_csv(io.BytesIO(register_template(unplaced)), encoding="utf-8-sig", dtype=str)
    assert "Redacted" not in set(template["Supplier"])
    assert len(template) == len(unplaced) - 1 > 2_000
    assert template["Supplier ID"].notna().mean() > 0.9


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "selection"),
    [("contracts_finder", "all rows"), ("manchester", "supplier name contains 'ltd'")],
)
def test_app_downloads_say_what_they_hold(located, name, selection):
    """The app's Excel file has an About sheet and its GeoPackage a description giving the
    selection, rows, £ and vintages; the GeoPackage holds the placed rows only (97-99% of a
    council file's rows had no geometry) and a filtered download's name says so (exports walk)."""
    from datetime import date

    from geo.present.exportabout import ExportAbout

    frame, names = located(name)
    if selection != "all rows":
        frame = frame.loc[frame["supplier_name"].astype(str).str.lower().str.contains("ltd")]
    about = ExportAbout.of(frame, "A council", selection, date(2026, 12, 3))
    placed = int((frame["lat"].notna() & frame["lon"].notna()).sum())
    assert about.rows == len(frame) and about.placed_rows == placed
    assert about.total_gbp == pytest.approx(pd.to_numeric(frame["amount"]).sum())
    assert about.file_stem("x") == ("x" if selection == "all rows" else "x_filtered")
    book = openpyxl.load_workbook(
        io.BytesIO(exports.to_xlsx(frame, names=names, about=about.items())), read_only=True
    )
    assert book.sheetnames == ["data", "About"]
    items = {k: v for k, v in book["About"].iter_rows(values_only=True)}
    assert items["Rows"] == f"{len(frame):,}" and items["Dataset"] == "A council"
    assert items["Selection"].startswith(selection)
    assert "LSOA 2021" in items["Boundary and index vintages"]
    assert "IMD 2025" in items["Boundary and index vintages"]
    assert items["Postcodes placed with"] == "NSPL May 2025"
    data = exports.to_gpkg(frame, names=names, placed_only=True, description=about.text())
    back = pyogrio.read_dataframe(io.BytesIO(data))
    assert len(back) == placed and back.geometry.notna().all()
    info = pyogrio.read_info(io.BytesIO(data))
    assert f"Rows: {len(frame):,}." in info["layer_metadata"]["DESCRIPTION"]
