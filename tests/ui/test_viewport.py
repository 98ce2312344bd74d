"""The screen probe's report: parsed strictly, anything else ignored."""

from __future__ import annotations

import pytest

from geo.present.views import Screen
from ui.viewport import parse_size


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
