"""Several spend files (or a ZIP of them) with one layout read as one dataset, with rows per file and data-quality flags."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from geo.errors import SpendGeoError
from geo.spend.filenotes import fold_file_notes
from geo.spend.flags import add_flags, flag_summary
from geo.spend.ingest import SpendTable, read_spend
from geo.spend.schema import NORMALISED, SOURCE_FILE
from geo.spend.unpack import Source, load, zip_spreadsheets

Named = Source | tuple[Source, str]  # a source, or (source, display name) for uploads
MAX_FILES = 60  # five years of monthly files


def _expand(sources: Sequence[Named], max_bytes: int) -> list[tuple[bytes, str]]:
    """Each source's bytes and name; a ZIP of several spreadsheets becomes its members."""
    out: list[tuple[bytes, str]] = []
    total = 0
    for item in sources:
        src, name = item if isinstance(item, tuple) else (item, None)
        data, shown = load(src, name, max_bytes)
        members = zip_spreadsheets(data, shown, max_bytes)
        for member in members or [(data, shown)]:
            m_data, m_name = member if members is None else (member[1], member[0])
            total += len(m_data)
            if total > max_bytes:
                raise SpendGeoError(
                    f"The files come to more than {max_bytes / 1e6:,.0f} MB once unpacked; the limit is {max_bytes / 1e6:,.0f} MB in total."
                )
            out.append((m_data, m_name))
    if len(out) > MAX_FILES:
        raise SpendGeoError(
            f"{len(out)} files were given; at most {MAX_FILES} are read as one dataset."
        )
    return out


def _layout_problem(first: SpendTable, other: SpendTable) -> str | None:
    """The sentence saying how `other` differs from `first` in the fields it provides, or None."""
    a, b = set(first.mapping), set(other.mapping)
    if a == b:
        return None
    lacks = ", ".join(sorted(a - b))
    adds = ", ".join(sorted(b - a))
    what = "; ".join(
        x
        for x in (f"it has no {lacks} column" if lacks else "", f"it adds {adds}" if adds else "")
        if x
    )
    return (
        f"{other.source_name} has a different layout from {first.source_name} ({what}); "
        "read files with the same columns together, or read it on its own."
    )


def read_spend_files(
    sources: Sequence[Named] | Named,
    *,
    sheet: str | None = None,
    overrides: dict[str, str] | None = None,
    max_bytes: int = 500_000_000,
    flags: bool = True,
) -> SpendTable:
    """Read one or several spend files as one normalised table with `source_file` and `flags`.

    `max_bytes` caps the total the files unpack to. Files must provide the same fields (amount,
    supplier, postcode …); their other columns may differ and are kept side by side.
    """
    if not isinstance(sources, list | tuple) or (
        isinstance(sources, tuple) and len(sources) == 2 and isinstance(sources[1], str)
    ):
        sources = [sources]  # type: ignore[list-item]
    if not sources:
        raise SpendGeoError("No spend file was given.")
    files = _expand(list(sources), max_bytes)
    tables: list[SpendTable] = []
    for data, name in files:
        table = read_spend(
            data, filename=name, sheet=sheet, overrides=overrides, max_bytes=max_bytes
        )
        if tables:
            problem = _layout_problem(tables[0], table)
            if problem:
                raise SpendGeoError(problem)
        tables.append(table)
    frames = []
    for t in tables:
        f = t.frame
        f.insert(len(NORMALISED), SOURCE_FILE, t.source_name)
        frames.append(f)
    frame = pd.concat(frames, ignore_index=True, sort=False) if len(frames) > 1 else frames[0]
    frame[SOURCE_FILE] = frame[SOURCE_FILE].astype("category")
    per_file = pd.DataFrame(
        {
            "file": [t.source_name for t in tables],
            "rows": [len(t.frame) for t in tables],
            "amount": [float(t.frame["amount"].sum()) for t in tables],
        }
    )
    notes: list[str] = []
    if len(tables) > 1:
        listed = "; ".join(f"{r.file}: {r.rows:,} rows" for r in per_file.itertuples())
        notes.append(
            f"Read {len(tables)} files as one dataset of {len(frame):,} rows totalling £{per_file['amount'].sum():,.2f} ({listed})."
        )
        cols = [set(map(str, t.frame.columns)) for t in tables]
        common = set.intersection(*cols)
        for t, c in zip(tables, cols, strict=True):
            extra = sorted(c - common)
            if extra:
                notes.append(
                    f"{t.source_name} has column(s) {', '.join(repr(x) for x in extra[:5])} that other files lack; they are blank for those files' rows."
                )
    seen: set[str] = set(notes)
    for note in fold_file_notes([(t.source_name, t.notes) for t in tables]):
        if note not in seen:
            seen.add(note)
            notes.append(note)
    if flags:
        frame.attrs["source_name"] = tables[0].source_name
        frame = add_flags(frame)
        notes.extend(frame.attrs.get("flag_notes", []))
        summary = flag_summary(frame)
        for r in summary.itertuples(index=False):
            notes.append(
                f"Flagged {r.rows:,} row(s) (£{r.amount:,.2f}) as {r.flag}: {r.meaning}; they are kept, and a filter can exclude them."
            )
    name = tables[0].source_name if len(tables) == 1 else f"{len(tables)} files"
    return SpendTable(
        frame=frame,
        mapping=tables[0].mapping,
        notes=notes,
        source_name=name,
        files=per_file,
    )


def display_name(source: Named) -> str:
    if isinstance(source, tuple):
        return source[1]
    return Path(str(source)).name if isinstance(source, str | Path) else "uploaded file"
