"""`python -m geo prepare`: verify the raw files and build the embedded store (data/store/) from them."""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import SpendGeoError
from geo.paths import PROJECT_ROOT, raw_dir, store_dir
from geo.store import catalogue, overlay, simplify, sources
from geo.store.fetch import verify

# Raw datasets the store is built from (verified before anything is read). File 10 and the
# LAD→CA (May 2024) lookup are not used to build anything; they are cross-checks for the tests
# and are verified too so a checked store is checked against the catalogued files.
INPUT_KEYS: tuple[str, ...] = (
    "lsoa11",
    "imd19_file1",
    "imd19_file10",
    "lad11_lad21",
    "lad_rgn21",
    "lad_ca24",
    "lad21",
    "lep21",
    "ca24",
    "ca21",
    "pop19",
    "growth_deals",
    "nspl",
)
AREA_LEVELS: tuple[str, ...] = ("lad", "lep", "ca24", "ca21")
OUTPUTS: tuple[str, ...] = (
    "lsoa.parquet",
    "lsoa_detail.parquet",
    "lsoa_bng.parquet",
    *(f"{level}.parquet" for level in AREA_LEVELS),
    "postcodes.parquet",
)
# Source of everything that shapes the store's content: a change to any of them rebuilds.
CODE_FILES: tuple[str, ...] = (
    "geo/store/prepare.py",
    "geo/store/sources.py",
    "geo/store/overlay.py",
    "geo/store/simplify.py",
    "geo/store/postcode_index.py",
    "geo/spend/postcode.py",
    "geo/spend/geocode.py",
)
N_STEPS = 9


def _log(message: str) -> None:
    print(f"[prepare] {message}", file=sys.stderr, flush=True)


class Steps:
    """Times each step and logs `[prepare] i/N name: message (s)`."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._n = 0

    @contextmanager
    def step(self, name: str) -> Iterator[Callable[[str], None]]:
        self._n += 1
        t0 = time.perf_counter()
        notes: list[str] = []
        yield notes.append
        dt = time.perf_counter() - t0
        self.seconds[name] = round(dt, 2)
        detail = "; ".join(notes) if notes else "done"
        _log(f"{self._n}/{N_STEPS} {name}: {detail} ({dt:.1f} s)")


# --- pure builders ----------------------------------------------------------------------------------


def code_version(root: Path = PROJECT_ROOT) -> str:
    h = hashlib.sha256()
    for rel in CODE_FILES:
        path = root / rel
        h.update(rel.encode())
        h.update(path.read_bytes() if path.exists() else b"<absent>")
    return h.hexdigest()[:16]


def lad21_population(
    pop: pd.DataFrame, lad21_codes: pd.Index, lad11_lad21: pd.DataFrame
) -> pd.Series:
    """Mid-2019 persons per English LAD21 from the 2020-code sheet.

    A code that is itself an English LAD21 code is kept; an LAD11 code is mapped through the
    LAD11→LAD21 lookup (Northamptonshire's 7 districts, which became North and West
    Northamptonshire, E06000061/62, in April 2021); anything else (counties, regions, countries,
    Wales, Scotland, NI) is ignored. Raises if England's districts do not sum to the England row.
    """
    lad21_codes = pd.Index(lad21_codes)
    l11 = lad11_lad21.set_index("lad11cd")["lad21cd"]
    code = pop["code"]
    target = code.where(code.isin(lad21_codes))
    via11 = code.map(l11)
    target = target.fillna(via11.where(via11.isin(lad21_codes)))
    by_lad = pop.loc[target.notna(), "population"].groupby(target[target.notna()]).sum()
    missing = lad21_codes.difference(by_lad.index)
    if len(missing):
        raise SpendGeoError(
            f"The population sheet has no figure for {len(missing)} English LAD21 code(s), e.g. {missing[0]}."
        )
    england = pop.loc[pop["code"] == sources.ENGLAND_CODE, "population"]
    if len(england) != 1:
        raise SpendGeoError("The population sheet has no single England row (E92000001).")
    if int(by_lad.sum()) != int(england.iloc[0]):
        raise SpendGeoError(
            f"English LAD21 populations sum to {int(by_lad.sum()):,}, not the sheet's England "
            f"total {int(england.iloc[0]):,}."
        )
    return by_lad.reindex(lad21_codes).astype("int64").rename("population")


def lsoa_lad21(
    lsoa_lad11: pd.Series, lad11_lad21: pd.DataFrame, lad21_codes: pd.Index
) -> pd.Series:
    """LAD21 per LSOA from the file's 2011-era LAD code; every LSOA must land in an English LAD21."""
    l11 = lad11_lad21.set_index("lad11cd")["lad21cd"]
    lad21 = lsoa_lad11.map(l11).astype("string")
    bad = lad21.isna() | ~lad21.isin(pd.Index(lad21_codes))
    if bad.any():
        first = lsoa_lad11[bad].iloc[0]
        raise SpendGeoError(
            f"{int(bad.sum())} LSOA(s) have no English LAD21: LAD_FILE_CD {first} is not in the "
            "LAD11→LAD21 lookup or maps outside England."
        )
    return lad21


def lad_stats(lsoa: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """Per LAD21: population, n_lsoa, n_decile1, n_decile12 (LSOAs nest in LAD21)."""
    dec = lsoa["imd_decile"].to_numpy()
    frame = pd.DataFrame({"lad21cd": lsoa["lad21cd"].to_numpy(), "d1": dec == 1, "d12": dec <= 2})
    g = frame.groupby("lad21cd")
    stats = pd.DataFrame(
        {"n_lsoa": g.size(), "n_decile1": g["d1"].sum(), "n_decile12": g["d12"].sum()}
    )
    stats = stats.reindex(population.index).fillna(0).astype("int64")
    stats.insert(0, "population", population)
    return stats


def area_stats(membership: pd.DataFrame, stats: pd.DataFrame) -> pd.DataFrame:
    """Sum LAD21 stats over areas: membership has columns code, lad21cd (one row per pair).

    A LAD in two areas (7 LADs sit in two LEPs) counts in full toward both, so LEP populations
    and LSOA counts overlap and do not add up to England's; shares stay correct per LEP.
    """
    joined = membership.join(stats, on="lad21cd")
    g = joined.groupby("code", sort=True)
    out = g[["population", "n_lsoa", "n_decile1", "n_decile12"]].sum().astype("int64")
    out["share_decile1"] = out["n_decile1"] / out["n_lsoa"]
    out["share_decile12"] = out["n_decile12"] / out["n_lsoa"]
    out["members"] = g["lad21cd"].agg(lambda s: ";".join(sorted(s)))
    cols = ["population", "n_lsoa", "n_decile1", "share_decile1", "n_decile12", "share_decile12"]
    return out[[*cols, "members"]]


def _round_list(rounds: list[int]) -> str:
    """[2] → 'round 2'; [2, 3] → 'rounds 2 and 3'."""
    if len(rounds) == 1:
        return f"round {rounds[0]}"
    return "rounds " + ", ".join(map(str, rounds[:-1])) + f" and {rounds[-1]}"


def growth_deal_columns(lep: pd.DataFrame, deals: pd.DataFrame) -> pd.DataFrame:
    """Growth Deal columns per 2021 LEP (index = lep21cd); `lep` has index code and a population column.

    Rows join on `lep21cd`, the direct successor body. Missing figures stay NaN (never zero)
    and gd_missing_reason says why in a sentence: empty rounds in the table, or no direct row
    because the 2017 predecessor covered a different area (named from `successor_lep21cd`).
    """
    direct = deals.loc[deals["lep21cd"].notna()]
    if direct["lep21cd"].duplicated().any():
        raise SpendGeoError("growth_deals_by_lep.csv has two rows for one lep21cd.")
    direct = direct.set_index("lep21cd").reindex(lep.index)
    out = pd.DataFrame(index=lep.index)
    for n in (1, 2, 3):
        out[f"gd_round{n}_gbp_m"] = direct[f"round{n}_gbp_m"].astype("float64")
    out["gd_total_gbp_m"] = direct["total_gbp_m"].astype("float64")
    out["gd_per_head_gbp"] = out["gd_total_gbp_m"] * 1e6 / lep["population"].astype("float64")
    out["gd_confidence"] = direct["confidence"].astype("string")
    out["gd_notes"] = direct["notes"].astype("string")
    reasons: list[str | None] = []
    for code in lep.index:
        has_row = code in deals["lep21cd"].dropna().to_numpy()
        predecessors = deals.loc[
            deals["lep21cd"].isna() & (deals["successor_lep21cd"] == code), "lep_name_2017"
        ].tolist()
        if not has_row:
            names = " and ".join(predecessors) if predecessors else "no 2017 LEP"
            reasons.append(
                f"No Growth Deal row maps directly to this LEP: its 2017 predecessor ({names}) "
                "covered a different area, so that deal is not attributed to the 2021 boundary."
            )
            continue
        if pd.notna(out.at[code, "gd_total_gbp_m"]):
            reasons.append(None)
            continue
        empty = [n for n in (1, 2, 3) if pd.isna(out.at[code, f"gd_round{n}_gbp_m"])]
        sentence = (
            f"No total: the source table has no figure for {_round_list(empty)}"
            if empty
            else "No total: the source table states no total for this LEP"
        )
        if predecessors:
            sentence += f"; the 2017 {' and '.join(predecessors)} LEP, now inside this area, had its own deal"
        reasons.append(sentence + ".")
    out["gd_missing_reason"] = pd.array(reasons, dtype="string")
    return out


def membership_long(assign: pd.DataFrame, slots: tuple[str, ...]) -> pd.DataFrame:
    """Wide LAD→area slots to long (code, lad21cd) pairs, dropping empty slots."""
    parts = [
        pd.DataFrame({"code": assign[s].to_numpy(), "lad21cd": assign.index.to_numpy()})
        for s in slots
    ]
    long = pd.concat(parts, ignore_index=True).dropna(subset=["code"])
    return long.astype("string")


# --- I/O -------------------------------------------------------------------------------------------


def _write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    _write_atomic(path, lambda tmp: frame.to_parquet(tmp, index=False, compression="zstd"))


def _up_to_date(store: Path, datasets: dict[str, dict], version: str) -> bool:
    manifest_path = store / "manifest.json"
    if not manifest_path.exists():
        return False
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError):
        return False
    same_raw = {k: v.get("sha256") for k, v in manifest.get("datasets", {}).items()} == {
        k: v["sha256"] for k, v in datasets.items()
    }
    outputs = [o for o in OUTPUTS if o != "postcodes.parquet" or _has_postcode_builder()]
    return (
        same_raw
        and manifest.get("code_version") == version
        and all((store / o).exists() for o in outputs)
    )


def _has_postcode_builder() -> bool:
    return importlib.util.find_spec("geo.store.postcode_index") is not None


def prepare(raw: Path | None = None, store: Path | None = None, force: bool = False) -> dict:
    """Build the store; return the manifest. Skips (returning the existing manifest) when up to date."""
    raw = raw or raw_dir()
    store = store or store_dir()
    t_all = time.perf_counter()
    steps = Steps()
    path = {k: raw / catalogue.get(k).path for k in INPUT_KEYS}

    with steps.step("verify") as note:
        for key in INPUT_KEYS:
            verify(catalogue.get(key), path[key])
        datasets = {
            k: {
                "title": catalogue.get(k).title,
                "vintage": catalogue.get(k).vintage,
                "sha256": catalogue.get(k).sha256,
                "path": catalogue.get(k).path,
            }
            for k in INPUT_KEYS
        }
        note(f"{len(INPUT_KEYS)} raw files match their catalogued sha256")

    version = code_version()
    if not force and _up_to_date(store, datasets, version):
        _log(
            f"store at {store} is up to date (same raw files and code {version}); --force rebuilds"
        )
        return json.loads((store / "manifest.json").read_text())

    counts: dict[str, int] = {}
    stats: dict[str, object] = {}

    with steps.step("lookups") as note:
        lad11_lad21 = sources.read_lad11_lad21(path["lad11_lad21"])
        region = sources.read_lad_region(path["lad_rgn21"]).set_index("lad21cd")
        pop = sources.read_population(path["pop19"])
        deals = sources.read_growth_deals(path["growth_deals"])
        note(
            f"{len(lad11_lad21)} LAD11→LAD21 rows, {len(region)} LAD→region, {len(pop)} population "
            f"rows, {len(deals)} Growth Deal rows"
        )

    with steps.step("lad") as note:
        lad_uk_bng, n_lad_fixed = sources.read_lad_boundaries(path["lad21"])
        lad_bng = lad_uk_bng.loc[sources.is_english_lad(lad_uk_bng["code"])].sort_values("code")
        lad_bng = lad_bng.reset_index(drop=True)
        lad_codes = pd.Index(lad_bng["code"].astype("string"), name="lad21cd")
        missing_rgn = lad_codes.difference(region.index)
        if len(missing_rgn):
            raise SpendGeoError(f"LAD {missing_rgn[0]} has no region in the LAD→region lookup.")
        population = lad21_population(pop, lad_codes, lad11_lad21)
        counts["lad_uk"] = len(lad_uk_bng)
        counts["lad"] = len(lad_bng)
        stats["lad_invalid_repaired"] = n_lad_fixed
        note(
            f"{len(lad_uk_bng)} UK LAD21, {len(lad_bng)} English, {n_lad_fixed} invalid geometry "
            f"repaired; England population {int(population.sum()):,} matches the sheet"
        )

    with steps.step("lsoa") as note:
        lsoa_raw, n_lsoa_fixed = sources.read_lsoa_boundaries(path["lsoa11"])
        imd = sources.read_imd_file1(path["imd19_file1"])
        if set(imd["lsoa11cd"]) != set(lsoa_raw["lsoa11cd"]) or len(imd) != len(lsoa_raw):
            raise SpendGeoError(
                "The LSOA boundary codes and IMD 2019 File 1 codes differ; the files do not match."
            )
        lsoa_raw["lad21cd"] = lsoa_lad21(lsoa_raw["lad11cd"], lad11_lad21, lad_codes)
        # Coverage cleaning (see simplify.clean_coverage) happens once here, so the full-detail
        # layer (joins, postcode point-in-polygon) and the display layer share the same edges.
        cleaned = simplify.clean_coverage(lsoa_raw.geometry.values)
        lsoa_bng_full = gpd.GeoDataFrame(
            lsoa_raw.drop(columns=["geometry", "lsoa11nm"]),
            geometry=gpd.GeoSeries(cleaned, crs=sources.BNG),
        )
        lsoa_bng_full = lsoa_bng_full.merge(
            imd.drop(columns=["lad19nm"]), on="lsoa11cd", how="left", validate="1:1"
        )
        counts["lsoa"] = len(lsoa_bng_full)
        stats["lsoa_invalid_repaired"] = n_lsoa_fixed
        note(
            f"{len(lsoa_bng_full):,} rows, {n_lsoa_fixed} invalid geometries repaired, coverage "
            "cleaned (shared edges made identical)"
        )

    with steps.step("overlay") as note:
        lep_bng, _ = sources.read_lep_boundaries(path["lep21"])
        ca24_bng, _ = sources.read_ca24_boundaries(path["ca24"])
        ca21_bng, _ = sources.read_ca21_boundaries(path["ca21"])
        lep_slots = ("lep21cd", "lep21cd2")
        lad_lep = overlay.assign_by_overlap(lad_bng, lep_bng, lep_slots)
        lad_ca24 = overlay.assign_by_overlap(lad_bng, ca24_bng, ("ca24cd",))
        lad_ca21 = overlay.assign_by_overlap(lad_bng, ca21_bng, ("ca21cd",))
        no_lep = lad_lep["lep21cd"].isna()
        if no_lep.any():
            raise SpendGeoError(f"LAD {lad_lep.index[no_lep][0]} lies ≥50% in no LEP.")
        assign = pd.concat([lad_lep, lad_ca24, lad_ca21], axis=1)
        assign.index.name = "lad21cd"
        n_two = int(lad_lep["lep21cd2"].notna().sum())
        counts["lad_in_two_leps"] = n_two
        note(
            f"{n_two} LADs in two LEPs; {int(lad_ca24['ca24cd'].notna().sum())} LADs in a CA 2024, "
            f"{int(lad_ca21['ca21cd'].notna().sum())} in a CA 2021"
        )

    with steps.step("simplify") as note:
        lsoa_bng_full = lsoa_bng_full.join(assign, on="lad21cd")
        simple_bng = simplify.simplify_coverage(
            lsoa_bng_full.geometry.values, simplify.LSOA_TOLERANCE_M
        )
        # Area display geometry is dissolved from the simplified LSOA coverage (LSOAs nest in
        # LAD21, LADs in LEP/CA), so every layer shares exactly the LSOA layer's edges: outlines
        # drawn over the LSOA choropleth line up, and LEPs that overlap (the 7 shared LADs) are
        # each the union of their own member LADs rather than separately simplified shapes.
        lad_keys, lad_display_bng = simplify.dissolve(
            simple_bng, lsoa_bng_full["lad21cd"].to_numpy(dtype=str)
        )
        lad_display = pd.Series(lad_display_bng, index=pd.Index(lad_keys, name="lad21cd"))
        display: dict[str, pd.Series] = {"lad": lad_display}
        for level, col_slots in (
            ("lep", lep_slots),
            ("ca24", ("ca24cd",)),
            ("ca21", ("ca21cd",)),
        ):
            long = membership_long(assign, col_slots)
            keys, geoms = simplify.dissolve(
                lad_display.reindex(long["lad21cd"]).to_numpy(), long["code"].to_numpy(dtype=str)
            )
            display[level] = pd.Series(geoms, index=pd.Index(keys, name="code"))
        lsoa_wgs84 = simplify.bng_to_wgs84(simple_bng)
        detail_wgs84 = simplify.bng_to_wgs84(
            simplify.simplify_coverage(
                lsoa_bng_full.geometry.values, simplify.LSOA_DETAIL_TOLERANCE_M
            )
        )
        # LEPs overlap (the 7 shared LADs), so they are not a coverage to repair after rounding.
        display_wgs84 = {
            level: pd.Series(
                simplify.bng_to_wgs84(s.to_numpy(), coverage=level != "lep"), index=s.index
            )
            for level, s in display.items()
        }
        note(
            f"LSOA coverage simplified at {simplify.LSOA_TOLERANCE_M:.0f} m (national) and "
            f"{simplify.LSOA_DETAIL_TOLERANCE_M:.0f} m (zoomed detail); LAD/LEP/CA dissolved "
            "from it; to EPSG:4326 at "
            f"{simplify.DISPLAY_DECIMALS} dp"
        )

    with steps.step("tables") as note:
        lsoa_attr = pd.DataFrame(lsoa_bng_full.drop(columns="geometry"))
        lsoa_attr["lad21nm"] = lsoa_attr["lad21cd"].map(lad_bng.set_index("code")["name"])
        lsoa_cols = [
            "lsoa11cd", "lsoa11nm", "lad21cd", "lad21nm", "lad19cd", "lep21cd", "lep21cd2",
            "ca24cd", "ca21cd", "imd_rank", "imd_decile",
        ]  # fmt: skip
        lsoa_out = gpd.GeoDataFrame(
            lsoa_attr[lsoa_cols].reset_index(drop=True),
            geometry=gpd.GeoSeries(lsoa_wgs84, crs=sources.WGS84),
        ).sort_values("lsoa11cd", ignore_index=True)
        for col in lsoa_cols[:-2]:
            lsoa_out[col] = lsoa_out[col].astype("string")
        per_lad = lad_stats(lsoa_attr, population)

        tables: dict[str, gpd.GeoDataFrame] = {}
        names = {
            "lad": lad_bng.set_index("code")["name"],
            "lep": lep_bng.set_index("code")["name"],
            "ca24": ca24_bng.set_index("code")["name"],
            "ca21": ca21_bng.set_index("code")["name"],
        }
        memberships = {
            "lad": pd.DataFrame({"code": lad_codes, "lad21cd": lad_codes}).astype("string"),
            "lep": membership_long(assign, lep_slots),
            "ca24": membership_long(assign, ("ca24cd",)),
            "ca21": membership_long(assign, ("ca21cd",)),
        }
        for level in AREA_LEVELS:
            body = area_stats(memberships[level], per_lad)
            unmatched = names[level].index.difference(body.index)
            if len(unmatched):
                raise SpendGeoError(
                    f"{level.upper()} area {unmatched[0]} ({names[level][unmatched[0]]}) has no "
                    "member LAD by the ≥50% overlay."
                )
            body.insert(0, "name", names[level].reindex(body.index).astype("string"))
            if level == "lad":
                extra = assign.reindex(body.index)
                body = body.join(extra).join(region[["rgn21cd", "rgn21nm"]])
            if level == "lep":
                body = body.join(growth_deal_columns(body, deals))
            body.index.name = "code"
            geom = gpd.GeoSeries(
                display_wgs84[level].reindex(body.index).to_numpy(), crs=sources.WGS84
            )
            tables[level] = gpd.GeoDataFrame(body.reset_index(), geometry=geom)
            counts[level] = len(body)
        note(", ".join(f"{level} {len(t)}" for level, t in tables.items()))

    with steps.step("write") as note:
        store.mkdir(parents=True, exist_ok=True)
        _write_parquet(lsoa_out, store / "lsoa.parquet")
        detail_out = gpd.GeoDataFrame(
            {"lsoa11cd": lsoa_bng_full["lsoa11cd"].to_numpy()},
            geometry=gpd.GeoSeries(detail_wgs84, crs=sources.WGS84),
        ).sort_values("lsoa11cd", ignore_index=True)
        _write_parquet(detail_out, store / "lsoa_detail.parquet")
        bng_out = lsoa_bng_full[["lsoa11cd", "geometry"]].sort_values("lsoa11cd", ignore_index=True)
        _write_parquet(bng_out, store / "lsoa_bng.parquet")
        for level, table in tables.items():
            _write_parquet(table, store / f"{level}.parquet")
        note(f"{len(tables) + 3} GeoParquet files in {store}")

    with steps.step("postcodes") as note:
        if _has_postcode_builder():
            from geo.store.postcode_index import build_postcode_index

            lsoa_for_pc = lsoa_bng_full[
                ["lsoa11cd", "lad21cd", "lep21cd", "lep21cd2", "ca24cd", "imd_decile", "geometry"]
            ].reset_index(drop=True)
            lad_uk_for_pc = lad_uk_bng[["code", "geometry"]].reset_index(drop=True)
            index = build_postcode_index(path["nspl"], lsoa_for_pc, lad_uk_for_pc)
            pc_stats = dict(index.attrs.get("stats", {}))
            index.attrs = {}
            if not index["pcd"].is_monotonic_increasing:
                index = index.sort_values("pcd", ignore_index=True)
            _write_parquet(index, store / "postcodes.parquet")
            counts["postcodes"] = len(index)
            counts["postcodes_in_england"] = int(index["in_england"].sum())
            stats["postcodes"] = {k: _jsonable(v) for k, v in pc_stats.items()}
            note(f"{len(index):,} postcodes, {counts['postcodes_in_england']:,} in England")
        else:
            note("skipped: geo/store/postcode_index.py is not present yet")

    manifest = {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "code_version": version,
        "datasets": datasets,
        "counts": counts,
        "stats": stats,
        "parameters": {
            "lsoa_tolerance_m": simplify.LSOA_TOLERANCE_M,
            "display_decimals": simplify.DISPLAY_DECIMALS,
            "overlay_min_share": overlay.MIN_SHARE,
        },
        "steps_seconds": steps.seconds,
        "total_seconds": round(time.perf_counter() - t_all, 2),
        "outputs": [o for o in OUTPUTS if (store / o).exists()],
    }
    _write_atomic(
        store / "manifest.json",
        lambda tmp: tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"),
    )
    _log(f"store ready at {store} in {manifest['total_seconds']:.1f} s")
    return manifest


def _jsonable(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force", action="store_true", help="rebuild even if the store is up to date"
    )


def run(args: argparse.Namespace) -> int:
    prepare(force=bool(getattr(args, "force", False)))
    return 0
