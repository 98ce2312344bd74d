"""The label of every summary figure and table: which boundary is local, what a share is of, net or gross."""

from __future__ import annotations

from geo import levels
from geo.analysis.locality import Locality
from geo.analysis.shares import NET_NOTE, denominator_description


def figure_labels(
    locality: Locality | None, denominator: str, imd: str | int | None = None
) -> dict[str, str]:
    """Labels naming the local boundary, the denominator and the IMD vintage (default 2025)."""
    v = levels.imd(imd)
    idx, lsoa = v.label, v.lsoa_vintage
    lad, ca = (levels.for_imd(k, v.key) for k in ("lad", "ca"))
    of = denominator_description(denominator)
    where = locality.description if locality else "(no locality chosen)"
    return {
        "total_gbp": f"Total spend in the selection, {NET_NOTE}",
        "transactions": "Transactions (rows) in the selection, credit notes included",
        "suppliers": "Distinct suppliers (by name, case-insensitive) in the selection",
        "share_geocoded_gbp": "Share of all spend whose supplier postcode was located",
        "share_geocoded_rows": "Share of transactions whose supplier postcode was located",
        "denominator_gbp": f"Denominator of the local and deprived-area shares: {of}",
        "local_gbp": f"Local spend: {where}, {NET_NOTE}",
        "local_share": f"Local share: spend with {where} as a share of {of}",
        "decile1_gbp": f"Spend with suppliers in the 10% most deprived LSOAs ({idx} decile 1, {lsoa})",
        "decile1_share": f"Share of {of} with suppliers in {idx} decile 1 (10% most deprived, {lsoa})",
        "decile12_gbp": f"Spend with suppliers in the 20% most deprived LSOAs ({idx} deciles 1-2, {lsoa})",
        "decile12_share": f"Share of {of} with suppliers in {idx} deciles 1-2 (20% most deprived, {lsoa})",
        "local_decile1_gbp": f"Local spend ({where}) in {idx} decile 1",
        "local_decile1_share": f"Share of local spend ({where}) with suppliers in {idx} decile 1",
        "local_decile12_gbp": f"Local spend ({where}) in {idx} deciles 1-2",
        "local_decile12_share": f"Share of local spend ({where}) with suppliers in {idx} deciles 1-2",
        "sme_share": "SME share of spend where the data states SME status (not-stated excluded)",
        "sme_not_stated_share": "Share of all spend where SME status is not stated",
        "vcse_share": "VCSE share of spend where the data states VCSE status (not-stated excluded)",
        "vcse_not_stated_share": "Share of all spend where VCSE status is not stated",
        "gross_gbp": "Gross spend: positive amounts only (before credit notes)",
        "credit_gbp": "Credit notes: negative amounts, included in the net total",
        "credit_rows": "Credit-note rows (negative amounts)",
        # Words, not column names: the report and the pages show humanised headers.
        "by_decile": f"Spend by supplier's {idx} decile ({lsoa}; 1 = most deprived), as a share of "
        f"all spend and of located spend; {NET_NOTE}",
        "by_lad": f"Spend by supplier LAD ({lad.vintage}), as a share of all spend; {NET_NOTE}",
        "by_lep": "Spend by supplier LEP (2021); a LAD in two LEPs counts in both, so the column "
        f"can exceed the total; {NET_NOTE}",
        "by_ca": f"Spend by supplier Combined Authority ({ca.vintage}); {NET_NOTE}",
        "top_suppliers": "Top suppliers by net £; share = of all spend; decile/LAD = where most of "
        f"the supplier's spend ({idx}, {lad.vintage}) in the whole file is located (locations = distinct places)",
        "by_month": f"Spend by calendar month of the transaction date; {NET_NOTE}",
        "by_financial_year": f"Spend by UK financial year (April-March); {NET_NOTE}",
    }
