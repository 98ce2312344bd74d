"""Postcode repair before geocoding, and a match report to act on: unplaced suppliers by £, share of £ located."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.spend.geocode import PostcodeLookup, geocode, match_report
from geo.spend.postcode import repair
from geo.spend.schema import FLAGS

LOCATED = ("matched", "matched_terminated", "matched_outside_england")
REPAIRED = "postcode_repaired"


def repair_postcodes(frame: pd.DataFrame, lookup: PostcodeLookup) -> pd.DataFrame:
    """postcode_raw with O/0, I/1 slips repaired where exactly one known postcode results; flagged."""
    if "postcode_raw" not in frame or not len(lookup):
        return frame
    fixed = repair(frame["postcode_raw"], lambda keys: lookup.find(keys) >= 0)
    hit = fixed.notna().to_numpy(dtype=bool)
    if not hit.any():
        return frame
    out = frame.copy()
    out["postcode_raw"] = out["postcode_raw"].astype("string").mask(hit, fixed)
    flags = (
        out[FLAGS].astype("string").fillna("")
        if FLAGS in out
        else pd.Series("", index=out.index, dtype="string")
    )
    out[FLAGS] = flags.mask(hit, np.where(flags == "", REPAIRED, flags + "; " + REPAIRED))
    return out


def locate(frame: pd.DataFrame, lookup: PostcodeLookup) -> pd.DataFrame:
    """Repair postcode slips, then geocode: the located spend table the app and the CLI use."""
    return geocode(repair_postcodes(frame, lookup), lookup)


def file_postcode_locates(frame: pd.DataFrame, lookup: PostcodeLookup) -> pd.Series:
    """True where a row's postcode as written in the file (slips repaired) gives a location.

    A supplier register may then correct the rows where it does not (geo.spend.locate).
    """
    if "postcode_raw" not in frame:
        return pd.Series(False, index=frame.index)
    return located_rows(locate(frame[["postcode_raw"]], lookup))


def located_rows(geocoded: pd.DataFrame) -> pd.Series:
    """True where a row's supplier is on the map: its postcode (from any route) has a location.

    A route can give a postcode that places nothing (an overseas address, a mistyped or retired
    postcode): such a row is placed but not located, and every share on the Spend map counts it
    as not located.
    """
    return geocoded["status"].astype("string").isin(LOCATED).fillna(False).astype(bool)


def located_share(geocoded: pd.DataFrame) -> float | None:
    """Share of £ (net) on rows placed at a postcode; None when the table has no spend."""
    total = float(geocoded["amount"].sum())
    if not total:
        return None
    placed = located_rows(geocoded).to_numpy()
    return float(geocoded["amount"].to_numpy()[placed].sum()) / total


def unplaced_suppliers(geocoded: pd.DataFrame) -> pd.DataFrame:
    """Suppliers with rows not placed: supplier, id, why, rows, £ and share of unplaced £, largest £ first."""
    rows = geocoded.loc[~located_rows(geocoded)]
    cols = [
        "supplier_name",
        "supplier_id",
        "reason",
        "postcode",
        "rows",
        "amount",
        "share_of_unplaced",
    ]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    name = rows["supplier_name"].astype("string").fillna("(no supplier name)")
    ident = rows["supplier_id"].astype("string") if "supplier_id" in rows else None
    work = pd.DataFrame(
        {
            "supplier_name": name,
            "supplier_id": ident if ident is not None else pd.Series(pd.NA, index=rows.index),
            "reason": rows["status"].astype(str),
            "postcode": rows["postcode"].astype("string") if "postcode" in rows else pd.NA,
            "amount": rows["amount"].astype("float64"),
        }
    )
    g = work.groupby("supplier_name", sort=False, dropna=False)
    # Each supplier's commonest reason (ties: the alphabetically first, as Series.mode gives),
    # counted in one pass over (supplier, reason) pairs: a per-supplier mode() took seconds on
    # Trafford's 2,300 unplaced suppliers.
    pairs = work.groupby(["supplier_name", "reason"], sort=True, dropna=False).size()
    pairs = pairs.reset_index(name="n").sort_values("n", ascending=False, kind="stable")
    reason = pairs.drop_duplicates("supplier_name").set_index("supplier_name")["reason"]
    out = pd.DataFrame(
        {
            "supplier_id": g["supplier_id"].first(),
            "reason": reason.reindex(g.size().index),
            "postcode": g["postcode"].first(),
            "rows": g.size(),
            "amount": g["amount"].sum(),
        }
    ).reset_index()
    total = out["amount"].sum()
    out["share_of_unplaced"] = out["amount"] / total if total else np.nan
    return out.sort_values("amount", ascending=False, kind="stable").reset_index(drop=True)[cols]


def match_summary(geocoded: pd.DataFrame) -> pd.DataFrame:
    """The match report by status, plus a line counting postcodes repaired (rows and £ already in it)."""
    report = match_report(geocoded)
    if FLAGS in geocoded:
        hit = geocoded[FLAGS].astype("string").str.contains(REPAIRED, regex=False).fillna(False)
        hit = hit.to_numpy(dtype=bool)
        total_rows = max(len(geocoded), 1)
        total_amount = float(geocoded["amount"].sum()) or 1.0
        amount = float(geocoded["amount"].to_numpy()[hit].sum())
        extra = pd.DataFrame(
            [
                {
                    "status": "of which postcode_repaired",
                    "rows": int(hit.sum()),
                    "amount": amount,
                    "share_rows": hit.sum() / total_rows,
                    "share_amount": amount / total_amount,
                }
            ]
        )
        report = pd.concat([report, extra], ignore_index=True)
    return report
