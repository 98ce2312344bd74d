"""The screen probe's report: parsed strictly, anything else ignored."""

from __future__ import annotations

import pytest

from geo.present.views import DESKTOP, Screen
from ui.viewport import parse_size, screen_for_fit


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("390,844,358", Screen(390, 844, 358)),
        ("1024,768,988", Screen(1024, 768, 988)),
        ("", None),  # a desktop: nothing reported
        (None, None),
        ("358,844", None),  # the old two-number report
        ("390,844,358,1", None),
        ("a,b,c", None),
        ("50,844,40", None),  # narrower than any phone: not a real report
        ("390,99999,358", None),
        ("390,844,500", None),  # a main column wider than its window
        ("390.5,844,358", None),
    ],
)
def test_parse_size(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("1920x1080x1560", Screen(1920, 1080, 1560)),  # the cookie's form
        ("1920,1080,1560", None),  # not the cookie's separator
        ("1920x1080x1560; Path=/", None),
        ("<script>x1x1", None),
    ],
)
def test_parse_the_cookie(text, size):
    assert parse_size(text, sep="x") == size


WIDE = "1920x1080x1560"  # a wide desktop measured on an earlier visit


@pytest.mark.parametrize(
    ("reported", "remembered", "presenting", "screen"),
    [
        (None, "", False, DESKTOP),  # a first visit: the smallest desktop
        (None, WIDE, False, Screen(1920, 1080, 1560)),  # a return visit: its own screen
        (None, WIDE, True, Screen(1920, 1080, 1560)),  # presenting: its window (present_content)
        (None, "nonsense", False, DESKTOP),
        # Once this session has a report, it wins over the cookie (a window narrowed since).
        ("1300,800,940", WIDE, False, Screen(1300, 800, 940)),
        ("", WIDE, False, DESKTOP),  # reported wide again after a narrow spell
        # A presenting report (the window alone) read after the presentation ended.
        ("1280,720,1280", "", False, DESKTOP),
        ("1280,720,1280", "", True, Screen(1280, 720, 1280)),
    ],
)
def test_screen_for_fit(reported, remembered, presenting, screen):
    assert screen_for_fit(reported, remembered, presenting) == screen
