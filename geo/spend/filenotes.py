"""Fold the same reading note from many files of one dataset into one note (twelve monthly files gave 56 notes)."""

from __future__ import annotations

import re
from collections.abc import Sequence

# A number in a note: a count ("2,138") or a £ amount ("£-257,911.27", "£46,163.02").
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
# Notes that count rows ("94 row(s) are credits (…, £-257,911.27) …"): their numbers add up
# across files. Other numbers (a line number, a column position) do not, so those notes stay.
_ADDITIVE = re.compile(r"^\d[\d,]* row\(s\)")
_READ = re.compile(r"^Read [\d,]+ rows totalling £-?[\d,.]+ from ")


def _fmt(value: float, like: str) -> str:
    return f"{value:,.2f}" if "." in like else f"{round(value):,}"


def _with_numbers(note: str, values: Sequence[float]) -> str:
    """`note` with its numbers replaced, in order, by `values` (formatted as the originals)."""
    pieces = _NUMBER.split(note)
    originals = _NUMBER.findall(note)
    out = [pieces[0]]
    for value, like, after in zip(values, originals, pieces[1:], strict=True):
        out += [_fmt(value, like), after]
    return "".join(out)


def fold_file_notes(per_file: Sequence[tuple[str, Sequence[str]]]) -> list[str]:
    """Each file's notes, in first-seen order, with the same note from several files said once.

    `per_file`: (file name, its notes). A note that differs only by the file's name becomes one
    note naming how many files it applies to; a row-count note ("N row(s) …") that recurs is
    summed over the files; "Read N rows … from <file>" goes (the dataset's own note lists every
    file's rows). One file: its notes as they are."""
    if len(per_file) < 2:
        return [n for _, notes in per_file for n in notes]
    n_files = len(per_file)
    groups: dict[str, list[tuple[str, str]]] = {}  # key -> [(file, note)]
    order: list[str] = []
    for name, notes in per_file:
        for note in notes:
            if _READ.match(note):
                continue
            template = note.replace(name, "\x00") if name else note
            # A row count that names its file stays as it is (the name's digits are no count).
            summable = bool(_ADDITIVE.match(note)) and "\x00" not in template
            key = _NUMBER.sub("#", template) if summable else template
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append((name, note))
    out: list[str] = []
    for key in order:
        hits = groups[key]
        files = sorted({f for f, _ in hits})
        first = hits[0][1]
        if len(hits) == 1:
            out.append(first)
            continue
        some = len(files) < n_files
        if _ADDITIVE.match(first) and hits[0][0] not in first:
            columns = [[float(x.replace(",", "")) for x in _NUMBER.findall(n)] for _, n in hits]
            if len({len(c) for c in columns}) == 1:
                sums = [sum(c) for c in zip(*columns, strict=True)]
                where = f"{len(files)} of the {n_files}" if some else f"all {n_files}"
                out.append(f"In {where} files together: {_with_numbers(first, sums)}")
                continue
        template = first.replace(hits[0][0], "\x00")
        if "\x00" in template:
            listed = ", ".join(files[:3]) + (" …" if len(files) > 3 else "")
            each = (
                f"each of {len(files)} of the {n_files} files ({listed})"
                if some
                else f"each of the {n_files} files ({listed})"
            )
            if template.startswith("\x00"):
                each = each[0].upper() + each[1:]
            out.append(template.replace("\x00", each, 1).replace("\x00", "each file"))
        else:
            out.append(first)
    return out
