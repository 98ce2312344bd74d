"""LAD→LEP / CA by ≥50% area overlap, against the derived cross-check and the ONS CA lookup."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.errors import SpendGeoError
from geo.store import catalogue, overlay, sources
from tests.conftest import SHARED_DATA


def _raw(raw_path, key):
    return raw_path / catalogue.get(key).path


@pytest.fixture(scope="module")
def lad_bng(raw_path):
    lad, _ = sources.read_lad_boundaries(_raw(raw_path, "lad21"))
    return lad.loc[sources.is_english_lad(lad["code"])].reset_index(drop=True)


@pytest.fixture(scope="module")
def lad_lep(raw_path, lad_bng):
    lep, _ = sources.read_lep_boundaries(_raw(raw_path, "lep21"))
    return overlay.assign_by_overlap(lad_bng, lep, ("lep21cd", "lep21cd2"))


def test_lep_overlay_matches_derived_lookup(lad_lep):
    # A derived cross-check built independently (SOURCES.md), not a catalogued source: read from
    # the shared folder directly.
    derived = pd.read_csv(
        SHARED_DATA / "lookups" / "DERIVED_lad21_to_lep21_spatial_overlay.csv", dtype="string"
    ).set_index("LAD21CD")
    assert len(derived) == 309
    assert set(lad_lep.index) == set(derived.index)
    got = lad_lep.reindex(derived.index)
    pd.testing.assert_series_equal(
        got["lep21cd"], derived["LEP21CD1"], check_names=False, check_dtype=False
    )
    pd.testing.assert_series_equal(
        got["lep21cd2"], derived["LEP21CD2"], check_names=False, check_dtype=False
    )


@pytest.mark.parametrize(
    ("lad_name", "leps"),
    [
        ("Cannock Chase", ("E37000012", "E37000032")),
        ("East Staffordshire", ("E37000012", "E37000032")),
        ("Lichfield", ("E37000012", "E37000032")),
        ("Tamworth", ("E37000012", "E37000032")),
        ("Bromsgrove", ("E37000012", "E37000038")),
        ("Redditch", ("E37000012", "E37000038")),
        ("Wyre Forest", ("E37000012", "E37000038")),
    ],
)
def test_shared_lads_in_two_leps(lad_bng, lad_lep, lad_name, leps):
    code = lad_bng.loc[lad_bng["name"] == lad_name, "code"].iloc[0]
    assert tuple(lad_lep.loc[code, ["lep21cd", "lep21cd2"]]) == leps


def test_exactly_seven_lads_in_two_leps(lad_lep):
    assert int(lad_lep["lep21cd2"].notna().sum()) == 7
    assert lad_lep["lep21cd"].notna().all()


def test_ca24_overlay_agrees_with_ons_lookup(raw_path, lad_bng):
    ca24, _ = sources.read_ca24_boundaries(_raw(raw_path, "ca24"))
    got = overlay.assign_by_overlap(lad_bng, ca24, ("ca24cd",))["ca24cd"]
    lookup = sources.read_lad_ca24(_raw(raw_path, "lad_ca24")).set_index("lad24cd")["ca24cd"]
    # The lookup uses LAD 2024 codes. Those that are LAD21 codes too must agree one for one.
    # The rest are authorities created after 2021 — North Yorkshire E06000065 (2023) replaced
    # Craven, Hambleton, Harrogate, Richmondshire, Ryedale, Scarborough and Selby — and those
    # LAD21 districts get York and North Yorkshire E47000012 through the overlay instead.
    shared = lookup.index.intersection(got.index)
    assert len(shared) == len(lookup) - 1
    assert set(lookup.index.difference(got.index)) == {"E06000065"}
    pd.testing.assert_series_equal(
        got.reindex(shared), lookup.reindex(shared), check_names=False, check_dtype=False
    )
    north_yorkshire = [
        "E07000163",
        "E07000164",
        "E07000165",
        "E07000166",
        "E07000167",
        "E07000168",
        "E07000169",
    ]
    assert (got.reindex(north_yorkshire) == "E47000012").all()
    # And no LAD outside the lookup's CAs is given one.
    assert int(got.notna().sum()) == len(shared) + len(north_yorkshire)


def _squares(codes, xs):
    geoms = [shapely.box(x, 0, x + 1, 1) for x in xs]
    return gpd.GeoDataFrame({"code": codes}, geometry=geoms, crs=27700)


@pytest.mark.parametrize(
    ("area_xs", "expected"),
    [
        ([0.0], ["A", None]),  # fully inside one area
        ([0.4], ["A", None]),  # 60% inside: kept
        ([0.6], [None, None]),  # 40% inside: not a member
        ([0.0, 0.0], ["A", "B"]),  # two areas cover it fully: both, ordered by code
    ],
)
def test_assign_by_overlap_threshold(area_xs, expected):
    units = _squares(["U"], [0.0])
    areas = _squares(["A", "B"][: len(area_xs)], area_xs)
    got = overlay.assign_by_overlap(units, areas, ("a1", "a2")).loc["U"]
    assert [None if pd.isna(v) else v for v in got] == expected


def test_assign_by_overlap_refuses_too_many_areas():
    units = _squares(["U"], [0.0])
    areas = _squares(["A", "B"], [0.0, 0.0])
    with pytest.raises(SpendGeoError, match="more than 1"):
        overlay.assign_by_overlap(units, areas, ("a1",))


def test_assign_by_overlap_needs_bng():
    units = _squares(["U"], [0.0]).set_crs(4326, allow_override=True)
    with pytest.raises(SpendGeoError, match="27700"):
        overlay.assign_by_overlap(units, _squares(["A"], [0.0]), ("a1",))
