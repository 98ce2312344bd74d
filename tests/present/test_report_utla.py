"""The report's maps with an upper-tier authority as "local", on the real Contracts Finder file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geo.analysis.filters import Locality
from geo.present.report_maps import report_maps

CF = "spend/contracts_finder_awarded_substance_misuse_2015-2024_notices.csv"
KENT = Locality("utla24", ("E10000016",), "Kent")


@pytest.fixture(scope="module")
def cf_geocoded(raw_path: Path, store_path: Path) -> pd.DataFrame:
    from geo.spend.geocode import geocode
    from geo.spend.ingest import read_spend

    return geocode(
        read_spend(raw_path / CF).frame, pd.read_parquet(store_path / "postcodes.parquet")
    )


@pytest.mark.parametrize(
    ("imd", "n_maps"),
    [
        ("2025", 2),  # England, then Kent zoomed with its LSOA 2021 deciles
        ("2019", 1),  # no LSOA 2011 layer carries utla24cd: the zoomed map is left out
    ],
)
def test_report_maps_for_a_county(cf_geocoded, store_path, imd, n_maps):
    maps = report_maps(
        cf_geocoded, None, KENT, names={"E10000016": "Kent"}, store=store_path, dpi=30, imd=imd
    )
    assert len(maps) == n_maps
    if n_maps == 2:
        zoom = maps[1]
        assert zoom.title == "Local and non-local suppliers — Kent"
        assert "upper-tier authority Kent (E10000016; UTLA 2024" in zoom.caption
        assert zoom.png.startswith(b"\x89PNG")


@pytest.mark.parametrize("imd", ["2025", "2019"])
def test_map_image_draws_upper_tier_outlines_under_both_vintages(store_path, imd):
    from geo.present import image

    view = image.MapView("England", boundaries=("lad", "utla24"), imd=imd)
    lsoa, areas = image.load_layers(view, store_path)
    assert len(areas["utla24"]) == 153
    assert ("utla24cd" in lsoa.columns) == (imd == "2025")  # LSOA 2011 rows do not carry it
    png = image.render_map(
        view, lsoa, areas, pd.DataFrame(columns=["lon", "lat", "amount"]), dpi=20
    )
    assert png.startswith(b"\x89PNG")
