"""The prepared store against the official figures: counts, deciles vs File 10, populations, Growth Deals."""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pandas as pd
import pytest

from geo.errors import SpendGeoError
from geo.store import catalogue, prepare, sources
from geo.store import read as store


def _raw(raw_path, key):
    return raw_path / catalogue.get(key).path


@pytest.fixture(scope="module")
def lsoa(store_path):
    return pd.DataFrame(store.read_lsoa(store_path).drop(columns="geometry"))


@pytest.fixture(scope="module")
def lad(store_path):
    return store.read_areas("lad", store_path).set_index("code")


@pytest.fixture(scope="module")
def lep(store_path):
    return store.read_areas("lep", store_path).set_index("code")


@pytest.fixture(scope="module")
def deals(raw_path):
    return sources.read_growth_deals(_raw(raw_path, "growth_deals"))


def test_lsoa_count_and_deciles(lsoa):
    assert len(lsoa) == 32_844
    counts = lsoa["imd_decile"].value_counts()
    assert sorted(counts.index) == list(range(1, 11))
    assert set(counts) <= {3_284, 3_285}


def test_every_lsoa_has_an_english_lad21(lsoa, lad):
    assert lsoa["lad21cd"].isin(lad.index).all()
    assert lad["n_lsoa"].sum() == 32_844


def test_leps(lep, lad):
    assert len(lep) == 38
    assert lad["lep21cd"].notna().all()
    assert int(lad["lep21cd2"].notna().sum()) == 7
    # The second LEP sorts after the first (ordered by code).
    two = lad.loc[lad["lep21cd2"].notna()]
    assert (two["lep21cd"] < two["lep21cd2"]).all()
    members = lep["members"].str.split(";").explode()
    assert set(members) == set(lad.index)


def test_lsoa_area_codes_follow_their_lad(lsoa, lad):
    for col in ("lep21cd", "lep21cd2", "ca24cd", "ca21cd"):
        expected = lsoa["lad21cd"].map(lad[col])
        pd.testing.assert_series_equal(
            lsoa[col].fillna("-"), expected.fillna("-"), check_names=False, check_dtype=False
        )


def test_decile1_counts_match_file10_for_every_lad(raw_path, lsoa, lad):
    """n_decile1 per LAD21 (from geography: LSOA → its file's LAD11 code → LAD21) vs IMD File 10.

    File 10 gives, per 2019 LAD, the proportion of its LSOAs in the most deprived 10%; times the
    LAD19's LSOA count in File 1 that is a count. LAD19 → LAD21 changes were whole-district
    merges (Buckinghamshire's 4 districts in 2020, Northamptonshire's 7 into North and West in
    2021), so LAD19 counts are summed to LAD21; the LAD19 → LAD21 map comes from the LSOA
    table itself (each LAD19 must fall in exactly one LAD21), not from a hand-made list.
    """
    f1 = sources.read_imd_file1(_raw(raw_path, "imd19_file1"))
    f10 = sources.read_imd_file10(_raw(raw_path, "imd19_file10")).set_index("lad19cd")
    n_lsoa19 = f1.groupby("lad19cd").size()
    assert set(n_lsoa19.index) == set(f10.index)
    expected19 = (f10["prop_decile1"] * n_lsoa19.reindex(f10.index)).round().astype(int)
    pairs = lsoa[["lad19cd", "lad21cd"]].drop_duplicates()
    assert pairs["lad19cd"].is_unique, "a LAD19 split across LAD21s: not a whole-district merge"
    to21 = pairs.set_index("lad19cd")["lad21cd"]
    expected21 = expected19.groupby(to21.reindex(expected19.index).to_numpy()).sum()
    assert len(expected21) == 309
    got = lad["n_decile1"].reindex(expected21.index)
    diff = got[got != expected21]
    assert diff.empty, f"n_decile1 differs for {list(diff.index)}"


@pytest.mark.parametrize(
    ("lad21cd", "lad19cds"),
    [
        ("E06000060", ["E07000004", "E07000005", "E07000006", "E07000007"]),  # Buckinghamshire
        ("E06000061", ["E07000150", "E07000152", "E07000153", "E07000156"]),  # North Northants
        ("E06000062", ["E07000151", "E07000154", "E07000155"]),  # West Northants
    ],
)
def test_merged_lads_cover_their_predecessors(lsoa, lad21cd, lad19cds):
    got = sorted(lsoa.loc[lsoa["lad21cd"] == lad21cd, "lad19cd"].unique())
    assert got == sorted(lad19cds)


def test_population_totals(raw_path, lad, lep):
    pop = sources.read_population(_raw(raw_path, "pop19"))
    england = int(pop.loc[pop["code"] == "E92000001", "population"].iloc[0])
    assert int(lad["population"].sum()) == england == 56_286_961
    # LEP population is the sum of member LADs (the 7 shared LADs count toward both LEPs).
    for code, row in lep.iterrows():
        assert row["population"] == lad["population"].reindex(row["members"].split(";")).sum(), code


@pytest.mark.parametrize(
    ("lad21cd", "sheet_codes"),
    [
        ("E06000061", ["E07000150", "E07000152", "E07000153", "E07000156"]),
        ("E06000062", ["E07000151", "E07000154", "E07000155"]),
        ("E06000060", ["E06000060"]),  # Buckinghamshire already unitary in the 2020 codes
    ],
)
def test_population_northamptonshire_mapped(raw_path, lad, lad21cd, sheet_codes):
    pop = sources.read_population(_raw(raw_path, "pop19")).set_index("code")["population"]
    assert lad.loc[lad21cd, "population"] == pop.reindex(sheet_codes).sum()


def test_growth_deal_totals_equal_source(lep, deals):
    direct = deals.loc[deals["lep21cd"].notna()].set_index("lep21cd")
    for col, src in [
        ("gd_round1_gbp_m", "round1_gbp_m"),
        ("gd_round2_gbp_m", "round2_gbp_m"),
        ("gd_round3_gbp_m", "round3_gbp_m"),
        ("gd_total_gbp_m", "total_gbp_m"),
    ]:
        pd.testing.assert_series_equal(
            lep[col].reindex(direct.index), direct[src], check_names=False, check_index_type=False
        )
    carried = lep["gd_total_gbp_m"].dropna()
    assert len(carried) == 30
    assert carried.sum() == pytest.approx(direct["total_gbp_m"].sum())
    # The source's 32 non-empty totals: the 30 direct plus the two rows without a 2021 code.
    # SOURCES.md quotes the sum to one decimal: "£7,728.0m" (the exact cell sum is 7,728.03).
    assert round(deals["total_gbp_m"].sum(), 1) == 7_728.0
    indirect = deals.loc[deals["lep21cd"].isna(), "total_gbp_m"]
    assert len(indirect.dropna()) == 2
    assert carried.sum() + indirect.sum() == pytest.approx(deals["total_gbp_m"].sum())


def test_growth_deal_gaps_are_missing_not_zero(lep):
    no_total = lep["gd_total_gbp_m"].isna()
    assert int(no_total.sum()) == 8
    assert lep.loc[no_total, "gd_per_head_gbp"].isna().all()
    assert lep.loc[no_total, "gd_missing_reason"].notna().all()
    assert lep.loc[~no_total, "gd_missing_reason"].isna().all()
    assert not (lep[["gd_total_gbp_m", "gd_per_head_gbp"]] == 0).to_numpy().any()
    # On the 2021 area (kept for comparison); gd_per_head_gbp uses the signing-time area (issue 12).
    per_head = lep["gd_total_gbp_m"] * 1e6 / lep["population"]
    pd.testing.assert_series_equal(lep["gd_per_head_2021_area_gbp"], per_head, check_names=False)


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        ("E37000058", "York, North Yorkshire and East Riding"),
        ("E37000061", "Humber"),
        ("E37000057", "rounds 2 and 3"),
        ("E37000034", "round 2"),
        ("E37000048", "round 3"),
    ],
)
def test_growth_deal_missing_reasons(lep, code, phrase):
    assert phrase in lep.loc[code, "gd_missing_reason"]


@pytest.mark.parametrize(
    ("rounds", "text"),
    [([2], "round 2"), ([2, 3], "rounds 2 and 3"), ([1, 2, 3], "rounds 1, 2 and 3")],
)
def test_round_list(rounds, text):
    assert prepare._round_list(rounds) == text


@pytest.mark.parametrize(("level", "rows"), [("ca24", 11), ("ca21", 10)])
def test_combined_authorities(store_path, lad, level, rows):
    ca = store.read_areas(level, store_path)
    assert len(ca) == rows
    col = "ca24cd" if level == "ca24" else "ca21cd"
    assert set(lad[col].dropna()) == set(ca["code"])
    assert (ca["n_lsoa"] > 0).all()


def test_manifest_step_times(store_path):
    manifest = store.read_manifest(store_path)
    for step in ("verify", "lsoa", "overlay", "simplify", "postcodes"):
        assert step in manifest["steps_seconds"]
    assert manifest["code_version"] == prepare.code_version()


def _fake_store(src, dst):
    dst.mkdir()
    shutil.copy(src / "manifest.json", dst / "manifest.json")
    for name in prepare.OUTPUTS:
        (dst / name).write_bytes(b"")
    return json.loads((dst / "manifest.json").read_text())


def test_up_to_date_logic(store_path, tmp_path):
    manifest = _fake_store(store_path, tmp_path / "s")
    datasets = manifest["datasets"]
    version = manifest["code_version"]
    assert prepare._up_to_date(tmp_path / "s", datasets, version)
    assert not prepare._up_to_date(tmp_path / "s", datasets, "other")
    changed = {**datasets, "lep21": {**datasets["lep21"], "sha256": "0" * 64}}
    assert not prepare._up_to_date(tmp_path / "s", changed, version)
    os.remove(tmp_path / "s" / "lsoa.parquet")
    assert not prepare._up_to_date(tmp_path / "s", datasets, version)


def test_refuses_a_mismatching_raw_file(raw_path, tmp_path):
    raw = tmp_path / "raw"
    for key in prepare.INPUT_KEYS:
        dest = raw / catalogue.get(key).path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.symlink_to(_raw(raw_path, key))
    target = raw / catalogue.get("growth_deals").path
    data = target.read_bytes()
    target.unlink()
    target.write_bytes(data.replace(b"217.8", b"217.9", 1))
    with pytest.raises(SpendGeoError, match="growth_deals") as err:
        prepare.prepare(raw=raw, store=tmp_path / "store")
    assert "Checksum mismatch" in str(err.value)
    assert not (tmp_path / "store").exists()


def test_lad21_population_rejects_missing_lad(raw_path):
    pop = sources.read_population(_raw(raw_path, "pop19"))
    l11 = sources.read_lad11_lad21(_raw(raw_path, "lad11_lad21"))
    codes = pd.Index(["E06000001", "E99999999"])
    with pytest.raises(SpendGeoError, match="E99999999"):
        prepare.lad21_population(pop, codes, l11)


def test_lsoa_lad21_rejects_unknown_lad11(raw_path):
    l11 = sources.read_lad11_lad21(_raw(raw_path, "lad11_lad21"))
    lad11 = pd.Series(["E06000001", "W06000001"], dtype="string")
    with pytest.raises(SpendGeoError, match="W06000001"):
        prepare.lsoa_lad21(lad11, l11, pd.Index(["E06000001"]))


def test_deciles_sum(lad):
    assert np.all(lad["n_decile12"] >= lad["n_decile1"])
    assert int(lad["n_decile1"].sum()) == 3_284 or int(lad["n_decile1"].sum()) == 3_285
