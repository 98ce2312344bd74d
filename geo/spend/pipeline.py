"""The spend pipeline as one function: read file(s) → place suppliers → repair postcodes and geocode → public view."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from geo.errors import SpendGeoError
from geo.spend import ingest
from geo.spend.combine import read_spend_files
from geo.spend.flags import flag_summary
from geo.spend.matchreport import (
    file_postcode_locates,
    locate,
    located_rows,
    located_share,
    match_summary,
    unplaced_suppliers,
)
from geo.spend.schema import FLAGS, SOURCE_FILE

# One spend source: a path, or (bytes, filename) as an upload gives it.
Source = Path | tuple[bytes, str]

# What an officer's own machine reads at most (files unpacked); a public instance passes its cap.
DEFAULT_MAX_BYTES = 500_000_000
_HEAD_BYTES = 1_000_000  # enough for 30 rows with a header line far over 256 KB


@dataclass(frozen=True)
class SpendDataset:
    """A geocoded spend table, what it took to get there and its reports; `token` fingerprints the content.

    The token is a hash of the table, not id(): caches keyed on it are shared only between sessions
    holding identical data, so one session's upload can never answer another's query.

    The reports are computed once here (not on every page run): `files` (file, rows, amount),
    `flags` (flag, meaning, rows, amount), `match` (rows and £ by location status, postcodes
    repaired), `unplaced` (suppliers not located, largest £ first), `redactions` (what public mode
    hides: supplier, rule, evidence, rows, amount; empty in public mode, where nothing hidden may
    be listed).
    """

    name: str
    geocoded: pd.DataFrame = field(repr=False)
    mapping: dict[str, str]
    notes: tuple[str, ...]
    token: str
    files: pd.DataFrame = field(repr=False)
    flags: pd.DataFrame = field(repr=False)
    match: pd.DataFrame = field(repr=False)
    unplaced: pd.DataFrame = field(repr=False)
    redactions: pd.DataFrame = field(repr=False)
    located_share: float | None = None
    public: bool = False
    # Placing suppliers (geo.spend.locate): the basis every local figure uses ("registered_office"
    # or "branch"), the fuzzy review table, what sources were used ({"register": file name, …}),
    # and the table as read (before placing) so the Place suppliers page can place again.
    location_basis: str = "registered_office"
    review: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    located_with: dict[str, str] = field(default_factory=dict, compare=False)
    read_frame: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    read_notes: tuple[str, ...] = field(default=(), repr=False, compare=False)
    register: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    @property
    def rows(self) -> int:
        return len(self.geocoded)

    @property
    def rows_by_file(self) -> tuple[tuple[str, int], ...]:
        return tuple(
            (str(f), int(r)) for f, r in zip(self.files["file"], self.files["rows"], strict=True)
        )

    @property
    def located_rows(self) -> int:
        """Rows whose supplier has a place (status is one of the geocoded statuses)."""
        if "status" not in self.geocoded:
            return 0
        return int(located_rows(self.geocoded).sum())

    @property
    def placing_notes(self) -> tuple[str, ...]:
        """What placing the suppliers found (a register that matched nothing, or corrected postcodes).

        notes holds the reading notes first, then placing's (locate_and_geocode).
        """
        if self.notes[: len(self.read_notes)] != self.read_notes:
            return ()
        return self.notes[len(self.read_notes) :]

    @property
    def has_postcodes(self) -> bool:
        col = self.geocoded.get("postcode")
        return col is not None and bool(col.notna().any())

    @property
    def repaired_rows(self) -> int:
        """Rows whose supplier postcode was repaired (O/0, I/1 slips) before geocoding."""
        hit = self.match.loc[self.match["status"] == "of which postcode_repaired", "rows"]
        return int(hit.iat[0]) if len(hit) else 0


def _as_named(source: Source) -> Path | tuple[bytes, str]:
    return source if isinstance(source, Path) else (source[0], source[1])


def build_dataset(
    sources: Sequence[Source],
    lookup,
    *,
    sheet: str | None = None,
    overrides: dict[str, str] | None = None,
    register: Source | None = None,
    public: bool = False,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    **place,
) -> SpendDataset:
    """Read → place suppliers → repair postcodes and geocode → public view; SpendGeoError if unreadable.

    `max_bytes` caps what the files unpack to (a public instance passes its upload cap). `place`
    takes geo.spend.placing.locate_suppliers's options (companies, charities, awards, review,
    basis, fuzzy, threshold).
    """
    # 1. Read: one file, several, or a ZIP of several, as one table with source_file and flags.
    table = read_spend_files(
        [_as_named(s) for s in sources],
        sheet=sheet,
        overrides=overrides,
        max_bytes=max_bytes,
    )
    files = table.files
    if files is None:
        files = pd.DataFrame({"file": ["(file)"], "rows": [len(table.frame)]})
    return locate_and_geocode(
        table.frame, lookup, mapping=table.mapping, read_notes=table.notes, files=files,
        register=register, public=public, name=name, **place,
    )  # fmt: skip


def locate_and_geocode(
    frame: pd.DataFrame,
    lookup,
    *,
    mapping: dict[str, str],
    read_notes: Sequence[str],
    files: pd.DataFrame,
    register: Source | pd.DataFrame | None = None,
    public: bool = False,
    name: str | None = None,
    **place,
) -> SpendDataset:
    """The steps after reading (build_dataset and relocate): place suppliers → locate → public view."""
    from geo.spend.placing import locate_suppliers

    notes = list(read_notes)
    # 2. Place suppliers without a postcode in the file: register, company and charity numbers,
    #    names, Contracts Finder awards (geo.spend.locate via geo.spend.placing).
    # A register may correct a file postcode that places nothing, so it is told which those are.
    place.setdefault(
        "file_locates", file_postcode_locates(frame, lookup) if register is not None else None
    )
    placed = locate_suppliers(frame, register=register, **place)
    notes += placed.notes
    # 3. Locate: postcode slips repaired (flagged postcode_repaired), then geocoded.
    located = locate(placed.frame, lookup)
    ds = _dataset(located, mapping, notes, _files_table(files, located), public, name)
    return replace(
        ds,
        location_basis=placed.basis,
        review=placed.review,
        located_with=placed.used,
        read_frame=frame,
        read_notes=tuple(read_notes),
        register=placed.register,
    )


def relocate(ds: SpendDataset, lookup, **place) -> SpendDataset:
    """Place a dataset's suppliers again (new register, decisions or basis) from the table as read.

    The register, review decisions and basis of `ds` are kept unless `place` gives new ones.
    """
    place = {"register": ds.register, "review": ds.review, "basis": ds.location_basis, **place}
    if ds.read_frame is None:
        raise SpendGeoError(
            f"{ds.name} was not kept as read, so its suppliers cannot be placed again; load it again."
        )
    files = ds.files.drop(columns=["share_located"], errors="ignore")
    return locate_and_geocode(
        ds.read_frame, lookup, mapping=ds.mapping, read_notes=ds.read_notes,
        files=files, public=ds.public, name=ds.name, **place,
    )  # fmt: skip


def _files_table(files: pd.DataFrame, located: pd.DataFrame) -> pd.DataFrame:
    """Rows and £ per file, plus the share of £ located in each."""
    out = files.copy()
    if SOURCE_FILE in located and "status" in located:
        placed = located_rows(located)
        amount = located["amount"].astype("float64")
        by = located[SOURCE_FILE].astype(str)
        total = amount.groupby(by, sort=False).sum()
        on_map = amount.where(placed, 0.0).groupby(by, sort=False).sum()
        share = (on_map / total.where(total != 0)).reindex(out["file"].astype(str))
        out["share_located"] = share.to_numpy()
    return out


def dataset_name(files: pd.DataFrame, rows: pd.DataFrame) -> str:
    """A dataset's name on screen and in every file name: one file's own name; several files as
    their one buyer and the months they span ("The Borough of Calderdale (12 files, Apr 2021 to
    Mar 2022)"). Why: twelve monthly files were all named "2021-04.csv and 11 more", so every
    export of the year was called 2021-04_and_11_more_* (exports walk)."""
    n = len(files)
    first = str(files["file"].iat[0]) if n else "spend"
    if n <= 1:
        return first
    buyers = rows["buyer"].dropna().astype(str).str.strip() if "buyer" in rows else pd.Series([])
    distinct = buyers[buyers != ""].unique()
    who = str(distinct[0])[:60] if len(distinct) == 1 else f"{first} and {n - 1} more"
    dates = pd.to_datetime(rows["date"], errors="coerce") if "date" in rows else pd.Series([])
    if dates.notna().any():
        # The months most rows span: one mistyped date (1900, 2099) does not rename the year.
        lo = dates.quantile(0.005, interpolation="lower")
        hi = dates.quantile(0.995, interpolation="higher")
        span = (
            lo.strftime("%b %Y")
            if (lo.year, lo.month) == (hi.year, hi.month)
            else (f"{lo.strftime('%b %Y')} to {hi.strftime('%b %Y')}")
        )
        return f"{who} ({n} files, {span})" if len(distinct) == 1 else f"{who} ({span})"
    return f"{who} ({n} files)" if len(distinct) == 1 else who


NAME_MAX = 100  # characters of a dataset name an officer types (titles and file names use it)


def renamed(ds: SpendDataset, name: str) -> SpendDataset:
    """The dataset under the name an officer typed (spaces tidied, at most NAME_MAX characters,
    control characters dropped); a blank name keeps the old one. The token is the content's, so
    every cached figure stays."""
    spaced = " ".join(str(name).split())  # tabs and line breaks become single spaces
    tidy = " ".join("".join(ch for ch in spaced if ch.isprintable()).split())[:NAME_MAX]
    return replace(ds, name=tidy) if tidy and tidy != ds.name else ds


def _dataset(
    located: pd.DataFrame,
    mapping: dict[str, str],
    notes: list[str],
    files: pd.DataFrame,
    public: bool,
    name: str | None,
) -> SpendDataset:
    """The dataset with its reports; in public mode everything shown comes from the public view."""
    from geo.spend.privacy import public_view, redaction_preview

    if public:
        shown = public_view(located, mapping)
        # Engine columns with no personal data (flag codes, the uploader's own file names) stay, so
        # the flag filter and rows per file work on a public instance too.
        for col in (SOURCE_FILE, FLAGS):
            if col in located and col not in shown:
                shown[col] = located[col].to_numpy()
        redactions = pd.DataFrame(columns=["supplier", "rule", "evidence", "rows", "amount"])
    else:
        shown = located
        redactions = redaction_preview(located)
    digest = hashlib.sha256(pd.util.hash_pandas_object(shown, index=False).to_numpy().tobytes())
    if name is None:
        name = dataset_name(files, located)
    return SpendDataset(
        name=name,
        geocoded=shown,
        mapping=dict(mapping),
        notes=tuple(notes),
        token=digest.hexdigest(),
        files=files,
        flags=flag_summary(shown),
        match=match_summary(shown),
        unplaced=unplaced_suppliers(shown),
        redactions=redactions,
        located_share=located_share(shown),
        public=public,
    )


def file_headers(source: Source, sheet: str | None = None) -> list[str]:
    """The headers a file most likely has (its best header row), for choosing columns by hand.

    Used when a file was not recognised: the mapping panel must list this file's columns.
    """
    found: list[str] = []

    def no_header(name: str, best: list[str]) -> SpendGeoError:
        found.extend(h for h in best if str(h).strip())
        return SpendGeoError(f"{name}: no header row recognised.")

    from geo.spend.unpack import kind_of, open_zip

    data, name = (source.read_bytes(), source.name) if isinstance(source, Path) else source
    try:
        kind = kind_of(data, name)
        if kind == "zip":
            kind, data, name = open_zip(data, name, DEFAULT_MAX_BYTES)
        if kind not in ("xlsx", "xls") and len(data) > _HEAD_BYTES:
            # The header is in the first 30 rows: read only the file's head (a whole 210k-row
            # file took seconds on every rerun before Load was clicked).
            head = data[:_HEAD_BYTES]
            data = head[: head.rfind(b"\n") + 1] or head

        table = ingest.read_table(
            data, filename=name, sheet=sheet, is_header=lambda h: False, no_header=no_header
        )
        return list(table.headers)
    except SpendGeoError:
        return found
