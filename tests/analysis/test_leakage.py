"""Leakage on a hand-checked table and on real data: retained + leaked + unlocated = total, ranked destinations."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo.analysis.filters import Filters, Locality, apply_filters
from geo.analysis.index import prepare_spend
from geo.analysis.leakage import (
    NO_CA,
    OUTSIDE_ENGLAND,
    area_centroids,
    leakage,
    leakage_flows,
    locality_centre,
    retained_frame,
)
from geo.analysis.summary import summarise
from tests.analysis.test_summary import GM_LEP, GMCA, MANCHESTER, TRAFFORD, TWO_LEP, frame

# Working (ROWS in test_summary): located £ = 1800 − Epsilon 250 (no postcode) = 1550.
# Trafford local = 900; elsewhere: Manchester 300, two-LEP LAD 200, Scotland 150 → leaked 650.
REGIONS = {TRAFFORD: "E12000002", MANCHESTER: "E12000002", TWO_LEP: "E12000005"}


@pytest.mark.parametrize(
    ("locality", "retained", "leaked", "by_lad", "by_ca", "by_region"),
    [
        (
            Locality("lad", (TRAFFORD,)), 900, 650,
            {MANCHESTER: 300, TWO_LEP: 200, OUTSIDE_ENGLAND: 150},
            {GMCA: 300, NO_CA: 350},
            {"E12000002": 300, "E12000005": 200, OUTSIDE_ENGLAND: 150},
        ),
        (
            Locality("ca", (GMCA,)), 1200, 350,
            {TWO_LEP: 200, OUTSIDE_ENGLAND: 150},
            {NO_CA: 350},
            {"E12000005": 200, OUTSIDE_ENGLAND: 150},
        ),
        (   # the two-LEP LAD is local to either of its LEPs
            Locality("lep", ("E37000016",)), 200, 1350,
            {TRAFFORD: 900, MANCHESTER: 300, OUTSIDE_ENGLAND: 150},
            {GMCA: 1200, NO_CA: 150},
            {"E12000002": 1200, OUTSIDE_ENGLAND: 150},
        ),
        (
            Locality("lep", (GM_LEP,)), 1200, 350,
            {TWO_LEP: 200, OUTSIDE_ENGLAND: 150}, {NO_CA: 350},
            {"E12000005": 200, OUTSIDE_ENGLAND: 150},
        ),
    ],
)  # fmt: skip
def test_hand_checked(locality, retained, leaked, by_lad, by_ca, by_region) -> None:
    sf = prepare_spend(frame(), imd="2019")
    r = leakage(sf, None, locality, "geocoded", REGIONS)
    assert (r.retained_gbp, r.leaked_gbp, r.unlocated_gbp, r.total_gbp) == (
        retained,
        leaked,
        250,
        1800,
    )
    assert r.retained_share == pytest.approx(retained / 1550)
    assert r.leaked_share == pytest.approx(leaked / 1550)
    for table, want in ((r.by_lad, by_lad), (r.by_ca, by_ca), (r.by_region, by_region)):
        assert dict(zip(table["code"], table["gbp"], strict=True)) == want
        assert list(table["gbp"]) == sorted(table["gbp"], reverse=True)  # ranked
        assert list(table["rank"]) == list(range(1, len(table) + 1))
        assert table["share"].sum() == pytest.approx(1.0)


def test_all_spend_denominator_and_mask() -> None:
    sf = prepare_spend(frame(), imd="2019")
    r = leakage(sf, None, Locality("lad", (TRAFFORD,)), "all")
    assert r.retained_share == pytest.approx(900 / 1800)
    # Council B only: Delta 150 (Scotland), Epsilon 250 (unlocated), Acme 100 + Zeta 400 (Trafford)
    only_b = apply_filters(sf, Filters(buyers=("Council B",)))
    r = leakage(sf, only_b, Locality("lad", (TRAFFORD,)), "geocoded")
    assert (r.retained_gbp, r.leaked_gbp, r.unlocated_gbp) == (500, 150, 250)
    assert list(retained_frame(r)["gbp"]) == [500, 150, 250]


def test_nothing_leaks_when_all_local() -> None:
    sf = prepare_spend(frame().iloc[[0, 6, 7]], imd="2019")
    r = leakage(sf, None, Locality("lad", (TRAFFORD,)))
    assert r.leaked_gbp == 0 and r.by_lad.empty and r.leaked_share == 0.0


# --- real data ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lad_geo(store_path) -> gpd.GeoDataFrame:
    return gpd.read_parquet(store_path / "lad.parquet")


@pytest.mark.slow
@pytest.mark.parametrize("spec", ["lad:E08000003", "ca:E47000001", "lep:E37000012", "lads:E06000043,E09000033", "ca:E47000014"])  # fmt: skip
@pytest.mark.parametrize("denominator", ["geocoded", "all"])
def test_contracts_finder_totals(cf_index, lad_geo, spec, denominator) -> None:
    loc = Locality.parse(spec)
    regions = dict(zip(lad_geo["code"], lad_geo["rgn21cd"], strict=True))
    r = leakage(cf_index, None, loc, denominator, regions)
    s = summarise(cf_index, None, loc)
    # The identity: retained + leaked + not located = total; retained = the card's local £.
    assert r.retained_gbp + r.leaked_gbp + r.unlocated_gbp == pytest.approx(r.total_gbp)
    assert r.total_gbp == pytest.approx(s.total_gbp)
    assert r.retained_gbp == pytest.approx(s.local_gbp)
    assert r.retained_gbp + r.leaked_gbp == pytest.approx(s.geocoded_gbp)
    for table in (r.by_lad, r.by_ca, r.by_region):
        assert table["gbp"].sum() == pytest.approx(r.leaked_gbp)
    # No destination is inside the locality (the same membership rule as "local").
    assert not set(r.by_lad["code"]) & set(lad_geo.loc[lad_geo["code"].isin(loc.codes) | lad_geo["lep21cd"].isin(loc.codes) | lad_geo["lep21cd2"].isin(loc.codes) | lad_geo["ca24cd"].isin(loc.codes), "code"])  # fmt: skip
    assert r.by_region["code"].isin([*set(regions.values()), OUTSIDE_ENGLAND]).all()


@pytest.mark.slow
def test_flows_from_the_locality_centre(cf_index, lad_geo) -> None:
    loc = Locality("ca", (GMCA,))
    r = leakage(cf_index, None, loc, "geocoded", dict(zip(lad_geo["code"], lad_geo["rgn21cd"], strict=True)))  # fmt: skip
    centres = area_centroids(lad_geo)
    assert set(centres["level"]) == {"lad", "ca", "region"}
    assert len(centres[centres["level"] == "region"]) == 9
    origin = locality_centre(lad_geo, loc)
    assert (
        origin is not None and -2.8 < origin[0] < -1.9 and 53.3 < origin[1] < 53.7
    )  # Greater Manchester
    flows = leakage_flows(r, "region", centres, origin)
    # Arcs for every English destination region; "outside England" stays in the table only.
    assert flows["gbp"].sum() <= r.leaked_gbp + 0.01
    assert flows["gbp"].sum() == pytest.approx(r.by_region.loc[r.by_region["code"] != OUTSIDE_ENGLAND, "gbp"].sum())  # fmt: skip
    assert np.isfinite(flows[["dest_lon", "dest_lat"]].to_numpy()).all()
    london = flows.set_index("code").loc["E12000007"]
    assert -0.6 < london["dest_lon"] < 0.4 and 51.3 < london["dest_lat"] < 51.7
    with pytest.raises(ValueError, match="level"):
        leakage_flows(r, "lep", centres, origin)


def test_flows_reject_unknown_level() -> None:
    sf = prepare_spend(frame(), imd="2019")
    r = leakage(sf, None, Locality("lad", (TRAFFORD,)))
    empty = pd.DataFrame({"level": [], "code": [], "name": [], "lon": [], "lat": []})
    assert leakage_flows(r, "lad", empty, (0.0, 0.0)).empty
