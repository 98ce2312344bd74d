"""Both deprivation vintages on real data: the Contracts Finder file under IMD 2025 and IMD 2019."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo import levels
from geo.analysis.filters import Filters, apply_filters, imd_from_params, imd_to_params
from geo.analysis.index import GEOCODED_STATUSES, prepare_spend
from geo.analysis.locality import Locality
from geo.analysis.summary import summarise
from geo.errors import SpendGeoError

VINTAGES = ("2025", "2019")
GMCA = "E47000001"  # Greater Manchester: a CA in both the 2024 and the 2025 sets


@pytest.fixture(scope="module")
def direct(cf_geocoded: pd.DataFrame, postcode_index: pd.DataFrame) -> pd.DataFrame:
    """Each CF row with its supplier postcode's areas read straight from the postcode index."""
    compact = cf_geocoded["postcode"].astype("string").str.replace(" ", "", regex=False)
    idx = postcode_index.set_index("pcd")
    cols = ["imd_decile", "imd25_decile", "lad21cd", "lad24cd", "ca24cd", "ca25cd", "utla24cd"]
    looked = idx.reindex(compact.fillna("").to_numpy())[cols].reset_index(drop=True)
    located = cf_geocoded["status"].astype("string").isin(GEOCODED_STATUSES).to_numpy()
    out = looked.assign(amount=pd.to_numeric(cf_geocoded["amount"]).fillna(0).to_numpy())
    return out.assign(located=located)


@pytest.mark.parametrize("imd", VINTAGES)
def test_decile_shares_equal_the_postcode_index(cf_geocoded, direct, imd) -> None:
    v = levels.imd(imd)
    sf = prepare_spend(cf_geocoded, imd=imd)
    s = summarise(sf, None, None)
    dec = pd.to_numeric(direct[v.decile_column], errors="coerce").to_numpy()
    amount, located = direct["amount"].to_numpy(), direct["located"].to_numpy()
    assert s.decile1_gbp == pytest.approx(amount[located & (dec == 1)].sum())
    assert s.decile12_gbp == pytest.approx(amount[located & (dec <= 2)].sum())
    assert s.decile1_share == pytest.approx(amount[located & (dec == 1)].sum() / amount.sum())
    # Every figure and the basis name the vintage and its LSOAs.
    assert f"deprivation = {v.label} decile ({v.lsoa_vintage})" in s.basis
    assert v.label in s.labels["decile1_share"] and v.lsoa_vintage in s.labels["decile1_share"]
    assert s.to_dict()["imd"] == imd and sf.imd == imd


def test_the_two_vintages_differ_on_real_spend(cf_geocoded) -> None:
    a, b = (summarise(prepare_spend(cf_geocoded, imd=k), None, None) for k in VINTAGES)
    assert a.total_gbp == pytest.approx(b.total_gbp)  # the same spend …
    assert a.decile1_gbp != pytest.approx(b.decile1_gbp)  # … in a different deprivation map
    assert (a.by_decile["gbp"].sum(), a.geocoded_gbp) == pytest.approx((b.by_decile["gbp"].sum(), b.geocoded_gbp))  # fmt: skip


def test_default_vintage_is_2025(cf_geocoded) -> None:
    assert levels.DEFAULT_IMD == "2025" and prepare_spend(cf_geocoded).imd == "2025"


@pytest.mark.parametrize(
    ("imd", "spec", "column"),
    [
        ("2025", "ca:E47000001", "ca25cd"),  # "ca" under 2025 means CA May 2025
        ("2019", "ca:E47000001", "ca24cd"),
        ("2025", "ca24:E47000001", "ca24cd"),  # an explicit level never follows the vintage
        ("2019", "ca25:E47000001", "ca25cd"),
        ("2025", "lad:E08000009", "lad24cd"),
        ("2019", "lad:E08000009", "lad21cd"),
        ("2025", "lad21:E08000009", "lad21cd"),
        ("2025", "utla24:E10000017", "utla24cd"),  # an upper-tier authority: LSOA 2021 only
        ("2019", "utla24:E10000017", "utla24cd"),
        ("2025", "utla24:E08000003", "utla24cd"),
    ],
)
def test_local_follows_the_vintage_and_equals_the_index(cf_geocoded, direct, imd, spec, column) -> None:  # fmt: skip
    loc = Locality.parse(spec, imd=imd)
    assert loc.level.column == column
    s = summarise(prepare_spend(cf_geocoded, imd=imd), None, loc)
    code = loc.codes[0]
    inside = direct["located"].to_numpy() & (direct[column] == code).fillna(False).to_numpy()
    assert s.local_gbp == pytest.approx(direct["amount"].to_numpy()[inside].sum())
    assert loc.level.vintage in s.basis


def test_locality_without_vintage_follows_the_index(cf_geocoded) -> None:
    loc = Locality("ca", (GMCA,))
    for imd, col in (("2025", "ca25cd"), ("2019", "ca24cd")):
        sf = prepare_spend(cf_geocoded, imd=imd)
        assert summarise(sf, None, loc).locality.level.column == col


@pytest.mark.parametrize("imd", VINTAGES)
def test_area_filter_lad_follows_the_vintage(cf_geocoded, direct, imd) -> None:
    sf = prepare_spend(cf_geocoded, imd=imd)
    col = levels.for_imd("lad", imd).column
    code = direct.loc[direct["located"], col].dropna().value_counts().index[0]
    mask = apply_filters(sf, Filters(lads=(code,)))
    want = direct["located"].to_numpy() & (direct[col] == code).fillna(False).to_numpy()
    assert np.array_equal(mask, want)


def test_unknown_vintage_and_missing_columns_are_one_sentence(cf_geocoded) -> None:
    with pytest.raises(SpendGeoError, match="Unknown IMD vintage '2015'"):
        prepare_spend(cf_geocoded, imd="2015")
    with pytest.raises(SpendGeoError, match="imd25_decile .*IMD 2025"):
        prepare_spend(cf_geocoded.drop(columns=["imd25_decile"]), imd="2025")


@pytest.mark.parametrize(
    ("params", "imd", "back"),
    [
        ({}, "2025", {}),
        ({"imd": "2019"}, "2019", {"imd": "2019"}),
        ({"imd": "1999"}, "2025", {}),
        ({"imd": ["2025"]}, "2025", {}),
    ],  # fmt: skip
)
def test_imd_url_param(params, imd, back) -> None:
    assert imd_from_params(params) == imd
    assert imd_to_params(imd) == back


@pytest.mark.parametrize(
    ("level", "columns", "carried"),
    [
        ("utla24", ("lsoa21cd", "lad24cd", "utla24cd"), True),  # LSOA 2021 rows
        ("utla24", ("lsoa11cd", "lad21cd", "lep21cd", "ca24cd"), False),  # LSOA 2011 rows
        ("lep", ("lsoa11cd", "lep21cd2"), True),  # either LEP column will do
        ("ca25", ("lsoa11cd", "ca24cd"), False),
    ],
)
def test_which_rows_can_say_their_area(level, columns, carried) -> None:
    assert levels.carried_by(level, columns) is carried
