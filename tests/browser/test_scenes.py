"""Scenes in Chromium: save views by name, step with buttons and keys, keep the camera, restore from the link."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import parse_qs, quote, urlparse

import numpy as np
from PIL import Image

from tests.browser.conftest import MAP, OUT, wait_for_map, wait_idle


def query(pg) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(pg.url).query).items()}


def save_scene(pg, name: str) -> None:
    pg.get_by_role("button", name="Scenes").click()
    box = pg.get_by_label("Scene name")
    box.fill(name)
    box.press("Enter")
    wait_idle(pg)
    pg.get_by_role("button", name="Save this view as a scene").click()
    wait_idle(pg)
    pg.keyboard.press("Escape")


def map_shot(pg) -> np.ndarray:
    png = pg.locator('[data-testid="stDeckGlJsonChart"]').first.screenshot()
    return np.asarray(Image.open(BytesIO(png)).convert("RGB"), dtype=np.int16)


def differing(a: np.ndarray, b: np.ndarray) -> float:
    """Share of pixels that differ visibly (sum of channel differences over 40)."""
    assert a.shape == b.shape
    return float((np.abs(a - b).sum(axis=2) > 40).mean())


def zoom_map(pg, clicks: int = 4) -> None:
    box = pg.locator(MAP).first.bounding_box()
    pg.mouse.move(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.6)
    for _ in range(clicks):
        pg.mouse.wheel(0, -400)
        pg.wait_for_timeout(400)
    pg.wait_for_timeout(1500)


def test_scenes_step_with_buttons_and_keys(browser, app_url):
    OUT.mkdir(exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = ctx.new_page()
    pg.set_default_timeout(120_000)
    try:
        pg.goto(f"{app_url}/spend_map?present=1&zlevel=ca&area=E47000001")
        wait_for_map(pg)
        save_scene(pg, "Greater Manchester | CA")
        first = query(pg)
        assert first["scene"] == "0" and "Greater%20Manchester" in first["scenes"]
        scenes = quote(first["scenes"], safe="")  # a link carries the value URL-encoded
        pg.goto(f"{app_url}/deprivation?present=1&level=lep&area=E37000051&scenes={scenes}")
        wait_for_map(pg)
        save_scene(pg, "Leeds City Region ~ IMD")
        both = query(pg)
        assert both["scene"] == "1" and both["area"] == "E37000051"
        # Keyboard: ← goes back to the Spend map scene (another page), PageDown (a remote) forward.
        pg.locator("h1").first.click()
        pg.keyboard.press("ArrowLeft")
        wait_for_map(pg)
        q = query(pg)
        assert urlparse(pg.url).path.endswith("/spend_map")
        assert (q["area"], q["zlevel"], q["scene"], q["present"]) == ("E47000001", "ca", "0", "1")
        assert "Greater Manchester | CA (1/2)" in pg.locator(".st-key-sg-bar").inner_text()
        pg.keyboard.press("PageDown")
        wait_for_map(pg)
        assert urlparse(pg.url).path.endswith("/deprivation") and query(pg)["area"] == "E37000051"
        # The ▶ button wraps round to the first scene.
        pg.get_by_role("button", name="▶").click()
        wait_for_map(pg)
        assert query(pg)["scene"] == "0" and urlparse(pg.url).path.endswith("/spend_map")
        pg.screenshot(path=str(OUT / "scenes-stepped.png"))
    finally:
        ctx.close()


def test_saved_scene_with_camera_restores_in_a_fresh_browser(browser, app_url):
    """A facilitator zooms, keeps the camera, saves a scene; the link opens the same map elsewhere."""
    size = {"width": 1366, "height": 768}
    OUT.mkdir(exist_ok=True)
    ctx = browser.new_context(viewport=size)
    pg = ctx.new_page()
    pg.set_default_timeout(120_000)
    try:
        pg.goto(f"{app_url}/spend_map?present=1&imdmap=1&zlevel=ca&area=E47000001")
        wait_for_map(pg)
        zoom_map(pg)
        pg.get_by_role("button", name="Keep this map view in the link").click()
        wait_for_map(pg)
        assert "view" in query(pg), pg.url  # the camera the facilitator set, in the link
        save_scene(pg, "Manchester close-up")
        wait_idle(pg)
        link = pg.url
        view = query(pg)["view"]
        before = map_shot(pg)
        Image.fromarray(before.astype(np.uint8)).save(OUT / "scene-saved.png")
    finally:
        ctx.close()
    fresh = browser.new_context(viewport=size)  # no cookies, no session: only the link
    pg2 = fresh.new_page()
    pg2.set_default_timeout(120_000)
    try:
        pg2.goto(link)
        wait_for_map(pg2)
        pg2.wait_for_timeout(2000)
        after = map_shot(pg2)
        Image.fromarray(after.astype(np.uint8)).save(OUT / "scene-restored.png")
        assert query(pg2)["view"] == view
        share = differing(before, after)
        assert share < 0.02, f"{share:.1%} of the map's pixels differ"
        # And the named scene is the current one in the bar.
        assert "Manchester close-up (1/1)" in pg2.locator(".st-key-sg-bar").inner_text()
    finally:
        fresh.close()


def test_scenes_saved_on_one_page_survive_the_menu_to_another(page, app_url):
    """Streamlit's menu opens a page with no query string: a scene saved on the Spend map was gone
    on Deprivation, so a facilitator could not build a sequence across pages in the app. Now the
    menu keeps the scenes, and a second scene saved there joins the first."""
    pg = page
    pg.goto(f"{app_url}/spend_map?zlevel=ca&area=E47000001&imdmap=1")
    wait_for_map(pg)
    sidebar = pg.locator('[data-testid="stSidebar"]')
    for name, page_title in (("GM deprivation", "Deprivation"), ("Leeds LEP", None)):
        box = sidebar.get_by_label("Scene name")
        if not box.is_visible():  # the expander stays open across pages
            sidebar.get_by_text("Scenes and map view").click()
        box.fill(name)
        box.press("Enter")
        wait_idle(pg)
        sidebar.get_by_role("button", name="Save this view as a scene").click()
        wait_idle(pg)
        if page_title:
            pg.locator('[data-testid="stSidebarNav"]').get_by_text(page_title, exact=True).click()
            wait_for_map(pg)
            assert urlparse(pg.url).path.endswith("/deprivation")
            assert "GM%20deprivation" in query(pg).get("scenes", ""), pg.url
    scenes = query(pg)["scenes"]
    assert "GM%20deprivation" in scenes and "Leeds%20LEP" in scenes, scenes
    pg.screenshot(path=str(OUT / "scenes-across-pages.png"))
