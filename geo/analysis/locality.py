"""What "local" means: a Locality (one LAD, LEP, CA or upper-tier authority, or a set of LADs), decided through geo.levels.

Kinds "lad", "ca" and "lads" are generic: they mean the current set of the deprivation vintage
(`levels.for_imd`): under IMD 2025 a LAD 2024 and a CA May 2025, under IMD 2019 a LAD 2021 and a
CA May 2024. So an old link `ca:E47000001` keeps working and, under IMD 2025, tests CA 2025
membership. Explicit kinds ("lad24", "lad21", "ca25", "ca24", "utla24", "lep") never follow it.
An upper-tier authority ("utla24": a county, unitary, metropolitan district or London borough,
2024) exists only in the current frame, so it always tests the `utla24cd` of LSOA 2021.
"""

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

LocalityKind = Literal["lad", "lep", "ca", "lads", "lad24", "lad21", "ca25", "ca24", "utla24"]
# No "ca21": geocoded spend rows carry no CA 2021 column.
LOCALITY_KINDS: tuple[str, ...] = (
    "lad", "lep", "ca", "lads", "lad24", "lad21", "ca25", "ca24", "utla24",
)  # fmt: skip
# Which area level each kind tests membership of ("lads" is a set of LADs); "lad" / "ca" / "lads"
# resolve through levels.for_imd, the explicit keys through levels.get.
_KIND_LEVEL = {"lads": "lad"}
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
    """What "local" means: suppliers inside one LAD, LEP, Combined Authority or upper-tier
    authority, or a set of LADs.

    Membership is decided by `geo.levels.members_any` (a LEP tests both `lep21cd` and `lep21cd2`:
    7 LADs sit in two LEPs), for the summary cards and the map's points alike.
    """

    kind: LocalityKind
    codes: tuple[str, ...]
    label: str = field(default="", compare=True)
    # Deprivation vintage that "lad" / "ca" / "lads" follow; None = the spend index's own
    # (SpendFrame.local_places resolves it with `under`), levels.DEFAULT_IMD when read alone.
    imd: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in LOCALITY_KINDS:
            raise ValueError(
                f"locality kind {self.kind!r} is not one of {', '.join(LOCALITY_KINDS)}"
            )
        if self.imd is not None:
            try:
                object.__setattr__(self, "imd", levels.imd(self.imd).key)
            except KeyError as err:
                raise ValueError(str(err.args[0])) from None
        codes = canon_codes(self.codes, "locality codes")
        if not codes:
            raise ValueError("a locality needs at least one area code")
        if self.kind != "lads" and len(codes) != 1:
            raise ValueError(f"a {self.kind} locality takes exactly one code (use lads: for a set)")
        level = self.level
        for c in codes:
            if not level.is_code(c):
                raise ValueError(
                    f"{c} is not a {level.noun} code (they start {'/'.join(level.prefixes)})"
                )
        object.__setattr__(self, "codes", codes)
        label = str(self.label).strip()[:MAX_TEXT] if self.label else ""
        object.__setattr__(self, "label", label)

    @property
    def level(self) -> levels.Level:
        """The area level whose membership columns decide "local"."""
        return levels.for_imd(_KIND_LEVEL.get(self.kind, self.kind), self.imd)

    def under(self, imd: str | int | None) -> Locality:
        """This locality with its vintage fixed to `imd` when it follows the index (imd None)."""
        if self.imd is not None or imd is None:
            return self
        return Locality(self.kind, self.codes, self.label, str(imd))

    @property
    def spec(self) -> str:
        """Compact form, as on the command line: 'lad:E08000009', 'lads:E08000009,E08000003'."""
        return f"{self.kind}:{','.join(self.codes)}"

    @property
    def description(self) -> str:
        """'suppliers in LAD Trafford (E08000009; LAD December 2021)' — names the boundary behind every local figure."""
        codes = ", ".join(self.codes)
        kind = f"{self.level.noun}s" if self.kind == "lads" else self.level.noun
        # The boundary's vintage goes with the codes: "lad:" means LAD 2024 under IMD 2025.
        where = f"{codes}; {self.level.vintage}"
        if self.label:
            return f"suppliers in {kind} {self.label} ({where})"
        return f"suppliers in {kind} {codes} ({self.level.vintage})"

    @property
    def name(self) -> str:
        """The area's label, or its codes when it has none."""
        return self.label or ", ".join(self.codes)

    @classmethod
    def parse(cls, spec: str, label: str = "", imd: str | int | None = None) -> Locality:
        """Parse 'lad:CODE' / 'lep:CODE' / 'ca:CODE' / 'lads:CODE,CODE' (or an explicit level key:
        'ca25:CODE', 'lad21:CODE' …) under an IMD vintage (None: the spend index's); SpendGeoError if malformed."""
        kind, sep, rest = str(spec).strip().partition(":")
        kind = kind.strip().lower()
        if not sep or kind not in LOCALITY_KINDS:
            raise SpendGeoError(
                f"--local {spec!r} is not understood: use lad:CODE, lep:CODE, ca:CODE, "
                "utla24:CODE (upper-tier authority) or lads:CODE,CODE (or lad24:, lad21:, ca25:, "
                "ca24: for one vintage)."
            )
        codes = tuple(c.strip().upper() for c in rest.split(",") if c.strip())
        vintage = str(imd) if imd is not None else None
        try:
            return cls(kind, codes, label, vintage)  # type: ignore[arg-type]
        except ValueError as err:
            raise SpendGeoError(f"--local {spec!r}: {err}.") from None

    def to_params(self) -> dict[str, str]:
        out = {"local": self.spec}
        if self.label:
            out["local_label"] = self.label
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> Locality | None:
        """Locality from URL params (its vintage from `imd`), or None when absent or unreadable
        (never raises)."""
        get = param_getter(params)
        spec = get("local")
        if not spec:
            return None
        imd = get("imd")
        try:
            return cls.parse(spec, get("local_label") or "", imd if imd in levels.IMD else None)
        except (SpendGeoError, ValueError):
            return None


def is_local(rows: pd.DataFrame, locality: Locality) -> np.ndarray:
    """THE local test: bool per row of `rows` (LSOA / postcode / spend / place rows).

    Every local figure — summary cards, buyer comparisons, leakage, map point colours — reaches
    its rows through this one function, via the level's membership columns.
    """
    return np.asarray(levels.members_any(locality.level, locality.codes, rows), dtype=bool)
