"""Growth Deals page: historic LEPs, £ per head on the signing-area population, not-comparable rows with reasons, £9.1bn."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.pages.conftest import deck_layers, metric


def test_growth_deals_maps_missing_and_not_comparable_figures(run_page):
    at = run_page("pages/growth_deals.py")
    left, right = deck_layers(at, 0), deck_layers(at, 1)
    feats = left["lep-per-head"]["data"]["features"]
    assert len(feats) == 38
    # Missing and not-comparable figures are grey with their reason, never £0.
    grey = {
        f["properties"]["n"]: f["properties"]["x"]
        for f in feats
        if "No figure" in f["properties"]["x"]
    }
    assert grey and all("£0" not in x for x in grey.values())
    assert "Not comparable" in grey["Coast to Capital"]
    assert "no figure" not in grey["Coast to Capital"].lower().replace("no figure: ", "")
    assert "lad-share-decile1" in right or "lad24-share-decile1" in right
    text = " ".join(str(i.value) for i in at.info)
    assert "April 2024" in text and "4 August 2023" in text and "two LEPs" in text


def test_per_head_uses_the_signing_area_population(run_page):
    at = run_page("pages/growth_deals.py")
    table = next(d.value for d in at.dataframe if "gd_population_basis" in d.value.columns)
    leeds = table.loc[table["name"] == "Leeds City Region"].iloc[0]
    # £694.9m over the 2014 area (plus Barnsley, Craven, Harrogate, Selby, York) ≈ £224, not £297.92.
    assert leeds["gd_per_head_gbp"] == pytest.approx(224.27, abs=0.05)
    assert leeds["gd_per_head_2021_area_gbp"] == pytest.approx(297.92, abs=0.05)
    assert "Barnsley" in leeds["gd_population_basis"]
    gcgp = table.loc[table["name"] == "Greater Cambridge and Greater Peterborough"].iloc[0]
    assert pd.isna(gcgp["gd_per_head_gbp"]) and "Not comparable" in gcgp["gd_not_comparable_reason"]


def test_national_total_beside_the_headline(run_page):
    at = run_page("pages/growth_deals.py")
    assert metric(at, "Government headline") == "£9.1bn"
    assert metric(at, "Growth Deals in this table") == "£7.7bn"
    assert metric(at, "Share of the headline found") == "84.9%"


@pytest.mark.parametrize(("imd", "lads"), [("2025", 296), ("2019", 309)])
def test_deprivation_side_follows_the_vintage(run_page, imd, lads):
    at = run_page("pages/growth_deals.py", imd=imd)
    right = deck_layers(at, 1)
    share = next(v for k, v in right.items() if k.endswith("share-decile1"))
    assert len(share["data"]["features"]) == lads
    subheaders = " ".join(str(h.value) for h in at.subheader)
    assert f"IMD {imd} decile 1" in subheaders


def test_growth_deals_zoom_to_lep(run_page):
    at = run_page("pages/growth_deals.py", lep="E37000001")
    assert "focus" in deck_layers(at, 0)
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert spec["initialViewState"]["zoom"] > 7


@pytest.mark.parametrize("params", [{}, {"lep": "E37000001"}])
def test_map_image_buttons_and_the_png_they_build(run_page, params):
    """The £ per head map exports like the other map pages: the PNG is a real, non-blank A4 map."""
    import io

    import numpy as np
    from PIL import Image

    from geo.present import image_growth, palette
    from geo.store import read

    at = run_page("pages/growth_deals.py", **params)
    buttons = {b.proto.label: b for b in at.get("download_button")}
    assert {"Map (PNG)", "Map (SVG)", "Map (PDF)"} <= set(buttons)
    # The same call the button makes (built on click in the browser).
    png = image_growth.render_growth_deals(read.read_areas("lep"), focus_code=params.get("lep"))
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.width >= 2000 and img.height > 1300
    arr = np.asarray(img)
    small = np.asarray(img.resize((200, 200)))
    assert len(np.unique(small.reshape(-1, 3), axis=0)) > 30  # not blank
    grey = np.asarray(palette.NO_DATA)
    assert ((np.abs(arr.astype(int) - grey).sum(axis=2)) < 12).any()  # no-figure LEPs and legend


@pytest.mark.parametrize(
    "page", ["pages/growth_deals.py", "pages/deprivation.py", "pages/spend_map.py", "pages/data.py"]
)
def test_a_missing_number_reads_n_a_not_none(run_page, page):
    """The Growth Deals table showed Streamlit's 'None' where a round was not published (its
    reason column says why); every table now writes geo.fmt's 'n/a'."""
    at = run_page(page)
    if page == "pages/spend_map.py":  # its data grid is in an expander, built while it is open
        at.session_state["sm.top_all"] = True
        at.run()
    assert at.dataframe and all(d.proto.placeholder == "n/a" for d in at.dataframe)
    if page == "pages/growth_deals.py":
        table = next(d.value for d in at.dataframe if "gd_missing_reason" in d.value.columns)
        assert table.isna().any().any()  # there are gaps for the placeholder to fill
