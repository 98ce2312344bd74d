"""Public-mode privacy: show a supplier only with positive evidence it is an organisation; allow-listed columns only."""

from __future__ import annotations

import re

import pandas as pd

from geo import levels
from geo.spend.orgevidence import Decision, KnownOrganisations, decide, number_key
from geo.spend.orgpurpose import org_only_by_name, org_only_rows
from geo.spend.sensitive import PAYEE_DEPENDENT, sensitive_rows

REDACTED_LABEL = "Individual or unverified supplier (redacted)"

# The columns a public instance may show, and nothing else: the normalised fields, where the
# supplier sits (area codes, decile, postcode district) and the geocoder's status. Every original
# column of the file (free-text purpose, invoice text, VAT numbers, contacts…) is dropped.
PUBLIC_COLUMNS: tuple[str, ...] = (
    "row_number", "buyer", "department", "supplier_name", "supplier_id", "is_sme", "is_vcse",
    "amount", "is_credit", "amount_shared_by", "date", "postcode", "postcode_district", "status",
    "lat", "lon", "lsoa11cd", "lsoa21cd", "imd_decile", "imd19_decile", "imd25_decile",
    "redacted", "located_by", "location_kind",
)  # fmt: skip
# located_by / location_kind say only which route placed a row; located_ref (a name or number) is not kept.
# Columns that place or identify a supplier: emptied on every redacted row. The row number too:
# with the source file beside it, it pointed to the withheld name (public walk).
IDENTIFYING: tuple[str, ...] = ("supplier_id", "postcode", "lat", "lon", "row_number")
# Area-code columns of any vintage ("lad24cd", "ca25cd", "lep21cd2"): aggregates, kept on every row.
_AREA_CODE = re.compile(r"^(lsoa|msoa|lad|lep|ca|cauth|utla|rgn|ctry|pcon|ward)\d{2}cd\d?$")

# Original columns that carry a registered company or charity number (Calderdale: "Supplier
# Registered Company Number", "Supplier Registered Charity Number"; LGA: "…CompanyRegistrationNumber").
_NUMBER_COLUMN = re.compile(r"compan(y|ies)\s*(house|reg|no|num)|registered\s*compan|charity\s*(reg|no|num)|"
                            r"registered\s*charity", re.IGNORECASE)  # fmt: skip


def public_columns(columns: pd.Index | list[str]) -> list[str]:
    """The allow-listed columns among `columns`, in their order."""
    allowed = set(PUBLIC_COLUMNS) | {c for lv in levels.LEVELS.values() for c in lv.columns}
    return [c for c in columns if isinstance(c, str) and (c in allowed or _AREA_CODE.match(c))]


def _row_numbers(frame: pd.DataFrame) -> pd.Series:
    """First valid company/charity number on each row ('' for none)."""
    out = pd.Series("", index=frame.index, dtype="object")
    for col in [c for c in frame.columns if isinstance(c, str) and _NUMBER_COLUMN.search(c)]:
        codes, uniques = pd.factorize(frame[col].astype("object"), use_na_sentinel=True)
        if not len(uniques):
            continue
        keys = pd.Series(uniques, dtype="object").map(lambda v: number_key(v) or "").to_numpy()
        found = pd.Series(keys[codes.clip(min=0)], index=frame.index).where(codes >= 0, "")
        out = out.where(out != "", found)
    return out


def decide_rows(frame: pd.DataFrame, known: KnownOrganisations | None = None) -> pd.DataFrame:
    """Per row: `show` (may the name be public), `rule` and `evidence` that decided it.

    A sensitive purpose about a client (section 17, foster care, direct payments…) redacts the
    row whatever the name; one about the payee (a refund, compensation) only when the name is not
    shown. Otherwise the name needs positive evidence (geo.spend.orgevidence.decide), which a
    purpose only organisations are paid (geo.spend.orgpurpose) can give. Each distinct
    (name, number) pair is decided once.
    """
    n = len(frame)
    if "supplier_name" not in frame.columns:
        names = pd.Series(pd.NA, index=frame.index, dtype="object")
    else:
        names = frame["supplier_name"].astype("object")
    numbers = _row_numbers(frame)
    pair = names.where(names.notna(), "\x00").astype(str) + "\x01" + numbers.astype(str)
    codes, uniques = pd.factorize(pair)
    org_only = org_only_by_name(names, org_only_rows(frame)) if n else {}
    decisions: list[Decision] = []
    for key in uniques:
        name, _, number = key.partition("\x01")
        decisions.append(
            decide(
                None if name == "\x00" else name,
                (number,) if number else (),
                known,
                org_only.get(name, ""),
            )
        )
    show = pd.Series([d.show for d in decisions], dtype=bool).to_numpy()[codes] if n else []
    rule = pd.Series([d.rule for d in decisions], dtype=object).to_numpy()[codes] if n else []
    evidence = (
        pd.Series([d.evidence for d in decisions], dtype=object).to_numpy()[codes] if n else []
    )
    out = pd.DataFrame({"show": show, "rule": rule, "evidence": evidence}, index=frame.index)
    reason = sensitive_rows(frame)
    about_payee = reason.isin(PAYEE_DEPENDENT).to_numpy(dtype=bool)
    hit = (reason != "").to_numpy(dtype=bool) & ~(about_payee & out["show"].to_numpy(dtype=bool))
    if hit.any():
        out.loc[hit, "rule"] = "sensitive payment: " + reason[hit]
        out.loc[hit, "evidence"] = ""
        out.loc[hit, "show"] = False
    out["show"] = out["show"].astype(bool)
    return out


def postcode_district(postcode: pd.Series) -> pd.Series:
    """'M33 7XX' → 'M33': the outward code, the finest place a redacted supplier is given."""
    s = postcode.astype("string").str.strip().str.upper()
    return s.str.extract(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*[0-9][A-Z]{2}$", expand=False).astype(
        "string"
    )


def public_view(
    frame: pd.DataFrame,
    mapping: dict[str, str] | None = None,
    known: KnownOrganisations | None = None,
) -> pd.DataFrame:
    """The geocoded table as a public instance may show it: no individual is identifiable.

    Keeps only PUBLIC_COLUMNS (plus area-code columns). A row without positive evidence that its
    supplier is an organisation, or with a sensitive purpose, becomes REDACTED_LABEL with no
    supplier id, postcode or point; its area codes, IMD decile and postcode district stay, so
    every aggregate by area and decile still counts its £. `mapping` is accepted for callers of
    the old signature; nothing outside the allow-list survives whatever it says.
    """
    decided = decide_rows(frame, known)
    hide = (~decided["show"]).to_numpy(dtype=bool) & (
        frame["supplier_name"].notna().to_numpy(dtype=bool)
        if "supplier_name" in frame.columns
        else True
    )
    # A sensitive row with no name is hidden too (its purpose is gone, but be explicit).
    hide |= decided["rule"].str.startswith("sensitive").to_numpy(dtype=bool)
    out = frame[public_columns(frame.columns)].copy()
    if "postcode" in frame.columns:
        out["postcode_district"] = postcode_district(frame["postcode"])
    if "supplier_name" in out.columns:
        out["supplier_name"] = out["supplier_name"].astype("object").where(~hide, REDACTED_LABEL)
    for col in IDENTIFYING:
        if col not in out.columns:
            continue
        if col in ("lat", "lon"):
            out[col] = out[col].where(~hide, float("nan"))
        elif col == "row_number":
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64").mask(hide)
        else:
            out[col] = out[col].astype("object").where(~hide, None)
    out["redacted"] = hide
    return out


def redaction_preview(frame: pd.DataFrame, known: KnownOrganisations | None = None) -> pd.DataFrame:
    """What public mode would hide, for an officer to check before publishing.

    One row per (supplier name, rule): `supplier`, `rule`, `evidence`, `rows`, `amount` (£ net),
    largest £ first. Rows the source already redacted are included, under their marker's rule.
    """
    decided = decide_rows(frame, known)
    hidden = ~decided["show"]
    names = (
        frame["supplier_name"].astype("object")
        if "supplier_name" in frame.columns
        else pd.Series(None, index=frame.index, dtype="object")
    )
    amount = frame["amount"] if "amount" in frame.columns else pd.Series(0.0, index=frame.index)
    rows = pd.DataFrame(
        {
            "supplier": names[hidden].fillna("(no name)"),
            "rule": decided.loc[hidden, "rule"],
            "evidence": decided.loc[hidden, "evidence"],
            "amount": pd.to_numeric(amount[hidden], errors="coerce"),
        }
    )
    if rows.empty:
        return pd.DataFrame(columns=["supplier", "rule", "evidence", "rows", "amount"])
    out = (
        rows.groupby(["supplier", "rule"], sort=False, dropna=False)
        .agg(evidence=("evidence", "first"), rows=("amount", "size"), amount=("amount", "sum"))
        .reset_index()
        .sort_values(["amount", "supplier"], ascending=[False, True], kind="stable")
        .reset_index(drop=True)
    )
    return out


def is_individual(name: object) -> bool:
    """True when a supplier name would be withheld in public mode (no positive evidence); blanks are False."""
    if not isinstance(name, str) or not name.strip():
        return False
    return not decide(name).show


def redact_names(names: pd.Series, known: KnownOrganisations | None = None) -> pd.Series:
    """Replace every name without organisation evidence with the label; decided once per distinct name."""
    codes, uniques = pd.factorize(names, use_na_sentinel=True)
    flags = pd.Series(uniques, dtype="object").map(lambda n: not decide(n, (), known).show)
    flags = flags.to_numpy(dtype=bool)
    out = names.astype("object").copy()
    hit = (codes >= 0) & flags[codes.clip(min=0)] if len(uniques) else codes < -1
    out[hit] = REDACTED_LABEL
    return out


# Spreadsheet apps evaluate a cell starting with one of these as a formula (OWASP CSV injection);
# tab and carriage return are included because some apps strip them before evaluating.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe; numbers are untouched."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if not (pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s)):
            continue
        text = s.astype("string")
        risky = text.str.startswith(_FORMULA_START).fillna(False).astype(bool)
        if risky.any():
            out[col] = s.astype("object").where(~risky, "'" + text.astype("object"))
    safe_cols = [
        ("'" + c) if isinstance(c, str) and c.startswith(_FORMULA_START) else c for c in out.columns
    ]
    out.columns = safe_cols
    return out
