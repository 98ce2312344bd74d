"""Upper-tier local authorities (2024) in the prepared store, against the published counts and memberships."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from geo import levels
from geo.errors import SpendGeoError
from geo.store import read as store
from geo.store.utla import build_utla24, lad24_to_utla24

ENGLAND_MID_2024 = 58_620_101  # ONS mid-2024, England (the sheet's E92000001 row)
# ONS: 153 upper-tier authorities in England in 2024: 21 county councils (E10), 63 unitary
# authorities (E06, with the Isles of Scilly), 36 metropolitan districts (E08), 33 London
# boroughs (E09, with the City of London).
PUBLISHED_BY_PREFIX = {"E10": 21, "E06": 63, "E08": 36, "E09": 33}


@pytest.fixture(scope="module")
def utla(store_path):
    return store.read_areas("utla24", store_path).set_index("code")


@pytest.fixture(scope="module")
def lad24(store_path):
    return store.read_areas("lad24", store_path).set_index("code")


def test_153_upper_tier_authorities(utla):
    assert len(utla) == 153 and utla.index.is_unique
    assert utla.index.str[:3].value_counts().to_dict() == PUBLISHED_BY_PREFIX
    assert all(levels.get("utla24").is_code(c) for c in utla.index)
    assert (utla["population_year"] == "mid-2024").all()


@pytest.mark.parametrize(
    ("code", "name", "n_districts"),
    [
        ("E10000017", "Lancashire", 12),
        ("E10000016", "Kent", 12),
        ("E10000012", "Essex", 12),
        ("E10000014", "Hampshire", 11),
        ("E10000030", "Surrey", 11),
        ("E10000015", "Hertfordshire", 10),
        ("E10000003", "Cambridgeshire", 5),
        ("E08000003", "Manchester", 1),  # a metropolitan district is its own upper tier
        ("E09000001", "City of London", 1),
        ("E06000063", "Cumberland", 1),  # unitary since April 2023 (six Cumbrian districts)
        ("E06000065", "North Yorkshire", 1),
    ],
)
def test_known_memberships(utla, code, name, n_districts):
    row = utla.loc[code]
    assert row["name"] == name
    assert len(row["members"].split(";")) == n_districts


def test_every_lad24_in_exactly_one_utla(utla, lad24):
    members = utla["members"].str.split(";").explode()
    assert members.is_unique and set(members) == set(lad24.index)
    # Single-tier districts are their own UTLA; every non-metropolitan district is in a county.
    own = lad24.index[~lad24.index.str.startswith("E07")]
    assert (lad24.loc[own, "utla24cd"] == own).all()
    assert lad24.loc[lad24.index.str.startswith("E07"), "utla24cd"].str.startswith("E10").all()
    by_member = members.reset_index().set_index("members")["code"]
    assert (lad24["utla24cd"] == by_member.reindex(lad24.index)).all()


@pytest.mark.parametrize(
    ("code", "population"),
    [("E10000017", 1_294_914), ("E10000016", 1_639_029), ("E10000012", 1_563_365)],
)
def test_population_is_the_published_mid_2024_figure(utla, code, population):
    assert int(utla.loc[code, "population"]) == population


def test_populations_and_lsoas_partition_england(utla):
    assert int(utla["population"].sum()) == ENGLAND_MID_2024
    assert int(utla["imd25_n_lsoa"].sum()) == 33_755
    assert int(utla["imd19_n_lsoa"].sum()) == 32_844
    assert (utla["share_decile1"] == utla["imd25_share_decile1"]).all()


def test_lsoa21_carries_utla(store_path, lad24):
    lsoa = pd.DataFrame(store.read_lsoa(store_path, ["lad24cd", "utla24cd"], imd="2025"))
    assert lsoa["utla24cd"].notna().all()
    assert (lsoa["utla24cd"] == lsoa["lad24cd"].map(lad24["utla24cd"])).all()


def test_geometry_dissolved_and_valid(utla, lad24):
    assert utla.crs.to_epsg() == 4326
    assert shapely.is_valid(utla.geometry.values).all()
    lancs = utla.loc["E10000017"].geometry
    districts = shapely.union_all(lad24.loc[utla.loc["E10000017", "members"].split(";")].geometry)
    assert abs(lancs.area - districts.area) / districts.area < 1e-6


@pytest.mark.parametrize(
    ("postcode", "code"),
    [
        ("PR18XJ", "E10000017"),  # Lancashire County Hall, Preston
        ("ME141XQ", "E10000016"),  # Kent County Hall, Maidstone
        ("M602LA", "E08000003"),  # Manchester Town Hall
        ("SW1A1AA", "E09000033"),  # Buckingham Palace, Westminster
    ],
)
def test_postcodes_carry_utla(store_path, postcode, code):
    pc = pd.read_parquet(
        store_path / "postcodes.parquet",
        columns=["pcd", "utla24cd"],
        filters=[("pcd", "==", postcode)],
    )
    assert pc["utla24cd"].astype(str).tolist() == [code]


# --- the build rule on small frames ---------------------------------------------------------------

POP = pd.DataFrame(
    {
        "code": ["E10000099", "E07000001", "E07000002", "E06000001"],
        "name": ["Shire", "North Shire", "South Shire", "Unitary"],
        "geography": ["County", "Non-metropolitan District", "Non-metropolitan District", "Unitary Authority"],
        "population": [300, 100, 200, 50],
    }
)  # fmt: skip
LAD_POP = pd.Series({"E07000001": 100, "E07000002": 200, "E06000001": 50})


def _lsoas(pairs):
    return pd.DataFrame(pairs, columns=["lad24cd", "utla24cd"])


def test_build_rule_on_a_county_and_a_unitary():
    u = build_utla24(
        _lsoas(
            [("E07000001", "E10000099"), ("E07000002", "E10000099"), ("E06000001", "E06000001")]
        ),
        POP,
        LAD_POP,
    )
    assert dict(u.lad24_utla24) == {
        "E06000001": "E06000001", "E07000001": "E10000099", "E07000002": "E10000099",
    }  # fmt: skip
    assert dict(u.names) == {"E06000001": "Unitary", "E10000099": "Shire"}


@pytest.mark.parametrize(
    ("pairs", "pop", "message"),
    [
        ([("E07000001", "E10000099"), ("E07000001", "E06000001")], POP, "split across"),
        ([("E07000001", None)], POP, "no upper-tier authority code"),
        ([("E07000001", "E10000098")], POP, "not in the mid-2024 population sheet"),
        (
            [("E07000001", "E10000099"), ("E07000002", "E10000099")],
            POP.assign(population=[301, 100, 200, 50]),
            "sum to 300, not the sheet's 301",
        ),
    ],
)
def test_build_rule_refuses_bad_inputs(pairs, pop, message):
    with pytest.raises(SpendGeoError, match=message):
        build_utla24(_lsoas(pairs), pop, LAD_POP)


def test_lad24_to_utla24_is_sorted_by_lad():
    got = lad24_to_utla24(_lsoas([("E07000002", "E10000099"), ("E07000001", "E10000099")] * 2))
    assert list(got.index) == ["E07000001", "E07000002"]
