"""The phone-size probe's report: parsed strictly, anything else ignored."""

from __future__ import annotations

import pytest

from ui.viewport import parse_size


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("358,844", (358, 844)),
        ("600,400", (600, 400)),
        ("", None),
        (None, None),
        ("358", None),
        ("358,844,1", None),
        ("a,b", None),
        ("50,844", None),  # narrower than any phone: not a real report
        ("358,99999", None),
        ("358.5,844", None),
    ],
)
def test_parse_size(text, size):
    assert parse_size(text) == size
