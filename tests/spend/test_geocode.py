"""Geocoding: every status on a tiny hand-built index, the match report, and real spend against the prepared index."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.spend.geocode import (
    ADDED_COLUMNS,
    STATUSES,
    PostcodeLookup,
    encode_keys,
    geocode,
    match_report,
)
from geo.spend.postcode import normalise

CF = "spend/contracts_finder_awarded_substance_misuse_2015-2024_notices.csv"
LOCATED = ("matched", "matched_outside_england", "matched_terminated")


def tiny_index() -> pd.DataFrame:
    """Four postcodes covering every index state; the values are placeholders for the lookup logic."""
    cat = lambda *v: pd.Categorical(list(v))  # noqa: E731
    return pd.DataFrame(
        {
            "pcd": pd.array(["CF101EP", "GIR0AA", "M11AA", "SW1A1AA", "SW1A2AA"], dtype="string"),
            "lat": np.array([51.48, np.nan, 53.49, 51.50, 51.50], dtype=np.float32),
            "lon": np.array([-3.18, np.nan, -2.23, -0.14, -0.13], dtype=np.float32),
            "lsoa11cd": cat(None, None, "E01033651", "E01004736", "E01004736"),
            "lad21cd": cat(None, None, "E08000003", "E09000033", "E09000033"),
            "lep21cd": cat(None, None, "E37000015", "E37000051", "E37000051"),
            "lep21cd2": cat(None, None, None, None, None),
            "ca24cd": cat(None, None, "E47000001", None, None),
            "imd_decile": pd.array([None, None, 5, 8, 8], dtype="Int8"),
            "in_england": [False, False, True, True, True],
            "has_location": [True, False, True, True, True],
            "terminated": pd.array([None, None, None, False, True], dtype="boolean"),
        }
    )


# raw postcode text → (status, display postcode, lad21cd)
CASES: list[tuple[object, str, str | None, str | None]] = [
    ("M1 1AA", "matched", "M1 1AA", "E08000003"),
    ("m11aa", "matched", "M1 1AA", "E08000003"),
    ("  M1  1AA ", "matched", "M1 1AA", "E08000003"),
    ("Postcode: M1 1AA", "matched", "M1 1AA", "E08000003"),
    ("SW1A 1AA", "matched", "SW1A 1AA", "E09000033"),
    ("SW1A 2AA", "matched_terminated", "SW1A 2AA", "E09000033"),
    ("CF10 1EP", "matched_outside_england", "CF10 1EP", None),
    ("GIR 0AA", "no_location", "GIR 0AA", None),
    ("ZZ99 9ZZ", "unknown_postcode", "ZZ99 9ZZ", None),
    # Placeholders a finance system writes for "none" are no postcode, not an invalid one
    # ("NULL" in Defra's 2025-26 £25k files): a register or another route may still place them.
    ("not known", "no_postcode", None, None),
    ("NULL", "no_postcode", None, None),
    ("N/A", "no_postcode", None, None),
    ("-", "no_postcode", None, None),
    ("tbc", "no_postcode", None, None),
    ("NULLS", "invalid_postcode", None, None),
    ("CH-1223", "invalid_postcode", None, None),
    ("NPT 0AD", "invalid_postcode", None, None),
    ("12345", "invalid_postcode", None, None),
    ("", "no_postcode", None, None),
    ("   ", "no_postcode", None, None),
    (None, "no_postcode", None, None),
]


@pytest.mark.parametrize(("raw", "status", "postcode", "lad"), CASES)
def test_status_per_value(raw: object, status: str, postcode: str | None, lad: str | None) -> None:
    frame = pd.DataFrame({"postcode_raw": pd.array([raw], dtype="string"), "amount": [10.0]})
    row = geocode(frame, tiny_index()).iloc[0]
    assert row["status"] == status
    assert pd.isna(row["postcode"]) if postcode is None else row["postcode"] == postcode
    assert pd.isna(row["lad21cd"]) if lad is None else row["lad21cd"] == lad
    located = status in LOCATED
    assert np.isnan(row["lat"]) != located and np.isnan(row["lon"]) != located
    assert pd.isna(row["imd_decile"]) == (lad is None)


def test_whole_frame_keeps_order_columns_and_dtypes() -> None:
    raws = [c[0] for c in CASES]
    frame = pd.DataFrame(
        {
            "postcode_raw": pd.array(raws * 3, dtype="string"),
            "amount": np.arange(len(raws) * 3, dtype=float),
            "supplier_name": [f"s{i}" for i in range(len(raws) * 3)],
        },
        index=pd.RangeIndex(100, 100 + len(raws) * 3),
    )
    out = geocode(frame, PostcodeLookup.from_index(tiny_index()))
    assert list(out.columns) == [*frame.columns, *ADDED_COLUMNS]
    assert out.index.equals(frame.index)
    assert out["supplier_name"].tolist() == frame["supplier_name"].tolist()
    assert out["status"].tolist() == [c[1] for c in CASES] * 3
    assert list(out["status"].cat.categories) == list(STATUSES)
    assert out["lat"].dtype == np.float32 and out["imd_decile"].dtype == "Int8"
    assert out.loc[out["lad21cd"] == "E08000003", "imd_decile"].eq(5).all()
    assert frame.columns.tolist() == ["postcode_raw", "amount", "supplier_name"]  # input untouched


def test_unsorted_index_and_object_input() -> None:
    index = tiny_index().iloc[::-1].reset_index(drop=True)
    frame = pd.DataFrame({"postcode_raw": np.array(["SW1A 1AA", None, "M1 1AA"], dtype=object)})
    out = geocode(frame, index)
    assert out["status"].tolist() == ["matched", "no_postcode", "matched"]
    assert out["lad21cd"].tolist()[::2] == ["E09000033", "E08000003"]


def test_missing_postcode_column_and_empty_frame() -> None:
    out = geocode(pd.DataFrame({"amount": [1.0, 2.0]}), tiny_index())
    assert out["status"].tolist() == ["no_postcode", "no_postcode"]
    empty = geocode(pd.DataFrame({"postcode_raw": pd.array([], dtype="string")}), tiny_index())
    assert len(empty) == 0 and set(ADDED_COLUMNS) <= set(empty.columns)


def test_empty_index_gives_unknown() -> None:
    index = tiny_index().iloc[:0]
    out = geocode(pd.DataFrame({"postcode_raw": ["M1 1AA", "junk", None]}), index)
    assert out["status"].tolist() == ["unknown_postcode", "invalid_postcode", "no_postcode"]


def test_encode_keys_preserves_string_order() -> None:
    pcds = pd.Series(["A11AA", "AB100AA", "AB10AA", "AB11AA", "GIR0AA", "SW1A1AA", "ZE39ZZ"])
    keys = encode_keys(pcds)
    assert sorted(pcds) == pcds.tolist() and (np.diff(keys) > 0).all()
    shuffled = pcds.sample(frac=1, random_state=1)
    assert shuffled.iloc[np.argsort(encode_keys(shuffled))].tolist() == sorted(pcds)
    assert (
        encode_keys(pd.Series(["", None, "AB1!AA", "ABCDEFGH"], dtype="string")).tolist()
        == [-1] * 4
    )


def test_match_report_rows_money_and_total() -> None:
    frame = pd.DataFrame(
        {
            "postcode_raw": ["M1 1AA", "M1 1AA", "CF10 1EP", "junk", None],
            "amount": [100.0, -20.0, 50.0, 30.0, 40.0],
        }
    )
    report = match_report(geocode(frame, tiny_index()))
    assert report["status"].tolist() == [*STATUSES, "total"]
    by = report.set_index("status")
    assert by.loc["matched", "rows"] == 2 and by.loc["matched", "amount"] == 80.0
    assert by.loc["matched_outside_england", "amount"] == 50.0
    assert by.loc["no_location", "rows"] == 0 and by.loc["no_location", "amount"] == 0.0
    assert by.loc["total", "rows"] == 5 and by.loc["total", "amount"] == 200.0
    assert by.loc["matched", "share_rows"] == pytest.approx(0.4)
    assert by.loc["matched", "share_amount"] == pytest.approx(0.4)
    assert by.loc[list(STATUSES), "share_rows"].sum() == pytest.approx(1.0)


# --- real data -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lookup(store_path: Path) -> PostcodeLookup:
    return PostcodeLookup.from_index(pd.read_parquet(store_path / "postcodes.parquet"))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("raw", "status", "lad"),
    [
        ("M1 1AA", "matched", "E08000003"),  # Manchester city centre
        ("M2 4WU", "matched", "E08000003"),
        ("SW1A 1AA", "matched", "E09000033"),  # Westminster
        ("LS1 1UR", "matched", "E08000035"),  # Leeds
        ("TD15 1AA", "matched", "E06000057"),  # Berwick-upon-Tweed, Northumberland
        ("CF10 1EP", "matched_outside_england", None),  # Cardiff
        ("EH1 1YZ", "matched_outside_england", None),  # Edinburgh
        ("BT1 1AA", "matched_outside_england", None),  # Belfast
        ("GIR 0AA", "no_location", None),
    ],
)
def test_real_postcodes(lookup: PostcodeLookup, raw: str, status: str, lad: str | None) -> None:
    row = geocode(pd.DataFrame({"postcode_raw": [raw]}), lookup).iloc[0]
    assert row["status"] == status
    assert pd.isna(row["lad21cd"]) if lad is None else row["lad21cd"] == lad
    if lad is not None:
        assert str(row["lsoa11cd"]).startswith("E01") and 1 <= row["imd_decile"] <= 10


@pytest.mark.slow
def test_contracts_finder_match_rate(lookup: PostcodeLookup, raw_path: Path) -> None:
    from geo.spend.ingest import read_spend

    spend = read_spend(raw_path / CF).frame
    with_postcode = normalise(spend["postcode_raw"]).notna()
    # 517 of the 561 notices carry a postcode in a supplier address; multi-supplier notices
    # become one row per supplier, so there are more rows than notices.
    assert with_postcode.sum() >= 517
    out = geocode(spend, lookup)
    located = out.loc[with_postcode, "status"].isin(LOCATED)
    assert located.mean() >= 0.98, match_report(out).to_string()
    assert (out.loc[~with_postcode, "status"] == "no_postcode").all()
    # The money is conserved: the report's total is every row's amount.
    report = match_report(out).set_index("status")
    assert report.loc["total", "amount"] == pytest.approx(spend["amount"].sum())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("raw", "lad24", "ca25"),
    [
        ("M1 1AA", "E08000003", "E47000001"),  # Manchester, Greater Manchester
        ("S1 2HH", "E08000019", "E47000002"),  # Sheffield: IoD2025 code, not LAD 2025's E08000039
        ("NG1 2DT", "E06000018", "E47000013"),  # Nottingham, East Midlands CA (2024)
        ("CA3 8QG", "E06000063", None),  # Carlisle → Cumberland (2023), in no CA
        ("SW1A 1AA", "E09000033", None),  # Westminster: London is not a Combined Authority
        ("CF10 1EP", None, None),  # Cardiff
    ],
)
def test_real_postcodes_current_geography(
    lookup: PostcodeLookup, raw: str, lad24: str | None, ca25: str | None
) -> None:
    """Both vintages on one spend row: LSOA 2021, LAD 2024, CA May 2025 and the IMD 2025 decile."""
    row = geocode(pd.DataFrame({"postcode_raw": [raw]}), lookup).iloc[0]
    assert pd.isna(row["lad24cd"]) if lad24 is None else row["lad24cd"] == lad24
    assert pd.isna(row["ca25cd"]) if ca25 is None else row["ca25cd"] == ca25
    if lad24 is None:
        assert pd.isna(row["lsoa21cd"]) and pd.isna(row["imd25_decile"])
    else:
        assert str(row["lsoa21cd"]).startswith("E01") and 1 <= row["imd25_decile"] <= 10
        assert 1 <= row["imd_decile"] <= 10


@pytest.mark.slow
@pytest.mark.parametrize(
    ("raw", "utla24"),
    [
        ("PR1 8XJ", "E10000017"),  # Lancashire County Hall, Preston: a county
        ("BB11 2DT", "E10000017"),  # Burnley (E07000117), one of Lancashire's 12 districts
        ("FY1 1GB", "E06000009"),  # Blackpool: a unitary, its own upper tier
        ("M1 1AA", "E08000003"),  # Manchester: a metropolitan district, its own
        ("CF10 1EP", None),  # Cardiff: England only
    ],
)
def test_real_postcodes_upper_tier_authority(lookup: PostcodeLookup, raw: str, utla24) -> None:
    row = geocode(pd.DataFrame({"postcode_raw": [raw]}), lookup).iloc[0]
    assert pd.isna(row["utla24cd"]) if utla24 is None else row["utla24cd"] == utla24


def test_index_without_current_columns_gives_missing() -> None:
    """A store built before IMD 2025 still geocodes: the 2021 columns come out missing, never 0."""
    out = geocode(pd.DataFrame({"postcode_raw": ["M1 1AA"]}), tiny_index())
    current = ["lsoa21cd", "lad24cd", "ca25cd", "utla24cd", "imd25_decile"]
    assert list(out.columns[-5:]) == current
    assert out[current].isna().all().all()
