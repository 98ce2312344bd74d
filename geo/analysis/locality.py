"""What "local" means: a Locality (one LAD, LEP or CA, or a set of LADs), decided through geo.levels."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from geo import levels
from geo.analysis.urlparams import MAX_TEXT, param_getter
from geo.errors import SpendGeoError

LocalityKind = Literal["lad", "lep", "ca", "lads"]
LOCALITY_KINDS: tuple[str, ...] = ("lad", "lep", "ca", "lads")
# Which area level each kind tests membership of ("lads" is a set of LADs).
_KIND_LEVEL = {"lad": "lad", "lads": "lad", "lep": "lep", "ca": "ca"}
_KIND_NAMES = {"lad": "LAD", "lads": "LADs", "lep": "LEP", "ca": "Combined Authority"}
_CODE_RE = re.compile(r"^[A-Z][0-9]{8}$")


def is_code(value: str) -> bool:
    return bool(_CODE_RE.match(value))


def canon_codes(values: Iterable[str], name: str) -> tuple[str, ...]:
    out = []
    for v in values:
        if not isinstance(v, str) or not is_code(v.strip().upper()):
            raise ValueError(f"{name}: {v!r} is not a GSS area code like E08000009")
        out.append(v.strip().upper())
    return tuple(sorted(set(out)))


@dataclass(frozen=True)
class Locality:
    """What "local" means: suppliers inside one LAD, LEP or Combined Authority, or a set of LADs.

    Membership is decided by `geo.levels.members_any` (a LEP tests both `lep21cd` and `lep21cd2`:
    7 LADs sit in two LEPs), for the summary cards and the map's points alike.
    """

    kind: LocalityKind
    codes: tuple[str, ...]
    label: str = field(default="", compare=True)

    def __post_init__(self) -> None:
        if self.kind not in LOCALITY_KINDS:
            raise ValueError(
                f"locality kind {self.kind!r} is not one of {', '.join(LOCALITY_KINDS)}"
            )
        codes = canon_codes(self.codes, "locality codes")
        if not codes:
            raise ValueError("a locality needs at least one area code")
        if self.kind != "lads" and len(codes) != 1:
            raise ValueError(f"a {self.kind} locality takes exactly one code (use lads: for a set)")
        level = self.level
        for c in codes:
            if not level.is_code(c):
                raise ValueError(
                    f"{c} is not a {_KIND_NAMES[self.kind]} code (they start {'/'.join(level.prefixes)})"
                )
        object.__setattr__(self, "codes", codes)
        label = str(self.label).strip()[:MAX_TEXT] if self.label else ""
        object.__setattr__(self, "label", label)

    @property
    def level(self) -> levels.Level:
        """The area level whose membership columns decide "local"."""
        return levels.get(_KIND_LEVEL[self.kind])

    @property
    def spec(self) -> str:
        """Compact form, as on the command line: 'lad:E08000009', 'lads:E08000009,E08000003'."""
        return f"{self.kind}:{','.join(self.codes)}"

    @property
    def description(self) -> str:
        """'suppliers in LAD Trafford (E08000009)' — names the boundary behind every local figure."""
        codes = ", ".join(self.codes)
        kind = _KIND_NAMES[self.kind]
        if self.label:
            return f"suppliers in {kind} {self.label} ({codes})"
        return f"suppliers in {kind} {codes}"

    @property
    def name(self) -> str:
        """The area's label, or its codes when it has none."""
        return self.label or ", ".join(self.codes)

    @classmethod
    def parse(cls, spec: str, label: str = "") -> Locality:
        """Parse 'lad:CODE' / 'lep:CODE' / 'ca:CODE' / 'lads:CODE,CODE'; SpendGeoError if malformed."""
        kind, sep, rest = str(spec).strip().partition(":")
        kind = kind.strip().lower()
        if not sep or kind not in LOCALITY_KINDS:
            raise SpendGeoError(
                f"--local {spec!r} is not understood: use lad:CODE, lep:CODE, ca:CODE or lads:CODE,CODE."
            )
        codes = tuple(c.strip().upper() for c in rest.split(",") if c.strip())
        try:
            return cls(kind, codes, label)  # type: ignore[arg-type]
        except ValueError as err:
            raise SpendGeoError(f"--local {spec!r}: {err}.") from None

    def to_params(self) -> dict[str, str]:
        out = {"local": self.spec}
        if self.label:
            out["local_label"] = self.label
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> Locality | None:
        """Locality from URL params, or None when absent or unreadable (never raises)."""
        get = param_getter(params)
        spec = get("local")
        if not spec:
            return None
        try:
            return cls.parse(spec, get("local_label") or "")
        except (SpendGeoError, ValueError):
            return None


def is_local(rows: pd.DataFrame, locality: Locality) -> np.ndarray:
    """THE local test: bool per row of `rows` (LSOA / postcode / spend / place rows).

    Every local figure — summary cards, buyer comparisons, leakage, map point colours — reaches
    its rows through this one function, via the level's membership columns.
    """
    return np.asarray(levels.members_any(locality.level, locality.codes, rows), dtype=bool)
