"""Prepare's inputs: the catalogued raw files it reads, their verification, and the small lookup tables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.store import catalogue, sources, sources25
from geo.store.fetch import verify

# Raw datasets the store is built from (verified before anything is read). File 10 (2019), the
# IoD2025 LAD summaries and the LAD→CA (May 2024) lookup build nothing; they are cross-checks for
# the tests and are verified too so a checked store is checked against the catalogued files.
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
    "lsoa21",
    "imd25_file1",
    "imd25_lad",
    "lsoa11_lsoa21",
    "lad25",
    "ca25",
    "lad_ca25",
    "pop24",
)


def input_paths(raw: Path) -> dict[str, Path]:
    return {k: raw / catalogue.get(k).path for k in INPUT_KEYS}


def verify_inputs(paths: dict[str, Path]) -> dict[str, dict]:
    """Check every input against its catalogued sha256; return the manifest's `datasets` block."""
    for key in INPUT_KEYS:
        verify(catalogue.get(key), paths[key])
    return {
        k: {
            "title": catalogue.get(k).title,
            "vintage": catalogue.get(k).vintage,
            "sha256": catalogue.get(k).sha256,
            "path": catalogue.get(k).path,
        }
        for k in INPUT_KEYS
    }


@dataclass(frozen=True)
class Lookups:
    """The small tables every later step reads."""

    lad11_lad21: pd.DataFrame  # lad11cd, lad21cd
    region: pd.DataFrame  # index lad21cd: rgn21cd, rgn21nm
    pop19: pd.DataFrame  # code, name, geography, population (mid-2019, 2020 codes)
    pop24: pd.DataFrame  # code, name, geography, population (mid-2024, 2024 codes)
    deals: pd.DataFrame  # Growth Deal table
    lsoa11_lsoa21: pd.DataFrame  # lsoa11cd, lsoa21cd, lsoa21nm, lad22cd
    lad_ca25: pd.DataFrame  # lad25cd, lad25nm, ca25cd, ca25nm

    def summary(self) -> str:
        return (
            f"{len(self.lad11_lad21)} LAD11→LAD21 rows, {len(self.region)} LAD→region, "
            f"{len(self.pop19)} mid-2019 and {len(self.pop24)} mid-2024 population rows, "
            f"{len(self.deals)} Growth Deal rows, {len(self.lsoa11_lsoa21):,} LSOA11→21 rows, "
            f"{len(self.lad_ca25)} LAD→CA 2025 rows"
        )


def read_lookups(paths: dict[str, Path]) -> Lookups:
    return Lookups(
        lad11_lad21=sources.read_lad11_lad21(paths["lad11_lad21"]),
        region=sources.read_lad_region(paths["lad_rgn21"]).set_index("lad21cd"),
        pop19=sources.read_population(paths["pop19"]),
        pop24=sources25.read_population24(paths["pop24"]),
        deals=sources.read_growth_deals(paths["growth_deals"]),
        lsoa11_lsoa21=sources25.read_lsoa11_lsoa21(paths["lsoa11_lsoa21"]),
        lad_ca25=sources25.read_lad_ca25(paths["lad_ca25"]),
    )
