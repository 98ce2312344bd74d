"""axe-core (npm) on every page: no serious or critical violations; filters work from the keyboard."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import OUT, ROOT, wait_for_map, wait_idle

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# "" is About, the default page, served at the app's root.
PAGES = [("", 0), ("spend_map", 1), ("deprivation", 1), ("growth_deals", 2), ("data", 0)]


def run_axe(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: run `npm ci` (make test does)")
    # Judge the settled page: Streamlit dims stale elements while a rerun finishes, which would
    # read as low contrast.
    page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')", timeout=120_000)
    page.wait_for_timeout(1000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return result


@pytest.mark.parametrize(("path", "maps"), PAGES)
def test_no_serious_or_critical_axe_violations(page, app_url, path, maps):
    page.goto(f"{app_url}/{path}")
    if maps:
        wait_for_map(page, maps)
    else:
        page.wait_for_selector("h1")
        wait_idle(page)
    violations = run_axe(page)
    OUT.mkdir(exist_ok=True)
    (OUT / f"axe-{path or 'about'}.json").write_text(json.dumps(violations, indent=1))
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1)


def test_filters_work_from_the_keyboard(page, app_url):
    page.goto(f"{app_url}/spend_map")
    wait_for_map(page)
    total = page.locator('[data-testid="stMetric"]', has_text="Total spend").first
    before = total.locator('[data-testid="stMetricValue"]').inner_text()
    # Tab from the top of the page until the supplier search box has focus: no mouse involved.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(
            "document.activeElement && document.activeElement.getAttribute('aria-label')"
        ) == ("Supplier name contains"):
            break
    else:
        pytest.fail("the supplier search box cannot be reached with Tab")
    page.keyboard.type("nhs")
    page.keyboard.press("Enter")
    page.wait_for_function("location.search.includes('q=nhs')")
    wait_idle(page)
    assert total.locator('[data-testid="stMetricValue"]').inner_text() != before


def _contrast(hex_colour: str) -> float:
    """WCAG contrast ratio of a #rrggbb text colour on white."""
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize(("path", "maps"), [("deprivation", 1), ("growth_deals", 2)])
def test_chart_text_is_legible(page, app_url, path, maps):
    """Chart axes, titles and legends were Streamlit's #808495 on white (3.7:1; axe does not read
    SVG text fills): now the page's text colour, over the 4.5:1 small text needs."""
    page.goto(f"{app_url}/{path}")
    wait_for_map(page, maps)
    page.wait_for_selector('[data-testid="stVegaLiteChart"] svg text')
    fills = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stVegaLiteChart] svg text')]"
        ".map(t => t.getAttribute('fill')).filter(f => f && f.startsWith('#'))"
    )
    assert len(fills) > 5
    low = {f for f in fills if _contrast(f) < 4.5}
    assert not low, low


# The map chart's outline and the focused element, read while the focus is wherever Tab left it.
_MAP_RING = """() => {
  const a = document.activeElement;
  const chart = a && a.closest('[data-testid="stDeckGlJsonChart"]');
  if (!chart) return null;
  const cs = getComputedStyle(chart);
  return {focused: a.className, style: cs.outlineStyle, width: parseFloat(cs.outlineWidth),
          colour: cs.outlineColor, shadow: cs.boxShadow};
}"""


@pytest.mark.parametrize(("path", "maps"), [("spend_map", 1), ("deprivation", 1)])
def test_a_map_reached_with_tab_shows_a_focus_ring(page, app_url, path, maps):
    # Tab reached the map and its arrows panned it, but nothing showed that it had the focus:
    # deck.gl's event layer takes it with an inline outline:none.
    page.goto(f"{app_url}/{path}")
    wait_for_map(page, maps)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('deck-events-root')"):
            break
    else:
        pytest.fail("the map cannot be reached with Tab")
    ring = page.evaluate(_MAP_RING)
    box = page.locator('[data-testid="stDeckGlJsonChart"]').first.bounding_box()
    clip = {k: box[k] - 8 for k in ("x", "y")} | {k: box[k] + 16 for k in ("width", "height")}
    page.screenshot(path=str(OUT / f"map-focus-ring-{path}.png"), clip=clip)  # the ring is outside
    assert ring["style"] != "none" and ring["width"] >= 3, ring
    r, g, b = (int(v) for v in ring["colour"][ring["colour"].index("(") + 1 : -1].split(",")[:3])
    assert _contrast(f"#{r:02x}{g:02x}{b:02x}") >= 3, ring
