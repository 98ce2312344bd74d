"""What a report holds, independent of its format: sections, map images and the headline."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class MapImage:
    """One rendered map: PNG bytes plus the caption printed under it."""

    title: str
    png: bytes
    caption: str = ""


@dataclass(frozen=True)
class Section:
    """A report section: paragraphs, then an optional table (already display-ready) and a note."""

    title: str
    paragraphs: tuple[str, ...] = ()
    table: pd.DataFrame | None = None
    note: str = ""
    image: MapImage | None = None


@dataclass(frozen=True)
class Report:
    title: str
    lines: tuple[str, ...]  # under the title: source file, selection, basis, generated date
    headline: tuple[tuple[str, str, str, object], ...]  # (name, label, shown text, raw value)
    sections: tuple[Section, ...]
    public: bool = False
    footer: str = "Spend Geography (open source). Figures are for the selection stated above"
