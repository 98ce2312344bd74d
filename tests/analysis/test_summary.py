"""Summaries on small hand-checked spend tables: headline shares, breakdowns, buyer averages, periods."""

from __future__ import annotations

import math
from datetime import date
from io import StringIO

import numpy as np
import pandas as pd
import pytest

from geo.analysis.compare import compare_buyers, compare_periods
from geo.analysis.filters import Filters, Locality, apply_filters
from geo.analysis.index import prepare_spend
from geo.analysis.periods import financial_year
from geo.analysis.summary import summarise
from geo.errors import SpendGeoError
from geo.fmt import NA_SHARE, format_share

TRAFFORD, MANCHESTER, TWO_LEP = "E08000009", "E08000003", "E07000131"
GM_LEP, LEP_X, LEP_Y = "E37000015", "E37000017", "E37000016"
GMCA = "E47000001"

# buyer, department, supplier, amount, date, status, lad, lep, lep2, ca, decile, sme, vcse
ROWS = [
    (
        "Council A",
        "Adults",
        "Acme Ltd",
        500.0,
        "2024-04-15",
        "matched",
        TRAFFORD,
        GM_LEP,
        None,
        GMCA,
        1,
        True,
        None,
    ),
    (
        "Council A",
        "Adults",
        "ACME  LTD",
        -100.0,
        "2024-05-01",
        "matched",
        TRAFFORD,
        GM_LEP,
        None,
        GMCA,
        1,
        True,
        None,
    ),
    (
        "Council A",
        "Children",
        "Beta Care",
        300.0,
        "2024-06-10",
        "matched",
        MANCHESTER,
        GM_LEP,
        None,
        GMCA,
        2,
        False,
        False,
    ),
    (
        "Council A",
        "Children",
        "Gamma, Two-LEP & Co",
        200.0,
        "2025-01-20",
        "matched",
        TWO_LEP,
        LEP_X,
        LEP_Y,
        None,
        5,
        None,
        None,
    ),
    (
        "Council B",
        "Roads",
        "Delta Scotland",
        150.0,
        "2025-04-02",
        "matched_outside_england",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ),
    (
        "Council B",
        "Roads",
        "Epsilon",
        250.0,
        "2024-07-07",
        "no_postcode",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ),
    (
        "Council B",
        None,
        "Acme Ltd",
        100.0,
        None,
        "matched",
        TRAFFORD,
        GM_LEP,
        None,
        GMCA,
        1,
        True,
        None,
    ),
    (
        "Council B",
        "Parks",
        "Zeta Trust",
        400.0,
        "2023-12-01",
        "matched",
        TRAFFORD,
        GM_LEP,
        None,
        GMCA,
        10,
        False,
        True,
    ),
]
# Hand totals for ROWS (see test_summary.py for the working).
TOTAL = 1800.0


def frame(rows: list[tuple] = ROWS) -> pd.DataFrame:
    """A geocoded spend table in the ARCHITECTURE.md schema (typed, as geo.spend.geocode returns it)."""
    cols = [
        "buyer", "department", "supplier_name", "amount", "date", "status",
        "lad21cd", "lep21cd", "lep21cd2", "ca24cd", "imd_decile", "is_sme", "is_vcse",
    ]  # fmt: skip
    df = pd.DataFrame(rows, columns=cols)
    df["date"] = pd.to_datetime(df["date"])
    df["imd_decile"] = df["imd_decile"].astype("Int8")
    df["is_sme"] = df["is_sme"].astype("boolean")
    df["is_vcse"] = df["is_vcse"].astype("boolean")
    df["is_credit"] = df["amount"] < 0
    df["supplier_id"] = pd.NA
    df["postcode"] = np.where(df["status"] == "no_postcode", None, "M1 1AA")
    for c in ("lsoa11cd",):
        df[c] = None
    df["lat"] = np.nan
    df["lon"] = np.nan
    return df


# --- working for ROWS (net £, the credit note counts −100) ------------------------------------
# total 500-100+300+200+150+250+100+400 = 1800; geocoded = all but Epsilon (no postcode) = 1550
# Trafford rows 0,1,6,7 = 500-100+100+400 = 900; GM LEP / GMCA rows 0,1,2,6,7 = 1200
# decile 1 rows 0,1,6 = 500; deciles 1-2 add Beta 300 = 800; two-LEP LAD (Gamma) = 200


def lad(code: str) -> Locality:
    return Locality("lad", (code,))


@pytest.fixture(scope="module")
def sf():
    return prepare_spend(frame(), imd="2019")


@pytest.mark.parametrize(
    ("locality", "denominator", "local", "local_share", "d1_share", "d12_share", "local_d1_share"),
    [
        (lad(TRAFFORD), "all", 900, 900 / 1800, 500 / 1800, 800 / 1800, 500 / 900),
        (lad(TRAFFORD), "geocoded", 900, 900 / 1550, 500 / 1550, 800 / 1550, 500 / 900),
        (Locality("lep", (GM_LEP,)), "all", 1200, 1200 / 1800, 500 / 1800, 800 / 1800, 500 / 1200),
        (
            Locality("lep", (LEP_Y,)),
            "all",
            200,
            200 / 1800,
            500 / 1800,
            800 / 1800,
            0.0,
        ),  # lep21cd2
        (Locality("lep", (LEP_X,)), "all", 200, 200 / 1800, 500 / 1800, 800 / 1800, 0.0),
        (Locality("ca", (GMCA,)), "all", 1200, 1200 / 1800, 500 / 1800, 800 / 1800, 500 / 1200),
        (
            Locality("lads", (TRAFFORD, MANCHESTER)),
            "all",
            1200,
            1200 / 1800,
            500 / 1800,
            800 / 1800,
            500 / 1200,
        ),  # fmt: skip
        (lad("E06000001"), "all", 0, 0.0, 500 / 1800, 800 / 1800, None),  # no local spend: n/a
        (None, "all", None, None, 500 / 1800, 800 / 1800, None),
    ],
)
def test_headline_shares(sf, locality, denominator, local, local_share, d1_share, d12_share, local_d1_share) -> None:  # fmt: skip
    s = summarise(sf, None, locality, denominator)
    assert s.total_gbp == pytest.approx(1800)
    assert s.denominator_gbp == pytest.approx(1800 if denominator == "all" else 1550)
    assert s.local_gbp == (None if local is None else pytest.approx(local))
    assert s.local_share == (None if local_share is None else pytest.approx(local_share))
    assert s.decile1_share == pytest.approx(d1_share)
    assert s.decile12_share == pytest.approx(d12_share)
    assert s.local_decile1_share == (None if local_d1_share is None else pytest.approx(local_d1_share))  # fmt: skip
    # Every figure says which boundary and which denominator it uses.
    where = locality.under("2019").description if locality else "no locality chosen"
    assert where in s.basis and where in s.labels["local_share"]
    of = "geocoded" if denominator == "geocoded" else "all spend"
    assert of in s.basis and of in s.labels["local_share"] and of in s.labels["decile1_share"]


def test_counts_credits_flags(sf) -> None:
    s = summarise(sf, None, lad(TRAFFORD))
    assert (s.transactions, s.suppliers, s.credit_rows) == (8, 6, 1)  # "ACME  LTD" = "Acme Ltd"
    assert (s.gross_gbp, s.credit_gbp) == (pytest.approx(1900), pytest.approx(-100))
    assert s.geocoded_gbp == pytest.approx(1550) and s.share_geocoded_rows == pytest.approx(7 / 8)
    # SME yes = Acme 500-100+100 = 500; no = Beta 300 + Zeta 400 = 700; not stated = 600 (never "no")
    assert s.sme_gbp == {"yes": 500, "no": 700, "not stated": 600}
    assert s.sme_share == pytest.approx(500 / 1200) and s.sme_not_stated_share == pytest.approx(
        600 / 1800
    )
    assert s.vcse_gbp == {"yes": 400, "no": 300, "not stated": 1100}
    assert s.vcse_share == pytest.approx(400 / 700)
    assert (s.rows_without_date, s.rows_without_amount) == (1, 0)
    assert "credit notes included" in s.labels["total_gbp"]


@pytest.mark.parametrize(
    ("bucket", "gbp", "rows"),
    [
        ("1", 500, 3),
        ("2", 300, 1),
        ("3", 0, 0),
        ("5", 200, 1),
        ("10", 400, 1),
        ("outside England", 150, 1),
        ("not geocoded", 250, 1),
    ],  # fmt: skip
)
def test_by_decile(sf, bucket: str, gbp: float, rows: int) -> None:
    t = summarise(sf, None, None).by_decile.set_index("bucket")
    assert len(t) == 12 and t["gbp"].sum() == pytest.approx(1800)
    assert t.loc[bucket, "gbp"] == pytest.approx(gbp) and t.loc[bucket, "rows"] == rows
    assert t.loc[bucket, "share"] == pytest.approx(gbp / 1800)
    assert math.isnan(t.loc["not geocoded", "share_of_geocoded"])


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("by_lad", {TRAFFORD: 900, MANCHESTER: 300, TWO_LEP: 200}),
        ("by_lep", {GM_LEP: 1200, LEP_X: 200, LEP_Y: 200}),  # two-LEP LAD counts in both
        ("by_ca", {GMCA: 1200}),
    ],
)
def test_by_area(sf, table: str, expected: dict) -> None:
    t = getattr(summarise(sf, None, None), table)
    assert dict(zip(t["code"], t["gbp"], strict=True)) == pytest.approx(expected)
    assert t["share"].tolist() == pytest.approx([v / 1800 for v in t["gbp"]])


def test_top_suppliers(sf) -> None:
    t = summarise(sf, None, None, top_n=3).top_suppliers
    assert t["supplier"].tolist() == ["Acme Ltd", "Zeta Trust", "Beta Care"]
    assert t["gbp"].tolist() == pytest.approx([500, 400, 300])
    assert t["rows"].tolist() == [3, 1, 1]
    assert t["decile"].tolist() == ["1", "10", "2"]
    assert t["lad21cd"].tolist() == [TRAFFORD, TRAFFORD, MANCHESTER]
    everyone = summarise(sf, None, None, top_n=100).top_suppliers
    assert len(everyone) == 6 and everyone["gbp"].sum() == pytest.approx(1800)
    assert everyone.set_index("supplier").loc["Epsilon", "decile"] == "not geocoded"


def test_by_month_and_financial_year(sf) -> None:
    s = summarise(sf, None, None)
    months = dict(zip(s.by_month["month"], s.by_month["gbp"], strict=True))
    assert months == {"2023-12": 400, "2024-04": 500, "2024-05": -100, "2024-06": 300, "2024-07": 250, "2025-01": 200, "2025-04": 150, "no date": 100}  # fmt: skip
    fys = dict(zip(s.by_financial_year["financial_year"], s.by_financial_year["gbp"], strict=True))
    # Jan 2025 is in 2024-25; Apr 2025 starts 2025-26.
    assert fys == {"2023-24": 400, "2024-25": 1150, "2025-26": 150, "no date": 100}


@pytest.mark.parametrize(
    "filters",
    [Filters(buyers=("Nobody",)), Filters(amount_max=-1)],  # no rows; net-negative (credit only)
)
def test_missing_is_missing(sf, filters: Filters) -> None:
    s = summarise(sf, apply_filters(sf, filters), lad(TRAFFORD))
    for name in (
        "local_share",
        "decile1_share",
        "decile12_share",
        "share_geocoded_gbp",
        "sme_share",
    ):
        assert getattr(s, name) is None, name
        assert format_share(getattr(s, name)) == NA_SHARE
    assert s.by_decile["share"].isna().all()
    assert format_share(0.0) == "0.0%"  # a real zero stays a zero


def test_filtered_summary(sf) -> None:
    s = summarise(sf, apply_filters(sf, Filters(buyers=("Council A",))), lad(TRAFFORD))
    # Council A: rows 0-3 = 500-100+300+200 = 900; Trafford = 400
    assert (s.total_gbp, s.local_gbp, s.transactions) == (900, 400, 4)
    assert s.local_share == pytest.approx(400 / 900)


def test_csv_round_trip_gives_same_summary(sf) -> None:
    buf = StringIO()
    frame().to_csv(buf, index=False)
    text = pd.read_csv(StringIO(buf.getvalue()), dtype=str)
    a = summarise(sf, None, lad(TRAFFORD)).to_dict()
    b = summarise(prepare_spend(text, imd="2019"), None, lad(TRAFFORD)).to_dict()
    assert a == b


def test_missing_columns() -> None:
    with pytest.raises(SpendGeoError, match="status, imd_decile"):
        prepare_spend(frame().drop(columns=["status", "imd_decile"]), imd="2019")


def test_unreadable_amounts_and_dates() -> None:
    df = frame().astype({"amount": object, "date": object})
    df.loc[0, "amount"] = "n/a"
    df.loc[1, "date"] = "not a date"
    s = summarise(prepare_spend(df, imd="2019"), None, None)
    assert s.rows_without_amount == 1 and s.total_gbp == pytest.approx(1300)
    assert s.rows_without_date == 2


# --- across buyers --------------------------------------------------------------------------------
# Council A spends £900: £90 with a Trafford supplier, £810 in Manchester → 10 % local.
# Council B spends £100: £50 Trafford, £50 Manchester → 50 % local.
# Council C nets to £0 (an invoice and its credit note) → no share; left out of both averages.
# Spend-weighted (pooled £): (90 + 50) / (900 + 100) = 140 / 1000 = 14 %.
# Simple mean of the buyers' shares: (10 % + 50 %) / 2 = 30 %.
BUYER_ROWS = [
    ("Council A", "D", "Acme Ltd", 90.0, "2024-04-01", "matched", TRAFFORD, GM_LEP, None, GMCA, 1, None, None),
    ("Council A", "D", "Beta Care", 810.0, "2024-04-01", "matched", MANCHESTER, GM_LEP, None, GMCA, 5, None, None),
    ("Council B", "D", "Zeta Trust", 50.0, "2024-04-01", "matched", TRAFFORD, GM_LEP, None, GMCA, 1, None, None),
    ("Council B", "D", "Beta Care", 50.0, "2024-04-01", "matched", MANCHESTER, GM_LEP, None, GMCA, 5, None, None),
    ("Council C", "D", "Beta Care", 70.0, "2024-04-01", "matched", MANCHESTER, GM_LEP, None, GMCA, 5, None, None),
    ("Council C", "D", "Beta Care", -70.0, "2024-04-02", "matched", MANCHESTER, GM_LEP, None, GMCA, 5, None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("locality", "measure", "shares", "weighted", "simple"),
    [
        (lad(TRAFFORD), "local", {"Council A": 0.10, "Council B": 0.50}, 0.14, 0.30),
        # Trafford suppliers here are decile 1, so the deprived measure matches the local one.
        (None, "decile1", {"Council A": 0.10, "Council B": 0.50}, 0.14, 0.30),
        (None, "decile12", {"Council A": 0.10, "Council B": 0.50}, 0.14, 0.30),
        # Each council's own boundary: A = Manchester 810/900 = 90 %, B = Trafford 50 %;
        # weighted (810 + 50) / 1000 = 86 %, simple (90 + 50) / 2 = 70 %.
        (
            {"Council A": lad(MANCHESTER), "Council B": lad(TRAFFORD)},
            "local",
            {"Council A": 0.9, "Council B": 0.5},
            0.86,
            0.70,
        ),  # fmt: skip
        # A buyer with no boundary in the mapping has no local share and is left out of both.
        ({"Council A": lad(MANCHESTER)}, "local", {"Council A": 0.9}, 0.9, 0.9),
    ],
)
def test_compare_buyers_weighted_vs_simple(locality, measure, shares, weighted, simple) -> None:
    sf = prepare_spend(frame(BUYER_ROWS), imd="2019")
    c = compare_buyers(sf, None, locality, measure)
    got = {
        n: s for n, s in zip(c.table["name"], c.table["share"], strict=True) if not math.isnan(s)
    }
    assert got == pytest.approx(shares)
    assert c.weighted_share == pytest.approx(weighted)
    assert c.simple_mean == pytest.approx(simple)
    assert c.n_included == len(shares)
    assert set(c.table["name"]) == {"Council A", "Council B", "Council C"}  # C shown, share n/a
    assert "Spend-weighted" in c.weighted_label and "Simple mean" in c.simple_label
    # The pooled share is the plain £ ratio over the included buyers.
    inc = c.table[c.table["share"].notna()]
    assert c.weighted_share == pytest.approx(
        inc["numerator_gbp"].sum() / inc["denominator_gbp"].sum()
    )


def test_compare_buyers_geocoded_denominator(sf) -> None:
    # Council B: total 900, of which Epsilon 250 is not geocoded → geocoded 650; Trafford 500.
    c = compare_buyers(sf, None, lad(TRAFFORD), "local", denominator="geocoded")
    t = c.table.set_index("name")
    assert t.loc["Council B", "denominator_gbp"] == pytest.approx(650)
    assert t.loc["Council B", "share"] == pytest.approx(500 / 650)
    assert "geocoded" in c.label


def test_compare_buyers_by_department(sf) -> None:
    c = compare_buyers(sf, None, lad(TRAFFORD), "local", by="department")
    t = c.table.set_index("name")
    assert t.loc["Adults", "share"] == pytest.approx(1.0)  # Acme 500-100, all Trafford
    assert t.loc["(no department named)", "denominator_gbp"] == pytest.approx(100)


# --- between periods ------------------------------------------------------------------------------


def test_compare_periods(sf) -> None:
    ch = compare_periods(sf, Filters(), "2023-24", "2024-25", lad(TRAFFORD))
    t = ch.table.set_index("figure")
    # 2023-24: Zeta 400, all Trafford. 2024-25: 500-100+300+200+250 = 1150, Trafford 400.
    assert (t.loc["total_gbp", "a"], t.loc["total_gbp", "b"], t.loc["total_gbp", "change"]) == (400, 1150, 750)  # fmt: skip
    assert t.loc["local_share", "a"] == pytest.approx(1.0)
    assert t.loc["local_share", "change"] == pytest.approx((400 / 1150 - 1.0) * 100)
    assert t.loc["local_share", "change_unit"] == "pp"
    # Explicit dates and the base filters' other dimensions are kept.
    ch2 = compare_periods(sf, Filters(buyers=("Council A",)), (date(2024, 4, 1), date(2024, 4, 30)), (None, None), None)  # fmt: skip
    t2 = ch2.table.set_index("figure")
    assert (t2.loc["total_gbp", "a"], t2.loc["total_gbp", "b"]) == (500, 900)
    assert math.isnan(t2.loc["local_share", "change"])  # no locality → n/a, not 0


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2024-25", (date(2024, 4, 1), date(2025, 3, 31))),
        ("1999-00", (date(1999, 4, 1), date(2000, 3, 31))),
    ],  # fmt: skip
)
def test_financial_year(label: str, expected: tuple) -> None:
    assert financial_year(label) == expected


@pytest.mark.parametrize("label", ["2024-26", "2024", "24-25", "abcd-ef"])
def test_financial_year_rejects(label: str) -> None:
    with pytest.raises(ValueError):
        financial_year(label)


# --- real data ------------------------------------------------------------------------------------

CONTRACTS_FINDER = "spend/contracts_finder_awarded_substance_misuse_2015-2024_notices.csv"


@pytest.mark.slow
def test_real_contracts_finder_invariants(request: pytest.FixtureRequest) -> None:
    # Skipped only while the ingest/geocode/store modules have not landed; the store fixture
    # (conftest) then fails loudly if the store itself is missing.
    ingest = pytest.importorskip("geo.spend.ingest")
    geocode = pytest.importorskip("geo.spend.geocode")
    store = pytest.importorskip("geo.store.read")
    request.getfixturevalue("store_path")
    raw_path = request.getfixturevalue("raw_path")
    spend = ingest.read_spend(raw_path / CONTRACTS_FINDER).frame
    geocoded = geocode.geocode(spend, store.read_postcodes())
    sf = prepare_spend(geocoded, imd="2019")
    assert sf.n == len(geocoded) > 0
    total = float(pd.to_numeric(geocoded["amount"], errors="coerce").fillna(0).sum())
    # The commonest supplier LAD is a realistic "local" with spend on both sides of the line.
    lad_code = geocoded["lad21cd"].dropna().astype(str).mode().iloc[0]
    loc = lad(lad_code)
    for denominator in ("all", "geocoded"):
        s = summarise(sf, None, loc, denominator)
        assert s.total_gbp == pytest.approx(total, rel=1e-9)
        assert s.by_decile["gbp"].sum() == pytest.approx(s.total_gbp, rel=1e-9)
        assert s.by_decile["rows"].sum() == s.transactions == len(geocoded)
        not_local = summarise(sf, ~apply_filters(sf, Filters(lads=(lad_code,))), loc, denominator)
        assert s.local_gbp + not_local.total_gbp == pytest.approx(s.total_gbp, rel=1e-9)
        assert s.by_financial_year["gbp"].sum() == pytest.approx(s.total_gbp, rel=1e-9)
    c = compare_buyers(sf, None, loc, "local")
    inc = c.table[c.table["share"].notna()]
    assert c.weighted_share == pytest.approx(
        inc["numerator_gbp"].sum() / inc["denominator_gbp"].sum()
    )
    if c.n_included:
        assert c.simple_mean == pytest.approx(inc["share"].mean())
    # Independent pandas check of the headline local and decile-1 £.
    located = (
        geocoded["status"]
        .astype(str)
        .isin(["matched", "matched_terminated", "matched_outside_england"])
    )
    amount = pd.to_numeric(geocoded["amount"], errors="coerce").fillna(0)
    s = summarise(sf, None, loc)
    assert s.local_gbp == pytest.approx(amount[located & (geocoded["lad21cd"] == lad_code)].sum())
    assert s.decile1_gbp == pytest.approx(amount[located & (geocoded["imd_decile"] == 1)].sum())
    assert np.isfinite(s.total_gbp)


def test_empty_table_and_unnamed() -> None:
    empty = prepare_spend(frame([]), imd="2019")
    s = summarise(empty, None, lad(TRAFFORD))
    assert (s.total_gbp, s.transactions, s.local_share) == (0.0, 0, None)
    assert compare_buyers(empty, None, lad(TRAFFORD)).weighted_share is None
    df = frame()
    df["supplier_name"] = None  # no names: one visible "(supplier not named)" row, 0 distinct
    s = summarise(prepare_spend(df, imd="2019"), None, None)
    assert s.suppliers == 0 and s.top_suppliers["supplier"].tolist() == ["(supplier not named)"]


@pytest.mark.parametrize(
    ("filters", "locality", "denominator", "name", "why"),
    [
        (Filters(buyers=("Nobody",)), lad(TRAFFORD), "all", "local_share", "no spend in selection"),
        (Filters(amount_max=-1), lad(TRAFFORD), "all", "decile1_share", "net spend in the selection is not positive"),
        (Filters(), None, "all", "local_share", "no local boundary chosen"),
        (Filters(), None, "all", "local_decile1_share", "no local boundary chosen"),
    ],
)  # fmt: skip
def test_a_missing_headline_figure_says_why(sf, filters, locality, denominator, name, why) -> None:
    s = summarise(sf, apply_filters(sf, filters), locality, denominator)
    fig = next(f for f in s.headline() if f.name == name)
    assert fig.value is None and fig.why_missing == why
    assert all(f.why_missing == "" for f in s.headline() if f.value is not None)
