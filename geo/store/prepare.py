"""`python -m geo prepare`: verify the raw files and build the embedded store (data/store/), one function per step."""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from geo.paths import PROJECT_ROOT, raw_dir, store_dir
from geo.store import overlay, simplify, sources, sources25
from geo.store.current import build_current, lad24_extras
from geo.store.display import build_display
from geo.store.growth_deals import national_total
from geo.store.growth_deals import round_list as _round_list  # noqa: F401 - tests, old callers
from geo.store.inputs import INPUT_KEYS, input_paths, read_lookups, verify_inputs
from geo.store.layers import build_lad21, build_lsoa11, build_lsoa21
from geo.store.outputs import OUTPUTS, build_postcodes, up_to_date, write_manifest, write_outputs
from geo.store.stats import lad21_population, lad24_population, lsoa_lad21, membership_long  # noqa: F401
from geo.store.tables import (
    LSOA11_COLUMNS,
    LSOA21_COLUMNS,
    AreaInputs,
    area_tables,
    lsoa_table,
    self_membership,
)
from geo.store.utla import build_utla24

__all__ = ["INPUT_KEYS", "OUTPUTS", "code_version", "prepare"]

# Source of everything that shapes the store's content: a change to any of them rebuilds.
CODE_FILES: tuple[str, ...] = (
    "geo/store/prepare.py",
    "geo/store/inputs.py",
    "geo/store/layers.py",
    "geo/store/current.py",
    "geo/store/display.py",
    "geo/store/tables.py",
    "geo/store/stats.py",
    "geo/store/utla.py",
    "geo/store/growth_deals.py",
    "geo/store/outputs.py",
    "geo/store/sources.py",
    "geo/store/sources25.py",
    "geo/store/overlay.py",
    "geo/store/simplify.py",
    "geo/store/postcode_index.py",
    "geo/spend/postcode.py",
    "geo/spend/geocode.py",
)
N_STEPS = 10
LEP_SLOTS = ("lep21cd", "lep21cd2")


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


def code_version(root: Path = PROJECT_ROOT) -> str:
    h = hashlib.sha256()
    for rel in CODE_FILES:
        path = root / rel
        h.update(rel.encode())
        h.update(path.read_bytes() if path.exists() else b"<absent>")
    return h.hexdigest()[:16]


def _up_to_date(store: Path, datasets: dict[str, dict], version: str) -> bool:
    return up_to_date(store, datasets, version)


def prepare(raw: Path | None = None, store: Path | None = None, force: bool = False) -> dict:
    """Build the store; return the manifest. Skips (returning the existing manifest) when up to date."""
    raw = raw or raw_dir()
    store = store or store_dir()
    t_all = time.perf_counter()
    steps = Steps()
    path = input_paths(raw)

    with steps.step("verify") as note:
        datasets = verify_inputs(path)
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
        lookups = read_lookups(path)
        note(lookups.summary())

    with steps.step("lad") as note:
        lad = build_lad21(path["lad21"], lookups)
        counts |= {"lad_uk": len(lad.uk_bng), "lad": len(lad.bng)}
        stats["lad_invalid_repaired"] = lad.n_repaired
        note(
            f"{len(lad.uk_bng)} UK LAD21, {len(lad.bng)} English, {lad.n_repaired} invalid geometry "
            f"repaired; England population {int(lad.population.sum()):,} matches the sheet"
        )

    with steps.step("lsoa") as note:
        lsoa11, n11 = build_lsoa11(path["lsoa11"], path["imd19_file1"], lookups, lad)
        counts["lsoa"] = len(lsoa11)
        stats["lsoa_invalid_repaired"] = n11
        note(
            f"LSOA 2011: {len(lsoa11):,} rows, {n11} invalid geometries repaired, coverage cleaned"
        )

    with steps.step("lsoa21") as note:
        l21 = build_lsoa21(path["lsoa21"], path["imd25_file1"], lookups, lad)
        lad25_uk, _ = sources25.read_lad25_boundaries(path["lad25"])
        ca25_bsc, _ = sources25.read_ca25_boundaries(path["ca25"])
        cur = build_current(l21.bng, lookups.lad_ca25, lad25_uk, ca25_bsc)
        pop24 = lad24_population(lookups.pop24, cur.lad24_names.index)
        utla = build_utla24(l21.bng, lookups.pop24, pop24)
        counts |= {
            "lsoa21": len(l21.bng),
            "lad24": len(cur.lad24_names),
            "ca25": len(cur.ca25_names),
            "utla24": len(utla.names),
        }
        stats |= {
            "lsoa21_invalid_repaired": l21.n_repaired,
            "lsoa21_lad21_confirmed_by_lookup": l21.lookup_checked,
            "lad25_recoded_to_lad24": cur.recoded,
        }
        note(
            f"LSOA 2021: {len(l21.bng):,} rows, {l21.n_repaired} invalid geometries repaired, "
            f"coverage cleaned; {len(cur.lad24_names)} LAD 2024, {len(cur.ca25_names)} CA 2025, "
            f"{len(utla.names)} upper-tier authorities "
            f"(LAD 2025 recodes {cur.recoded}); mid-2024 England {int(pop24.sum()):,}"
        )

    with steps.step("overlay") as note:
        lep_bng, _ = sources.read_lep_boundaries(path["lep21"])
        ca24_bng, _ = sources.read_ca24_boundaries(path["ca24"])
        ca21_bng, _ = sources.read_ca21_boundaries(path["ca21"])
        assign = overlay.lad21_frames(lad.bng, lep_bng, ca24_bng, ca21_bng, LEP_SLOTS)
        counts["lad_in_two_leps"] = int(assign["lep21cd2"].notna().sum())
        note(
            f"{counts['lad_in_two_leps']} LADs in two LEPs; {int(assign['ca24cd'].notna().sum())} "
            f"LADs in a CA 2024, {int(assign['ca21cd'].notna().sum())} in a CA 2021; CA 2025 from "
            f"the ONS lookup: {int(cur.lad24_ca25.notna().sum())} LAD 2024 in a CA"
        )

    hist_members = {
        "lep": membership_long(assign, LEP_SLOTS),
        "ca24": membership_long(assign, ("ca24cd",)),
        "ca21": membership_long(assign, ("ca21cd",)),
    }
    ca25_assign = cur.lad24_ca25.to_frame("ca25cd")
    utla_assign = utla.lad24_utla24.to_frame("utla24cd")
    cur_members = {
        "ca25": membership_long(ca25_assign, ("ca25cd",), unit="lad24cd"),
        "utla24": membership_long(utla_assign, ("utla24cd",), unit="lad24cd"),
    }
    with steps.step("simplify") as note:
        lsoa11 = lsoa11.join(assign, on="lad21cd")
        d11 = build_display(
            lsoa11.geometry.values, lsoa11["lad21cd"].to_numpy(dtype=str), hist_members,
            "lad", "lad21cd", simplify.LSOA_TOLERANCE_M, frozenset({"lep"}),
        )  # fmt: skip
        lsoa21 = l21.bng.join(assign, on="lad21cd")
        lsoa21["ca25cd"] = lsoa21["lad24cd"].map(cur.lad24_ca25)
        d21 = build_display(
            lsoa21.geometry.values, lsoa21["lad24cd"].to_numpy(dtype=str), cur_members,
            "lad24", "lad24cd", simplify.LSOA21_TOLERANCE_M,
        )  # fmt: skip
        note(
            f"LSOA 2011 and 2021 coverages simplified at {simplify.LSOA_TOLERANCE_M:.0f} / "
            f"{simplify.LSOA21_TOLERANCE_M:.0f} m (national) and "
            f"{simplify.LSOA_DETAIL_TOLERANCE_M:.0f} m (detail); areas dissolved from them; "
            f"EPSG:4326 at {simplify.DISPLAY_DECIMALS} dp"
        )

    with steps.step("tables") as note:
        attrs11 = pd.DataFrame(lsoa11.drop(columns="geometry"))
        attrs11["lad21nm"] = attrs11["lad21cd"].map(lad.names)
        attrs21 = pd.DataFrame(lsoa21.drop(columns="geometry"))
        lsoa_out = {
            "lsoa": lsoa_table(attrs11, LSOA11_COLUMNS, d11.lsoa, "lsoa11cd"),
            "lsoa21": lsoa_table(attrs21, LSOA21_COLUMNS, d21.lsoa, "lsoa21cd"),
        }
        tables = area_tables(
            AreaInputs(
                lsoa11=attrs11,
                lsoa21=attrs21,
                pop19=lad.population,
                pop24=pop24,
                lad21_lad24=cur.lad21_lad24,
                names={
                    "lad": lad.names,
                    "lep": lep_bng.set_index("code")["name"],
                    "ca24": ca24_bng.set_index("code")["name"],
                    "ca21": ca21_bng.set_index("code")["name"],
                    "lad24": cur.lad24_names,
                    "ca25": cur.ca25_names,
                    "utla24": utla.names,
                },
                memberships={
                    "lad": self_membership(lad.codes, "lad21cd"),
                    **hist_members,
                    "lad24": self_membership(cur.lad24_names.index, "lad24cd"),
                    **cur_members,
                },
                extras={
                    "lad": assign.join(lookups.region[["rgn21cd", "rgn21nm"]]),
                    "lad24": lad24_extras(cur, lookups.region).join(utla_assign),
                },
                geometry={**d11.areas, **d21.areas},
                deals=lookups.deals,
            )
        )
        counts |= {level: len(t) for level, t in tables.items()}
        stats["growth_deals_national"] = national_total(lookups.deals)
        note(", ".join(f"{level} {len(t)}" for level, t in tables.items()))

    with steps.step("write") as note:
        n = write_outputs(store, lsoa_out, {"lsoa": (lsoa11, d11), "lsoa21": (lsoa21, d21)}, tables)
        note(f"{n} GeoParquet files in {store}")

    with steps.step("postcodes") as note:
        pc_counts, pc_stats = build_postcodes(
            store, path["nspl"], lsoa11, lad.uk_bng, lsoa21, cur.lad25_uk_bng
        )
        counts |= pc_counts
        stats["postcodes"] = pc_stats
        note(
            f"{pc_counts['postcodes']:,} postcodes, {pc_counts['postcodes_in_england']:,} in England "
            f"by LSOA 2011, {pc_counts['postcodes_with_lsoa21']:,} with an LSOA 2021"
        )

    manifest = {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "code_version": version,
        "datasets": datasets,
        "counts": counts,
        "stats": stats,
        "parameters": {
            "lsoa_tolerance_m": simplify.LSOA_TOLERANCE_M,
            "lsoa21_tolerance_m": simplify.LSOA21_TOLERANCE_M,
            "display_decimals": simplify.DISPLAY_DECIMALS,
            "overlay_min_share": overlay.MIN_SHARE,
        },
        "steps_seconds": steps.seconds,
        "total_seconds": round(time.perf_counter() - t_all, 2),
        "outputs": [o for o in OUTPUTS if (store / o).exists()],
    }
    write_manifest(store, manifest)
    _log(f"store ready at {store} in {manifest['total_seconds']:.1f} s")
    return manifest
