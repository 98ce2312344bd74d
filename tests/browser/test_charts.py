"""Chromium: every chart on the pages is whole (no title or label past its edge) and £ axes read as money."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import OUT, wait_idle

pytestmark = pytest.mark.browser

CHART = '[data-testid="stVegaLiteChart"]'
# geo.fmt.MONEY_LABEL_EXPR: '£0', '£50k', '£200m', '£1.2bn', '-£3m'.
# A text's box includes its font's ascent and descent: a label drawn whole can poke 1–3 px past
# the svg (seen: '3,500' at the top tick, a rotated title's first glyph). The cut title ran ~60 px.
SLACK = 4
MONEY = re.compile(r"^-?£\d[\d,]*(\.\d)?(k|m|bn)?$")
# (page, charts it shows with the default dataset)
PAGES = [("spend_map", 1), ("deprivation", 1), ("growth_deals", 1), ("analysis", 1)]
# The Spend map charts £ by decile with the default dataset; Analysis charts shares only until an
# area is chosen.


# A desktop, and a phone's width: there the Analysis benchmark's one-row legend ran past the
# chart's right edge ('Share in 10% mc').
WIDTHS = [1500, 390]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("path", "at_least"), PAGES)
def test_charts_are_whole_and_money_axes_read_as_pounds(page, app_url, path, at_least, width):
    """The Spend map's decile chart cut its axis title ('… 1 = most depriv') at the chart's top
    and labelled its £ axis '1,200,000,000'. Every text of every chart (Vega draws SVG) must lie
    inside the chart, and every tick of an axis titled in £ must read as money."""
    page.set_viewport_size({"width": width, "height": 1000 if width > 600 else 844})
    page.goto(f"{app_url}/{path}")
    page.wait_for_selector(CHART, timeout=120_000)
    wait_idle(page)
    charts = page.locator(CHART).all()
    assert len(charts) >= at_least
    money_axes = 0
    for i, chart in enumerate(charts):
        chart.scroll_into_view_if_needed()
        chart.screenshot(path=str(OUT / f"chart_{path}_{width}_{i}.png"))
        # The SVG clips what runs past it (an inline svg's overflow is hidden).
        box = chart.locator("svg").first.bounding_box()
        for text in chart.locator("svg text").all():
            t = text.bounding_box()
            if not t or not (text.text_content() or "").strip():
                continue
            assert (
                t["y"] >= box["y"] - SLACK
                and t["y"] + t["height"] <= box["y"] + box["height"] + SLACK
            ), f"{path} chart {i}: {text.text_content()!r} runs past the chart's top or bottom"
            assert (
                t["x"] >= box["x"] - SLACK
                and t["x"] + t["width"] <= box["x"] + box["width"] + SLACK
            ), f"{path} chart {i}: {text.text_content()!r} runs past the chart's side"
        # A legend names what a colour means: never cut to "Share in 10% most depri…".
        legend = chart.locator("g.role-legend-label text").all_text_contents()
        assert not [x for x in legend if x.endswith("…")], (path, legend)
        for axis in chart.locator("g.role-axis").all():
            title = " ".join(axis.locator("g.role-axis-title text").all_text_contents())
            if not title.startswith("£"):
                continue
            money_axes += 1
            labels = axis.locator("g.role-axis-label text").all_text_contents()
            assert labels and all(MONEY.match(x) for x in labels), (path, title, labels)
    if path == "spend_map":
        assert money_axes, f"{path}: no £ axis found"
