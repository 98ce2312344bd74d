"""Contracts Finder's packed supplier column: one row per `[Name|Address|…]` block, the awarded value shared equally."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from geo.spend.amounts import parse_flags
from geo.spend.columns import clean_text
from geo.spend.postcode import extract


def _split_block(block: str) -> tuple[str, str, str, str, str]:
    """'Name|Address|Ref type|Ref Number|Is SME|Is VCSE' → its parts; a '|' inside the address is kept."""
    head, *rest = block.split("|", 1)
    tail = rest[0].rsplit("|", 4) if rest else []
    if len(tail) < 5:
        tail = [*tail, *[""] * (5 - len(tail))] if tail else ["", "", "", "", ""]
    address, _ref_type, ref_no, sme, vcse = tail
    return head.strip(), address.strip(), ref_no.strip(), sme.strip(), vcse.strip()


def explode_packed(
    frame: pd.DataFrame,
    packed: str,
    out: pd.DataFrame,
    amount: pd.Series,
    rows: pd.Series,
    notes: list[str],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series, pd.Series]:
    """One row per `[...]` supplier block of a Contracts Finder notice, its awarded value split equally."""
    blocks_per_row: list[list[tuple[str, str, str, str, str]]] = []
    repeated = 0
    for cell in frame[packed].tolist():
        text = (
            ""
            if cell is None or (isinstance(cell, float) and np.isnan(cell))
            else str(cell).strip()
        )
        if text.startswith("[") and text.endswith("]"):
            text = text[1:-1]
        parts = [_split_block(b) for b in re.split(r"\]\s*\[", text)] if text else []
        unique = list(dict.fromkeys(p for p in parts if any(p)))
        repeated += len(parts) - len(unique)
        blocks_per_row.append(unique or [("", "", "", "", "")])
    counts = np.array([len(b) for b in blocks_per_row], dtype=np.int64)
    idx = np.repeat(np.arange(len(frame)), counts)
    flat = [b for bl in blocks_per_row for b in bl]
    cols = list(zip(*flat, strict=True)) if flat else [[]] * 5
    new = out.iloc[idx].reset_index(drop=True)
    new["supplier_name"] = clean_text(pd.Series(cols[0], dtype="string"))
    new["supplier_id"] = clean_text(pd.Series(cols[2], dtype="string"))
    new["is_sme"] = parse_flags(pd.Series(cols[3], dtype=object))
    new["is_vcse"] = parse_flags(pd.Series(cols[4], dtype=object))
    new["postcode_raw"] = extract(pd.Series(cols[1], dtype="string"))
    shared = pd.Series(counts[idx], dtype="Int64")
    split_amount = pd.Series(amount.to_numpy()[idx] / counts[idx], dtype="float64")
    multi = int((counts > 1).sum())
    if multi:
        notes.append(
            f"{multi:,} notice(s) name more than one supplier; each supplier got an equal share of the awarded value (column amount_shared_by says how many shared it)."
        )
    if repeated:
        notes.append(
            f"{repeated:,} supplier(s) listed twice within the same notice were counted once."
        )
    notes.append(
        "Supplier postcodes come from the supplier address in the supplier column; the file's 'Postcode' (delivery location) and 'Contact Postcode' (the buyer's) columns were not used."
    )
    return (
        frame.iloc[idx].reset_index(drop=True),
        new,
        split_amount,
        shared,
        pd.Series(rows.to_numpy()[idx]),
    )
