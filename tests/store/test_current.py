"""IMD 2025 on LSOA 2021, LAD 2024, CA May 2025 and mid-2024 population in the prepared store, against the published figures."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo import levels
from geo.store import catalogue, sources25
from geo.store import read as store
from geo.store.growth_deals import HEADLINE_TOTAL_GBP_M

ENGLAND_MID_2024 = 58_620_101  # ONS mid-2024, England (SOURCES.md; the sheet's E92000001 row)
# CA May 2025 (ONS LAD→CA lookup): the ten older CAs plus the seven new ones.
CA25 = {
    "E47000001": "Greater Manchester",
    "E47000002": "South Yorkshire",
    "E47000003": "West Yorkshire",
    "E47000004": "Liverpool City Region",
    "E47000006": "Tees Valley",
    "E47000007": "West Midlands",
    "E47000008": "Cambridgeshire and Peterborough",
    "E47000009": "West of England",
    "E47000012": "York and North Yorkshire",
    "E47000013": "East Midlands",
    "E47000014": "North East",
    "E47000015": "Devon and Torbay",
    "E47000016": "Hull and East Yorkshire",
    "E47000017": "Greater Lincolnshire",
    "E47000018": "Lancashire",
}


def _raw(raw_path, key):
    return raw_path / catalogue.get(key).path


@pytest.fixture(scope="module")
def lsoa21(store_path):
    return pd.DataFrame(store.read_lsoa(store_path, imd="2025").drop(columns="geometry"))


@pytest.fixture(scope="module")
def lad24(store_path):
    return store.read_areas("lad24", store_path).set_index("code")


@pytest.fixture(scope="module")
def ca25(store_path):
    return store.read_areas("ca25", store_path).set_index("code")


@pytest.fixture(scope="module")
def postcodes(store_path):
    return store.read_postcodes(store_path)


def test_lsoa21_count_and_deciles(lsoa21):
    assert len(lsoa21) == 33_755 and lsoa21["lsoa21cd"].is_unique
    counts = lsoa21["imd25_decile"].value_counts()
    assert sorted(counts.index) == list(range(1, 11))
    assert set(counts) <= {3_375, 3_376}


def test_lsoa21_geometry_repaired_and_layers_agree(store_path):
    manifest = store.read_manifest(store_path)
    assert manifest["stats"]["lsoa21_invalid_repaired"] == 7
    bng = store.read_lsoa_bng(store_path, imd="2025")
    assert len(bng) == 33_755 and bng.crs.to_epsg() == 27700
    assert shapely.is_valid(bng.geometry.values).all()
    detail = store.read_lsoa_detail(["E01000001", "E01033770"], store_path, imd="2025")
    assert sorted(detail["lsoa21cd"]) == ["E01000001", "E01033770"]


def test_every_lad_decile1_share_equals_iod2025_summary(raw_path, lad24):
    """n_decile1 / n_lsoa per LAD 2024 (from File 1 by LSOA) vs the IoD2025 LAD summaries (File 10 v2)."""
    summary = sources25.read_imd25_lad_summary(_raw(raw_path, "imd25_lad")).set_index("lad24cd")
    assert len(summary) == 296 and set(summary.index) == set(lad24.index)
    # The summary prints proportions to 4 dp: our exact share, rounded the same way, must equal it
    # for every LAD, and the count it implies must equal our count.
    got = lad24.reindex(summary.index)
    diff = got["share_decile1"].round(4) != summary["prop_decile1"]
    assert not diff.any(), f"decile-1 share differs for {list(summary.index[diff])}"
    implied = (summary["prop_decile1"] * got["n_lsoa"]).round().astype(int)
    assert (implied == got["n_decile1"]).all()


@pytest.mark.parametrize(
    ("code", "name"),
    [("E06000009", "Blackpool"), ("E08000003", "Manchester"), ("E06000063", "Cumberland"),
     ("E06000065", "North Yorkshire"), ("E06000066", "Somerset"), ("E09000001", "City of London")],
)  # fmt: skip
def test_named_lad24(lad24, code, name):
    assert lad24.loc[code, "name"] == name
    assert lad24.loc[code, "population_year"] == "mid-2024"


def test_mid_2024_population(lad24, ca25):
    assert len(lad24) == 296
    assert int(lad24["population"].sum()) == ENGLAND_MID_2024
    for _, row in ca25.iterrows():
        assert row["population"] == lad24["population"].reindex(row["members"].split(";")).sum()


def test_barnsley_and_sheffield_use_iod2025_codes(lad24, ca25, store_path):
    # LAD May 2025 recodes them E08000038/39; IoD2025 and mid-2024 population use E08000016/19.
    assert {"E08000016", "E08000019"} <= set(lad24.index)
    assert not {"E08000038", "E08000039"} & set(lad24.index)
    assert {"E08000016", "E08000019"} <= set(ca25.loc["E47000002", "members"].split(";"))
    recoded = store.read_manifest(store_path)["stats"]["lad25_recoded_to_lad24"]
    assert recoded == {"E08000038": "E08000016", "E08000039": "E08000019"}


def test_fifteen_cas_with_lookup_membership(raw_path, ca25):
    assert dict(ca25["name"]) == CA25
    lk = sources25.read_lad_ca25(_raw(raw_path, "lad_ca25"))
    recode = {"E08000038": "E08000016", "E08000039": "E08000019"}
    lk["lad24cd"] = lk["lad25cd"].map(lambda c: recode.get(c, c))
    expected = lk.groupby("ca25cd")["lad24cd"].agg(lambda s: ";".join(sorted(s)))
    pd.testing.assert_series_equal(
        ca25["members"].sort_index(), expected.sort_index(), check_names=False, check_dtype=False
    )


@pytest.mark.parametrize(
    ("code", "n_members"),
    [
        ("E47000012", 2),  # York and North Yorkshire (North Yorkshire unitary since 2023)
        ("E47000013", 17),  # East Midlands: Derby, Nottingham + 8 Derbyshire and 7 Notts districts
        ("E47000014", 7),  # North East: the seven councils north and south of the Tyne
        ("E47000016", 2),  # Hull and East Yorkshire
        ("E47000018", 14),  # Lancashire: 12 districts + Blackburn with Darwen + Blackpool
    ],
)
def test_new_cas(ca25, code, n_members):
    assert len(ca25.loc[code, "members"].split(";")) == n_members


def test_lsoa21_codes_follow_their_lad(lsoa21, lad24, store_path):
    lad21 = store.read_areas("lad", store_path).set_index("code")
    assert lsoa21["lad24cd"].isin(lad24.index).all() and lsoa21["lad21cd"].isin(lad21.index).all()
    pd.testing.assert_series_equal(
        lsoa21["ca25cd"].fillna("-"),
        lsoa21["lad24cd"].map(lad24["ca25cd"]).fillna("-"),
        check_names=False,
        check_dtype=False,
    )
    for col in ("lep21cd", "lep21cd2", "ca24cd", "ca21cd"):
        expected = lsoa21["lad21cd"].map(lad21[col])
        assert (lsoa21[col].fillna("-") == expected.fillna("-")).all(), col


@pytest.mark.parametrize("level", ["lad", "lep", "ca24", "ca21", "lad24", "ca25"])
def test_both_vintages_sum_exactly(store_path, level):
    t = store.read_areas(level, store_path)
    if level in ("lad", "lad24"):
        assert int(t["imd19_n_lsoa"].sum()) == 32_844 and int(t["imd25_n_lsoa"].sum()) == 33_755
        assert int(t["imd25_n_decile1"].sum()) in (3_375, 3_376)
    assert (t["imd25_share_decile1"] == t["imd25_n_decile1"] / t["imd25_n_lsoa"]).all()
    own = "imd25" if level in ("lad24", "ca25") else "imd19"
    assert (t["share_decile1"] == t[f"{own}_share_decile1"]).all()
    switched = store.read_areas(level, store_path, imd="2025")
    assert (switched["share_decile1"] == t["imd25_share_decile1"]).all()
    assert (switched["imd_vintage"] == "IMD 2025").all()


def test_decile1_comparison(store_path):
    cmp = store.decile1_comparison("ca25", store_path).set_index("code")
    assert len(cmp) == 15
    row = cmp.loc["E47000001"]
    assert row["change_pp"] == pytest.approx(
        (row["imd25_share_decile1"] - row["imd19_share_decile1"]) * 100
    )


# Landmark postcodes → the local authority whose name the LSOA 2021's own (ONS) name starts with
# ("<LAD 2021 name> <MSOA number><letter>"): checks the point-in-polygon against ONS's naming.
LANDMARKS_2021 = [
    ("SW1A 1AA", "Westminster"),  # Buckingham Palace
    ("SW1A 0AA", "Westminster"),  # Houses of Parliament
    ("M60 2LA", "Manchester"),  # Manchester Town Hall
    ("M32 0TH", "Trafford"),  # Trafford Town Hall
    ("LS1 1UR", "Leeds"),  # Leeds Civic Hall
    ("B1 1BB", "Birmingham"),
    ("NE1 8QH", "Newcastle upon Tyne"),
    ("BS1 5TR", "Bristol"),
    ("S1 2HH", "Sheffield"),  # Sheffield Town Hall: LAD 2024 E08000019, not the 2025 E08000039
    ("CA3 8QG", "Carlisle"),  # Carlisle Civic Centre: LSOA 2021 named by the 2021 district
]


@pytest.mark.parametrize(("postcode", "lad_name"), LANDMARKS_2021)
def test_landmark_postcodes_land_in_the_right_lsoa21(
    postcodes, lsoa21, store_path, postcode, lad_name
):
    row = postcodes.loc[postcodes["pcd"] == postcode.replace(" ", "")].iloc[0]
    found = lsoa21.loc[lsoa21["lsoa21cd"] == row["lsoa21cd"]].iloc[0]
    assert found["lsoa21nm"].startswith(lad_name + " ")
    assert row["lad24cd"] == found["lad24cd"] and row["imd25_decile"] == found["imd25_decile"]
    bng = store.read_lsoa_bng(store_path, imd="2025")
    poly = bng.loc[bng["lsoa21cd"] == row["lsoa21cd"]].geometry.iloc[0]
    point = (
        gpd.GeoSeries([shapely.Point(float(row["lon"]), float(row["lat"]))], crs=4326)
        .to_crs(27700)
        .iloc[0]
    )
    assert poly.distance(point) < 1.0


@pytest.mark.slow
def test_every_postcode_has_both_vintages(postcodes):
    eng = postcodes["in_england"]
    with21 = postcodes["lsoa21cd"].notna()
    # Same snap rule for both vintages; they disagree only at a handful of edge points.
    assert int((eng != with21).sum()) < 200
    assert postcodes.loc[with21, "lsoa21cd"].nunique() == 33_755
    assert postcodes.loc[with21, "imd25_decile"].between(1, 10).all()
    assert postcodes.loc[with21, "lad24cd"].notna().all()
    assert postcodes.loc[eng, "imd_decile"].between(1, 10).all()


def test_levels_vocabulary():
    assert levels.imd().key == "2025" and levels.imd(2019).decile_column == "imd_decile"
    assert levels.for_imd("ca").store == "ca25" and levels.for_imd("ca", "2019").store == "ca24"
    assert levels.for_imd("lad").columns == ("lad24cd",)
    assert levels.for_imd("lep", "2025").columns == ("lep21cd", "lep21cd2")
    for v in levels.IMD.values():
        assert v.stats_prefix in ("imd19", "imd25")


@pytest.mark.parametrize(
    ("code", "low", "high", "on_2021_area"),
    [
        ("E37000062", 220.0, 228.0, 297.92),  # Leeds City Region: ~£224 on its 2014 area
        ("E37000054", 185.0, 200.0, None),  # Sheffield City Region with Bassetlaw and Derbyshire
        ("E37000015", 230.0, 236.0, None),  # Greater Manchester: area unchanged
    ],
)
def test_growth_deal_per_head_on_the_deal_area(store_path, code, low, high, on_2021_area):
    lep = store.read_areas("lep", store_path).set_index("code")
    assert low <= lep.loc[code, "gd_per_head_gbp"] <= high
    if on_2021_area is not None:
        assert round(lep.loc[code, "gd_per_head_2021_area_gbp"], 2) == on_2021_area
    assert lep.loc[code, "gd_population_basis"]


@pytest.mark.parametrize("code", ["E37000059", "E37000044"])
def test_growth_deal_not_comparable(store_path, code):
    lep = store.read_areas("lep", store_path).set_index("code")
    assert pd.notna(lep.loc[code, "gd_total_gbp_m"]) and pd.isna(lep.loc[code, "gd_per_head_gbp"])
    assert lep.loc[code, "gd_not_comparable_reason"].startswith("Not comparable")


def test_growth_deal_national_total(store_path):
    total = store.growth_deal_national(store_path)
    assert total["table_total_gbp_m"] == pytest.approx(7_728.03, abs=0.01)
    assert total["headline_total_gbp_m"] == HEADLINE_TOTAL_GBP_M == 9_100.0
    assert total["rows_with_total"] == 32


@pytest.mark.parametrize(("imd", "columns"), [("2019", ["lsoa11cd", "lsoa11nm", "imd_decile"]),
                                             ("2025", ["lsoa21cd", "lsoa21nm", "imd25_decile"])])  # fmt: skip
def test_national_lsoa_layer_within_budget(store_path, imd, columns):
    """Each vintage's all-England layer as compact GeoJSON (what the map sends) stays ≤ 15 MB."""
    frame = store.read_lsoa(store_path, columns=columns, imd=imd)
    size = len(frame.to_json(separators=(",", ":"), drop_id=True).encode()) / 1e6
    assert size <= 15.0
