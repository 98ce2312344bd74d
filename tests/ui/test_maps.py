"""Exported map titles: one line at A4 width, naming the zoomed area (exports walk)."""

from __future__ import annotations

import pytest

from ui.maps import image_titles


@pytest.mark.parametrize(
    ("colour", "area", "title"),
    [
        ("decile", "", "Supplier spend by deprivation of the supplier's area"),
        ("decile", "Calderdale (E08000033)", "Supplier spend by deprivation — Calderdale (E08000033)"),
        ("local", "", "Supplier spend: local and not local"),
        ("local", "West Yorkshire (E47000003)", "Supplier spend: local and not local — West Yorkshire (E47000003)"),
    ],
)  # fmt: skip
def test_image_title_names_the_zoomed_area(colour, area, title):
    got, sub = image_titles("2021-04.csv and 11 more", "all rows", colour, area)
    assert got == title
    assert sub.startswith("2021-04.csv and 11 more. Selection: all rows.")


def test_a_long_area_name_is_clipped_to_one_line():
    got, _ = image_titles("x", "all rows", "decile", "A" * 200)
    assert len(got) < 90
