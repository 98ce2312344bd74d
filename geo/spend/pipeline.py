"""The spend pipeline as one function: read file(s) → place suppliers (register) → geocode → public view."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.errors import SpendGeoError
from geo.spend import ingest

# One spend source: a path, or (bytes, filename) as an upload gives it.
Source = Path | tuple[bytes, str]

GEOCODED_STATUSES = frozenset({"matched", "matched_outside_england", "matched_terminated"})


@dataclass(frozen=True)
class SpendDataset:
    """A geocoded spend table and what it took to get there; `token` fingerprints the content.

    The token is a hash of the table, not id(): caches keyed on it are shared only between sessions
    holding identical data, so one session's upload can never answer another's query.
    """

    name: str
    geocoded: pd.DataFrame = field(repr=False)
    mapping: dict[str, str]
    notes: tuple[str, ...]
    token: str
    rows_by_file: tuple[tuple[str, int], ...]
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
    def located_rows(self) -> int:
        """Rows whose supplier has a place (status is one of the geocoded statuses)."""
        if "status" not in self.geocoded:
            return 0
        return int(self.geocoded["status"].isin(GEOCODED_STATUSES).sum())

    @property
    def has_postcodes(self) -> bool:
        col = self.geocoded.get("postcode")
        return col is not None and bool(col.notna().any())


def _name_of(source: Source) -> str:
    return source.name if isinstance(source, Path) else source[1]


def _read(source: Source, sheet: str | None, overrides: dict[str, str] | None) -> ingest.SpendTable:
    if isinstance(source, Path):
        return ingest.read_spend(source, filename=source.name, sheet=sheet, overrides=overrides)
    data, name = source
    return ingest.read_spend(data, filename=name, sheet=sheet, overrides=overrides)


def read_many(
    sources: Sequence[Source], sheet: str | None = None, overrides: dict[str, str] | None = None
) -> tuple[pd.DataFrame, dict[str, str], list[str], list[tuple[str, int]]]:
    """Read several files with the same schema as one table, with a `source_file` column.

    Councils publish monthly files; each must map the same fields (amount, supplier …) or the
    combined figures would mix meanings, so a file that maps differently is refused by name.
    """
    if not sources:
        raise SpendGeoError("No spend file was given.")
    frames, notes, counts = [], [], []
    mapping: dict[str, str] | None = None
    first = ""
    for source in sources:
        table = _read(source, sheet, overrides)
        name = _name_of(source)
        if mapping is None:
            mapping, first = dict(table.mapping), name
        elif set(table.mapping) != set(mapping):
            extra = sorted(set(table.mapping) ^ set(mapping))
            raise SpendGeoError(
                f"{name} does not have the same columns as {first} (differs in: "
                f"{', '.join(extra)}); load files with one layout together."
            )
        frame = table.frame
        if len(sources) > 1:
            frame = frame.assign(source_file=name)
            notes += [f"{name}: {n}" for n in table.notes]
        else:
            notes += list(table.notes)
        frames.append(frame)
        counts.append((name, len(frame)))
    combined = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True, sort=False)
    if len(frames) > 1:
        notes.insert(
            0,
            f"{len(frames)} files read as one dataset: "
            + "; ".join(f"{n} ({c:,} rows)" for n, c in counts)
            + ".",
        )
    return combined, mapping or {}, notes, counts


def build_dataset(
    sources: Sequence[Source],
    lookup,
    *,
    sheet: str | None = None,
    overrides: dict[str, str] | None = None,
    register: Source | None = None,
    public: bool = False,
    name: str | None = None,
    **place,
) -> SpendDataset:
    """Read → place suppliers (register, numbers, names, awards) → geocode with `lookup` → public view.

    `place` takes geo.spend.placing.locate_suppliers's options (companies, charities, awards,
    review, basis, fuzzy, threshold). SpendGeoError if unreadable.
    """
    frame, mapping, notes, counts = read_many(sources, sheet, overrides)
    return locate_and_geocode(
        frame, lookup, mapping=mapping, read_notes=notes, counts=counts,
        register=register, public=public, name=name, **place,
    )  # fmt: skip


def locate_and_geocode(
    frame: pd.DataFrame,
    lookup,
    *,
    mapping: dict[str, str],
    read_notes: Sequence[str],
    counts: Sequence[tuple[str, int]],
    register: Source | pd.DataFrame | None = None,
    public: bool = False,
    name: str | None = None,
    **place,
) -> SpendDataset:
    """The steps after reading: place suppliers → geocode → public view (build_dataset and relocate)."""
    from geo.spend.geocode import geocode
    from geo.spend.placing import locate_suppliers

    notes = list(read_notes)
    # Place suppliers without a postcode in the file (geo.spend.locate via geo.spend.placing).
    located = locate_suppliers(frame, register=register, **place)
    notes += located.notes
    geocoded = geocode(located.frame, lookup)
    if public:
        from geo.spend.privacy import public_view

        geocoded = public_view(geocoded, mapping)
    digest = hashlib.sha256(pd.util.hash_pandas_object(geocoded, index=False).to_numpy().tobytes())
    if name is None:
        name = counts[0][0] if len(counts) == 1 else f"{counts[0][0]} and {len(counts) - 1} more"
    return SpendDataset(
        name=name,
        geocoded=geocoded,
        mapping=mapping,
        notes=tuple(notes),
        token=digest.hexdigest(),
        rows_by_file=tuple(counts),
        public=public,
        location_basis=located.basis,
        review=located.review,
        located_with=located.used,
        read_frame=frame,
        read_notes=tuple(read_notes),
        register=located.register,
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
    return locate_and_geocode(
        ds.read_frame, lookup, mapping=ds.mapping, read_notes=ds.read_notes,
        counts=ds.rows_by_file, public=ds.public, name=ds.name, **place,
    )  # fmt: skip


def file_headers(source: Source, sheet: str | None = None) -> list[str]:
    """The headers a file most likely has (its best header row), for choosing columns by hand.

    Used when a file was not recognised: the mapping panel must list this file's columns.
    """
    found: list[str] = []

    def no_header(name: str, best: list[str]) -> SpendGeoError:
        found.extend(h for h in best if str(h).strip())
        return SpendGeoError(f"{name}: no header row recognised.")

    data, name = (source.read_bytes(), source.name) if isinstance(source, Path) else source
    try:
        table = ingest.read_table(
            data, filename=name, sheet=sheet, is_header=lambda h: False, no_header=no_header
        )
        return list(table.headers)
    except SpendGeoError:
        return found


def unlocated_suppliers(geocoded: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Suppliers not placed on the map, with their £ and rows, largest £ first: the officer's to-do list.

    Columns: supplier, status (the commonest reason among its rows), rows, gbp.
    """
    status = geocoded.get("status")
    if status is None or "supplier_name" not in geocoded:
        return pd.DataFrame(columns=["supplier", "status", "rows", "gbp"])
    rows = geocoded.loc[~status.astype(str).isin(GEOCODED_STATUSES)]
    if rows.empty:
        return pd.DataFrame(columns=["supplier", "status", "rows", "gbp"])
    frame = pd.DataFrame(
        {
            "supplier": rows["supplier_name"].astype(str),
            "status": rows["status"].astype(str),
            "gbp": pd.to_numeric(rows.get("amount"), errors="coerce").astype("float64"),
        }
    )
    # The commonest reason per supplier: count (supplier, status) pairs, keep each supplier's top one.
    pairs = frame.groupby(["supplier", "status"], sort=False, observed=True).size()
    reason = pairs.sort_values(ascending=False, kind="stable").reset_index()
    reason = reason.drop_duplicates("supplier").set_index("supplier")["status"]
    grouped = frame.groupby("supplier", sort=False)
    out = pd.DataFrame({"rows": grouped.size(), "gbp": grouped["gbp"].sum(min_count=1)})
    out.insert(0, "status", reason.reindex(out.index))
    out = out.reset_index()
    out = out.sort_values(["gbp", "rows"], ascending=False, na_position="last", kind="stable")
    return out.head(top).reset_index(drop=True) if top else out.reset_index(drop=True)
