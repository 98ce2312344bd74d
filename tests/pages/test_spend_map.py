"""Spend map page: default dataset drawn, filters change the cards, layers and URL state round-trip."""

from __future__ import annotations

import json

import pytest

from geo import levels
from tests.pages.conftest import deck_layers, deck_spec, metric
from ui.views import SpendMapView


def test_spend_map_runs_with_default_dataset(run_page):
    at = run_page("pages/spend_map.py")
    layers = deck_layers(at)
    assert "suppliers" in layers and "lep-outline" in layers
    assert "lsoa-imd" not in layers  # LSOAs only when switched on
    assert metric(at, "Total spend").startswith("£")


def test_changing_a_filter_changes_the_summary_cards(run_page):
    at = run_page("pages/spend_map.py")
    before = metric(at, "Total spend")
    buyers = at.multiselect(key=SpendMapView.key("filters", "buyers")).options
    at.multiselect(key=SpendMapView.key("filters", "buyers")).set_value([buyers[0]]).run()
    assert not at.exception
    after = metric(at, "Total spend")
    assert after != before
    assert at.query_params.get("buyer")  # the filter is in the URL


@pytest.mark.parametrize(
    ("params", "outlines"),
    [
        ({"imdmap": "1"}, {"lad24-outline", "ca25-outline"}),  # IMD 2025: LAD 2024, CA May 2025
        ({"imdmap": "1", "imd": "2019"}, {"lad-outline", "ca-outline"}),  # LAD 2021, CA May 2024
        ({"imd": "1"}, {"lad24-outline", "ca25-outline"}),  # an old link's layer switch
    ],
)
def test_layers_switched_on_are_in_the_deck(run_page, params, outlines):
    at = run_page("pages/spend_map.py", layers="lad,ca", **params)
    layers = deck_layers(at)
    assert outlines | {"lsoa-imd", "suppliers"} <= set(layers)
    assert not any(name.startswith("lep") for name in layers)
    at.toggle(key=SpendMapView.key("imd_layer")).set_value(False).run()
    assert "lsoa-imd" not in deck_layers(at)


@pytest.mark.parametrize("imd", ["2025", "2019"])
def test_upper_tier_outlines_under_both_vintages(run_page, imd):
    at = run_page("pages/spend_map.py", layers="utla24", imdmap="1", imd=imd)
    assert {"utla24-outline", "lsoa-imd", "suppliers"} <= set(deck_layers(at))
    legend = " ".join(str(h.proto.body) for h in at.get("html"))
    assert "Upper-tier local authority (2024)" in legend


@pytest.mark.parametrize(
    ("imd", "level", "code", "zoom_box", "lat"),
    [
        # CA 2025 under IMD 2025 (the LSOA 2021 tiles), CA 2024 under IMD 2019 (LSOA 2011).
        ("2025", "ca", "E47000001", "ca25", 53.5),
        ("2019", "ca", "E47000001", "ca", 53.5),
        # Cumberland exists only in LAD 2024 (the IMD 2025 set), Allerdale only in LAD 2021.
        ("2025", "lad", "E06000063", "lad24", 54.6),
        ("2019", "lad", "E07000026", "lad", 54.7),
    ],
)
def test_zoom_follows_the_vintage_and_keeps_the_tiles(run_page, imd, level, code, zoom_box, lat):
    at = run_page("pages/spend_map.py", imdmap="1", imd=imd, zlevel=level, area=code)
    layers = deck_layers(at)
    assert at.selectbox(key=SpendMapView.key("zoom_area", zoom_box)).value == code
    spec = deck_spec(at)
    assert spec["initialViewState"]["zoom"] > 7.5
    assert abs(spec["initialViewState"]["latitude"] - lat) < 0.6
    fill = layers["lsoa-imd"]
    if fill["@@type"] == "MVTLayer":
        assert f"/lsoa{'21' if imd == '2025' else '11'}/" in fill["data"][0]
        # The decile tiles veil the rest and outline the area (by the code each LSOA carries):
        # no GeoJSON veil, no line layer; zoomed in, the LSOAs answer clicks (naming the areas
        # they lie in), so no invisible boundary click layer (and its tiles) is sent.
        column = levels.for_imd(level, imd).column  # ca25cd, ca24cd, lad24cd, lad21cd
        assert f"properties.{column} === '{code}'" in fill["getFillColor"]
        assert "focus" not in layers and fill["pickable"]
        assert not any(name.endswith(("-line", "-outline")) for name in layers)
    else:
        assert "focus" in layers and layers["focus"]["filled"]  # the veil over the rest


@pytest.mark.parametrize("imd", ["2025", "2019"])
def test_zoom_to_a_county_under_both_vintages(run_page, imd):
    # A county council's officer zooms to the county they set as local (Kent, upper-tier 2024):
    # the decile tiles stay; the county's outline and the veil over the rest are a focus layer
    # (the tiles carry no band for a county, and LSOA 2011 rows no county code).
    at = run_page("pages/spend_map.py", imdmap="1", imd=imd, zlevel="utla24", area="E10000016")
    assert not at.exception
    assert at.radio(key=SpendMapView.key("zoom_level")).value == "utla24"
    assert at.selectbox(key=SpendMapView.key("zoom_area", "utla24")).value == "E10000016"
    spec = deck_spec(at)
    assert spec["initialViewState"]["zoom"] > 7.5
    assert abs(spec["initialViewState"]["latitude"] - 51.2) < 0.3
    assert abs(spec["initialViewState"]["longitude"] - 0.7) < 0.4
    layers = deck_layers(at)
    assert "focus" in layers and layers["focus"]["filled"]
    assert f"/lsoa{'21' if imd == '2025' else '11'}/" in layers["lsoa-imd"]["data"][0]
    # Zoomed, a click on an LSOA names it (before, only a zoomed LAD, LEP or CA's tiles answered:
    # a click in Kent named the LEP under it).
    assert layers["lsoa-imd"]["pickable"]
    assert not any(k.endswith("-outline") for k in layers), list(layers)  # no LEP click layer


def test_locality_from_url_sets_local_share(run_page):
    at = run_page("pages/spend_map.py", local="ca:E47000001")
    assert at.radio(key=SpendMapView.key("local_kind")).value == "ca"
    assert at.selectbox(key=SpendMapView.key("locality", "ca25")).value == "E47000001"
    assert "%" in metric(at, "Local share") or "n/a" in metric(at, "Local share")


def test_choosing_an_upper_tier_authority_as_local(run_page):
    at = run_page("pages/spend_map.py")
    at.radio(key=SpendMapView.key("local_kind")).set_value("utla24").run()
    box = at.selectbox(key=SpendMapView.key("locality", "utla24"))
    assert len(box.options) == 154  # the blank choice and the 153 upper-tier authorities
    box.set_value("E10000016").run()  # Kent
    assert not at.exception
    assert at.query_params.get("local") == "utla24:E10000016"
    assert "%" in metric(at, "Local share")
    basis = " ".join(str(c.value) for c in at.caption).replace("\\", "")  # Markdown escapes
    assert "upper-tier authority Kent (E10000016; UTLA 2024" in basis
    # The link brings it back.
    again = run_page("pages/spend_map.py", local="utla24:E10000016")
    assert again.radio(key=SpendMapView.key("local_kind")).value == "utla24"
    assert again.selectbox(key=SpendMapView.key("locality", "utla24")).value == "E10000016"
    assert metric(again, "Local share") == metric(at, "Local share")


def test_filter_matching_nothing_shows_message_not_traceback(run_page):
    at = run_page("pages/spend_map.py", q="zzzz-no-such-supplier-zzzz")
    assert any("No spend matches" in str(i.value) for i in at.info)
    assert "suppliers" not in deck_layers(at)


def test_amount_slider_changes_cards_and_url(run_page):
    # Issue 10 item 3: the select_slider was seeded through session state without a pair `value`,
    # so it was a one-thumb slider and moving it changed neither the cards nor the URL.
    at = run_page("pages/spend_map.py")
    before = metric(at, "Transactions")
    slider = at.select_slider(key=SpendMapView.key("filters", "amount"))
    assert slider.value == ("no minimum", "no maximum")
    slider.set_value(("£25,000", "no maximum")).run()
    assert not at.exception
    assert at.query_params.get("min") == "25000.0"
    assert metric(at, "Transactions") != before


def test_link_with_an_odd_amount_keeps_it_on_the_slider(run_page):
    at = run_page("pages/spend_map.py", min="1234")
    assert at.select_slider(key=SpendMapView.key("filters", "amount")).value == (
        "£1,234",
        "no maximum",
    )
    at.run()
    assert at.query_params.get("min") == "1234.0"  # a rerun does not drop the link's bound


def test_file_without_postcodes_shows_na_and_how_to_place_suppliers(run_page, no_postcode_dataset):
    at = run_page("pages/spend_map.py", _dataset=no_postcode_dataset)
    for label in ("Deprived areas (decile 1)", "Deprived areas (deciles 1–2)", "Located (by £)"):
        assert metric(at, label) == "n/a — no supplier located"
    text = " ".join(str(w.value) for w in at.warning)
    assert "supplier register" in text and "no supplier postcodes" in text


def _default_dataset(**changes):
    """The bundled Contracts Finder dataset through the real pipeline, with fields replaced."""
    from dataclasses import replace

    from geo.paths import raw_dir
    from geo.spend import pipeline
    from geo.spend.geocode import PostcodeLookup
    from geo.store import catalogue
    from geo.store import read as store

    entry = catalogue.get("spend_cf")
    ds = pipeline.build_dataset(
        [raw_dir() / entry.path],
        PostcodeLookup.from_index(store.read_postcodes()),
        name=entry.title,
    )
    return replace(ds, **changes)


@pytest.fixture(scope="module")
def flagged_dataset(store_path):
    """Contracts Finder with its data-quality flags (geo.spend.flags) on the geocoded rows."""
    from geo.spend.flags import add_flags

    ds = _default_dataset()
    flagged = add_flags(ds.geocoded)
    assert (flagged["flags"] != "").any(), "the real file has implausible awards to flag"
    return _default_dataset(geocoded=flagged, token=ds.token + "-flags")


def test_exclude_flagged_box_names_the_rows_and_changes_cards(run_page, flagged_dataset):
    at = run_page("pages/spend_map.py", _dataset=flagged_dataset)
    box = at.checkbox(key=SpendMapView.key("filters", "noflag"))
    n = int((flagged_dataset.geocoded["flags"] != "").sum())
    assert f"{n:,} rows" in box.label and "£" in box.label
    box.check().run()
    assert not at.exception
    assert at.query_params.get("noflag") == "1"
    assert metric(at, "Transactions") == f"{len(flagged_dataset.geocoded) - n:,}"


def test_fixed_size_scale_is_stated_and_kept_across_filters(run_page):
    at = run_page("pages/spend_map.py")
    html = " ".join(str(h.proto.body) for h in at.get("html"))
    assert "Fixed scale for this dataset" in html
    radius = max(p["r"] for p in deck_layers(at)["suppliers"]["data"])
    buyers = at.multiselect(key=SpendMapView.key("filters", "buyers")).options
    at.multiselect(key=SpendMapView.key("filters", "buyers")).set_value([buyers[-1]]).run()
    after = " ".join(str(h.proto.body) for h in at.get("html"))
    # The largest circle stands for the same £ in every view: the legend note does not change,
    # and no point of the narrower selection is drawn bigger than the whole dataset's biggest.
    assert after.count("Fixed scale for this dataset") == 1
    assert html.split("Fixed scale")[1][:80] == after.split("Fixed scale")[1][:80]
    assert max(p["r"] for p in deck_layers(at)["suppliers"]["data"]) <= radius


def test_hostile_dataset_name_is_shown_as_text(run_page):
    name = "[click](https://evil.example) **bold** <img src=x onerror=alert(1)>"
    at = run_page("pages/spend_map.py", _dataset=_default_dataset(name=name))
    caption = " ".join(str(c.value) for c in at.caption)
    assert "\\[click\\]" in caption and "&lt;img" in caption
    assert "](https://evil" not in caption.replace("\\]", "")


def test_report_and_map_buttons_are_on_the_page(run_page):
    at = run_page("pages/spend_map.py")
    labels = [b.proto.label for b in at.get("download_button")]
    for label in ("Report (HTML)", "Report (DOCX)", "Map (PNG)", "Map (SVG)", "Map (PDF)"):
        assert label in labels


@pytest.mark.parametrize(
    ("imd", "lad_key", "has", "lacks"),
    [
        # Cumberland (E06000063) replaced Allerdale (E07000026) and two more districts in 2023.
        ("2025", "lad24", "E06000063", "E07000026"),
        ("2019", "lad", "E07000026", "E06000063"),
    ],
)
def test_area_lists_follow_the_imd_vintage(run_page, imd, lad_key, has, lacks):
    """The local picker and supplier-area filter list the vintage's own LADs, the ones "local" and
    the filter match (under IMD 2025 a LAD 2021 code such as Allerdale's matched no supplier)."""
    at = run_page("pages/spend_map.py", imd=imd, local="lad:E08000009")  # Trafford, in both
    local = at.selectbox(key=SpendMapView.key("locality", lad_key)).options
    supplier = at.multiselect(key=SpendMapView.key("filters", lad_key)).options
    for options in (local, supplier):
        assert any(f"({has})" in o for o in options), options[:3]
        assert not any(f"({lacks})" in o for o in options)
    labels = [m.label for m in at.multiselect]
    assert f"Supplier IMD {imd} decile" in labels, labels
    at.selectbox(key=SpendMapView.key("locality", lad_key)).set_value(has).run()
    assert not at.exception
    assert at.query_params.get("local") == f"lad:{has}"


@pytest.mark.parametrize(
    ("imd", "heading"),
    [("2025", "IMD 2025 decile of supplier (1 = most deprived, LSOA 2021)"),
     ("2019", "IMD 2019 decile of supplier (1 = most deprived, LSOA 2011)")],
)  # fmt: skip
def test_tables_name_the_pages_vintage_over_their_deciles(run_page, imd, heading):
    # The supplier-locations table once headed IMD 2025 deciles "IMD 2019 decile (… LSOA 2011)":
    # its column shared the store's name for the 2019 decile.
    at = run_page("pages/spend_map.py", imd=imd, _open=("sm.points", "sm.top_all"))
    other = "2019" if imd == "2025" else "2025"
    seen = 0
    for el in at.dataframe:
        cols = json.loads(el.proto.columns)
        labels = [str(cols.get(c, {}).get("label", "")) for c in el.value.columns]
        helps = [str(cols.get(c, {}).get("help", "")) for c in el.value.columns]
        deciles = [h for h in labels + helps if "decile" in h]
        assert all(f"IMD {imd}" in h and f"IMD {other}" not in h for h in deciles), deciles
        seen += heading in labels + helps  # a decile's full heading is its column's tooltip
    assert seen == 2  # the supplier-locations table and the top-suppliers table


def test_a_file_mostly_unplaced_says_what_its_shares_rest_on(run_page, calderdale_dataset):
    """Calderdale (no postcodes): 3.6% placed. The cards said 1.3% in decile 1 with no word that
    96% of the money had no place; now a warning says so and links to Place suppliers."""
    at = run_page("pages/spend_map.py", _dataset=calderdale_dataset)
    assert metric(at, "Located (by £)") == "3.6%"
    warnings = [str(w.value) for w in at.warning]
    assert any(
        w.startswith("Only 3.6% of this selection's spend (£6.3m of £176.3m)") for w in warnings
    )
    assert any("each share is a floor" in w for w in warnings)
    links = [link.proto for link in at.get("page_link")]
    assert any(p.page == "suppliers" and p.label == "Place more suppliers" for p in links)


def test_a_file_with_postcodes_gets_no_placement_warning(run_page):
    at = run_page("pages/spend_map.py")
    assert not any("has a placed supplier" in str(w.value) for w in [*at.warning, *at.info])


def test_presenting_the_period_is_a_month_slider_that_changes_the_figures(run_page):
    """Workshop walk: a date typed in the Filters menu was lost when the menu closed; presenting,
    the period is a month slider, whose every move is applied."""
    from datetime import date

    at = run_page("pages/spend_map.py", present="1", **{"from": "2018-04-15"})
    assert not [d for d in at.date_input if d.label == "Date range"]
    slider = next(s for s in at.select_slider if s.label == "Period (whole months)")
    assert slider.value[0] == date(2018, 4, 1)  # the link's 15 April, shown as its month
    assert at.query_params["from"] in ("2018-04-15", ["2018-04-15"])  # kept until it moves
    before = metric(at, "Total spend")
    slider.set_value((date(2020, 4, 1), date(2023, 3, 1))).run()
    assert not at.exception
    got = [at.query_params[k] for k in ("from", "to")]
    assert [g if isinstance(g, str) else g[0] for g in got] == ["2020-04-01", "2023-03-31"]
    assert metric(at, "Total spend") != before


def test_not_presenting_the_period_is_a_date_box(run_page):
    at = run_page("pages/spend_map.py")
    assert [d for d in at.date_input if d.label == "Date range"]
    assert not [s for s in at.select_slider if s.label == "Period (whole months)"]


@pytest.mark.parametrize(
    ("params", "first_bar"),
    [
        ({}, "£131.6m · 2.7%"),  # IMD 2025: decile 1 of all 962 notices' spend
        # The vintage in a link names the bars' index and LSOA frame.
        ({"imd": "2019"}, "IMD 2019 decile of the supplier&#x27;s LSOA (LSOA 2011"),
    ],
)
def test_decile_bars_follow_the_vintage_and_say_their_figures(run_page, params, first_bar):
    at = run_page("pages/spend_map.py", **params)
    html = " ".join(str(h.proto.body) for h in at.get("html") if "sg-bars" in str(h.proto.body))
    assert html.count("<tr>") == 12 and first_bar in html
    assert not at.get("arrow_vega_lite_chart")  # no Vega runtime on this page
