"""md_escape: hostile supplier names and search terms render as literal text in Streamlit Markdown."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from geo.present.text import md_escape
from tests.offloop import run_off_loop

HOSTILE = [
    "[click here](https://evil.example/login)",
    "![t](http://127.0.0.1:9/t.png)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**Bold Ltd** _it_ ~~gone~~ `code`",
    "# Heading Ltd",
    "> quoted\n- listed\n1. numbered",
    "Acme | Ltd | table",
    ":red[Danger] :material/home: Ltd",
    "$x^2$ Maths Ltd",
    "https://evil.example/ www.evil.example",
    "javascript:alert(1)",
    "mail me: bad@evil.example",
    "<a href='https://evil.example'>Acme Ltd</a>",
    "Smith &amp; Sons \\*escaped\\*",
    "Normal Supplier Ltd",
    "Omar Rash’id & Łukasz Nowak",
    "Trojan\u202eSource",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_markup_character_left_unescaped(text):
    out = md_escape(text)
    assert "<" not in out and ">" not in out.replace("&gt;", "")
    assert "\n" not in out and "\u202e" not in out
    # Every Markdown punctuation character is preceded by a backslash (character references
    # such as "&#58;" are how autolinks are broken, and read as the character).
    bare = re.sub(r"&(#\d+|[a-z]+);", "E", out).replace("\u2060", "")
    for m in re.finditer(r"[`*_{}\[\]()#+\-.!|~$:]", bare):
        assert bare[m.start() - 1] == "\\", (out, m.group(0))
    assert not re.search(r"(?i)(https?|javascript)\\?:|www\\?\.|@[^\u2060]", out + " ")


def test_plain_names_stay_readable():
    assert md_escape("Normal Supplier Ltd") == "Normal Supplier Ltd"
    assert md_escape(None) == ""
    assert md_escape(42) == "42"
    # Apostrophes and quotes read as typed (an entity's "#" would be escaped and shown raw).
    assert md_escape("the notice's own 'Value Low'") == "the notice's own 'Value Low'"


@pytest.mark.browser
def test_hostile_strings_render_as_text_in_streamlit(tmp_path):
    """A real Streamlit page renders each escaped string through st.markdown and st.caption:
    Chromium finds no link, image or script element made from them, and shows the words."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port

    root = Path(__file__).resolve().parents[2]
    script = tmp_path / "escape_page.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            sys.path.insert(0, {str(root)!r})
            import streamlit as st
            from geo.present.text import md_escape
            HOSTILE = {HOSTILE!r}
            for i, text in enumerate(HOSTILE):
                st.markdown(f"Supplier: {{md_escape(text)}}")
                st.caption(f"Search: {{md_escape(text)}}")
            st.markdown("END-OF-PAGE")
            """
        )
    )
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        for _ in range(180):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)

        def check_in_chromium() -> None:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                requests: list[str] = []
                page.on("request", lambda r: requests.append(r.url))
                page.goto(f"http://127.0.0.1:{port}/")
                page.get_by_text("END-OF-PAGE").wait_for(timeout=60_000)
                main = page.locator('[data-testid="stMain"]')
                bad = main.locator("a[href*='evil'], a[href^='javascript']")
                assert bad.count() == 0, [
                    bad.nth(i).evaluate("e => e.outerHTML") for i in range(bad.count())
                ]
                assert main.locator("img").count() == 0
                assert main.locator("script").count() == 0
                assert main.locator("strong, em, del, h1, blockquote, ul, ol, table").count() == 0
                text = main.inner_text().replace("\u2060", "")
                for words in ("[click here](https://evil.example/login)", "<script>alert(1)</script>",
                              ":red[Danger]", "**Bold Ltd**", "Omar Rash’id & Łukasz Nowak"):  # fmt: skip
                    assert words in text, words
                assert not [u for u in requests if "127.0.0.1:9" in u or "evil.example" in u]
                browser.close()

        run_off_loop(check_in_chromium)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
