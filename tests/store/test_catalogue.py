"""The catalogue agrees with the mirror's files and carries what a user needs to cite each source."""

from __future__ import annotations

import pytest

from geo.store import catalogue
from geo.store.fetch import sha256_of
from tests.conftest import SHARED_DATA


@pytest.mark.parametrize("ds", catalogue.DATASETS, ids=lambda d: d.key)
def test_mirror_file_matches_catalogue(ds):
    path = SHARED_DATA / ds.path
    assert path.is_file(), f"mirror lacks {ds.path}"
    assert path.stat().st_size == ds.size
    assert sha256_of(path) == ds.sha256


@pytest.mark.parametrize("ds", catalogue.DATASETS, ids=lambda d: d.key)
def test_every_dataset_is_citable(ds):
    assert ds.publisher and ds.vintage and ds.licence and ds.official_page
    assert "Open Government Licence" in ds.licence
    assert ds.url is None or ds.url.startswith(("https://", "project:"))


def test_keys_are_unique_and_vintages_named():
    assert len(catalogue.BY_KEY) == len(catalogue.DATASETS)
    vintages = {d.vintage for d in catalogue.DATASETS}
    for expected in ("LEP 2021", "CA 2024", "CA 2021", "LAD 2021", "LSOA 2011", "IMD 2019"):
        assert expected in vintages


def test_project_copy_of_growth_deals_is_the_catalogued_table():
    ds = catalogue.get("growth_deals")
    from geo.paths import PROJECT_ROOT

    assert sha256_of(PROJECT_ROOT / ds.url.removeprefix("project:")) == ds.sha256


@pytest.mark.parametrize(
    ("imd", "title", "has", "lacks"),
    [
        ("2025", "", {"imd25_file1", "lsoa21", "lad25", "ca25", "pop24", "nspl", "lep21"},
         {"imd19_file1", "lsoa11", "lad21", "ca24", "pop19", "growth_deals", "spend_cf"}),
        ("2019", "", {"imd19_file1", "lsoa11", "lad21", "ca24", "pop19", "nspl", "lep21"},
         {"imd25_file1", "lsoa21", "lad25", "ca25", "pop24", "growth_deals", "spend_cf"}),
        # The bundled Contracts Finder file is listed when it is the report's own dataset.
        ("2025", catalogue.get("spend_cf").title, {"spend_cf"}, {"spend_trafford"}),
    ],
)  # fmt: skip
def test_a_report_lists_the_sources_its_vintage_rests_on(imd, title, has, lacks):
    prepared = [d.key for d in catalogue.DATASETS]
    got = set(catalogue.report_sources(prepared, imd, title))
    assert has <= got and not (lacks & got)
