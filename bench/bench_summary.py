"""Benchmark: the app's filter path (mask → every summary → map points) at 1M and 20M rows, old against new."""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.analysis.compare import compare_buyers  # noqa: E402
from geo.analysis.filters import GEOCODED_STATUSES, Filters, Locality, apply_filters  # noqa: E402
from geo.analysis.index import prepare_spend, select  # noqa: E402
from geo.analysis.points import supplier_points  # noqa: E402
from geo.analysis.summary import summarise  # noqa: E402
from geo.paths import store_dir  # noqa: E402
from geo.spend.geocode import geocode  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import baseline_points  # noqa: E402

FY_START = date(2022, 4, 1)  # three UK financial years: 2022-23, 2023-24, 2024-25
FY_END = date(2025, 3, 31)
# Area and decile columns of the index's default vintage (geo.levels: IMD 2025).
LAD, CA, DECILE = "lad24cd", "ca25cd", "imd25_decile"
HOME_LAD = "E08000009"  # Trafford: a metropolitan borough in a LEP and a Combined Authority


# --- a council-shaped spend table ---------------------------------------------------------------


def load_postcodes() -> tuple[pd.DataFrame, str]:
    """Located NSPL postcodes with their area attributes, from the prepared store."""
    path = store_dir() / "postcodes.parquet"
    if not path.exists():
        raise SystemExit(f"error: no postcode index at {path}; run `make data` first.")
    cols = ["pcd", "lad21cd", "lep21cd", "lep21cd2", "ca24cd", "imd_decile", "in_england", "has_location"]  # fmt: skip
    pc = pd.read_parquet(path, columns=cols)
    pc = pc[pc["has_location"].to_numpy(dtype=bool)].reset_index(drop=True)
    return pc, f"store:{path}"


def make_spend(
    pc: pd.DataFrame, n_rows: int, n_suppliers: int, seed: int, spread: bool = True
) -> pd.DataFrame:
    """A normalised spend table (ingest schema + postcode_raw) shaped like a council's year files.

    With `spread` every row's postcode is drawn from ALL located postcodes (about a million
    distinct supplier locations at 1M rows: the worst case for the map points); without it each
    supplier has one postcode (a few thousand locations, as in the first version of this bench).
    """
    rng = np.random.default_rng(seed)
    eng = pc[pc["in_england"].to_numpy(dtype=bool)]
    home = eng[eng["lad21cd"].astype("string") == HOME_LAD]
    if home.empty:
        home = eng.sample(2_000, random_state=seed)
    outside = pc[~pc["in_england"].to_numpy(dtype=bool)]

    # Supplier postcodes: a third in the home borough (councils buy locally), most elsewhere in
    # England, a few outside England, and some with a missing or unusable postcode.
    kind = rng.choice(4, size=n_suppliers, p=[0.33, 0.60, 0.03, 0.04])
    pcd = np.empty(n_suppliers, dtype=object)
    for k, pool in ((0, home), (1, eng), (2, outside)):
        sel = np.flatnonzero(kind == k)
        if len(pool) and len(sel):
            pcd[sel] = pool["pcd"].to_numpy(dtype=object)[rng.integers(0, len(pool), len(sel))]
    bad = np.flatnonzero(kind == 3)
    pcd[bad] = rng.choice(np.array([None, "N/A", "ZZ99 9ZZ"], dtype=object), len(bad))
    postcode_raw = _spaced(pcd)
    names = np.array([f"Supplier {i:05d} {rng.choice(['Ltd', 'Limited', 'LLP', 'Trust', 'CIC', 'plc'])}" for i in range(n_suppliers)], dtype=object)  # fmt: skip
    sme = rng.choice(np.array([True, False, None], dtype=object), n_suppliers, p=[0.4, 0.3, 0.3])
    vcse = rng.choice(np.array([True, False, None], dtype=object), n_suppliers, p=[0.05, 0.6, 0.35])

    # A few suppliers take most transactions (Zipf-like popularity).
    weight = 1.0 / np.arange(1, n_suppliers + 1) ** 0.9
    sup = rng.choice(n_suppliers, size=n_rows, p=weight / weight.sum())
    # Amounts: lognormal body (median ~£400) with a Pareto tail for large contracts; ~3 % credits.
    row_pc = postcode_raw[sup]
    if spread:
        # Keep the unusable-postcode suppliers unusable; everyone else trades from anywhere.
        usable = kind[sup] != 3
        row_pc = row_pc.copy()
        pool = pc["pcd"].to_numpy(dtype=object)
        row_pc[usable] = _spaced(pool[rng.integers(0, len(pool), int(usable.sum()))])
    amount = rng.lognormal(mean=6.0, sigma=1.4, size=n_rows)
    tail = rng.random(n_rows) < 0.02
    amount[tail] = 5_000 * (1 + rng.pareto(1.3, tail.sum()))
    amount = np.round(amount, 2)
    credit = rng.random(n_rows) < 0.03
    amount[credit] *= -1
    days = (FY_END - FY_START).days + 1
    when = pd.to_datetime(FY_START) + pd.to_timedelta(rng.integers(0, days, n_rows), unit="D")

    buyers = np.array([f"Buyer {i:02d} Council" for i in range(10)], dtype=object)
    buyer = rng.choice(10, size=n_rows, p=np.r_[0.3, np.full(9, 0.7 / 9)])
    # Forty departments, four per buyer.
    dept_names = np.array([f"Department {i:02d}" for i in range(40)], dtype=object)
    dept = buyer * 4 + rng.integers(0, 4, n_rows)
    return pd.DataFrame(
        {
            "buyer": pd.array(buyers[buyer], dtype="string"),
            "department": pd.array(dept_names[dept], dtype="string"),
            "supplier_name": pd.array(names[sup], dtype="string"),
            "supplier_id": pd.array([None] * n_rows, dtype="string"),
            "is_sme": pd.array(sme[sup], dtype="boolean"),
            "is_vcse": pd.array(vcse[sup], dtype="boolean"),
            "amount": amount,
            "is_credit": amount < 0,
            "date": when,
            "postcode_raw": pd.array(row_pc, dtype="string"),
        }
    )


def _spaced(pcd: np.ndarray) -> np.ndarray:
    """'M11AA' → 'M1 1AA' (as spend files write them); None and junk pass through."""
    return np.array(
        [
            p[:-3] + " " + p[-3:] if isinstance(p, str) and p[-1].isalpha() and len(p) >= 5 else p
            for p in pcd
        ],
        dtype=object,
    )


def geocode_table(spend: pd.DataFrame) -> pd.DataFrame:
    """Through the real geocoder and postcode index, so the table has exactly its output's shape."""
    return geocode(spend, pd.read_parquet(store_dir() / "postcodes.parquet"))


# --- random selections --------------------------------------------------------------------------


def random_cases(
    sf, geocoded: pd.DataFrame, n: int, seed: int
) -> list[tuple[Filters, Locality, str]]:
    rng = np.random.default_rng(seed)
    lads = geocoded[LAD].dropna().astype(str).value_counts().index[:60].tolist()
    leps = geocoded["lep21cd"].dropna().astype(str).value_counts().index[:20].tolist()
    cas = geocoded[CA].dropna().astype(str).value_counts().index[:8].tolist()
    home = geocoded.loc[geocoded[LAD].astype("string") == HOME_LAD]
    home_lep = home["lep21cd"].dropna().astype(str).mode().tolist()
    home_ca = home[CA].dropna().astype(str).mode().tolist()
    localities = [Locality("lad", (HOME_LAD,), "home")]
    if home_lep:
        localities.append(Locality("lep", (home_lep[0],)))
    if home_ca:
        localities.append(Locality("ca", (home_ca[0],)))
    localities.append(Locality("lads", tuple(lads[:5])))
    names = [str(x) for x in sf.suppliers[:2000]]
    cases = []
    for _ in range(n):
        kw: dict = {}
        if rng.random() < 0.5:
            a = FY_START + timedelta(days=int(rng.integers(0, 900)))
            kw["date_from"] = a
            kw["date_to"] = a + timedelta(days=int(rng.integers(30, 400)))
        if rng.random() < 0.4:
            kw["buyers"] = tuple(rng.choice(sf.buyers, int(rng.integers(1, 4)), replace=False))
        if rng.random() < 0.2:
            kw["departments"] = tuple(
                rng.choice(sf.departments, int(rng.integers(1, 6)), replace=False)
            )
        if rng.random() < 0.1:
            name = names[int(rng.integers(0, len(names)))]
            start = int(rng.integers(0, max(1, len(name) - 4)))
            kw["supplier_query"] = name[start : start + 4]
        if rng.random() < 0.1:
            kw["amount_min"] = float(rng.choice([0, 100, 500, 5000]))
        if rng.random() < 0.1 and lads:
            kw["lads"] = tuple(rng.choice(lads, int(rng.integers(1, 6)), replace=False))
        if rng.random() < 0.05 and leps:
            kw["leps"] = tuple(rng.choice(leps, 1))
        if rng.random() < 0.05 and cas:
            kw["cas"] = tuple(rng.choice(cas, 1))
        if rng.random() < 0.15:
            kw["deciles"] = tuple(int(d) for d in rng.choice(np.arange(1, 11), int(rng.integers(1, 4)), replace=False))  # fmt: skip
        if rng.random() < 0.05:
            kw["statuses"] = ("matched",)
        loc = localities[int(rng.integers(0, len(localities)))]
        cases.append((Filters(**kw), loc, str(rng.choice(["all", "geocoded"]))))
    return cases


# --- the two implementations --------------------------------------------------------------------


def app_path(sf, f: Filters, loc: Locality, den: str, buyers: bool = True):
    """What the Spend map does per filter change: mask, every summary, map points (and, with
    `buyers`, the per-buyer table the benchmark view adds)."""
    sel = select(sf, apply_filters(sf, f))  # the kept rows gathered once, shared by all
    s = summarise(sf, sel, loc, den, top_n=10)
    c = compare_buyers(sf, sel, loc, "local", den) if buyers else None
    pts = supplier_points(sf, sel, loc)
    return s, c, pts


def old_app_path(sf, geocoded: pd.DataFrame, f: Filters, loc: Locality, den: str):
    """The same, with the map points grouped from the rows by pandas (before points used the index)."""
    mask = apply_filters(sf, f)
    s = summarise(sf, mask, loc, den, top_n=10)
    c = compare_buyers(sf, mask, loc, "local", den)
    pts = baseline_points.supplier_points(geocoded, mask, loc)
    return s, c, pts


def pandas_frame(geocoded: pd.DataFrame) -> pd.DataFrame:
    """The same table as plain pandas columns (prepared once, as an app would)."""
    df = pd.DataFrame(
        {
            "buyer": geocoded["buyer"].astype("string"),
            "department": geocoded["department"].astype("string"),
            "supplier": geocoded["supplier_name"].astype("string").str.strip(),
            "amount": pd.to_numeric(geocoded["amount"], errors="coerce").fillna(0.0),
            "date": pd.to_datetime(geocoded["date"]),
            "status": geocoded["status"].astype("string"),
            # The vintage the index reads by default (IMD 2025: LAD 2024, CA 2025, its deciles),
            # so both sides filter the same areas.
            "lad": geocoded[LAD].astype("string"),
            "lep": geocoded["lep21cd"].astype("string"),
            "lep2": geocoded["lep21cd2"].astype("string"),
            "ca": geocoded[CA].astype("string"),
            "decile": geocoded[DECILE].astype("Int8"),
            "sme": geocoded["is_sme"].astype("boolean"),
            "vcse": geocoded["is_vcse"].astype("boolean"),
        }
    )
    df["key"] = df["supplier"].str.casefold().str.replace(r"\s+", " ", regex=True)
    df["geocoded"] = df["status"].isin(list(GEOCODED_STATUSES)).fillna(False)
    df["month"] = df["date"].dt.strftime("%Y-%m")
    fy = df["date"].dt.year - (df["date"].dt.month < 4)
    df["fy"] = fy.astype("Int64").astype("string") + "-" + ((fy + 1) % 100).astype("Int64").astype("string").str.zfill(2)  # fmt: skip
    return df


def pandas_all(df: pd.DataFrame, f: Filters, loc: Locality, denominator: str) -> dict:
    """Boolean indexing + groupby for the same figures (the obvious implementation)."""
    m = pd.Series(True, index=df.index)
    if f.date_from:
        m &= df["date"] >= pd.Timestamp(f.date_from)
    if f.date_to:
        m &= df["date"] <= pd.Timestamp(f.date_to)
    if f.buyers:
        m &= df["buyer"].isin(f.buyers)
    if f.departments:
        m &= df["department"].isin(f.departments)
    if f.supplier_query:
        m &= df["key"].str.contains(f.supplier_query.casefold(), regex=False)
    if f.amount_min is not None:
        m &= df["amount"] >= f.amount_min
    if f.amount_max is not None:
        m &= df["amount"] <= f.amount_max
    if f.lads:
        m &= df["lad"].isin(f.lads) & df["geocoded"]
    if f.leps:
        m &= (df["lep"].isin(f.leps) | df["lep2"].isin(f.leps)) & df["geocoded"]
    if f.cas:
        m &= df["ca"].isin(f.cas) & df["geocoded"]
    if f.deciles:
        m &= df["decile"].isin(f.deciles) & df["geocoded"]
    if f.statuses:
        m &= df["status"].isin(f.statuses)
    d = df[m.fillna(False).astype(bool)]
    total = d["amount"].sum()
    geo = d[d["geocoded"]]
    den = total if denominator == "all" else geo["amount"].sum()
    if loc.kind in ("lad", "lads"):
        is_local = geo["lad"].isin(loc.codes)
    elif loc.kind == "lep":
        is_local = geo["lep"].isin(loc.codes) | geo["lep2"].isin(loc.codes)
    else:
        is_local = geo["ca"].isin(loc.codes)
    is_local = is_local.fillna(False).astype(bool)
    local = geo.loc[is_local, "amount"].sum()
    dec = geo["decile"].fillna(0)
    out = {
        "total": total,
        "rows": len(d),
        "suppliers": d["key"].nunique(),
        "local": local,
        "local_share": local / den if den > 0 else None,
        "d1": geo.loc[(dec == 1).to_numpy(bool), "amount"].sum(),
        "d12": geo.loc[dec.between(1, 2).to_numpy(bool), "amount"].sum(),
        "by_decile": geo.groupby("decile", dropna=False)["amount"].agg(["sum", "size"]),
        "by_lad": geo.groupby("lad")["amount"].agg(["sum", "size"]),
        "by_lep": pd.concat(
            [geo.groupby("lep")["amount"].sum(), geo.groupby("lep2")["amount"].sum()]
        )
        .groupby(level=0)
        .sum(),  # fmt: skip
        "by_ca": geo.groupby("ca")["amount"].agg(["sum", "size"]),
        "top": d.groupby("key")["amount"].agg(["sum", "size"]).nlargest(10, "sum"),
        "by_month": d.groupby("month")["amount"].agg(["sum", "size"]),
        "by_fy": d.groupby("fy")["amount"].agg(["sum", "size"]),
        "sme": d.groupby("sme", dropna=False)["amount"].sum(),
        "vcse": d.groupby("vcse", dropna=False)["amount"].sum(),
        "credit": d.loc[d["amount"] < 0, "amount"].agg(["sum", "size"]),
    }
    per_buyer = pd.DataFrame(
        {
            "num": (d["amount"] * (d.index.isin(geo.index[is_local.to_numpy()])))
            .groupby(d["buyer"])
            .sum(),  # fmt: skip
            "den": (d["amount"] if denominator == "all" else d["amount"] * d["geocoded"])
            .groupby(d["buyer"])
            .sum(),  # fmt: skip
        }
    )
    ok = per_buyer[per_buyer["den"] > 0]
    out["weighted"] = ok["num"].sum() / ok["den"].sum() if len(ok) else None
    out["simple"] = (ok["num"] / ok["den"]).mean() if len(ok) else None
    return out


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values) * 1000, q))


def timed(fn, cases) -> tuple[list[float], list[float]]:
    """(wall, cpu) seconds per case."""
    wall, cpu = [], []
    for case in cases:
        c0, t0 = time.process_time(), time.perf_counter()
        fn(*case)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return wall, cpu


def report(name: str, wall: list[float], cpu: list[float]) -> None:
    print(f"{name}_cases={len(wall)}")
    for q in (50, 95):
        print(f"{name}_p{q}_ms={pct(wall, q):.2f} {name}_cpu_p{q}_ms={pct(cpu, q):.2f}")
    print(f"{name}_max_ms={max(wall) * 1000:.2f}")


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tile(geocoded: pd.DataFrame, n_rows: int, seed: int) -> pd.DataFrame:
    """A bigger table from a geocoded one: rows resampled (same locations, suppliers, buyers),
    with fresh amounts and dates so no two copies are identical."""
    rng = np.random.default_rng(seed)
    cols = ["buyer", "department", "supplier_name", "is_sme", "is_vcse", "status", "postcode",
            "lat", "lon", "lad21cd", "lep21cd", "lep21cd2", "ca24cd", "imd_decile"]  # fmt: skip
    # The IMD 2025 columns the index reads by default (LAD 2024, CA 2025, LSOA 2021 decile).
    cols += [
        c for c in ("lad24cd", "ca25cd", "imd25_decile", "lsoa21cd", "lsoa11cd") if c in geocoded
    ]
    big = geocoded[cols].take(rng.integers(0, len(geocoded), n_rows)).reset_index(drop=True)
    for c in ("buyer", "department", "supplier_name", "postcode"):
        big[c] = big[c].astype("category")  # 20M repeated names: codes, not 20M strings
    big["amount"] = np.round(rng.lognormal(6.0, 1.4, n_rows), 2)
    days = (FY_END - FY_START).days + 1
    big["date"] = pd.to_datetime(FY_START) + pd.to_timedelta(rng.integers(0, days, n_rows), "D")
    return big


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--suppliers", type=int, default=20_000)
    ap.add_argument(
        "--one-postcode-per-supplier",
        action="store_true",
        help="the first version's table: a few thousand locations instead of all postcodes",
    )
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--old-cases", type=int, default=40)
    ap.add_argument("--pandas-cases", type=int, default=40)
    ap.add_argument("--big-rows", type=int, default=20_000_000, help="0 skips the big table")
    ap.add_argument("--big-cases", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    t = time.perf_counter()
    pc, source = load_postcodes()
    print(f"postcode_source={source}")
    print(f"postcodes_located={len(pc)}")
    spend = make_spend(pc, args.rows, args.suppliers, args.seed, not args.one_postcode_per_supplier)
    geocoded = geocode_table(spend)
    del spend
    print(f"build_table_s={time.perf_counter() - t:.2f}")
    print(f"rows={len(geocoded)}")
    print(f"distinct_postcodes={geocoded['postcode'].nunique()}")
    print(f"cpus={os.cpu_count()}")
    # Other work on the machine inflates every timing below; the load says how much to trust them.
    print(f"loadavg_1m_start={os.getloadavg()[0]:.2f}")
    status = geocoded["status"].astype(str).value_counts(normalize=True)
    print("status_shares=" + ",".join(f"{k}:{v:.3f}" for k, v in status.items()))

    t = time.perf_counter()
    sf = prepare_spend(geocoded)
    print(f"prepare_spend_s={time.perf_counter() - t:.2f}")
    print(f"suppliers={len(sf.supplier_keys)} buyers={len(sf.buyers)} departments={len(sf.departments)} cells={sf.n_cells} places={len(sf.places)} points={len(sf.points)}")  # fmt: skip

    cases = random_cases(sf, geocoded, args.cases, args.seed)
    for f, loc, den in cases[:3]:  # warm-up (imports, first-touch page faults)
        app_path(sf, f, loc, den)

    # Summaries alone (the figure the first bench printed), then the whole filter path.
    def summaries_only(f: Filters, loc: Locality, den: str) -> None:
        sel = select(sf, apply_filters(sf, f))
        summarise(sf, sel, loc, den)
        compare_buyers(sf, sel, loc, "local", den)

    wall, cpu = timed(summaries_only, cases)
    report("summaries_only", wall, cpu)
    # The Spend map's own path (ui/data.filtered): mask, summaries, points; no buyer table.
    card_wall, card_cpu = timed(lambda f, loc, den: app_path(sf, f, loc, den, buyers=False), cases)  # fmt: skip
    report("new_map_path", card_wall, card_cpu)
    new_wall, new_cpu = timed(lambda f, loc, den: app_path(sf, f, loc, den), cases)
    report("new_path", new_wall, new_cpu)
    print(f"new_path_p95_target_ms=50 new_path_p95_ok={pct(new_wall, 95) <= 50}")
    n_old = min(args.old_cases, len(cases))
    old_wall, old_cpu = timed(lambda f, loc, den: old_app_path(sf, geocoded, f, loc, den), cases[:n_old])  # fmt: skip
    report("old_path", old_wall, old_cpu)
    print(
        f"old_vs_new_p95={pct(old_wall, 95) / pct(new_wall[:n_old], 95):.1f}x (same {n_old} cases)"
    )

    # Agreement: the old and new points hold the same £ and the same local £.
    worst = 0.0
    for f, loc, den in cases[:n_old]:
        s, _, pts = app_path(sf, f, loc, den)
        old = baseline_points.supplier_points(geocoded, apply_filters(sf, f), loc)
        for a, b in (
            (pts["amount"].sum(), old["amount"].sum()),
            (pts.loc[pts["is_local"].fillna(False).to_numpy(bool), "amount"].sum(), s.local_gbp),
        ):
            worst = max(worst, abs(a - b) / max(1.0, abs(b)))
    print(f"points_agreement_max_rel_err={worst:.2e}")

    @functools.lru_cache(maxsize=256)
    def cached(f: Filters, loc: Locality, den: str):
        return app_path(sf, f, loc, den)

    for f, loc, den in cases[:50]:
        cached(f, loc, den)
    hits, _ = timed(lambda f, loc, den: cached(Filters.from_params(f.to_params()), loc, den), cases[:50])  # fmt: skip
    print(f"cache_hit_p95_ms={pct(hits, 95):.4f}")

    t = time.perf_counter()
    df = pandas_frame(geocoded)
    print(f"pandas_prepare_s={time.perf_counter() - t:.2f}")
    n_pd = min(args.pandas_cases, len(cases))
    p_wall, p_cpu = timed(lambda f, loc, den: (pandas_all(df, f, loc, den), baseline_points.supplier_points(geocoded, apply_filters(sf, f), loc)), cases[:n_pd])  # fmt: skip
    report("pandas_path", p_wall, p_cpu)
    print(
        f"pandas_vs_new_p95={pct(p_wall, 95) / pct(new_wall[:n_pd], 95):.1f}x (same {n_pd} cases)"
    )
    worst = 0.0
    for f, loc, den in cases[:n_pd]:
        p = pandas_all(df, f, loc, den)
        s, c, _ = app_path(sf, f, loc, den)
        for a, b in (
            (s.total_gbp, p["total"]),
            (s.local_gbp, p["local"]),
            (s.decile1_gbp, p["d1"]),
        ):
            worst = max(worst, abs(a - b) / max(1.0, abs(b)))
        if s.transactions != p["rows"] or s.suppliers != p["suppliers"]:
            raise SystemExit(f"mismatch: rows/suppliers for {f}")
    print(f"summary_agreement_max_rel_err={worst:.2e}")
    print(f"peak_rss_mb_1m={peak_rss_mb():.0f}")

    if args.big_rows:
        t = time.perf_counter()
        big = tile(geocoded, args.big_rows, args.seed + 1)
        del geocoded
        print(f"big_rows={len(big)} big_build_s={time.perf_counter() - t:.2f}")
        t = time.perf_counter()
        bsf = prepare_spend(big)
        del big
        print(f"big_prepare_spend_s={time.perf_counter() - t:.2f} big_points={len(bsf.points)}")
        bcases = random_cases_sf(bsf, args.big_cases, args.seed + 2)
        app_path(bsf, *bcases[0])
        b_wall, b_cpu = timed(lambda f, loc, den: app_path(bsf, f, loc, den), bcases)
        report("big_new_path", b_wall, b_cpu)
        m_wall, m_cpu = timed(lambda f, loc, den: app_path(bsf, f, loc, den, buyers=False), bcases)  # fmt: skip
        report("big_new_map_path", m_wall, m_cpu)
        print(f"big_p95_target_ms=1000 big_p95_ok={pct(b_wall, 95) <= 1000}")
        print(f"peak_rss_mb={peak_rss_mb():.0f}")
    print(f"loadavg_1m_end={os.getloadavg()[0]:.2f}")
    return 0


def random_cases_sf(sf, n: int, seed: int) -> list[tuple[Filters, Locality, str]]:
    """Selections for the big table, built from the index alone (the table is gone by then)."""
    geo = pd.DataFrame({LAD: sf.place_lad[sf.cell_place[sf.cell[:200_000]]],
                        "lep21cd": sf.place_lep[sf.cell_place[sf.cell[:200_000]]],
                        CA: sf.place_ca[sf.cell_place[sf.cell[:200_000]]]})  # fmt: skip
    return random_cases(sf, geo, n, seed)


if __name__ == "__main__":
    sys.exit(main())
