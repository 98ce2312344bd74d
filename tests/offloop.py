"""Run Playwright's sync API off pytest-playwright's asyncio loop: in a fresh thread."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def run_off_loop(fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """fn(*args, **kwargs) in a new thread; its result, or its exception (assertions included).

    Why: Playwright's sync API refuses to start inside a running asyncio loop, and an xdist worker
    that ran a pytest-playwright test before (tests/browser) keeps one on its main thread, so a
    test that starts its own `sync_playwright()` failed or passed by which worker it landed on.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()
