"""Reading notes of many files said once: twelve monthly files gave 56 notes (exports walk)."""

from __future__ import annotations

import pytest

from geo.spend.filenotes import fold_file_notes


@pytest.mark.parametrize(
    ("per_file", "expected"),
    [
        # One file: its notes as they are.
        ([("a.csv", ["a.csv has no postcode.", "Read 5 rows totalling £3.00 from a.csv."])],
         ["a.csv has no postcode.", "Read 5 rows totalling £3.00 from a.csv."]),
        # The same note from each file, said once with the files it applies to.
        ([("a.csv", ["a.csv has no postcode."]), ("b.csv", ["b.csv has no postcode."])],
         ["Each of the 2 files (a.csv, b.csv) has no postcode."]),
        ([("a.csv", ["Columns used from a.csv: x."]), ("b.csv", ["Columns used from b.csv: y."])],
         ["Columns used from a.csv: x.", "Columns used from b.csv: y."]),
        # Row counts add up over the files; the per-file "Read" notes go.
        ([("a.csv", ["94 row(s) are credits (£-257,911.27).", "Read 5 rows totalling £3.00 from a.csv."]),
          ("b.csv", ["6 row(s) are credits (£-2,088.73)."]),
          ("c.csv", [])],
         ["In 2 of the 3 files together: 100 row(s) are credits (£-260,000.00)."]),
        # A count that names its file is not summed (the name's digits are no count).
        ([("2021-04.csv", ["3 row(s) in 2021-04.csv lack a date."]),
          ("2021-05.csv", ["4 row(s) in 2021-05.csv lack a date."])],
         ["3 row(s) in 2021-04.csv lack a date.", "4 row(s) in 2021-05.csv lack a date."]),
        # A note found once stays as it is.
        ([("a.csv", ["Line 4 holds a.csv's header."]), ("b.csv", [])],
         ["Line 4 holds a.csv's header."]),
    ],
)  # fmt: skip
def test_fold_file_notes(per_file, expected):
    assert fold_file_notes(per_file) == expected


def test_calderdales_twelve_months_read_as_a_handful_of_notes():
    from geo.spend.combine import read_spend_files
    from tests.spend.placing_fixture import calderdale_files

    table = read_spend_files(calderdale_files())
    assert len(table.notes) <= 10, table.notes  # 56 before
    text = "\n".join(table.notes)
    assert "Each of the 12 files (2021-04.csv, 2021-05.csv, 2021-06.csv …) has no supplier" in text
    # The credits of the twelve months add up to the dataset's own.
    frame = table.frame
    credits = frame["amount"] < 0
    assert f"In all 12 files together: {int(credits.sum()):,} row(s) are credits" in text
    assert f"£{frame.loc[credits, 'amount'].sum():,.2f}" in text
