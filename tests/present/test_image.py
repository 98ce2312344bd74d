"""Map images: real store layers rendered to PNG/SVG/PDF, opened and checked for size and content."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from geo import levels
from geo.errors import SpendGeoError
from geo.present import image
from geo.store import read

GMCA, MANCHESTER = "E47000001", "E08000003"


@pytest.fixture(scope="module")
def vintages(store_path) -> dict[str, str]:
    return image.default_vintages(read.read_manifest(store_path))


def _points() -> pd.DataFrame:
    # Real places: GMCA's office (M1 6EU), Manchester Royal Infirmary's trust HQ (M13 9WL), and
    # 5 Churchill Place, London (E14 5HU) — the last outside a Greater Manchester view.
    return pd.DataFrame(
        {
            "lon": [-2.2389, -2.2265, -0.0140],
            "lat": [53.4775, 53.4622, 51.5046],
            "amount": [10_000_000.0, 400_000.0, 1_500_000.0],
            "decile": [3, 4, 6],
            "is_local": pd.array([True, True, False], dtype="boolean"),
        }
    )


def svg_text(data: bytes) -> str:
    """The words of a matplotlib SVG: each text (each wrapped line) is a comment beside its
    glyph paths; joined with single spaces so a wrapped sentence reads whole."""
    import re

    found = re.findall(r"<!--(.*?)-->", data.decode("utf-8"), re.S)
    return " ".join(" ".join(found).split())


def _png(data: bytes) -> Image.Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(data)).convert("RGB")


@pytest.mark.parametrize(
    ("focus_level", "focus_code", "colour_by", "min_colours"),
    [
        (None, None, "decile", 200),  # all England, 32,844 LSOAs
        ("ca", GMCA, "local", 200),
        ("lad", MANCHESTER, "decile", 100),
    ],
)
def test_png_is_a4_print_width_and_not_blank(
    store_path, vintages, focus_level, focus_code, colour_by, min_colours
):
    view = image.MapView(
        "Test map",
        focus_level=focus_level,
        focus_code=focus_code,
        boundaries=("lad", "ca"),
        colour_by=colour_by,
        locality_description="suppliers in Combined Authority Greater Manchester (E47000001)",
        vintages=vintages,
    )
    lsoa, areas = image.load_layers(view, store_path)
    img = _png(image.render_map(view, lsoa, areas, _points()))
    w, h = img.size
    assert w == 2481 or w == 2480  # 8.27 in × 300 dpi: A4 width
    assert 1300 < h < 3500
    arr = np.asarray(img)
    colours = np.unique(arr.reshape(-1, 3), axis=0)
    assert len(colours) >= min_colours
    # Not blank: a good part of the page is in colour (not white, not grey text or outline).
    spread = arr.max(axis=2).astype(int) - arr.min(axis=2)
    assert (spread > 30).mean() > 0.08
    # The darkest decile colour (viridis decile 1, 68,1,84) is on the map somewhere, drawn at
    # the screen's strength under the supplier points (210/255 over white), key and fill alike.
    a = image.FILL_UNDER_POINTS
    faded = tuple(round(a * c + (1 - a) * 255) for c in (68, 1, 84))
    assert ((np.abs(arr.astype(int) - faded).sum(axis=2)) < 30).mean() > 1e-4


@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_vector_formats(store_path, vintages, fmt, magic):
    view = image.MapView("Manchester", "lad", MANCHESTER, vintages=vintages)
    data = image.render_map(view, *image.load_layers(view, store_path), fmt=fmt)
    assert data.startswith(magic)
    assert b"Manchester" in data or fmt == "pdf"  # PDF text is compressed


def test_pdf_text_can_be_copied_with_its_symbols(store_path, vintages):
    """The PDF embeds TrueType fonts with a Unicode map: with matplotlib's default Type 3 fonts,
    text copied or searched in the map PDF lost "∝" and "—" (exports walk)."""
    view = image.MapView("Supplier spend — Manchester ∝", "lad", MANCHESTER, vintages=vintages)
    data = image.render_map(view, *image.load_layers(view, store_path), fmt="pdf")
    assert b"/Type3" not in data
    assert b"/CIDFontType2" in data and b"/ToUnicode" in data


@pytest.mark.parametrize(
    ("view", "fmt", "message"),
    [
        (image.MapView("x"), "gif", "not one of png, svg, pdf"),
        (image.MapView("x", "lad", "E08999999"), "png", "E08999999 is not in the lad table"),
    ],
)
def test_bad_requests_raise_one_sentence(store_path, view, fmt, message):
    lsoa, areas = image.load_layers(image.MapView("x"), store_path)
    with pytest.raises(SpendGeoError, match=message):
        image.render_map(view, lsoa, areas, fmt=fmt)


def test_points_outside_the_extent_are_counted_in_the_footer(store_path, vintages):
    view = image.MapView("GM", "ca", GMCA, vintages=vintages, colour_by="local")
    data = image.render_map(view, *image.load_layers(view, store_path), _points(), fmt="svg")
    assert b"1 supplier location(s) lie outside this map" in data


def test_a_map_with_nothing_on_it_fails_the_colour_check(store_path):
    # The check above can fail: with no fill and no points, the page is outlines and text only.
    view = image.MapView("Empty", show_deciles=False, boundaries=())
    img = np.asarray(_png(image.render_map(view, None, {})))
    spread = img.max(axis=2).astype(int) - img.min(axis=2)
    assert (spread > 30).mean() < 0.01


KENT = "E10000016"


# Kent County Council's twelve districts (LAD 2021 = LAD 2024 there: Ashford … Tunbridge Wells).
KENT_DISTRICTS = tuple(f"E070001{i:02d}" for i in range(5, 17))


@pytest.mark.parametrize("imd", ["2025", "2019"])
def test_a_county_focus_has_its_own_lsoas_under_both_vintages(store_path, imd):
    # LSOA 2021 rows carry utla24cd; LSOA 2011 rows do not, and the county's LSOAs are those whose
    # inner point lies in it. Both must be the LSOAs of Kent's twelve districts.
    view = image.MapView("Kent", focus_level="utla24", focus_code=KENT, imd=imd)
    lsoa, _ = image.load_layers(view, store_path)
    v = levels.imd(imd)
    lad = levels.for_imd("lad", imd).columns[0]
    every = read.read_lsoa(store_path, columns=[v.lsoa_column, lad], imd=imd)
    expected = set(every.loc[every[lad].isin(KENT_DISTRICTS), v.lsoa_column])
    assert len(expected) == {"2025": 938, "2019": 902}[imd]
    assert set(lsoa[v.lsoa_column]) == expected
