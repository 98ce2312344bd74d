"""Page view state: URL parsing is tolerant and canonical, writing inverts reading, keys are derived."""

from __future__ import annotations

import pytest

from geo.analysis.filters import Filters, Locality
from ui.views import (
    NO_MAX,
    NO_MIN,
    AnalysisView,
    DeprivationView,
    GrowthDealsView,
    SpendMapView,
    amount_band,
    amount_bounds,
    amount_steps,
)
from ui.views_base import link_notes


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, SpendMapView()),
        ({"min": "5000"}, SpendMapView(filters=Filters(amount_min=5000.0))),
        (
            {"local": "lad:E08000009"},
            SpendMapView(local_kind="lad", locality=Locality("lad", ("E08000009",))),
        ),
        ({"local": "lads:"}, SpendMapView(local_kind="lads")),
        ({"local": "nonsense:E1"}, SpendMapView()),
        ({"layers": "lad,CA,junk,lad"}, SpendMapView(layers=("lad", "ca"))),
        ({"layers": "none"}, SpendMapView(layers=())),
        # `imd=1` was the layer switch before the vintage took `imd`: old links keep the layer on.
        ({"imd": "1", "colour": "local"}, SpendMapView(imd_layer=True, colour="local")),
        ({"imdmap": "1", "imd": "2019"}, SpendMapView(imd_layer=True, imd="2019")),
        ({"imd": "2025"}, SpendMapView()),
        ({"imd": "2011"}, SpendMapView()),
        ({"imd": ["2019", "junk"]}, SpendMapView()),
        ({"colour": "purple", "denom": "x"}, SpendMapView()),
        (
            {"zlevel": "lep", "area": "E37000051"},
            SpendMapView(zoom_level="lep", zoom_area="E37000051"),
        ),
        (
            {"zlevel": "lep", "area": "E08000009"},
            SpendMapView(zoom_level="lep"),
        ),  # a LAD code at LEP level
        # A county council's own county (upper-tier authority, 2024), under either IMD vintage.
        (
            {"zlevel": "utla24", "area": "E10000016"},
            SpendMapView(zoom_level="utla24", zoom_area="E10000016"),
        ),
        (
            {"zlevel": "UTLA24", "area": "e10000016", "imd": "2019"},
            SpendMapView(zoom_level="utla24", zoom_area="E10000016", imd="2019"),
        ),
        ({"zlevel": "utla24", "area": "E47000001"}, SpendMapView(zoom_level="utla24")),
        ({"view": "53.4,-2.3,9"}, SpendMapView(camera="53.40000,-2.30000,9.00")),
        ({"view": "nan,1,2"}, SpendMapView()),
        # A camera kept with "Keep this map view" travels beside the zoomed area (and wins over its fit).
        (
            {"area": "E08000009", "view": "53.4,-2.3,9"},
            SpendMapView(zoom_area="E08000009", camera="53.40000,-2.30000,9.00"),
        ),
        ({"min": ["1", "500"]}, SpendMapView(filters=Filters(amount_min=500.0))),
        ({"layers": "x" * 5000}, SpendMapView()),
    ],
)
def test_spend_map_view_from_params(params, expected):
    assert SpendMapView.from_params(params) == expected


@pytest.mark.parametrize(
    "view",
    [
        SpendMapView(),
        SpendMapView(layers=(), imd_layer=True, colour="local", denominator="geocoded"),
        SpendMapView(
            imd="2019", zoom_level="ca", zoom_area="E47000001", camera="53.40000,-2.30000,9.00"
        ),
        SpendMapView(
            local_kind="ca", locality=Locality("ca", ("E47000001",), "Greater Manchester")
        ),
        SpendMapView(local_kind="lads"),
        SpendMapView(filters=Filters(amount_min=5000.0, amount_max=1e6, buyers=("A, B",))),
        SpendMapView(zoom_level="ca", zoom_area="E47000001"),
        SpendMapView(camera="53.40000,-2.30000,9.00"),
        SpendMapView(filters=Filters(exclude_flagged=True)),
    ],
)
def test_spend_map_view_round_trips(view):
    assert SpendMapView.from_params(view.to_params()) == view


@pytest.mark.parametrize(
    ("cls", "params", "expected"),
    [
        (DeprivationView, {}, DeprivationView()),
        (
            DeprivationView,
            {"level": "lep", "area": "e37000051"},
            DeprivationView(level="lep", area="E37000051"),
        ),
        (DeprivationView, {"level": "ward", "area": "E37000051"}, DeprivationView()),
        (
            DeprivationView,
            {"layers": "none", "view": "52,-1,6"},
            DeprivationView(layers=(), camera="52.00000,-1.00000,6.00"),
        ),
        (
            DeprivationView,
            {"level": "ca", "area": "E47000001", "imd": "2019", "view": "53.4,-2.3,9"},
            DeprivationView(
                level="ca", area="E47000001", imd="2019", camera="53.40000,-2.30000,9.00"
            ),
        ),
        (DeprivationView, {"imd": "1"}, DeprivationView()),
        (GrowthDealsView, {"lep": "E37000051"}, GrowthDealsView(lep="E37000051")),
        (GrowthDealsView, {"lep": "E08000009"}, GrowthDealsView()),
        (GrowthDealsView, {"imd": "2019"}, GrowthDealsView(imd="2019")),
    ],
)
def test_other_views_from_params(cls, params, expected):
    view = cls.from_params(params)
    assert view == expected
    assert cls.from_params(view.to_params()) == view


def test_widget_keys_are_derived_from_fields():
    assert SpendMapView.key("imd_layer") == "sm.imd_layer"
    assert SpendMapView.key("locality", "lad") == "sm.locality.lad"
    assert DeprivationView.key("area") == "dep.area"
    with pytest.raises(KeyError):
        SpendMapView.key("sm_last_filters")


@pytest.mark.parametrize(
    ("params", "band", "bounds"),
    [
        ({}, (NO_MIN, NO_MAX), (None, None)),
        ({"min": "5000"}, ("£5,000", NO_MAX), (5000.0, None)),
        ({"min": "1234.5", "max": "10000000"}, ("£1,234.50", "£10m"), (1234.5, 1e7)),
        ({"min": "-250"}, ("−£250", NO_MAX), (-250.0, None)),
    ],
)
def test_amount_band_round_trip(params, band, bounds):
    view = SpendMapView.from_params(params)
    assert amount_band(view) == band
    steps = amount_steps(view)
    assert band[0] in steps and band[1] in steps  # a link's own bound is offered on the slider
    assert amount_bounds(band, view) == bounds


@pytest.mark.parametrize("band", ["£5,000", None, ("x",), ("£500", "nonsense"), 3])
def test_amount_bounds_never_raise(band):
    lo, hi = amount_bounds(band)
    assert lo is None or isinstance(lo, float)
    assert hi is None


@pytest.mark.parametrize("cls", [SpendMapView, DeprivationView, GrowthDealsView, AnalysisView])
@pytest.mark.parametrize(("imd", "written"), [("2025", None), ("2019", "2019")])
def test_every_view_carries_the_vintage(cls, imd, written):
    """The default vintage (IMD 2025) stays out of the link; IMD 2019 is written and read back."""
    view = cls().with_(imd=imd)
    assert view.to_params().get("imd") == written
    assert cls.from_params(view.to_params()).imd == imd


# --- Compare & leakage ----------------------------------------------------------------------------

GM = Locality("ca", ("E47000001",))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, AnalysisView()),
        ({"local": "ca:E47000001"}, AnalysisView(locality=GM)),
        ({"local": "lad:"}, AnalysisView(local_kind="lad")),
        (
            {"cmp": "PERIODS", "pa": "2022-23", "pb": "2023-24"},
            AnalysisView(mode="periods", period_a="2022-23", period_b="2023-24"),
        ),  # fmt: skip
        ({"cmp": "sideways", "pa": "2022-24", "pb": "23-24"}, AnalysisView()),  # not FY labels
        (
            {"a": "lad:E08000003", "b": "ca:E47000001"},
            AnalysisView(area_a=Locality("lad", ("E08000003",)), area_b=GM),
        ),  # fmt: skip
        (
            {"a": "lads:E08000003,E08000009", "b": "ca:E08000003"},
            AnalysisView(),
        ),  # one drawable area per side
        ({"respend": "0.6"}, AnalysisView(respend=0.6)),
        ({"respend": "1.5"}, AnalysisView()),
        ({"respend": "nan"}, AnalysisView()),
        ({"respend": "-0"}, AnalysisView(respend=0.0)),
        ({"respend": "0.123456"}, AnalysisView(respend=0.1235)),
        ({"flow": "region"}, AnalysisView(flow_level="region")),
        ({"flow": "lsoa"}, AnalysisView()),
        (
            {"min": "5000", "buyer": "A\\, B"},
            AnalysisView(filters=Filters(amount_min=5000.0, buyers=("A, B",))),
        ),  # fmt: skip
    ],
)
def test_analysis_view_from_params(params, expected):
    view = AnalysisView.from_params(params)
    assert view == expected
    assert AnalysisView.from_params(view.to_params()) == view


def test_analysis_view_default_respend_is_the_cited_default():
    from geo.analysis.multiplier import DEFAULT_RESPEND

    assert AnalysisView().respend == DEFAULT_RESPEND.value
    assert "respend" not in AnalysisView().to_params()  # the default is not written into links


@pytest.mark.parametrize(
    "view",
    [
        AnalysisView(),
        AnalysisView(
            locality=Locality("ca", ("E47000001",), "Greater Manchester"), denominator="geocoded"
        ),  # fmt: skip
        AnalysisView(mode="periods", period_a="2015-16", period_b="2024-25", respend=0.0),
        AnalysisView(
            area_a=Locality("lep", ("E37000051",)), area_b=GM, flow_level="ca", respend=1.0
        ),  # fmt: skip
        AnalysisView(local_kind="lads"),
    ],
)
def test_analysis_view_round_trips(view):
    assert AnalysisView.from_params(view.to_params()) == view


@pytest.mark.parametrize("exclude", [True, False])
def test_exclude_flagged_box_reaches_the_filters_and_url(exclude):
    from ui.views import spend_map_view_from

    view = spend_map_view_from(
        SpendMapView(),
        dates=None,
        date_bounds=(None, None),
        buyers=(),
        departments=(),
        query="",
        band=("no minimum", "no maximum"),
        areas={},
        exclude_flagged=exclude,
        deciles=(),
        statuses=(),
        local_kind="lep",
        local_codes=(),
        local_names={},
        denominator="all",
        layers=("lep",),
        imd_layer=False,
        colour="decile",
        zoom_level="lad",
        zoom_area=None,
    )
    assert view.filters.exclude_flagged is exclude
    assert (view.to_params().get("noflag") == "1") is exclude


@pytest.mark.parametrize(
    ("params", "unknown", "said"),
    [
        ({"zlevel": "ca", "area": "E47000001", "local": "ca:E47000001"}, (), ()),
        ({"zlevel": "ca", "area": "NOTACODE"}, (), ("area='NOTACODE'",)),
        # A code the boundary set does not hold (workshop walk: silently became local=ca:).
        ({"local": "ca:E99999999"}, (), ("local='ca:E99999999' could not be read",)),
        ({"local": "ca:E47000099"}, ("E47000099",), ("local area E47000099 is not",)),
        ({"local": "ca:NOTACODE"}, (), ("local='ca:NOTACODE' could not be read",)),
        ({"local": "lads:"}, (), ()),
        # Dates the wrong way round are swapped, and the link is told so.
        (
            {"from": "2023-03-31", "to": "2018-04-01"},
            (),
            ("wrong way round (from 2023-03-31 to 2018-04-01); showing 2018-04-01 to 2023-03-31",),
        ),
        ({"from": "2018-04-01", "to": "2023-03-31"}, (), ()),
    ],
)
def test_link_notes_name_what_the_view_could_not_use(params, unknown, said):
    view = SpendMapView.from_params(params)
    notes = link_notes(params, view.to_params(), unknown)
    assert len(notes) == len(said), notes
    for note, part in zip(notes, said, strict=True):
        assert part in note


def test_reversed_link_dates_are_swapped():
    f = SpendMapView.from_params({"from": "2023-03-31", "to": "2018-04-01"}).filters
    assert (f.date_from.isoformat(), f.date_to.isoformat()) == ("2018-04-01", "2023-03-31")
