"""Growth Deal £ per head map image: the real LEP table rendered to PNG/SVG/PDF, checked for size, colour and legend."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from geo.errors import SpendGeoError
from geo.present import image_growth, palette
from geo.store import read
from tests.present.test_image import svg_text

BLACK_COUNTRY = "E37000001"  # one LEP with a figure, for the zoomed view


@pytest.fixture(scope="module")
def lep(store_path) -> pd.DataFrame:
    return read.read_areas("lep", store_path)


def _near(arr: np.ndarray, rgb) -> bool:
    return bool(((np.abs(arr.astype(int) - np.asarray(rgb)).sum(axis=2)) < 12).any())


@pytest.mark.parametrize("focus", [None, BLACK_COUNTRY])
def test_png_is_a4_wide_coloured_by_class_with_the_no_figure_grey(lep, focus):
    if focus and focus not in set(lep["code"]):
        pytest.skip(f"{focus} not in this store's LEP table")
    data = image_growth.render_growth_deals(lep, focus_code=focus)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    img = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    h, w, _ = img.shape
    assert w in (2480, 2481) and 1300 < h < 3500  # 8.27 in × 300 dpi: A4 width
    spread = img.max(axis=2).astype(int) - img.min(axis=2)
    assert (spread > 30).mean() > 0.05  # not blank: a good part of the page is in colour
    # Every class colour is drawn (legend swatches at least), and the 'no figure' grey too:
    # 10 LEPs have no comparable total and must show as grey, never as the lowest £ class.
    for colour in palette.PER_HEAD_RAMP:
        assert _near(img, colour), colour
    assert _near(img, palette.NO_DATA)


def test_svg_names_title_legend_vintages_and_sources(lep):
    svg = svg_text(image_growth.render_growth_deals(lep, fmt="svg"))
    for text in (
        "Growth Deal £ per head by Local Enterprise Partnership",
        "Growth Deal £ per head (LEP 2021, rounds 1–3)",  # the legend title
        "No figure",
        "LEP May 2021 (historic)",
        "ONS mid-2019",
        "core funding ended in April 2024",
        "SN07120",
        "Grid north",
    ):
        assert text in svg, text


def test_pdf_and_bad_requests(lep):
    assert image_growth.render_growth_deals(lep, fmt="pdf").startswith(b"%PDF")
    with pytest.raises(SpendGeoError, match="not one of png, svg, pdf"):
        image_growth.render_growth_deals(lep, fmt="gif")
    with pytest.raises(SpendGeoError, match="E37999999 is not in the lep table"):
        image_growth.render_growth_deals(lep, focus_code="E37999999")
