"""Reading and writing URL query values: tolerant getters, escaped lists, dates and amounts."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from datetime import date

# Limits on what a URL may carry: far above any real selection, low enough that a hostile or
# mangled link cannot make the app build a huge lookup.
MAX_ITEMS = 500
MAX_TEXT = 300
SEP = ","


def param_getter(params: Mapping[str, object]) -> Callable[[str], str | None]:
    """get(key) → the last string value of a query param, or None (never raises)."""

    def get(key: str) -> str | None:
        try:
            value = params.get(key)  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001 — a mapping-like that misbehaves is just "no value"
            return None
        if isinstance(value, list | tuple):
            value = value[-1] if value else None
        return value if isinstance(value, str) else None

    return get


def join(values: Iterable[str]) -> str:
    # Names may contain commas ("Smith, Jones & Co"), so escape the backslash and the separator.
    return SEP.join(v.replace("\\", "\\\\").replace(SEP, "\\" + SEP) for v in values)


def split(text: str | None) -> list[str]:
    """Inverse of join; a dangling backslash is kept literally. Empty pieces are dropped."""
    if not text:
        return []
    out, cur, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            cur.append(text[i + 1])
            i += 2
            continue
        if ch == SEP:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    out.append("".join(cur))
    return [s.strip() for s in out[:MAX_ITEMS] if s.strip()]


def parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def parse_amount(text: str | None) -> float | None:
    if not text:
        return None
    try:
        value = float(text.strip().replace(",", "").lstrip("£"))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_flag(text: str | None) -> bool:
    """'1' / 'true' / 'yes' / 'on' → True; anything else (absent, garbage) → False."""
    return bool(text) and text.strip().lower() in ("1", "true", "yes", "on")  # type: ignore[union-attr]
