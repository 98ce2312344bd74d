"""Progressive-procurement summaries of one selection: local share, deprived-area share, breakdowns."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo import levels
from geo.analysis.filters import Locality
from geo.analysis.index import (  # noqa: F401 — prepare_spend/SpendFrame re-exported for callers
    BUCKET_LABELS,
    FLAG_LABELS,
    NO,
    NOT_GEOCODED,
    NOT_STATED,
    UNNAMED,
    YES,
    Selection,
    SpendFrame,
    cell_totals,
    prepare_spend,
    select,
)
from geo.analysis.labels import figure_labels
from geo.analysis.periods import financial_year, financial_year_label  # noqa: F401
from geo.analysis.shares import (  # noqa: F401 — frame_records re-exported
    NET_NOTE,
    check_denominator,
    denominator_description,
    frame_records,
    json_value,
    share,
    shares,
)
from geo.fmt import NA_SHARE, format_gbp, format_share  # noqa: F401 — re-exported
from geo.levels import decile_title


@dataclass(frozen=True)
class Figure:
    """One headline number with what it is: unit 'gbp', 'share' (fraction) or 'count'."""

    name: str
    value: float | int | None
    unit: str
    label: str
    why_missing: str = ""  # when value is None: why, in words (shown as "n/a (…)")


@dataclass(frozen=True)
class Summary:
    """Every figure for one selection. Shares are fractions in [0, 1], None when undefined."""

    basis: str  # which boundary is local, which denominator, net/gross
    selection: str
    locality: Locality | None
    denominator: str
    total_gbp: float
    transactions: int
    suppliers: int
    rows_without_amount: int
    rows_without_date: int
    geocoded_gbp: float
    geocoded_rows: int
    share_geocoded_gbp: float | None
    share_geocoded_rows: float | None
    denominator_gbp: float
    local_gbp: float | None
    local_share: float | None
    decile1_gbp: float
    decile1_share: float | None
    decile12_gbp: float
    decile12_share: float | None
    local_decile1_gbp: float | None
    local_decile1_share: float | None  # of local spend
    local_decile12_gbp: float | None
    local_decile12_share: float | None
    gross_gbp: float  # positive amounts only
    credit_gbp: float  # credit notes (negative)
    credit_rows: int
    sme_gbp: dict[str, float]  # yes / no / not stated
    sme_share: float | None  # SME £ / £ where SME status is stated
    sme_not_stated_share: float | None  # of all spend
    vcse_gbp: dict[str, float]
    vcse_share: float | None
    vcse_not_stated_share: float | None
    by_decile: pd.DataFrame  # bucket, gbp, share, share_of_geocoded, rows
    by_lad: pd.DataFrame  # code, gbp, share, share_of_geocoded, rows
    by_lep: pd.DataFrame
    by_ca: pd.DataFrame
    top_suppliers: pd.DataFrame  # supplier, gbp, share, rows, decile, <vintage LAD col>, locations
    by_month: pd.DataFrame  # month, gbp, rows
    by_financial_year: pd.DataFrame  # financial_year, gbp, rows
    labels: dict[str, str] = field(default_factory=dict)
    imd: str = levels.DEFAULT_IMD  # deprivation vintage of every decile figure

    def headline(self) -> list[Figure]:
        """The headline figures in display order, each with its label."""
        names_units = [
            ("total_gbp", "gbp"),
            ("transactions", "count"),
            ("suppliers", "count"),
            ("share_geocoded_gbp", "share"),
            ("share_geocoded_rows", "share"),
            ("denominator_gbp", "gbp"),
            ("local_gbp", "gbp"),
            ("local_share", "share"),
            ("decile1_gbp", "gbp"),
            ("decile1_share", "share"),
            ("decile12_gbp", "gbp"),
            ("decile12_share", "share"),
            ("local_decile1_gbp", "gbp"),
            ("local_decile1_share", "share"),
            ("local_decile12_gbp", "gbp"),
            ("local_decile12_share", "share"),
            ("sme_share", "share"),
            ("sme_not_stated_share", "share"),
            ("vcse_share", "share"),
            ("vcse_not_stated_share", "share"),
            ("gross_gbp", "gbp"),
            ("credit_gbp", "gbp"),
            ("credit_rows", "count"),
        ]
        values = {n: getattr(self, n) for n, _ in names_units}
        why = {n: self.why_missing(n) for n, v in values.items() if v is None}
        return [
            Figure(n, values[n], u, self.labels.get(n, n), why.get(n, "")) for n, u in names_units
        ]

    def why_missing(self, name: str) -> str:
        """Why figure `name` is None: a share whose denominator is a part of the spend (stated SME
        status, local £, located £) is missing for that part's reason, not "no spend" (the
        Calderdale report said "no spend in selection" over £176m)."""
        if self.transactions == 0:
            return "no spend in selection"
        if self.total_gbp <= 0:
            return "net spend in the selection is not positive"
        if name.startswith("local") and self.locality is None:
            return "no local boundary chosen"
        if name.startswith("local_decile"):
            return "no local spend"
        if name.startswith(("sme", "vcse")):
            what = "SME" if name.startswith("sme") else "VCSE"
            return f"the file states no {what} status"
        if self.denominator != "all" and self.geocoded_gbp <= 0:
            return "no located spend"
        return "not defined for this selection"

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "by_decile": self.by_decile,
            "by_lad": self.by_lad,
            "by_lep": self.by_lep,
            "by_ca": self.by_ca,
            "top_suppliers": self.top_suppliers,
            "by_month": self.by_month,
            "by_financial_year": self.by_financial_year,
        }

    def to_dict(self) -> dict:
        """JSON-ready: floats stay floats, missing (None/NaN) becomes None."""
        return {
            "basis": self.basis,
            "selection": self.selection,
            "locality": None if self.locality is None else self.locality.spec,
            "locality_label": None if self.locality is None else self.locality.description,
            "denominator": self.denominator,
            "imd": self.imd,
            "imd_label": decile_title(self.imd),
            "headline": [
                {
                    "name": f.name,
                    "value": json_value(f.value),
                    "unit": f.unit,
                    "label": f.label,
                    **({"why_missing": f.why_missing} if f.why_missing else {}),
                }
                for f in self.headline()
            ],
            "rows_without_amount": self.rows_without_amount,
            "rows_without_date": self.rows_without_date,
            "sme_gbp": {k: json_value(v) for k, v in self.sme_gbp.items()},
            "vcse_gbp": {k: json_value(v) for k, v in self.vcse_gbp.items()},
            "tables": {
                name: {"label": self.labels.get(name, name), "rows": frame_records(df)}
                for name, df in self.tables().items()
            },
        }


def _by_code(
    codes_per_place: list[np.ndarray],
    place_gbp: np.ndarray,
    place_rows: np.ndarray,
    total: float,
    geocoded: float,
) -> pd.DataFrame:
    """£ and rows per area code from per-place sums; a place in two areas counts in both."""
    k = len(codes_per_place)
    codes = np.concatenate([np.asarray(c, dtype=object) for c in codes_per_place])
    p_gbp, p_rows = np.tile(place_gbp, k), np.tile(place_rows, k)
    keep = pd.notna(codes) & (p_rows != 0)  # None or NaN: no area
    uniq, inv = np.unique(codes[keep].astype(str), return_inverse=True)
    # bincount adds in place order, as a loop over the places would.
    g = np.bincount(inv, weights=p_gbp[keep], minlength=len(uniq))
    rows = np.bincount(inv, weights=p_rows[keep], minlength=len(uniq)).astype(np.int64)
    order = np.lexsort((uniq, -g))  # biggest first; ties by code
    g = g[order]
    return pd.DataFrame(
        {
            "code": pd.array(uniq[order], dtype="string"),
            "gbp": g,
            "share": shares(g, total),
            "share_of_geocoded": shares(g, geocoded),
            "rows": rows[order],
        }
    )


def summarise(
    sf: SpendFrame,
    mask: np.ndarray | Selection | None,
    locality: Locality | None,
    denominator: str = "all",
    top_n: int = 10,
    selection: str = "",
) -> Summary:
    """All summaries of the rows in `mask` (None = every row). Pure: same inputs, same Summary.

    Amounts are net: credit notes count as negative spend, and gross/credit totals are reported
    alongside. `denominator` ('all' or 'geocoded') is what local and deprived-area shares are
    shares of; local-deprived shares are of local spend. Without a locality, local figures are None.
    """
    check_denominator(denominator)
    if locality is not None:  # "lad:" / "ca:" follow the index's vintage unless fixed
        locality = locality.under(sf.imd)
    sel = select(sf, mask)
    idx, amt = sel.idx, sel.amount

    c_gbp, c_rows = cell_totals(sf, sel)
    total = float(c_gbp.sum())
    rows = int(c_rows.sum())
    geo = sf.cell_geocoded
    geocoded_gbp = float(c_gbp[geo].sum())
    geocoded_rows = int(c_rows[geo].sum())
    den = total if denominator == "all" else geocoded_gbp

    b_gbp = np.bincount(sf.cell_bucket, weights=c_gbp, minlength=12)
    b_rows = np.bincount(sf.cell_bucket, weights=c_rows, minlength=12).astype(np.int64)
    d1 = float(b_gbp[0])
    d12 = float(b_gbp[0] + b_gbp[1])

    if locality is not None:
        lc = sf.local_cells(locality)
        local = float(c_gbp[lc].sum())
        local_d1 = float(c_gbp[lc & (sf.cell_bucket == 0)].sum())
        local_d12 = float(c_gbp[lc & (sf.cell_bucket <= 1)].sum())
        local_share = share(local, den)
        local_d1_share, local_d12_share = share(local_d1, local), share(local_d12, local)
    else:
        local = local_d1 = local_d12 = None
        local_share = local_d1_share = local_d12_share = None

    credit_gbp = float(c_gbp[sf.cell_credit].sum())
    credit_rows = int(c_rows[sf.cell_credit].sum())

    sme = np.bincount(sf.cell_sme, weights=c_gbp, minlength=3)
    vcse = np.bincount(sf.cell_vcse, weights=c_gbp, minlength=3)

    by_decile = pd.DataFrame(
        {
            "bucket": BUCKET_LABELS,
            "gbp": b_gbp,
            "share": shares(b_gbp, total),
            "share_of_geocoded": np.append(shares(b_gbp[:NOT_GEOCODED], geocoded_gbp), np.nan),
            "rows": b_rows,
        }
    )

    n_places = len(sf.place_lad)
    p_gbp = np.bincount(sf.cell_place, weights=c_gbp, minlength=n_places)
    p_rows = np.bincount(sf.cell_place, weights=c_rows, minlength=n_places).astype(np.int64)
    by_lad = _by_code([sf.place_lad], p_gbp, p_rows, total, geocoded_gbp)
    by_lep = _by_code([sf.place_lep, sf.place_lep2], p_gbp, p_rows, total, geocoded_gbp)
    by_ca = _by_code([sf.place_ca], p_gbp, p_rows, total, geocoded_gbp)

    ns, nm = len(sf.supplier_keys), len(sf.month_labels)
    if sf.supplier_month is not None:
        sm = sf.supplier_month if idx is None else sf.supplier_month[idx]
        sm_gbp = np.bincount(sm, weights=amt, minlength=ns * nm).reshape(ns, nm)
        sm_rows = np.bincount(sm, minlength=ns * nm).reshape(ns, nm)
        s_gbp, s_rows = sm_gbp.sum(axis=1), sm_rows.sum(axis=1)
        m_gbp, m_rows = sm_gbp.sum(axis=0), sm_rows.sum(axis=0)
    else:
        sup = sf.supplier_code if idx is None else sf.supplier_code[idx]
        mon = sf.month if idx is None else sf.month[idx]
        s_gbp = np.bincount(sup, weights=amt, minlength=ns)
        s_rows = np.bincount(sup, minlength=ns)
        m_gbp = np.bincount(mon, weights=amt, minlength=nm)
        m_rows = np.bincount(mon, minlength=nm)
    present = s_rows > 0
    unnamed = np.flatnonzero(sf.supplier_keys == UNNAMED.casefold())
    n_suppliers = int(present.sum()) - int(present[unnamed].sum())
    cand = np.flatnonzero(present)
    if top_n > 0 and len(cand) > top_n:
        part = np.argpartition(-s_gbp[cand], top_n - 1)[:top_n]
        cand = cand[part]
    top = cand[np.lexsort((sf.supplier_keys[cand], -s_gbp[cand]))][: max(top_n, 0)]
    top_suppliers = pd.DataFrame(
        {
            "supplier": pd.array(sf.suppliers[top], dtype="string"),
            "gbp": s_gbp[top],
            "share": shares(s_gbp[top], total),
            "rows": s_rows[top].astype(np.int64),
            "decile": pd.array([BUCKET_LABELS[b] for b in sf.supplier_bucket[top]], dtype="string"),
            sf.lad_column: pd.array(sf.supplier_lad[top], dtype="string"),
            "locations": sf.supplier_locations[top].astype(np.int64),
        }
    )

    # Dated months in order, then 'no date' last (only if such rows are selected).
    order = np.r_[np.arange(1, nm), 0]
    order = order[m_rows[order] > 0]
    by_month = pd.DataFrame(
        {
            "month": pd.array(sf.month_labels[order], dtype="string"),
            "gbp": m_gbp[order],
            "rows": m_rows[order].astype(np.int64),
        }
    )
    nf = len(sf.fy_labels)
    f_gbp = np.bincount(sf.month_fy, weights=m_gbp, minlength=nf)
    f_rows = np.bincount(sf.month_fy, weights=m_rows, minlength=nf).astype(np.int64)
    forder = np.r_[np.arange(1, nf), 0]
    forder = forder[f_rows[forder] > 0]
    by_fy = pd.DataFrame(
        {
            "financial_year": pd.array(sf.fy_labels[forder], dtype="string"),
            "gbp": f_gbp[forder],
            "rows": f_rows[forder],
        }
    )

    no_amount_rows = int(c_rows[sf.cell_no_amount].sum())
    no_date_rows = int(m_rows[0])

    labels = figure_labels(locality, denominator, sf.imd)
    basis = (
        f"Local = {locality.description if locality else '(no locality chosen)'}; shares of "
        f"{denominator_description(denominator)}; deprivation = {decile_title(sf.imd)}; "
        f"{NET_NOTE}."
    )
    return Summary(
        basis=basis,
        selection=selection,
        locality=locality,
        denominator=denominator,
        total_gbp=total,
        transactions=rows,
        suppliers=n_suppliers,
        rows_without_amount=no_amount_rows,
        rows_without_date=no_date_rows,
        geocoded_gbp=geocoded_gbp,
        geocoded_rows=geocoded_rows,
        share_geocoded_gbp=share(geocoded_gbp, total),
        share_geocoded_rows=(geocoded_rows / rows) if rows else None,
        denominator_gbp=den,
        local_gbp=local,
        local_share=local_share,
        decile1_gbp=d1,
        decile1_share=share(d1, den),
        decile12_gbp=d12,
        decile12_share=share(d12, den),
        local_decile1_gbp=local_d1,
        local_decile1_share=local_d1_share,
        local_decile12_gbp=local_d12,
        local_decile12_share=local_d12_share,
        gross_gbp=total - credit_gbp,
        credit_gbp=credit_gbp,
        credit_rows=credit_rows,
        sme_gbp=dict(zip(FLAG_LABELS, map(float, sme), strict=True)),
        sme_share=share(sme[YES], sme[YES] + sme[NO]),
        sme_not_stated_share=share(sme[NOT_STATED], total),
        vcse_gbp=dict(zip(FLAG_LABELS, map(float, vcse), strict=True)),
        vcse_share=share(vcse[YES], vcse[YES] + vcse[NO]),
        vcse_not_stated_share=share(vcse[NOT_STATED], total),
        by_decile=by_decile,
        by_lad=by_lad,
        by_lep=by_lep,
        by_ca=by_ca,
        top_suppliers=top_suppliers,
        by_month=by_month,
        by_financial_year=by_fy,
        labels=labels,
        imd=sf.imd,
    )
