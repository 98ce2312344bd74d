"""The Spend map's legends: which keys a view shows, and presentation mode's combined decile key."""

from __future__ import annotations

import pytest

from geo.present.legend import spend_map_legends


@pytest.mark.parametrize(
    ("colour", "imd_layer", "combine", "titles"),
    [
        ("decile", False, False, ("Supplier colour: IMD 2025", "Supplier size", "Boundaries")),
        (
            "decile",
            True,
            False,
            ("Supplier colour: IMD 2025", "Supplier size", "IMD 2025 decile", "Boundaries"),
        ),
        # Presenting: one key names the areas and the circles (the same ten colours).
        (
            "decile",
            True,
            True,
            ("Areas and supplier circles: IMD 2025", "Supplier size", "Boundaries"),
        ),
        # Local / not local circles do not share the areas' colours: both keys stay.
        (
            "local",
            True,
            True,
            ("Supplier colour: local or not", "Supplier size", "IMD 2025 decile", "Boundaries"),
        ),
    ],
)
def test_spend_map_legends(colour, imd_layer, combine, titles):
    legends = spend_map_legends(
        colour_by=colour,
        imd_layer=imd_layer,
        boundaries=("lep",),
        max_amount=1e9,
        locality_description="suppliers in CA Greater Manchester (E47000001; CA May 2025)",
        combine=combine,
    )
    assert len(legends) == len(titles)
    for lg, title in zip(legends, titles, strict=True):
        assert lg.title.startswith(title), lg.title


def test_combined_key_keeps_every_decile_and_the_no_decile_circle():
    both = spend_map_legends(
        colour_by="decile", imd_layer=True, boundaries=(), max_amount=1e6, imd="2019", combine=True
    )[0]
    labels = [i.label for i in both.items]
    assert labels[0] == "1 — most deprived 10%" and labels[9] == "10 — least deprived 10%"
    assert labels[10].startswith("No decile") and both.items[10].swatch == "circle"
    assert "IMD 2019" in both.title and "LSOA 2011" in both.title


@pytest.mark.parametrize(
    ("alpha", "colour", "expected"),
    [(1.0, "#440154", "#440154"), (0.0, "#440154", "#ffffff"), (210 / 255, "#000000", "#2d2d2d")],
)
def test_over_white_blends_fill_swatches_only(alpha, colour, expected):
    from geo.present.legend import Legend, LegendItem, over_white

    lg = Legend("t", (LegendItem("a", colour), LegendItem("b", colour, "circle")))
    out = over_white(lg, alpha)
    assert out.items[0].colour == expected and out.items[1].colour == colour


def test_the_map_images_key_matches_its_faded_fill():
    """Exports walk: the image's deciles were drawn at 45% under the points, the key at 100%."""
    import pandas as pd

    from geo.present import image, palette
    from geo.present.legend import over_white

    view = image.MapView(title="t", show_deciles=True)
    points = pd.DataFrame({"lon": [-2.2], "lat": [53.5], "amount": [1.0], "decile": [1]})
    with_points = image._legends(view, True, [], points, 1.0)[0]
    alone = image._legends(view, True, [], None, 0.0)[0]
    assert alone.items[0].colour == palette.hex_colour(palette.DECILE_COLOURS[0])
    assert with_points == over_white(alone, image.FILL_UNDER_POINTS)
    assert with_points.items[0].colour != alone.items[0].colour
