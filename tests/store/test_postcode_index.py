"""Postcode index: the builder on a real NSPL sample against the real LSOA boundaries, and the prepared index."""

from __future__ import annotations

import gzip
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo.errors import SpendGeoError
from geo.store.postcode_index import build_postcode_index, read_nspl
from geo.store.sources import read_lad_boundaries

NSPL = "postcodes/nspl_may2025_postcode_lat_long_uk.csv.gz"
LAD_UK = "boundaries/Local_Authority_Districts_(December_2021)_UK_BUC.geojson"

# (postcode, expected lad21cd or None when outside England). LADs are the ones these places are
# known to be in; the inside/outside-England split is what the IMD join depends on.
KNOWN: list[tuple[str, str | None]] = [
    ("SW1A1AA", "E09000033"),  # Buckingham Palace, Westminster
    ("M11AA", "E08000003"),  # Manchester city centre
    ("M24WU", "E08000003"),
    ("LS11UR", "E08000035"),  # Leeds
    ("PL11AA", "E06000026"),  # Plymouth
    ("TD151AA", "E06000057"),  # Berwick-upon-Tweed: a TD (Scottish-area) postcode in England
    ("TR210HE", "E06000053"),  # Isles of Scilly
    ("CF101EP", None),  # Cardiff
    ("EH11YZ", None),  # Edinburgh
    ("BT11AA", None),  # Belfast
]
# Coastal postcodes just off the generalised clipped LSOA polygons, recovered by the snap.
SNAPPED: list[tuple[str, str]] = [
    ("YO224FF", "E07000168"),  # Whitby harbour, Scarborough district
    ("PL14LS", "E06000026"),  # Plymouth waterfront
    ("L457PY", "E08000015"),  # Wallasey, Wirral
]
# Welsh-border postcodes outside every English LSOA that the ultra-generalised UK LAD file puts
# in England: the border guard must keep them out.
BORDER: list[str] = ["CH48BT", "LD71AJ"]
SAMPLE = [p for p, _ in KNOWN] + [p for p, _ in SNAPPED] + BORDER + ["GIR0AA", "AB113AG"]


def _lsoa_bng(store: Path) -> gpd.GeoDataFrame:
    """LSOA polygons (27700) with the attributes the builder needs, from the prepared store."""
    bng = gpd.read_parquet(store / "lsoa_bng.parquet")
    wanted = ["lsoa11cd", "lad21cd", "lep21cd", "lep21cd2", "ca24cd", "imd_decile"]
    missing = [c for c in wanted if c not in bng.columns]
    if missing:
        attrs = pd.read_parquet(store / "lsoa.parquet", columns=["lsoa11cd", *missing])
        bng = bng.merge(attrs, on="lsoa11cd", how="left")
    return bng


def _lad_uk_bng(raw: Path) -> gpd.GeoDataFrame:
    lad, _ = read_lad_boundaries(raw / LAD_UK)  # the same reader prepare uses
    return lad[["code", "geometry"]]


@pytest.fixture(scope="module")
def lsoa_bng(store_path: Path) -> gpd.GeoDataFrame:
    return _lsoa_bng(store_path)


@pytest.fixture(scope="module")
def lad_uk_bng(raw_path: Path) -> gpd.GeoDataFrame:
    return _lad_uk_bng(raw_path)


@pytest.fixture(scope="module")
def sample_index(
    tmp_path_factory, raw_path: Path, lsoa_bng: gpd.GeoDataFrame, lad_uk_bng: gpd.GeoDataFrame
) -> pd.DataFrame:
    """The builder run on a few hundred real NSPL lines (the sample above plus NPT pseudo-codes)."""
    with gzip.open(raw_path / NSPL, "rt") as fh:
        header = fh.readline()
        lines = [
            line
            for line in fh
            if line.split(",")[0].replace(" ", "") in SAMPLE or line.startswith("NPT 0A")
        ]
    path = tmp_path_factory.mktemp("nspl") / "sample.csv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(header + "".join(lines))
    return build_postcode_index(path, lsoa_bng, lad_uk_bng)


@pytest.fixture(scope="module")
def prepared_index(store_path: Path) -> pd.DataFrame:
    return pd.read_parquet(store_path / "postcodes.parquet")


def test_sample_schema_and_order(sample_index: pd.DataFrame) -> None:
    assert list(sample_index.columns) == [
        "pcd", "lat", "lon", "lsoa11cd", "lad21cd", "lep21cd", "lep21cd2", "ca24cd",
        "imd_decile", "in_england", "has_location", "terminated",
    ]  # fmt: skip
    assert sample_index["pcd"].is_monotonic_increasing and sample_index["pcd"].is_unique
    assert sample_index["lat"].dtype == np.float32 and sample_index["lon"].dtype == np.float32
    assert sample_index["imd_decile"].dtype == "Int8"
    assert sample_index["terminated"].dtype == "boolean" and sample_index["terminated"].isna().all()
    assert set(sample_index["pcd"]) == set(SAMPLE)
    stats = sample_index.attrs["stats"]
    assert stats["dropped_non_standard"] > 0  # the NPT pseudo-postcodes
    assert stats["snapped"] == len(SNAPPED) and stats["snap_refused_border"] == len(BORDER)


@pytest.mark.parametrize(("pcd", "lad"), KNOWN + SNAPPED)
def test_sample_known_places(sample_index: pd.DataFrame, pcd: str, lad: str | None) -> None:
    row = sample_index.set_index("pcd").loc[pcd]
    assert bool(row["has_location"])
    assert bool(row["in_england"]) == (lad is not None)
    if lad is None:
        assert pd.isna(row["lsoa11cd"]) and pd.isna(row["imd_decile"])
    else:
        assert row["lad21cd"] == lad and str(row["lsoa11cd"]).startswith("E01")
        assert 1 <= row["imd_decile"] <= 10


@pytest.mark.parametrize("pcd", BORDER + ["GIR0AA", "AB113AG"])
def test_sample_not_in_england(sample_index: pd.DataFrame, pcd: str) -> None:
    row = sample_index.set_index("pcd").loc[pcd]
    assert not row["in_england"] and pd.isna(row["lad21cd"])


@pytest.mark.parametrize("pcd", ["GIR0AA", "AB113AG"])
def test_no_grid_reference(sample_index: pd.DataFrame, pcd: str) -> None:
    row = sample_index.set_index("pcd").loc[pcd]
    assert not row["has_location"] and np.isnan(row["lat"]) and np.isnan(row["lon"])


def test_doterm_column_sets_terminated(
    tmp_path: Path, lsoa_bng: gpd.GeoDataFrame, lad_uk_bng: gpd.GeoDataFrame
) -> None:
    path = tmp_path / "nspl.csv"
    path.write_text(
        "pcds,doterm,lat,long\nSW1A 1AA,,51.501011,-0.14156\nM1 1AA,202001,53.48737,-2.22719\n"
    )
    index = build_postcode_index(path, lsoa_bng, lad_uk_bng)
    assert index.set_index("pcd")["terminated"].to_dict() == {"M11AA": True, "SW1A1AA": False}


@pytest.mark.parametrize(
    ("text", "message"),
    [("Postcode,lat\nM1 1AA,53.4\n", "no longitude"), ("lat,long\n53.4,-2.2\n", "no postcode")],
)
def test_read_nspl_missing_columns(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(SpendGeoError, match=message):
        read_nspl(path)


def test_build_rejects_wrong_crs_and_columns(
    tmp_path: Path, lsoa_bng: gpd.GeoDataFrame, lad_uk_bng: gpd.GeoDataFrame
) -> None:
    path = tmp_path / "nspl.csv"
    path.write_text("Postcode,lat,long\nM1 1AA,53.48737,-2.22719\n")
    with pytest.raises(SpendGeoError, match="EPSG:27700"):
        build_postcode_index(path, lsoa_bng.head(3).to_crs(4326), lad_uk_bng)
    with pytest.raises(SpendGeoError, match="imd_decile"):
        build_postcode_index(path, lsoa_bng.drop(columns="imd_decile"), lad_uk_bng)


def test_read_nspl_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SpendGeoError, match="does not exist"):
        read_nspl(tmp_path / "nope.csv.gz")


@pytest.mark.slow
def test_prepared_index_covers_nspl(prepared_index: pd.DataFrame) -> None:
    # 2,714,964 NSPL rows minus the 2,417 NPT pseudo-postcodes that are not postcode-shaped.
    assert len(prepared_index) == 2_712_547
    assert prepared_index["pcd"].is_monotonic_increasing
    assert int((~prepared_index["has_location"]).sum()) == 24_087
    england = prepared_index["in_england"]
    # Every English LSOA holds at least one postcode, and only English rows carry area codes.
    assert prepared_index.loc[england, "lsoa11cd"].nunique() == 32_844
    assert prepared_index.loc[~england, "lsoa11cd"].isna().all()
    assert prepared_index.loc[england, "imd_decile"].between(1, 10).all()


@pytest.mark.slow
@pytest.mark.parametrize(("pcd", "lad"), KNOWN + SNAPPED)
def test_prepared_known_places(prepared_index: pd.DataFrame, pcd: str, lad: str | None) -> None:
    row = prepared_index.iloc[prepared_index["pcd"].searchsorted(pcd)]
    assert row["pcd"] == pcd
    assert bool(row["in_england"]) == (lad is not None)
    if lad is not None:
        assert row["lad21cd"] == lad


# Landmark postcodes → the local authority whose name the LSOA's own (ONS) name starts with.
# An LSOA name is "<LAD 2011 name> <MSOA number><letter>", so this checks the point-in-polygon
# against the name ONS gave the LSOA, independently of the LAD lookups.
LANDMARKS = [
    ("SW1A 1AA", "Westminster"),  # Buckingham Palace
    ("SW1A 0AA", "Westminster"),  # Houses of Parliament
    ("M60 2LA", "Manchester"),  # Manchester Town Hall
    ("M32 0TH", "Trafford"),  # Trafford Town Hall
    ("LS1 1UR", "Leeds"),  # Leeds Civic Hall
    ("B1 1BB", "Birmingham"),
    ("NE1 8QH", "Newcastle upon Tyne"),
    ("BS1 5TR", "Bristol"),  # LSOAs are "Bristol 032C"; the LAD21 is "Bristol, City of"
]


@pytest.mark.parametrize(("postcode", "lad_name"), LANDMARKS)
def test_landmark_postcodes_land_in_the_right_lsoa(prepared_index, store_path, postcode, lad_name):
    import geopandas as gpd
    import shapely

    compact = postcode.replace(" ", "")
    row = prepared_index.loc[prepared_index["pcd"] == compact].iloc[0]
    lsoa = pd.read_parquet(store_path / "lsoa.parquet", columns=["lsoa11cd", "lsoa11nm", "lad21nm"])
    found = lsoa.loc[lsoa["lsoa11cd"] == row["lsoa11cd"]].iloc[0]
    assert found["lsoa11nm"].startswith(lad_name + " ")
    assert found["lad21nm"].startswith(lad_name)
    # The postcode's point is inside (or on the edge of) the full-detail polygon it was assigned.
    bng = gpd.read_parquet(store_path / "lsoa_bng.parquet")
    poly = bng.loc[bng["lsoa11cd"] == row["lsoa11cd"]].geometry.iloc[0]
    point = (
        gpd.GeoSeries([shapely.Point(float(row["lon"]), float(row["lat"]))], crs=4326)
        .to_crs(27700)
        .iloc[0]
    )
    assert poly.distance(point) < 1.0
