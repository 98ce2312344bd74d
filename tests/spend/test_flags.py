"""Data-quality flags: implausible amounts, dates outside the stated period or in the future, duplicates; summarised, never silent."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.spend.combine import read_spend_files
from geo.spend.flags import add_flags, flag_mask, flag_summary, stated_period
from tests.spend.realdata import real_sets


@pytest.mark.parametrize(
    ("name", "period"),
    [
        ("2021-04.csv", ("2021-04-01", "2021-04-30")),
        ("council/2022-02.csv", ("2022-02-01", "2022-02-28")),
        (
            "trafford-supplier-spend-2024-25.zip › trafford-supplier-spend-2024-25.csv",
            ("2024-04-01", "2025-03-31"),
        ),
        ("Defra_Over__25k_June_2025.csv", ("2025-06-01", "2025-06-30")),
        ("Over__25K_Feb_26.csv", ("2026-02-01", "2026-02-28")),
        ("Defra_Over__25K_October_2025.csv", ("2025-10-01", "2025-10-31")),
        ("Over__25K_Transparency_July.csv", None),  # a month without a year states no period
        ("December_Over__25K.csv", None),
        ("contracts_finder_awarded_substance_misuse_2015-2024_notices.csv", None),
    ],
)
def test_stated_period(name, period):
    got = stated_period(name)
    if period is None:
        assert got is None
    else:
        assert (str(got[0].date()), str(got[1].date())) == period


def _frame(**cols):
    n = len(next(iter(cols.values())))
    base = {"row_number": range(1, n + 1), "supplier_name": ["A"] * n, "amount": [1.0] * n}
    base.update(cols)
    return pd.DataFrame(base)


@pytest.mark.parametrize(
    ("frame", "source", "expected"),
    [
        (
            _frame(date=pd.to_datetime(["2021-04-02", "2021-05-01"]), amount=[1.0, 2.0]),
            "2021-04.csv",
            ["", "date_outside_period"],
        ),
        (
            _frame(date=pd.to_datetime(["2024-01-01", "2031-01-01"]), amount=[1.0, 2.0]),
            "x.csv",
            ["", "date_in_future"],
        ),
        (
            _frame(date=pd.to_datetime(["2024-01-01"] * 3), amount=[5.0, 5.0, 6.0]),
            "x.csv",
            ["", "duplicate", ""],
        ),
        (
            _frame(
                amount=[2_000_000.0, 1_000.0],
                **{"Value Low": ["1000", "1000"], "amount_shared_by": [1, 1]},
            ),
            "cf.csv",
            ["value_vs_value_low", ""],
        ),
        (
            _frame(
                amount=[104130.0, 5.0], **{"Notice Identifier": ["20230418123753-104130", "X-1"]}
            ),
            "cf.csv",
            ["value_is_notice_id", ""],
        ),
    ],
)
def test_flags(frame, source, expected):
    frame["source_file"] = source
    out = add_flags(frame, today=date(2026, 12, 1))
    assert out["flags"].tolist() == expected


def test_outlier_against_the_files_own_percentile():
    amounts = [100.0 + i for i in range(2000)] + [10_000_000.0]
    out = add_flags(_frame(amount=amounts).assign(source_file="x.csv"))
    assert out["flags"].iloc[-1] == "amount_outlier"
    assert (out["flags"].iloc[:-1] == "").all()


def test_summary_and_filter():
    out = add_flags(
        _frame(date=pd.to_datetime(["2024-01-01"] * 3), amount=[5.0, 5.0, 6.0]).assign(
            source_file="x.csv"
        )
    )
    s = flag_summary(out)
    assert s.to_dict("records") == [
        {"flag": "duplicate", "meaning": s["meaning"].iloc[0], "rows": 1, "amount": 5.0}
    ]
    assert flag_mask(out).tolist() == [False, True, False]
    assert flag_mask(out, ["amount_outlier"]).tolist() == [False, False, False]


# What the real files carry (checked by reading the rows; listed in the handover note).
REAL_FLAGS = {
    "contracts_finder": {"value_vs_value_low": 44, "duplicate": 1},
    "manchester": {"duplicate": 27},
    "calderdale": {},
    "defra": {"date_outside_period": 10, "duplicate": 5},
    "trafford": {},  # its 50,470 exact repeats are line items (24% of rows): a note, not flags
}


@pytest.mark.parametrize("name", list(REAL_FLAGS))
def test_real_files_flags(name):
    table = read_spend_files(real_sets()[name])
    summary = flag_summary(table.frame)
    assert dict(zip(summary["flag"], summary["rows"], strict=True)) == REAL_FLAGS[name]
    for r in summary.itertuples():
        assert any(f"as {r.flag}:" in n for n in table.notes)  # never silent
    assert len(table.frame) == table.files["rows"].sum()  # flagged rows are kept


def test_trafford_repeats_are_a_note_not_flags():
    table = read_spend_files(real_sets()["trafford"])
    assert any("repeat another row exactly" in n and "not flagged" in n for n in table.notes)
