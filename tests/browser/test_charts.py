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
PAGES = [("deprivation", 1), ("growth_deals", 1), ("analysis", 1)]
# Analysis charts shares only until an area is chosen. The Spend map's £ by decile is HTML bars
# (below), not Vega.


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
            labels = axis.locator("g.role-axis-label text").all_text_contents()
            assert labels and all(MONEY.match(x) for x in labels), (path, title, labels)


# "£1.1bn · 23.7%", "£0 · 0.0%", "-£3.0m · -0.1%", "n/a · n/a"
BAR_TEXT = re.compile(r"^(-?£\d[\d,]*(\.\d)?(k|m|bn)?|n/a) · (<|>)?(-?\d+\.\d%|n/a)$")


@pytest.mark.parametrize("width", WIDTHS)
def test_spend_maps_decile_bars_are_whole_and_read_as_money(page, app_url, width):
    """The Spend map's £ by supplier decile was a Vega chart whose figures showed only on hover
    (nothing on a phone or a projector) and which loaded 0.85 MB of Vega on a first visit. Now
    each of its twelve bars is a table row that says its £ and share: every word inside the
    chart and the window, the decile-5 bar the longest, as the summary says."""
    page.set_viewport_size({"width": width, "height": 1000 if width > 600 else 844})
    page.goto(f"{app_url}/spend_map")
    bars = page.locator(".sg-bars").first
    bars.wait_for(timeout=120_000)
    wait_idle(page)
    assert page.locator(CHART).count() == 0
    bars.scroll_into_view_if_needed()
    bars.screenshot(path=str(OUT / f"bars_spend_map_{width}.png"))
    rows = bars.locator("tbody tr").all()
    labels = [r.locator("th").inner_text() for r in rows]
    assert labels == [
        "1 (most deprived)",
        *map(str, range(2, 11)),
        "outside England",
        "not geocoded",
    ]
    texts = [r.locator("td.sg-v").inner_text() for r in rows]
    assert all(BAR_TEXT.match(t) for t in texts), texts
    box = bars.bounding_box()
    cut = page.evaluate(
        """(el) => [...el.querySelectorAll('th, td.sg-v, caption')].filter(e => {
          const r = e.getBoundingClientRect(), b = el.getBoundingClientRect();
          return e.scrollWidth > e.clientWidth + 1 || r.right > b.right + 1 || r.right > innerWidth;
        }).map(e => e.innerText)""",
        bars.element_handle(),
    )
    assert cut == [], cut
    assert box["x"] + box["width"] <= width
    widths = [r.locator(".sg-bar").bounding_box()["width"] for r in rows]
    assert (
        max(widths) == widths[4] and widths[4] > 4 * widths[0]
    )  # decile 5: £1.1bn, decile 1: £131.6m
