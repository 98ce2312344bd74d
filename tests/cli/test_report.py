"""`python -m geo report` on real files: figures equal the summary JSON; HTML opened in Chromium; DOCX via LibreOffice."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from docx import Document
from PIL import Image

from geo.cli.main import main
from geo.fmt import format_value
from tests.conftest import SHARED_DATA
from tests.offloop import run_off_loop

CF = SHARED_DATA / "spend" / "contracts_finder_awarded_substance_misuse_2015-2024_notices.csv"
MANCHESTER = SHARED_DATA / "spend" / "council_2021-22" / "manchester" / "2021-04.csv"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
]  # fmt: skip

# A supplier register WRITTEN BY THIS TEST (Manchester's file carries no postcodes): real suppliers
# from Manchester City Council's April 2021 file, each with the postcode of that organisation's own
# registered or head office (public record), spelled as the council's finance system spells them.
REGISTER = """Supplier,Postcode
GMCA,M1 6EU
ISG Construction Limited,EC3N 1AG
LendLease Construction(EUROPE) Ltd,W2 1BQ
Laing O'Rourke Construction Ltd,DA2 6SN
Biffa Municipal Limited,HP12 3TZ
Softcat,SL7 1LW
Balfour Beatty Living Places Ltd,E14 5HU
Change Grow Live,BN1 1YR
Riverside ECHG,L24 8RF
Greater Manchester Mental Health,M25 3BL
MITIE SECURITY LIMITED,SE1 9SG
Central Mcr Uni Hospital t/a,M13 9WL
Eric Wright Civil Engineering Limit,PR5 6AW
Sir Robert McAlpine Limited,HP2 7TR
Price Waterhouse Coopers LLP,WC2N 6RH
The Together Trust,SK8 1JE
"""


@pytest.fixture(scope="module")
def geocoded(tmp_path_factory: pytest.TempPathFactory, store_path) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("report_cli")
    reg = d / "manchester_register.csv"
    reg.write_text(REGISTER)
    out = {"cf": d / "cf.csv", "mcr": d / "mcr.csv", "dir": d}
    assert main(["geocode", str(CF), "--out", str(out["cf"])]) == 0
    assert (
        main(["geocode", str(MANCHESTER), "--suppliers", str(reg), "--out", str(out["mcr"])]) == 0
    )
    return out


def _summary(capsys: pytest.CaptureFixture, argv: list[str]) -> dict:
    capsys.readouterr()
    assert main(["summary", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


CASES = [
    ("cf", ["--local", "ca:E47000001"]),
    ("cf", ["--local", "lep:E37000015", "--fy", "2019-20", "--denominator", "geocoded"]),
    ("mcr", ["--local", "lad:E08000003"]),
    ("mcr", ["--local", "ca:E47000001", "--top", "5"]),
]


@pytest.mark.parametrize(("key", "args"), CASES)
def test_report_figures_equal_the_summary_json(geocoded, capsys, key, args):
    src = str(geocoded[key])
    doc = _summary(capsys, [src, *args])
    html_path = geocoded["dir"] / f"{key}.html"
    docx_path = geocoded["dir"] / f"{key}.docx"
    assert main(["report", src, *args, "--no-maps", "--out", str(html_path)]) == 0
    assert main(["report", src, *args, "--no-maps", "--out", str(docx_path)]) == 0
    page = html_path.read_text()
    cards = dict(re.findall(r'data-name="([a-z0-9_]+)"><div class="v">([^<]*)<', page))
    word = Document(str(docx_path))
    rows = {r.cells[0].text: r.cells[1].text for r in word.tables[0].rows[1:]}
    for f in doc["summary"]["headline"]:
        shown = format_value(f["value"], f["unit"], f.get("why_missing", ""))
        assert html.unescape(cards[f["name"]]) == shown, f["name"]  # ">99.9%" is "&gt;99.9%"
        assert rows[f["label"]] == shown, f["label"]
    # The top suppliers in the report are the summary's, in order.
    top = [r["supplier"] for r in doc["summary"]["tables"]["top_suppliers"]["rows"]]
    section = page.split("suppliers</h2>", 1)[1].split("</table>", 1)[0]
    shown_names = re.findall(r"<tr><td>([^<]*)</td>", section)
    assert [n.replace("&#x27;", "'").replace("&amp;", "&") for n in shown_names] == top
    # Where the non-local money goes: the same leaked £ and the same first destination LAD as the
    # summary's leakage (the Compare & leakage page's report has had these; the CLI's now too).
    leak = doc["summary"]["leakage"]
    assert "Leakage: retained vs leaked" in page
    by_lad = page.split("by destination local authority district", 1)[1].split("</table>", 1)[0]
    first = leak["tables"]["by_lad"][0]
    assert f"<td>{first['name']}</td>" in by_lad.replace("&#x27;", "'").replace("&amp;", "&")
    assert format_value(leak["leaked_gbp"], "gbp") in page.split("by destination", 1)[0]


def test_register_placed_manchester_suppliers(geocoded, capsys):
    doc = _summary(capsys, [str(geocoded["mcr"]), "--local", "lad:E08000003"])
    head = {f["name"]: f["value"] for f in doc["summary"]["headline"]}
    # GMCA (M1 6EU) alone is £10.2m of the month's £65.0m: local share must be well above zero.
    assert head["total_gbp"] == pytest.approx(65_033_028.95, abs=0.01)
    assert head["local_gbp"] >= 10_244_748.42 - 0.01
    assert 0.15 < head["local_share"] < 0.5


@pytest.fixture(scope="module")
def full_reports(geocoded) -> dict[str, Path]:
    """Reports with maps, as an officer would write them: real CF file and the Manchester file."""
    out = {}
    for key, local in (("cf", "ca:E47000001"), ("mcr", "lad:E08000003")):
        for ext in ("html", "docx"):
            path = geocoded["dir"] / f"full_{key}.{ext}"
            assert main(["report", str(geocoded[key]), "--local", local, "--out", str(path)]) == 0
            out[f"{key}.{ext}"] = path
    return out


@pytest.mark.parametrize("key", ["cf", "mcr"])
def test_html_report_opens_in_chromium_and_prints(full_reports, key, tmp_path):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's chromium")
    path = full_reports[f"{key}.html"]
    assert b"http://" not in path.read_bytes().split(b"<main>")[0]  # nothing fetched from the net
    shot = tmp_path / f"{key}.png"

    def open_and_print() -> tuple[list[int], int, bytes]:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(path.as_uri())
            widths = page.eval_on_selector_all("figure img", "els => els.map(e => e.naturalWidth)")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            page.screenshot(path=str(shot), full_page=True)
            pdf = page.pdf(format="A4", print_background=True)
            browser.close()
        return widths, overflow, pdf

    widths, overflow, pdf = run_off_loop(open_and_print)
    # Both spend maps and the leakage flow map decoded, at print width.
    assert len(widths) == 3 and all(w >= 2400 for w in widths), widths
    assert overflow <= 0  # no table pushes the page sideways
    img = np.asarray(Image.open(shot).convert("RGB"))
    assert len(np.unique(img.reshape(-1, 3), axis=0)) > 200
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 4


@pytest.mark.parametrize("key", ["cf", "mcr"])
def test_docx_converts_with_libreoffice(full_reports, key, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    src = full_reports[f"{key}.docx"]
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    pdf = tmp_path / f"{src.stem}.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "pg")],
                   check=True, timeout=120)  # fmt: skip
    pages = sorted(tmp_path.glob("pg-*.png"))
    assert len(pages) == 2
    second = np.asarray(Image.open(pages[1]).convert("RGB"))  # page 2 carries the England map
    assert len(np.unique(second.reshape(-1, 3), axis=0)) > 100
    assert Document(io.BytesIO(src.read_bytes())).inline_shapes[0].width > 0
