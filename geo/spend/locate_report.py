"""What locating suppliers achieved: £ and rows by route, top unplaced suppliers, and enrichment that could not be done."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.spend.locate import KINDS, ROUTES, UNPLACED
from geo.spend.matchreport import located_rows
from geo.spend.names import is_charity_number_header, is_company_number_header

# One phrase per route, for the page, the CLI and exports.
ROUTE_LABELS: dict[str, str] = {
    "file_postcode": "postcode in the spend file",
    "register_id": "supplier register, by supplier id",
    "register_name": "supplier register, by name",
    "register_name_prefix": "supplier register, by a name the finance system cut short",
    "company_number": "company number → Companies House registered office",
    "charity_number": "charity number → Charity Commission register",
    "name_companies": "exact name → Companies House registered office",
    "name_charities": "exact name → Charity Commission register",
    "fuzzy_accepted": "fuzzy name match accepted in review",
    "award_name": "name → supplier address in a loaded contract award file",
    UNPLACED: "not placed",
}


def route_summary(located: pd.DataFrame) -> pd.DataFrame:
    """Rows, £ and shares per route in order of trust, 'unplaced' and a total line."""
    by = located["located_by"].astype("string").fillna(UNPLACED)
    amount = pd.to_numeric(located["amount"], errors="coerce").astype("float64")
    order = [*ROUTES, UNPLACED]
    g = pd.DataFrame({"route": by, "amount": amount}).groupby("route", sort=False)
    out = pd.DataFrame({"rows": g.size(), "amount": g["amount"].sum()}).reindex(order, fill_value=0)
    total_rows, total_amount = int(out["rows"].sum()), float(out["amount"].sum())
    out["share_rows"] = out["rows"] / total_rows if total_rows else 0.0
    out["share_amount"] = out["amount"] / total_amount if total_amount else 0.0
    out.loc["total"] = [total_rows, total_amount, 1.0, 1.0]
    out["rows"] = out["rows"].astype("int64")
    out.index.name = "route"
    out = out.reset_index()
    out.insert(1, "label", out["route"].map({**ROUTE_LABELS, "total": "all rows"}))
    return out


def kind_summary(located: pd.DataFrame) -> pd.DataFrame:
    """Rows and £ by location_kind (what kind of place the postcode is), with its description."""
    kind = located["location_kind"].astype("string").fillna(UNPLACED)
    g = pd.DataFrame({"kind": kind, "amount": located["amount"]}).groupby("kind")
    out = pd.DataFrame({"rows": g.size(), "amount": g["amount"].sum()})
    out = out.reindex([*KINDS, UNPLACED], fill_value=0).reset_index(names="location_kind")
    out["description"] = out["location_kind"].map({**KINDS, UNPLACED: "not placed"})
    return out[out["rows"] > 0].reset_index(drop=True)


def top_unplaced(located: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """The unplaced suppliers with the most £: supplier_name, rows, amount."""
    miss = located["located_by"].isna()
    name = located["supplier_name"].astype("string").fillna("(no supplier name)")
    return (
        pd.DataFrame({"supplier_name": name[miss], "amount": located.loc[miss, "amount"]})
        .groupby("supplier_name", as_index=False)
        .agg(rows=("amount", "size"), amount=("amount", "sum"))
        .sort_values(["amount", "supplier_name"], ascending=[False, True], ignore_index=True)
        .head(n)
    )


def _written_postcode(rows: pd.DataFrame) -> pd.Series:
    """The postcode as the route gave it; blank where the table no longer holds it (the public
    view drops raw postcodes: a sole trader's is a home address)."""
    for col in ("postcode_raw", "postcode"):
        if col in rows:
            return rows[col].astype("string").str.strip().fillna("")
    return pd.Series("", index=rows.index, dtype="string")


def postcodes_not_located(located: pd.DataFrame, n: int = 25) -> pd.DataFrame:
    """Placed suppliers whose postcode gives no location, largest £ first: supplier_name, postcode
    (as written, or as the route gave it), reason (the geocode status), located_by (the route's
    phrase: where to correct it), rows, amount."""
    miss = located["located_by"].notna() & ~located_rows(located)
    cols = ["supplier_name", "postcode", "reason", "located_by", "rows", "amount"]
    if not miss.any():
        return pd.DataFrame(columns=cols)
    rows = located.loc[miss]
    work = pd.DataFrame(
        {
            "supplier_name": rows["supplier_name"].astype("string").fillna("(no supplier name)"),
            "postcode": _written_postcode(rows),
            "reason": rows["status"].astype(str),
            "located_by": rows["located_by"].astype(str).map(lambda r: ROUTE_LABELS.get(r, r)),
            "amount": pd.to_numeric(rows["amount"], errors="coerce").astype("float64"),
        }
    )
    out = (
        work.groupby(
            ["supplier_name", "postcode", "reason", "located_by"], as_index=False, sort=False
        )
        .agg(rows=("amount", "size"), amount=("amount", "sum"))
        .sort_values(["amount", "supplier_name"], ascending=[False, True], ignore_index=True)
    )
    return out.head(n)[cols]


def format_routes(summary: pd.DataFrame) -> str:
    """Fixed-width text of route_summary for the CLI."""
    lines = [f"{'located by':<56} {'rows':>9} {'£':>17} {'£ %':>6}"]
    for r in summary.itertuples(index=False):
        if r.route == "total":
            lines.append("-" * len(lines[0]))
        lines.append(f"{r.label:<56} {r.rows:>9,} {r.amount:>17,.2f} {100 * r.share_amount:>5.1f}%")
    return "\n".join(lines)


def enrichment_gaps(
    frame: pd.DataFrame,
    *,
    register: bool,
    companies: bool,
    charities: bool,
    awards: bool = False,
    companies_path: Path | None = None,
    app: bool = False,
) -> list[str]:
    """One sentence per enrichment that could not be done, each saying how to add it.

    Empty when everything that could help this file was available. `app`: said to an officer in
    the app, who cannot pass a command-line flag and need not see the server's paths; the
    reference registers are the server's to add.
    """
    gaps: list[str] = []
    cols = [c for c in frame.columns if isinstance(c, str)]
    no_pc = (
        frame["postcode_raw"].isna()
        if "postcode_raw" in frame
        else pd.Series(True, index=frame.index)
    )
    if not no_pc.any():
        return gaps
    if not register:
        gaps.append(
            "No supplier register was given: load your finance system's supplier list (CSV or Excel with supplier name or id and postcode) to place suppliers by your own records first."
        )
    has_numbers = any(is_company_number_header(c) for c in cols)
    if not companies:
        where = f" (expected at {companies_path})" if companies_path and not app else ""
        add = (
            "whoever runs this server can add it with `python -m geo fetch companies --index`"
            if app
            else "run `python -m geo fetch companies` and build the index, or pass --companies"
            + (" with the BasicCompanyDataAsOneFile ZIP" if has_numbers else "")
        )
        if has_numbers:
            gaps.append(
                f"This file has company numbers but no Companies House index is loaded{where}: {add}."
            )
        else:
            gaps.append(
                f"No Companies House index is loaded{where}, so supplier names could not be matched to registered offices: {add}."
            )
    if not charities:
        has_charity = any(is_charity_number_header(c) for c in cols)
        add = (
            "whoever runs this server can add it with `python -m geo fetch charities --index`"
            if app
            else "download publicextract.charity.zip from the Commission's full register download and pass it with --charities"
        )
        gaps.append(
            ("This file has charity numbers but no" if has_charity else "No")
            + f" Charity Commission register extract is loaded: {add}."
        )
    if not awards:
        gaps.append(
            "No file with supplier postcodes (such as a Contracts Finder awards export) was loaded alongside: adding one lets names it lists be placed at its supplier addresses."
        )
    return gaps


# The two bases a local figure can use (geo.spend.locate.BASES), as the page and captions say them.
BASIS_LABELS: dict[str, str] = {
    "registered_office": "registered office",
    "branch": "local branch (where the supplier register gives one)",
}


def _kind_counts(located: pd.DataFrame) -> tuple[int, int]:
    kind = (
        located["location_kind"].astype("string")
        if "location_kind" in located
        else pd.Series(dtype="string")
    )
    return int((kind == "registered_office").sum()), int((kind == "branch").sum())


def basis_label(basis: str, located: pd.DataFrame) -> str:
    """The basis card's word: what the located rows' places are.

    Why: the card said "Registered office" when no row had been placed at one (Trafford walk:
    every placed £ came from award addresses or the officer's register)."""
    n_office, n_branch = _kind_counts(located)
    if basis == "branch" and n_branch:
        return "Local branch"
    if n_office:
        return "Registered office"
    return "Postcode as given"


def basis_sentence(basis: str, located: pd.DataFrame) -> str:
    """One sentence naming the basis local figures use and how many rows it touched.

    Registered offices are where companies are registered, not where work is done (the
    "headquarters effect"), so every local figure carries this sentence.
    """
    n_office, n_branch = _kind_counts(located)
    if basis == "branch":
        return (
            f"Location basis: local branch — {n_branch:,} row(s) use a branch or delivery postcode "
            f"from the supplier register; {n_office:,} row(s) are still at a registered office."
        )
    if not n_office:
        return (
            "Location basis: each supplier's postcode as given (in the file, a contract award "
            "notice or your register); no row is placed at a Companies House registered office."
        )
    return (
        f"Location basis: registered office ({n_office:,} row(s) placed at a Companies House "
        "registered office, not necessarily where work is done)."
    )
