"""The pipeline's supplier-placing step: read a register upload, run geo.spend.locate, say which sources were used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from geo.spend import locate
from geo.spend.match import DEFAULT_THRESHOLD, Reference

# What each kind of source is called on the page and in notes.
SOURCE_LABELS: dict[str, str] = {
    "register": "supplier register",
    "companies": "Companies House index",
    "charities": "Charity Commission register",
    "awards": "contract award files with supplier postcodes",
}


@dataclass
class Placed:
    """geo.spend.locate.Located plus `used`: {source kind: what it was} for every source given."""

    frame: pd.DataFrame
    review: pd.DataFrame
    basis: str
    notes: list[str] = field(default_factory=list)
    used: dict[str, str] = field(default_factory=dict)
    register: pd.DataFrame | None = None  # the register as read, so a later run can use it again


def read_register_source(register) -> tuple[pd.DataFrame, str]:
    """A register given as a path, (bytes, filename) or an already read frame → (frame, its name)."""
    from geo.spend.suppliers import read_register

    if isinstance(register, pd.DataFrame):
        return register, str(register.attrs.get("source_name", "supplier register"))
    if isinstance(register, Path):
        return read_register(register, filename=register.name), register.name
    data, name = register
    return read_register(data, filename=name), name


def _size(ref) -> int:
    return len(ref) if isinstance(ref, Reference) else int(getattr(ref, "num_rows", len(ref)))


def locate_suppliers(
    frame: pd.DataFrame,
    *,
    register=None,
    companies: pa.Table | Reference | None = None,
    charities: pd.DataFrame | Reference | None = None,
    awards: Sequence[pd.DataFrame] = (),
    review: pd.DataFrame | None = None,
    basis: str = "registered_office",
    fuzzy: bool = True,
    threshold: float = DEFAULT_THRESHOLD,
    labels: dict[str, str] | None = None,
    file_locates: pd.Series | None = None,
) -> Placed:
    """Place suppliers route by route (geo.spend.locate.locate_suppliers) from whatever sources are given.

    `labels` names the sources for the page ({"companies": "index built 2026-11-01"}); without it a
    plain description with its size is used.
    """
    labels = labels or {}
    used: dict[str, str] = {}
    notes: list[str] = []
    reg = None
    if register is not None:
        reg, reg_name = read_register_source(register)
        notes += list(reg.attrs.get("notes", []))
        used["register"] = labels.get(
            "register", f"{reg_name} ({len(reg):,} suppliers with a postcode)"
        )
    if companies is not None:
        used["companies"] = labels.get("companies", f"{_size(companies):,} companies")
    if charities is not None:
        used["charities"] = labels.get("charities", f"{_size(charities):,} charities")
    awards = [a for a in awards if a is not None]
    if awards:
        used["awards"] = labels.get("awards", f"{len(awards)} file(s)")
    located = locate.locate_suppliers(
        frame,
        register=reg,
        companies=companies,
        charities=charities,
        awards=awards,
        review=review,
        basis=basis,
        fuzzy=fuzzy,
        threshold=threshold,
        file_locates=file_locates,
    )
    return Placed(located.frame, located.review, located.basis, notes + located.notes, used, reg)
