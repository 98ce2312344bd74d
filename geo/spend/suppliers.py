"""Supplier register: an officer's own list of supplier → postcode, joined onto spend rows that have none."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from geo.errors import SpendGeoError
from geo.spend.columns import map_columns
from geo.spend.names import normalise_name
from geo.spend.postcode import extract
from geo.spend.table import read_table

# branch_postcode: where the supplier works locally (a branch, depot or delivery site), for the
# CLES "based or branched" test; optional, used only when the caller asks for the branch basis.
REGISTER_FIELDS = ("supplier_name", "supplier_id", "postcode", "address", "branch_postcode")
# Registers are made by hand, so plainer headers than a spend file's are accepted, ranked after
# the spend synonyms ("Name", "Company", "ID").
_REGISTER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "supplier_name": (
        "name", "company", "companyname", "organisation", "organisationname", "organization",
        "organizationname", "business", "businessname", "tradingname", "registeredname",
    ),
    "supplier_id": ("id", "ref", "reference", "code", "accountnumber", "accountno", "number"),
    "postcode": ("registeredpostcode", "officepostcode", "sitepostcode", "location"),
    "address": ("registeredaddress", "registeredofficeaddress", "officeaddress", "siteaddress"),
    "branch_postcode": (
        "branchpostcode", "localbranchpostcode", "localpostcode", "deliverypostcode",
        "depotpostcode", "branchsitepostcode", "localsitepostcode",
    ),
}  # fmt: skip


def _loose_key(names: pd.Series) -> pd.Series:
    """Lower case, '&' → 'and', punctuation → space, spaces collapsed; suffixes kept."""
    s = names.astype("string").str.lower().str.replace("&", " and ", regex=False)
    s = s.str.replace(r"['’`]", "", regex=True).str.replace(r"[^a-z0-9]+", " ", regex=True)
    return s.str.strip().mask(lambda x: x == "")


def normalise_id(ids: pd.Series) -> pd.Series:
    """A matching key for supplier ids: upper case, letters and digits only, leading zeros dropped."""
    codes, uniques = pd.factorize(ids, use_na_sentinel=True)
    u = pd.Series(uniques, dtype="string").str.upper().str.replace(r"[^A-Z0-9]", "", regex=True)
    u = u.str.replace(r"^0+(?=\d)", "", regex=True).mask(lambda x: x == "")
    return _broadcast(u, codes, ids.index)


def _broadcast(u: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    if len(u) == 0:
        return pd.Series(pd.NA, index=index, dtype="string")
    arr = pd.array(u.to_numpy(), dtype="string")[codes.clip(min=0)]
    out = pd.Series(arr, index=index, dtype="string")
    out[codes < 0] = pd.NA
    return out


# ---------------------------------------------------------------------------------------------


def read_register(
    source: str | Path | bytes | BinaryIO,
    *,
    filename: str | None = None,
    sheet: str | None = None,
    max_bytes: int = 50_000_000,
) -> pd.DataFrame:
    """supplier_name, supplier_id, postcode_raw (+ row_number) from a CSV/Excel register.

    postcode_raw is the postcode column's text, else the postcode at the end of the address.
    Entries with no postcode are dropped; what was dropped is in `frame.attrs["notes"]`.
    """

    def mapped(headers: list[str]) -> dict[str, str]:
        return map_columns(headers, fields=REGISTER_FIELDS, extra=_REGISTER_SYNONYMS)

    def is_header(headers: list[str]) -> bool:
        m = mapped(headers)
        return ("supplier_name" in m or "supplier_id" in m) and ("postcode" in m or "address" in m)

    def no_header(name: str, headers: list[str]) -> SpendGeoError:
        m = mapped(headers)
        shown = ", ".join(f"'{h}'" for h in headers if h)[:300] or "(none)"
        if "supplier_name" not in m and "supplier_id" not in m:
            return SpendGeoError(
                f"The supplier register {name} has no supplier name or id column (headers found: {shown}); name one 'Supplier' or 'Supplier ID'."
            )
        return SpendGeoError(
            f"The supplier register {name} has no postcode or address column (headers found: {shown}); name one 'Postcode' or 'Address'."
        )

    try:
        raw = read_table(
            source,
            filename=filename,
            sheet=sheet,
            max_bytes=max_bytes,
            is_header=is_header,
            no_header=no_header,
            protect=lambda h: set(mapped(h).values()),
        )
    except SpendGeoError:
        raise
    except Exception as err:  # the boundary: never a pandas/openpyxl traceback
        raise SpendGeoError(
            f"The supplier register could not be read ({type(err).__name__})."
        ) from None
    frame, notes = raw.frame, list(raw.notes)
    m = mapped(list(frame.columns))
    out = pd.DataFrame(index=frame.index)
    for f in ("supplier_name", "supplier_id"):
        s = (
            frame[m[f]].astype("string").str.strip()
            if f in m
            else pd.Series(pd.NA, index=frame.index, dtype="string")
        )
        out[f] = s.mask(s == "")
    pc = (
        frame[m["postcode"]].astype("string").str.strip()
        if "postcode" in m
        else pd.Series(pd.NA, index=frame.index, dtype="string")
    )
    pc = pc.mask(pc == "")
    if "address" in m:
        pc = pc.fillna(extract(frame[m["address"]]))
    out["postcode_raw"] = pc.astype("string")
    if "branch_postcode" in m:
        branch = frame[m["branch_postcode"]].astype("string").str.strip()
        out["branch_postcode_raw"] = branch.mask(branch == "")
    out["row_number"] = raw.row_number
    keep = out["postcode_raw"].notna() & (out["supplier_name"].notna() | out["supplier_id"].notna())
    if not keep.all():
        rows = ", ".join(str(r) for r in out.loc[~keep, "row_number"].head(5))
        notes.append(
            f"{_count(int((~keep).sum()), 'register entry', 'register entries')} with no postcode or no supplier ignored (data row(s) {rows})."
        )
    out = out.loc[keep].reset_index(drop=True)
    if out.empty:
        raise SpendGeoError(
            f"The supplier register {raw.source_name} has no entry with both a supplier and a postcode."
        )
    out.attrs["notes"] = notes
    out.attrs["mapping"] = m
    out.attrs["source_name"] = raw.source_name
    return out


@dataclass
class RegisterReport:
    """What the register did: which suppliers it placed and which still need a postcode, by £."""

    matched: (
        pd.DataFrame
    )  # supplier_name, matched_by ('supplier_id' | 'name' | 'name_prefix'), rows, amount
    missed: pd.DataFrame  # supplier_name, rows, amount: suppliers still without a postcode
    unused: (
        pd.DataFrame
    )  # register entries that matched no spend row: supplier_name, supplier_id, postcode_raw
    rows_filled: int = 0
    amount_filled: float = 0.0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One sentence for the page or the CLI."""
        return (
            f"The register placed {len(self.matched):,} supplier(s) ({self.rows_filled:,} rows, £{self.amount_filled:,.2f}); "
            f"{len(self.missed):,} supplier(s) still have no postcode and {_count(len(self.unused), 'register entry', 'register entries')} matched nothing."
        )


def join_register(
    frame: pd.DataFrame, register: pd.DataFrame
) -> tuple[pd.DataFrame, RegisterReport]:
    """Fill postcode_raw from the register where the spend row has none: by supplier_id, else by name.

    Names match after normalise_name; a name cut short by the finance system (Trafford's stop at
    35 characters) matches the one register name it begins, as 'name_prefix'. Adds the column
    postcode_source: 'file', 'register_id', 'register_name', 'register_prefix' or <NA>.
    """
    for col in ("supplier_name", "postcode_raw", "amount"):
        if col not in frame.columns:
            raise SpendGeoError(
                f"The spend table has no '{col}' column; read it with geo.spend.ingest.read_spend first."
            )
    out = frame.copy()
    had = out["postcode_raw"].notna()
    source = pd.Series(pd.NA, index=out.index, dtype="string")
    source[had] = "file"
    reg = register.copy()
    for col in ("supplier_name", "supplier_id", "postcode_raw"):
        if col not in reg.columns:
            reg[col] = pd.Series(pd.NA, index=reg.index, dtype="string")
    reg = reg[reg["postcode_raw"].notna()]
    notes: list[str] = []

    reg_id = normalise_id(reg["supplier_id"])
    reg_name = normalise_name(reg["supplier_name"])
    by_id = _first_wins(reg_id, reg["postcode_raw"], "id", notes)
    by_name = _first_wins(reg_name, reg["postcode_raw"], "name", notes)
    used_ids: set[str] = set()
    used_names: set[str] = set()

    need = ~had
    if "supplier_id" in out.columns and by_id:
        ids = normalise_id(out["supplier_id"])
        hit = need & ids.isin(by_id.keys()).fillna(False).astype(bool)
        out.loc[hit, "postcode_raw"] = ids[hit].map(by_id).astype("string")
        source[hit] = "register_id"
        used_ids |= set(ids[hit].dropna().unique())
        need &= ~hit
    names = normalise_name(out["supplier_name"])
    if by_name:
        hit = need & names.isin(by_name.keys()).fillna(False).astype(bool)
        out.loc[hit, "postcode_raw"] = names[hit].map(by_name).astype("string")
        source[hit] = "register_name"
        used_names |= set(names[hit].dropna().unique())
        need &= ~hit
        hit, found, prefix_used = _prefix_matches(out, need, reg)
        if hit.any():
            out.loc[hit, "postcode_raw"] = found[hit]
            source[hit] = "register_prefix"
            used_names |= prefix_used
            need &= ~hit
    out["postcode_source"] = source

    label = out["supplier_name"].astype("string").fillna("(no supplier name)")
    filled = (
        source.isin(["register_id", "register_name", "register_prefix"]).fillna(False).astype(bool)
    )
    how = source.map(
        {"register_id": "supplier_id", "register_name": "name", "register_prefix": "name_prefix"}
    )
    matched = (
        pd.DataFrame(
            {
                "supplier_name": label[filled],
                "matched_by": how[filled],
                "amount": out.loc[filled, "amount"],
            }
        )
        .groupby(["supplier_name", "matched_by"], as_index=False)
        .agg(rows=("amount", "size"), amount=("amount", "sum"))
        .sort_values(["amount", "supplier_name"], ascending=[False, True], ignore_index=True)
    )
    missing = out["postcode_raw"].isna()
    missed = (
        pd.DataFrame({"supplier_name": label[missing], "amount": out.loc[missing, "amount"]})
        .groupby("supplier_name", as_index=False)
        .agg(rows=("amount", "size"), amount=("amount", "sum"))
        .sort_values(["amount", "supplier_name"], ascending=[False, True], ignore_index=True)
    )
    unused_mask = ~(
        reg_id.isin(used_ids).fillna(False).astype(bool)
        | reg_name.isin(used_names).fillna(False).astype(bool)
    )
    unused = reg.loc[unused_mask, ["supplier_name", "supplier_id", "postcode_raw"]].reset_index(
        drop=True
    )
    report = RegisterReport(
        matched=matched[["supplier_name", "matched_by", "rows", "amount"]],
        missed=missed[["supplier_name", "rows", "amount"]],
        unused=unused,
        rows_filled=int(filled.sum()),
        amount_filled=float(out.loc[filled, "amount"].sum()),
        notes=notes,
    )
    if not had.any() and not filled.any():
        report.notes.append(
            "The spend file has no supplier postcodes and the register matched none of its suppliers."
        )
    elif not had.any():
        report.notes.append(
            "The spend file has no supplier postcodes of its own; every placed row comes from the register."
        )
    return out, report


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _first_wins(
    keys: pd.Series, postcodes: pd.Series, what: str, notes: list[str]
) -> dict[str, str]:
    """key → postcode; when one key has two different postcodes the first entry wins (noted)."""
    pairs = pd.DataFrame({"k": keys, "p": postcodes.astype("string")}).dropna()
    clash = pairs.groupby("k")["p"].nunique()
    clash = clash[clash > 1]
    if len(clash):
        notes.append(
            f"{len(clash):,} register {what}(s) have more than one postcode (e.g. '{clash.index[0]}'); the first entry was used."
        )
    first = pairs.drop_duplicates("k")
    return dict(zip(first["k"], first["p"], strict=True))


def _prefix_matches(
    out: pd.DataFrame, need: pd.Series, reg: pd.DataFrame
) -> tuple[pd.Series, pd.Series, set[str]]:
    """Rows whose name looks cut off (the file's longest length, ≥ 20) and begins exactly one register name.

    Returns the row mask, the postcode per row, and the register name keys used.
    """
    names = out["supplier_name"].astype("string")
    found = pd.Series(pd.NA, index=out.index, dtype="string")
    nothing = (pd.Series(False, index=out.index), found, set())
    lengths = names.str.len()
    cut = int(lengths.max()) if lengths.notna().any() else 0
    cand = need & (lengths == cut).fillna(False).astype(bool)
    if cut < 20 or not cand.any():
        return nothing
    reg_loose = _loose_key(reg["supplier_name"]).dropna()
    reg_norm = normalise_name(reg["supplier_name"])
    chosen: dict[str, tuple[str, str]] = {}
    for short in names[cand].dropna().unique():
        key = _loose_key(pd.Series([short], dtype="string")).iloc[0]
        if pd.isna(key):
            continue
        starts = reg_loose[reg_loose.str.startswith(key)]
        if starts.nunique() == 1:
            i = starts.index[0]
            chosen[short] = (str(reg.loc[i, "postcode_raw"]), str(reg_norm.loc[i]))
    if not chosen:
        return nothing
    hit = cand & names.isin(chosen.keys()).fillna(False).astype(bool)
    found[hit] = [chosen[n][0] for n in names[hit]]
    return hit, found, {v[1] for v in chosen.values()}
