"""A dataset's name: one file's own; several as their buyer and months (exports walk: '2021-04.csv and 11 more')."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.spend.pipeline import dataset_name


def _files(*names: str) -> pd.DataFrame:
    return pd.DataFrame({"file": list(names)})


@pytest.mark.parametrize(
    ("files", "rows", "name"),
    [
        (_files("trafford.zip"), {"buyer": ["Trafford"], "date": ["2024-04-01"]}, "trafford.zip"),
        (_files("a.csv", "b.csv"), {"buyer": ["Leeds CC", "Leeds CC"], "date": ["2024-04-03", "2025-03-30"]},
         "Leeds CC (2 files, Apr 2024 to Mar 2025)"),
        (_files("a.csv", "b.csv"), {"buyer": ["Leeds CC", "Leeds CC"], "date": ["2024-04-03", "2024-04-30"]},
         "Leeds CC (2 files, Apr 2024)"),
        # Two buyers: the files' names, with the months.
        (_files("a.csv", "b.csv", "c.csv"), {"buyer": ["X", "Y", "X"], "date": ["2024-04-03", "2024-05-01", "2024-06-01"]},
         "a.csv and 2 more (Apr 2024 to Jun 2024)"),
        # No dates, no buyer column.
        (_files("a.csv", "b.csv"), {"buyer": ["Leeds CC", None]}, "Leeds CC (2 files)"),
        (_files("a.csv", "b.csv"), {"amount": [1, 2]}, "a.csv and 1 more"),
    ],
)  # fmt: skip
def test_dataset_name(files, rows, name):
    assert dataset_name(files, pd.DataFrame(rows)) == name


def test_calderdales_twelve_months_are_named_by_their_council_and_year():
    from geo.spend import pipeline
    from geo.spend.geocode import PostcodeLookup
    from geo.store import read as store
    from tests.spend.placing_fixture import calderdale_files

    lookup = PostcodeLookup.from_index(store.read_postcodes())
    ds = pipeline.build_dataset(calderdale_files(), lookup)
    assert ds.name == "The Borough of Calderdale (12 files, Apr 2021 to Mar 2022)"


@pytest.mark.parametrize(
    ("typed", "want"),
    [
        ("Calderdale payments 2021-22", "Calderdale payments 2021-22"),
        ("  Calderdale   payments\t2021-22 ", "Calderdale payments 2021-22"),  # spaces tidied
        ("", "old name"),  # blank keeps the old name
        ("   ", "old name"),
        ("x" * 150, "x" * 100),  # at most NAME_MAX characters
        ("Leeds\x00\x1b[31m CC", "Leeds[31m CC"),  # control characters dropped
    ],
)
def test_an_officer_names_the_dataset(no_postcode_frame, typed, want):
    from dataclasses import replace

    from geo.spend.pipeline import renamed

    ds = replace(no_postcode_frame, name="old name")
    out = renamed(ds, typed)
    assert out.name == want
    assert out.token == ds.token  # same content: every cached figure stays
    assert out.geocoded is ds.geocoded


@pytest.fixture(scope="module")
def no_postcode_frame(store_path):
    """A real-shaped dataset through the real pipeline (a small council file, no postcodes)."""
    from geo.spend import pipeline
    from geo.spend.geocode import PostcodeLookup
    from geo.store import read as store

    csv = b"Supplier Name,Amount,Date Paid\nAcme Facilities Ltd,1200.50,01/04/2024\n"
    return pipeline.build_dataset(
        [(csv, "payments.csv")], PostcodeLookup.from_index(store.read_postcodes())
    )
