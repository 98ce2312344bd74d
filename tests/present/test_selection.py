"""Map selection payloads → picks and a detail table (pure; the page only renders the table)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from geo.present import selection

POINT = {
    "p": [-2.2, 53.4],
    "r": 5.0,
    "f": [1, 2, 3, 215],
    "n": "Acme Ltd",
    "c": "M1 1AA",
    "x": "£1,200",
    "k": 7,
}
LSOA = {
    "type": "Feature",
    "properties": {"n": "Trafford 001A", "c": "E01006074", "x": "IMD 2019 decile 9", "d": 9},
}
LEP = {"geometry": {}, "properties": {"n": "Greater Manchester", "c": "E37000015", "x": "LEP"}}


@pytest.mark.parametrize(
    "payload,expected",
    [
        (None, []),
        ({}, []),
        ({"selection": {"objects": {}}}, []),
        (
            {"selection": {"objects": {"suppliers": [POINT]}}},
            [("Supplier", "Acme Ltd", "M1 1AA", 7)],
        ),
        (
            {"selection": {"objects": {"lsoa-imd": [LSOA]}}},
            [("LSOA", "Trafford 001A", "E01006074", None)],
        ),
        (
            {"selection": {"objects": {"lep-outline": [LEP], "suppliers": [POINT]}}},
            [
                ("Supplier", "Acme Ltd", "M1 1AA", 7),
                ("LEP", "Greater Manchester", "E37000015", None),
            ],
        ),
        (
            {"selection": {"objects": {"ca-outline": [{"properties": {"n": "GMCA"}}]}}},
            [("Combined Authority", "GMCA", "", None)],
        ),
        ({"selection": {"objects": {"weird": ["text", 3, None]}}}, []),
        ({"selection": {"objects": {"suppliers": "not a list"}}}, []),
        ({"selection": "nonsense"}, []),
    ],
)
def test_picks(payload, expected):
    got = [(p.kind, p.name, p.code, p.key) for p in selection.picks(payload)]
    assert got == expected


def test_attribute_style_state_and_detail_table():
    state = SimpleNamespace(
        selection=SimpleNamespace(objects={"lsoa-imd": [LSOA], "suppliers": [POINT]})
    )
    picks = selection.picks(state)
    assert picks[0].is_supplier and picks[0].key == 7
    table = selection.detail_table(picks)
    assert list(table.columns) == list(selection.DETAIL_COLUMNS)
    assert table.to_dict("records")[1] == {
        "What": "LSOA",
        "Name": "Trafford 001A",
        "Code": "E01006074",
        "Details": "IMD 2019 decile 9",
    }
    assert selection.detail_table([]).empty
