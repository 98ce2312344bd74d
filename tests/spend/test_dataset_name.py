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
