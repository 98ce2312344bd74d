"""Real geocoded spend for the analysis tests: the Contracts Finder file, and rows on real postcodes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.analysis.index import SpendFrame, prepare_spend

CF = "spend/contracts_finder_awarded_substance_misuse_2015-2024_notices.csv"


@pytest.fixture(scope="session")
def postcode_index(store_path: Path) -> pd.DataFrame:
    return pd.read_parquet(store_path / "postcodes.parquet")


@pytest.fixture(scope="session")
def cf_geocoded(raw_path: Path, postcode_index: pd.DataFrame) -> pd.DataFrame:
    """The Contracts Finder awards file read and geocoded by its supplier postcodes."""
    from geo.spend.geocode import geocode
    from geo.spend.ingest import read_spend

    return geocode(read_spend(raw_path / CF).frame, postcode_index)


@pytest.fixture(scope="session")
def cf_index(cf_geocoded: pd.DataFrame) -> SpendFrame:
    return prepare_spend(cf_geocoded, imd="2019")


@pytest.fixture(scope="session")
def postcode_geocoded(postcode_index: pd.DataFrame) -> pd.DataFrame:
    """20,000 payments to suppliers on real postcodes: three in every English LAD (so all 7
    two-LEP LADs are there), the rest drawn from every located postcode, geocoded for real."""
    from geo.spend.geocode import geocode

    rng = np.random.default_rng(11)
    pc = postcode_index[postcode_index["has_location"].to_numpy(dtype=bool)]
    eng = pc[pc["lad21cd"].notna().to_numpy()]
    per_lad = eng.groupby("lad21cd", observed=True).head(3)["pcd"].to_numpy(dtype=object)
    rest = pc["pcd"].to_numpy(dtype=object)[rng.integers(0, len(pc), 1_500)]
    pcds = np.r_[per_lad, rest]
    n = 20_000
    sup = np.r_[np.arange(len(pcds)), rng.integers(0, len(pcds), n - len(pcds))]
    amount = np.round(rng.lognormal(6.0, 1.5, n), 2)
    amount[rng.random(n) < 0.03] *= -1
    spend = pd.DataFrame(
        {
            "buyer": pd.array(rng.choice(["Council A", "Council B"], n), dtype="string"),
            "supplier_name": pd.array([f"Supplier {i:05d} Ltd" for i in sup], dtype="string"),
            "amount": amount,
            "date": pd.Timestamp("2023-04-01") + pd.to_timedelta(rng.integers(0, 730, n), "D"),
            "postcode_raw": pd.array(pcds[sup], dtype="string"),
        }
    )
    return geocode(spend, postcode_index)


@pytest.fixture(scope="session")
def postcode_index_frame(postcode_geocoded: pd.DataFrame) -> SpendFrame:
    return prepare_spend(postcode_geocoded, imd="2019")


@pytest.fixture(scope="session")
def lad_table(store_path: Path) -> pd.DataFrame:
    return pd.read_parquet(store_path / "lad.parquet").drop(columns="geometry")
