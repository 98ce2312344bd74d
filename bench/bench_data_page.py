"""Where the Data page's time goes on a real council file: each pipeline step, the page run, and Chromium end to end.

Prints one figure per line. The Chromium part (skip with --no-browser) starts `streamlit run app.py`,
uploads the file(s) on the Data page, clicks Load and times until every result is shown (the last
section has rendered and the script has stopped), then times a rerun that changes nothing expensive.
Targets (issue 10): upload → results ≤ 15 s on 2 cores; no-op rerun ≤ 1 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "spend"
    / "trafford-supplier-spend-2024-25.zip"
)


def steps(files: list[Path]) -> object:
    """Each pipeline step on its own, then build_dataset as the page calls it."""
    import pandas as pd

    from geo.analysis.summary import prepare_spend
    from geo.spend import pipeline
    from geo.spend.combine import read_spend_files
    from geo.spend.flags import flag_summary
    from geo.spend.geocode import PostcodeLookup
    from geo.spend.matchreport import locate, match_summary, unplaced_suppliers
    from geo.spend.privacy import public_view, redaction_preview
    from geo.store import read as store

    def step(name, fn):
        t = time.perf_counter()
        out = fn()
        print(f"{name}_s={time.perf_counter() - t:.2f}", flush=True)
        return out

    lookup = step("postcode_index", lambda: PostcodeLookup.from_index(store.read_postcodes()))
    sources = [(p.read_bytes(), p.name) for p in files]
    table = step("read_spend_files", lambda: read_spend_files(sources))
    print(f"rows={len(table.frame)} files={len(table.files)}")
    located = step("locate (repair + geocode)", lambda: locate(table.frame, lookup))
    step("flag_summary", lambda: flag_summary(located))
    step("match_summary", lambda: match_summary(located))
    step("unplaced_suppliers", lambda: unplaced_suppliers(located))
    step("redaction_preview", lambda: redaction_preview(located))
    step("public_view", lambda: public_view(located))
    step("hash", lambda: pd.util.hash_pandas_object(located, index=False).to_numpy().tobytes())
    step("prepare_spend", lambda: prepare_spend(located))
    ds = step("build_dataset_total", lambda: pipeline.build_dataset(sources, lookup))
    return ds


def apptest(ds) -> None:
    """The Data page script with the dataset loaded: first run, then reruns that change nothing."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.session_state["spend_dataset"] = ds
    at.switch_page("pages/data.py")
    t = time.perf_counter()
    at.run()
    print(f"data_page_first_run_s={time.perf_counter() - t:.2f}")
    times = []
    for _ in range(5):
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
    print(f"data_page_noop_rerun_s_median={sorted(times)[2]:.2f}")


def chromium(files: list[Path]) -> None:
    """Upload → every result shown, and a no-op rerun, measured in headless Chromium."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serving, wait_idle

    with serving() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(300_000)
        page.goto(f"{url}/data")
        page.wait_for_selector("h1")
        wait_idle(page)  # the default dataset (Contracts Finder) is built and shown first
        t = time.perf_counter()
        page.locator('[data-testid="stFileUploader"]').first.locator(
            'input[type="file"]'
        ).set_input_files([str(f) for f in files])
        # The upload is done when the uploader lists every file and the rerun it caused has ended.
        page.wait_for_function(
            f"document.querySelectorAll('[data-testid=\"stFileChipName\"]').length >= {len(files)}"
        )
        page.wait_for_timeout(300)
        page.wait_for_selector('[data-test-script-state="notRunning"]', state="attached")
        print(f"browser_upload_s={time.perf_counter() - t:.2f}")
        t = time.perf_counter()
        page.get_by_role("button", name="Load", exact=True).click()
        page.get_by_text("The Spend map now uses this dataset").wait_for()
        page.get_by_text("Sources, vintages and licences").last.wait_for()
        page.wait_for_selector('[data-test-script-state="notRunning"]', state="attached")
        print(f"browser_load_to_results_s={time.perf_counter() - t:.2f}")
        times = []
        box = page.get_by_label("Excel sheet")
        for i in range(3):
            box.fill(f"Sheet{i}")
            t = time.perf_counter()
            box.press("Enter")
            page.wait_for_selector('[data-test-script-state="running"]', state="attached")
            page.wait_for_selector('[data-test-script-state="notRunning"]', state="attached")
            times.append(time.perf_counter() - t)
        print(f"browser_noop_rerun_s_median={sorted(times)[1]:.2f}")
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    ds = steps(args.files)
    apptest(ds)
    if not args.no_browser:
        chromium(args.files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
