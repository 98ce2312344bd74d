"""Place each supplier row by the most trusted source available, recording `located_by` and `location_kind`."""

# Order of trust (ROUTES): a postcode in the file; the officer's supplier register (by id, then
# name); a company number in the file → Companies House registered office; a charity number →
# Charity Commission contact postcode; the name exactly (Companies House, then charities); a
# fuzzy name match the officer ACCEPTED; the name in another loaded file that carries supplier
# postcodes (a Contracts Finder award). A registered office is where a company is registered,
# not where its work is done (the "headquarters effect"): `location_kind` says which kind of
# place each row's postcode is, and with basis="branch" a register's branch postcode is used.

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.errors import SpendGeoError
from geo.spend.match import DEFAULT_THRESHOLD, REVIEW_COLUMNS, Reference, exact_matches
from geo.spend.match import fuzzy_candidates as _fuzzy
from geo.spend.names import (
    charity_number,
    company_number,
    is_charity_number_header,
    is_company_number_header,
    normalise_name,
)
from geo.spend.postcode import is_blank
from geo.spend.schema import LOCATE_COLUMNS
from geo.spend.suppliers import join_register

ROUTES: tuple[str, ...] = (
    "file_postcode", "register_id", "register_name", "register_name_prefix", "company_number",
    "charity_number", "name_companies", "name_charities", "fuzzy_accepted", "award_name",
)  # fmt: skip
UNPLACED = "unplaced"
# What kind of place the postcode is.
KINDS: dict[str, str] = {
    "file": "the supplier postcode written in the spend file",
    "register": "the supplier's address in the officer's supplier register",
    "branch": "a local branch or delivery site from the supplier register",
    "registered_office": "the Companies House registered office (not necessarily where work is done)",
    "charity_contact": "the charity's contact address on the Charity Commission register",
    "award_address": "the supplier address in a loaded contract award notice",
}
BASES = ("registered_office", "branch")
_SEP = "\t"  # joins a register postcode and its kind through join_register


@dataclass
class Located:
    """A spend frame with postcode_raw filled and LOCATE_COLUMNS added, plus what was done."""

    frame: pd.DataFrame
    review: pd.DataFrame  # fuzzy candidates (REVIEW_COLUMNS): pending / accepted / rejected
    basis: str
    notes: list[str] = field(default_factory=list)


def _companies_ref(companies: pa.Table | Reference | None) -> Reference | None:
    if companies is None or isinstance(companies, Reference):
        return companies
    return Reference.from_table("companies", companies, "company_number", "company_name")


def _charities_ref(charities: pd.DataFrame | Reference | None) -> Reference | None:
    if charities is None or isinstance(charities, Reference):
        return charities
    table = pa.Table.from_pandas(
        charities.astype({"charity_number": "string"}), preserve_index=False
    )
    return Reference.from_table("charities", table, "charity_number", "charity_name")


def _column(frame: pd.DataFrame, test) -> str | None:
    return next((c for c in frame.columns if isinstance(c, str) and test(c)), None)


def _by_id(numbers: pd.Series, ref: Reference) -> tuple[pd.Series, pd.Series]:
    """Postcode and ref id per row for numbers found in the reference's ids; <NA> elsewhere."""
    codes, uniques = pd.factorize(numbers, use_na_sentinel=True)
    found = pd.Series(pd.NA, index=numbers.index, dtype="string")
    if len(uniques) == 0:
        return found, found.copy()
    pos = pc.index_in(pa.array(list(uniques), pa.string()), value_set=ref.ids).to_numpy(
        zero_copy_only=False
    )
    pos = np.where(np.isnan(pos.astype("float64")), -1, pos).astype(np.int64)
    pcs = ref.postcodes.take(pa.array(np.maximum(pos, 0))).to_pandas().to_numpy(dtype=object)
    pcs = np.where(pos >= 0, pcs, None)
    row_pc = np.where(codes >= 0, pcs[np.maximum(codes, 0)], None)
    found = pd.Series(row_pc, index=numbers.index, dtype="string")
    ids = numbers.where(found.notna())
    return found, ids


def _place(out: pd.DataFrame, hit: pd.Series, postcode, route: str, kind, ref) -> pd.Series:
    """Write a route's postcodes into the unplaced rows `hit`; return the rows still unplaced."""
    out.loc[hit, "postcode_raw"] = pd.Series(postcode, index=out.index, dtype="string")[hit]
    out.loc[hit, "located_by"] = route
    out.loc[hit, "location_kind"] = (
        pd.Series(kind, index=out.index, dtype="string")[hit] if not isinstance(kind, str) else kind
    )
    out.loc[hit, "located_ref"] = pd.Series(ref, index=out.index, dtype="string")[hit]
    return out["located_by"].isna()


def _register_for(register: pd.DataFrame, basis: str) -> pd.DataFrame:
    reg = register.copy()
    pcode = reg["postcode_raw"].astype("string")
    kind = pd.Series("register", index=reg.index, dtype="string")
    if basis == "branch" and "branch_postcode_raw" in reg:
        branch = reg["branch_postcode_raw"].astype("string")
        kind = kind.mask(branch.notna(), "branch")
        pcode = branch.fillna(pcode)
    reg["postcode_raw"] = pcode + _SEP + kind
    return reg


def locate_suppliers(
    frame: pd.DataFrame,
    *,
    register: pd.DataFrame | None = None,
    companies: pa.Table | Reference | None = None,
    charities: pd.DataFrame | Reference | None = None,
    awards: Sequence[pd.DataFrame] = (),
    review: pd.DataFrame | None = None,
    basis: str = "registered_office",
    fuzzy: bool = True,
    threshold: float = DEFAULT_THRESHOLD,
    file_locates: pd.Series | None = None,
) -> Located:
    """Fill postcode_raw route by route (ROUTES order) and add located_by / location_kind / located_ref.

    `review` carries earlier fuzzy decisions: rows whose supplier key was 'accepted' are placed
    ('fuzzy_accepted'); pending and rejected candidates never place a row. The returned review
    holds those decisions plus new pending candidates for names no route placed.

    `file_locates` (True where the file's own postcode gives a location, from
    geo.spend.matchreport.file_postcode_locates) lets the officer's register correct a file
    postcode that places nothing: a mistyped or overseas postcode yields to the register line.
    Only the register may: it is the officer's own statement, where a name match is a guess.
    """
    if basis not in BASES:
        raise SpendGeoError(f"basis must be one of {', '.join(BASES)}, not {basis!r}.")
    for col in ("supplier_name", "postcode_raw", "amount"):
        if col not in frame.columns:
            raise SpendGeoError(
                f"The spend table has no '{col}' column; read it with geo.spend.ingest.read_spend first."
            )
    notes: list[str] = []
    out = frame.copy()
    for col in LOCATE_COLUMNS:
        out[col] = pd.Series(pd.NA, index=out.index, dtype="string")
    # A placeholder ("NULL", "N/A") is no postcode: later routes (a register, a company number)
    # may place the supplier, and the row reads "no postcode", not "not a valid postcode".
    blank = is_blank(out["postcode_raw"])
    out["postcode_raw"] = out["postcode_raw"].astype("string").mask(blank)
    had = ~blank
    need = _place(out, had, out["postcode_raw"], "file_postcode", "file", pd.NA)

    failing = (
        had & ~file_locates.reindex(out.index).fillna(False).astype(bool)
        if file_locates is not None
        else pd.Series(False, index=out.index)
    )
    if register is not None and (need | failing).any():
        # A failing file postcode is offered to the register as if the row had none.
        asked = out.assign(postcode_raw=out["postcode_raw"].mask(failing))
        joined, report = join_register(asked, _register_for(register, basis))
        # join_register's own summary notes speak as if the register were the only route.
        notes += [
            n for n in report.notes if not n.startswith("The spend file has no supplier postcodes")
        ]
        src = joined["postcode_source"]
        # reindex: when no register line matched, no value holds _SEP and split gives one column.
        parts = joined["postcode_raw"].str.split(_SEP, n=1, expand=True, regex=False)
        parts = parts.reindex(columns=[0, 1])
        corrected = pd.Series(False, index=out.index)
        for source, route in (
            ("register_id", "register_id"),
            ("register_name", "register_name"),
            ("register_prefix", "register_name_prefix"),
        ):
            hit = (need | failing) & (src == source).fillna(False).astype(bool)
            corrected |= hit & failing
            need = _place(out, hit, parts[0], route, parts[1], out["supplier_name"])
        out["postcode_source"] = src.where(~(src == "file").fillna(False), "file")
        if not src.isin(["register_id", "register_name", "register_prefix"]).any():
            notes.append(
                f"The supplier register ({len(register):,} line(s)) matched none of the suppliers "
                "this file needs placed, by id or by name: check its names are written as in the "
                "spend file (or its ids are the file's supplier ids)."
            )
        if corrected.any():
            n_sup = out.loc[corrected, "supplier_name"].nunique()
            notes.append(
                f"The supplier register corrected {int(corrected.sum()):,} row(s) "
                f"({n_sup:,} supplier(s)) whose postcode in the spend file gives no location "
                "(mistyped, retired or overseas); the register's postcode is used for them."
            )
    comp, char = _companies_ref(companies), _charities_ref(charities)

    number_col = _column(out, is_company_number_header)
    if number_col and need.any():
        numbers = company_number(out[number_col].astype("string"))
        bad = out[number_col].notna() & numbers.isna()
        if bad.any():
            # Never echo them: a National Insurance number typed into this box is personal data.
            notes.append(
                f"{int(bad.sum()):,} row(s) have a '{number_col}' that is not a Companies House number; they were matched by name instead."
            )
        if comp is not None:
            pcs, ids = _by_id(numbers.where(need), comp)
            missing = need & numbers.notna() & pcs.isna()
            if missing.any():
                notes.append(
                    f"{numbers[missing].nunique():,} company number(s) on {int(missing.sum()):,} row(s) are not in the Companies House index (dissolved before it, or mistyped); they were matched by name instead."
                )
            need = _place(out, need & pcs.notna(), pcs, "company_number", "registered_office", ids)
    charity_col = _column(out, is_charity_number_header)
    if charity_col and need.any() and char is not None:
        numbers = charity_number(out[charity_col].astype("string"))
        pcs, ids = _by_id(numbers.where(need), char)
        need = _place(out, need & pcs.notna(), pcs, "charity_number", "charity_contact", ids)

    keys = normalise_name(out["supplier_name"])
    pending: list[pd.DataFrame] = []
    for ref, route, kind in (
        (comp, "name_companies", "registered_office"),
        (char, "name_charities", "charity_contact"),
    ):
        if ref is None or not need.any():
            continue
        found = exact_matches(keys[need], ref)
        sure = found[found["postcodes"] <= 1]
        pcs = keys.map(dict(zip(sure["supplier_key"], sure["postcode"], strict=True)))
        ids = keys.map(dict(zip(sure["supplier_key"], sure["ref_id"], strict=True)))
        hit = need & pcs.notna().fillna(False).astype(bool)
        need = _place(out, hit, pcs, route, kind, ids)
        unsure = found[found["postcodes"] > 1]
        if len(unsure):
            notes.append(
                f"{len(unsure):,} supplier name(s) match more than one {ref.source} record at different postcodes; they are in the review table, not placed."
            )
            pending.append(_ambiguous_rows(unsure, ref))

    decided = _decisions(review)
    accepted = decided[decided["decision"] == "accepted"].drop_duplicates("supplier_key")
    if len(accepted) and need.any():
        pcs = keys.map(dict(zip(accepted["supplier_key"], accepted["postcode"], strict=True)))
        kinds = keys.map(
            dict(
                zip(
                    accepted["supplier_key"],
                    accepted["ref_source"].map(
                        {"companies": "registered_office", "charities": "charity_contact"}
                    ),
                    strict=True,
                )
            )
        )
        ids = keys.map(dict(zip(accepted["supplier_key"], accepted["ref_id"], strict=True)))
        hit = need & pcs.notna().fillna(False).astype(bool)
        need = _place(out, hit, pcs, "fuzzy_accepted", kinds, ids)

    if awards and need.any():
        table = names_from_files(awards)
        pcs = keys.map(dict(zip(table["supplier_key"], table["postcode"], strict=True)))
        hit = need & pcs.notna().fillna(False).astype(bool)
        need = _place(out, hit, pcs, "award_name", "award_address", out["supplier_name"])

    if fuzzy and need.any():
        known = set(decided["supplier_key"].dropna())
        wanted = keys[need].dropna()
        wanted = wanted[~wanted.isin(known)]
        for ref in (comp, char):
            if ref is not None and len(wanted):
                cand = _fuzzy(wanted, ref, threshold=threshold)
                pending.append(cand)
                wanted = wanted[~wanted.isin(set(cand["supplier_key"]))]
    review_out = pd.concat([decided, *pending], ignore_index=True) if pending else decided
    review_out = review_out.drop_duplicates("supplier_key", keep="first").reset_index(drop=True)
    return Located(out, _with_spend(review_out, out, keys), basis, notes)


def _decisions(review: pd.DataFrame | None) -> pd.DataFrame:
    if review is None or review.empty:
        return pd.DataFrame(columns=list(REVIEW_COLUMNS))
    missing = [c for c in ("supplier_key", "postcode", "decision") if c not in review]
    if missing:
        raise SpendGeoError(f"The review table lacks column(s) {', '.join(missing)}.")
    return review[[c for c in REVIEW_COLUMNS if c in review]].copy()


def _ambiguous_rows(found: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    rows = pa.array(found["ref_row"].to_numpy(dtype=np.int64))
    return pd.DataFrame(
        {
            "supplier_key": found["supplier_key"].astype("string").to_numpy(),
            "ref_source": ref.source,
            "ref_id": ref.ids.take(rows).to_pandas().astype("string").to_numpy(),
            "ref_name": ref.names.take(rows).to_pandas().astype("string").to_numpy(),
            "ref_key": found["supplier_key"].astype("string").to_numpy(),
            "postcode": found["postcode"].astype("string").to_numpy(),
            "status": ref.status.take(rows).to_pandas().astype("string").to_numpy(),
            "score": 100.0,
            "runner_up": 100.0,
            "decision": "pending",
        }
    )


def _with_spend(review: pd.DataFrame, out: pd.DataFrame, keys: pd.Series) -> pd.DataFrame:
    """Add the supplier's own name, rows and £ to each review row, largest £ first."""
    if review.empty:
        return review.assign(supplier_name=pd.Series(dtype="string"), rows=0, amount=0.0)
    spend = (
        pd.DataFrame({"k": keys, "n": out["supplier_name"], "a": out["amount"]})
        .dropna(subset=["k"])
        .groupby("k")
        .agg(supplier_name=("n", "first"), rows=("a", "size"), amount=("a", "sum"))
    )
    merged = review.merge(spend, left_on="supplier_key", right_index=True, how="left")
    return merged.sort_values(["amount", "score"], ascending=[False, False], ignore_index=True)


def names_from_files(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """supplier_key → postcode from loaded files that carry supplier postcodes (Contracts Finder awards).

    A name seen at several postcodes takes the one it appears with most often.
    """
    parts = [
        pd.DataFrame({"n": f["supplier_name"], "p": f["postcode_raw"]})
        for f in frames
        if {"supplier_name", "postcode_raw"} <= set(f.columns)
    ]
    if not parts:
        return pd.DataFrame(columns=["supplier_key", "postcode"])
    both = pd.concat(parts, ignore_index=True).dropna()
    both["supplier_key"] = normalise_name(both["n"])
    counts = both.dropna().groupby(["supplier_key", "p"]).size().rename("c").reset_index()
    best = counts.sort_values(["supplier_key", "c"], ascending=[True, False]).drop_duplicates(
        "supplier_key"
    )
    return best.rename(columns={"p": "postcode"})[["supplier_key", "postcode"]].reset_index(
        drop=True
    )
