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


# The areas a clicked LSOA lies in, from the real store (ONS/MHCLG lookups, both vintages).
@pytest.mark.parametrize(
    ("imd", "lsoa", "want"),
    [
        # Manchester 2021 LSOA: LAD 2024 Manchester (a metropolitan district: its own upper tier,
        # named once), Greater Manchester LEP and CA (May 2025).
        ("2025", "E01005061", [("LAD 2024", "Manchester", "E08000003"),
                               ("LEP 2021", "Greater Manchester", "E37000015"),
                               ("CA 2025", "Greater Manchester", "E47000001")]),
        # Cannock Chase sat in two LEPs (2021): both are named.
        ("2025", "E01029345", [("LAD 2024", "Cannock Chase", "E07000192"),
                               ("2024", "Staffordshire", "E10000028"),
                               ("LEP 2021", "Greater Birmingham and Solihull", "E37000012"),
                               ("LEP 2021", "Stoke-on-Trent and Staffordshire", "E37000032")]),
        # City of London: in no combined authority, so none is named (not a blank or a guess).
        ("2025", "E01000001", [("LAD 2024", "City of London", "E09000001"),
                               ("LEP 2021", "London", "E37000051")]),
        # IMD 2019 reads the 2011 LSOAs with LAD 2021 and CA May 2024.
        ("2019", "E01005061", [("LAD 2021", "Manchester", "E08000003"),
                               ("LEP 2021", "Greater Manchester", "E37000015"),
                               ("CA 2024", "Greater Manchester", "E47000001")]),
        # A Kent district's LSOA names its county (Upper-tier local authority (2024)) too.
        ("2025", "E01023972", [("LAD 2024", "Ashford", "E07000105"),
                               ("2024", "Kent", "E10000016"),
                               ("LEP 2021", "South East", "E37000056")]),
        ("2025", "E01999999", []),  # not an LSOA
    ],
)  # fmt: skip
def test_lsoa_places_names_the_areas_an_lsoa_lies_in(store_path, imd, lsoa, want):
    from geo import levels
    from geo.store import read as store

    table = store.read_lsoa(imd=imd)
    keys = selection.place_levels(imd, table.columns)
    names = {}
    for k in keys:
        areas = store.read_areas(levels.get(k).store, imd=imd)
        names[k] = dict(zip(areas["code"].astype(str), areas["name"].astype(str), strict=True))
    got = selection.lsoa_places(table, levels.imd(imd).lsoa_column, lsoa, keys, names)
    assert all(p.level in keys for p in got)  # each place says its level (its spend table)
    assert [(p.label.split("(")[-1].split(",")[0].rstrip(")"), p.name, p.code) for p in got] == want
    line = selection.places_line(got)
    assert line == "" if not want else line.startswith("In ") and all(c in line for *_, c in want)
    # A county's spend is its districts': Kent's twelve (ONS LAD-to-UTLA lookup).
    parts = {p.code: p.parts for p in got if p.level == "utla24"}
    assert len(parts.get("E10000016", ())) == (12 if lsoa == "E01023972" else 0)
    assert all(not p.parts for p in got if p.level != "utla24")


@pytest.mark.parametrize(
    ("imd", "keys"),
    [
        ("2025", ["lad24", "utla24", "lep", "ca25"]),
        ("2019", ["lad", "lep", "ca"]),  # LSOA 2011 rows carry no upper-tier authority
    ],
)
def test_place_levels_follow_what_the_vintages_lsoas_carry(store_path, imd, keys):
    from geo.store import read as store

    assert selection.place_levels(imd, store.read_lsoa(imd=imd).columns) == keys


def _by_lad(rows):
    import pandas as pd

    return pd.DataFrame(rows, columns=["code", "gbp", "share", "rows"])


@pytest.mark.parametrize(
    ("level", "code", "parts", "want"),
    [
        ("lad24", "E07000105", (), "£1,000 (10.0% of all spend in the selection) with suppliers "
         "located in this area, over 3 rows."),
        # A county: the sum of its districts' spend.
        ("utla24", "E10000016", ("E07000105", "E07000106"), "£3,000 (30.0% of all spend in the "
         "selection) with suppliers located in this area, over 7 rows."),
        ("lad24", "E07000110", (), "No spend in this selection with suppliers located in this area."),
        ("utla24", "E10000016", (), ""),  # no districts, no county table: nothing to say
        ("lad24", "", (), ""),
    ],
)  # fmt: skip
def test_area_spend_line(level, code, parts, want):
    from types import SimpleNamespace

    summary = SimpleNamespace(
        by_lad=_by_lad([("E07000105", 1000.0, 0.1, 3), ("E07000106", 2000.0, 0.2, 4)])
    )
    assert selection.area_spend_line(summary, level, code, parts) == want


def test_a_band_in_the_decile_tiles_is_picked_as_its_area():
    """A click on a boundary band names the area and its level, not an LSOA."""
    band = {"properties": {"lvl": "ca25", "c": "E47000001", "n": "Greater Manchester",
                           "x": "Combined Authority (CA 2025)"}}  # fmt: skip
    (pick,) = selection.picks({"selection": {"objects": {"lsoa-imd": [band]}}})
    assert (pick.kind, pick.code, pick.key) == ("Combined Authority", "E47000001", None)
    assert pick.level == "ca25" and not pick.is_lsoa


@pytest.mark.parametrize(
    ("layer", "obj", "level", "is_lsoa"),
    [
        # An area layer's level is its id's head: the vintage's own key, which picks the
        # summary's table of that area's spend (lad24 under IMD 2025 once found none).
        ("lad24-outline", {"properties": {"n": "Manchester", "c": "E08000003"}}, "lad24", False),
        ("lep-outline", LEP, "lep", False),
        ("lsoa-imd", LSOA, "", True),
        ("suppliers", POINT, "", False),
    ],
)
def test_a_pick_knows_its_areas_level(layer, obj, level, is_lsoa):
    (pick,) = selection.picks({"selection": {"objects": {layer: [obj]}}})
    assert (pick.level, pick.is_lsoa) == (level, is_lsoa)
