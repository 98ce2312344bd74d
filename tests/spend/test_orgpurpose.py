"""Purposes only an organisation can be paid: which texts count, and the share of a name's rows needed."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.spend.orgpurpose import org_only_by_name, org_only_reason, org_only_rows


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("SCHOOL BUDGET SHARE - 162877advMar25", "school budget share"),  # Trafford 2024-25
        ("Pay School Budget", "school budget share"),  # Manchester 2021-22 "Expenses Type"
        ("Schools Budget Share", "school budget share"),  # Calderdale 2021-22 "Definition"
        ("CLIENTS PERS NEEDS", ""),
        ("NON MAINT SCH FEES", ""),  # fees for a place: paid to independent schools and others
        ("Budget", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_org_only_reason(text, reason):
    assert org_only_reason(text) == reason


def test_rows_read_every_purpose_column_and_names_need_half_their_rows():
    frame = pd.DataFrame(
        {
            "supplier_name": ["A", "A", "A", "B", "B", "B", None],
            "Purpose": ["x", "SCHOOL BUDGET SHARE", "y", "SCHOOL BUDGET SHARE", "z", "z", "x"],
            "Definition": [
                "Schools Budget Share",
                None,
                None,
                None,
                None,
                None,
                "Pay School Budget",
            ],
            "Invoice": ["Schools Budget Share"] * 7,  # not a purpose column
        }
    )
    rows = org_only_rows(frame)
    assert rows.tolist() == ["school budget share"] * 2 + [""] + ["school budget share"] + [
        ""
    ] * 2 + ["school budget share"]
    assert org_only_by_name(frame["supplier_name"], rows) == {"A": "school budget share"}
    assert org_only_by_name(pd.Series([], dtype=object), pd.Series([], dtype=object)) == {}
