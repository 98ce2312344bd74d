"""Leakage flow map image on the real Contracts Finder file: A4 PNG, lines from the local area, legend of £, totals that add up."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from geo import levels
from geo.analysis.filters import Locality
from geo.analysis.index import prepare_spend
from geo.analysis.leakage import area_centroids, leakage, leakage_flows, locality_centre
from geo.errors import SpendGeoError
from geo.fmt import format_gbp
from geo.present import columns, flows, image_flows
from geo.store import read
from tests.present.test_image import svg_text

CF = "spend/contracts_finder_awarded_substance_misuse_2015-2024_notices.csv"
GMCA = Locality("ca", ("E47000001",), "Greater Manchester")
MANCHESTER = Locality("lad", ("E08000003",), "Manchester")


@pytest.fixture(scope="module")
def world(store_path, raw_path):
    """The real CF awards file geocoded, the LAD 2024 table, centres and names (IMD 2025)."""
    import pandas as pd

    from geo.spend.geocode import geocode
    from geo.spend.ingest import read_spend

    pc = pd.read_parquet(store_path / "postcodes.parquet")
    sf = prepare_spend(geocode(read_spend(raw_path / CF).frame, pc), imd="2025")
    lad = read.read_areas(levels.for_imd("lad", "2025").store, store_path)
    regions = dict(zip(lad["code"].astype(str), lad["rgn21cd"].astype(str), strict=True))
    names = columns.area_names(store_path)
    return sf, lad, area_centroids(lad, "2025"), regions, names


def _leak(world, locality):
    sf, lad, _, regions, names = world
    return leakage(sf, None, locality, "all", regions, names)


@pytest.mark.parametrize(
    ("locality", "level"), [(GMCA, "lad"), (GMCA, "region"), (MANCHESTER, "ca")]
)
def test_flow_map_png_on_real_spend(world, locality, level):
    sf, lad, centres, _, names = world
    leak = _leak(world, locality)
    # The parts add up: retained + leaked + not located = the selection's total (net £).
    assert leak.retained_gbp + leak.leaked_gbp + leak.unlocated_gbp == pytest.approx(leak.total_gbp)
    assert leak.leaked_gbp > 1e8  # most of these national awards go outside Greater Manchester
    origin = locality_centre(lad, locality.under("2025"))
    arcs = leakage_flows(leak, level, centres, origin)
    assert len(arcs) >= 3
    data = image_flows.render_flow_map(leak, level, centres, origin, lad, names)
    img = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    h, w, _ = img.shape
    assert w in (2480, 2481) and 1300 < h < 3500
    spread = img.max(axis=2).astype(int) - img.min(axis=2)
    assert (spread > 30).mean() > 0.004  # coloured lines on a grey base map, not a blank page

    def near(rgb):
        return ((np.abs(img.astype(int) - np.asarray(rgb)).sum(axis=2)) < 40).sum()

    # Lines start in the local blue and end in the not-local orange (legend swatches and lines).
    assert near(flows.SOURCE_COLOUR) > 500 and near(flows.TARGET_COLOUR) > 500


def test_svg_carries_title_legend_and_totals_that_add_up(world):
    _, lad, centres, _, names = world
    leak = _leak(world, GMCA)
    origin = locality_centre(lad, GMCA.under("2025"))
    svg = image_flows.render_flow_map(leak, "lad", centres, origin, lad, names, fmt="svg")
    text = svg_text(svg)
    assert "Where the non-local £ goes — Greater Manchester (CA 2025)" in text
    assert "Where the non-local £ goes, by destination LAD (arc width ∝ £)" in text  # legend
    assert "leaked</text>" in text or " leaked" in text  # £ line-width legend entries
    for gbp in (leak.retained_gbp, leak.leaked_gbp, leak.unlocated_gbp, leak.total_gbp):
        assert format_gbp(gbp) in text
    assert "Local boundary: CA May 2025" in text
    # Drawn + not drawn = leaked: what has no centre on the map is stated, not lost.
    drawn = leakage_flows(leak, "lad", centres, origin)["gbp"].sum()
    assert format_gbp(leak.leaked_gbp - drawn) in text


def test_report_figure_and_bad_requests(world):
    _, lad, centres, _, names = world
    leak = _leak(world, MANCHESTER)
    origin = locality_centre(lad, MANCHESTER.under("2025"))
    fig = image_flows.flow_map_image(leak, "region", centres, origin, lad, names, dpi=100)
    assert fig.png[:4] == b"\x89PNG" and "Manchester" in fig.title and "not drawn" in fig.caption
    assert image_flows.render_flow_map(leak, "ca", centres, origin, lad, fmt="pdf").startswith(
        b"%PDF"
    )
    with pytest.raises(SpendGeoError, match="not one of png, svg, pdf"):
        image_flows.render_flow_map(leak, "ca", centres, origin, lad, fmt="tiff")
    with pytest.raises(SpendGeoError, match="Flow level 'ward'"):
        image_flows.render_flow_map(leak, "ward", centres, origin, lad)


def test_destination_names_never_overlap_and_the_largest_is_always_named():
    """London's boroughs sit a few mm apart at A4 width: Islington was printed over Tower Hamlets."""
    import pandas as pd
    from matplotlib.figure import Figure

    from geo.present.imageframe import TO_BNG

    rows = pd.DataFrame(
        {
            "name": ["Westminster", "Tower Hamlets", "Islington", "Camden", "Dartford", "Leeds"],
            "dest_lon": [-0.137, -0.036, -0.110, -0.143, 0.218, -1.549],
            "dest_lat": [51.497, 51.515, 51.547, 51.540, 51.447, 53.801],
            "gbp": [6e8, 5e8, 4e8, 3e8, 2e8, 1e8],
        }
    )
    fig = Figure(figsize=(8.27, 8), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    x0, y0 = TO_BNG.transform(-6.0, 49.9)
    x1, y1 = TO_BNG.transform(1.8, 55.8)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    image_flows._label_destinations(ax, rows)
    texts = {t.get_text().strip(): t.get_window_extent() for t in ax.texts}
    assert "Westminster" in texts and "Leeds" in texts  # the largest, and one with room
    assert len(texts) < len(rows)  # some of London's had to be left out
    boxes = list(texts.values())
    for i, a in enumerate(boxes):
        assert not any(a.overlaps(b) for b in boxes[i + 1 :]), texts
