"""What a download holds: dataset, selection, rows, £, placed rows and vintages (XLSX About sheet, GeoPackage description, file names)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from geo import levels
from geo.store import catalogue

ALL_ROWS = "all rows"  # Filters.describe() of an unfiltered selection
PRODUCT = "Spend Geography"


def column_vintages(columns: list[str]) -> list[str]:
    """The boundary and index vintages the table's area columns use, in the order of levels.LEVELS
    and the two IMD vintages (e.g. 'LSOA 2021', 'LAD 2024', 'IMD 2025')."""
    present = set(columns)
    out: list[str] = []
    for lv in levels.LEVELS.values():
        if present & set(lv.columns) and lv.vintage not in out:
            out.append(lv.vintage)
    for v in levels.IMD.values():
        if present & {v.decile_column, v.lsoa_column} and v.label not in out:
            out += [x for x in (v.lsoa_vintage, v.label) if x not in out]
    return out


@dataclass(frozen=True)
class ExportAbout:
    """One download's provenance. `selection` is Filters.describe() ('all rows' when unfiltered)."""

    dataset: str
    selection: str
    rows: int
    total_gbp: float
    placed_rows: int
    vintages: tuple[str, ...]
    made: date

    @classmethod
    def of(cls, table: pd.DataFrame, dataset: str, selection: str, made: date) -> ExportAbout:
        """The provenance of `table` (the located table as downloaded, engine column names)."""
        amount = pd.to_numeric(table.get("amount"), errors="coerce") if "amount" in table else None
        total = float(np.nansum(amount.to_numpy(dtype="float64"))) if amount is not None else 0.0
        placed = 0
        if "lat" in table and "lon" in table:
            lat = pd.to_numeric(table["lat"], errors="coerce").to_numpy(dtype="float64")
            lon = pd.to_numeric(table["lon"], errors="coerce").to_numpy(dtype="float64")
            placed = int((np.isfinite(lat) & np.isfinite(lon)).sum())
        return cls(
            dataset=dataset,
            selection=selection or ALL_ROWS,
            rows=len(table),
            total_gbp=total,
            placed_rows=placed,
            vintages=tuple(column_vintages([str(c) for c in table.columns])),
            made=made,
        )

    @property
    def filtered(self) -> bool:
        return self.selection != ALL_ROWS

    def file_stem(self, stem: str) -> str:
        """The file name's stem: '_filtered' marks a selection (the full file had the same name)."""
        return f"{stem}_filtered" if self.filtered else stem

    def items(self) -> list[tuple[str, str]]:
        """(item, value) rows for a spreadsheet's About sheet."""
        postcodes = catalogue.get("nspl").vintage
        share = f" ({self.placed_rows / self.rows:.1%})" if self.rows else ""
        return [
            ("Dataset", self.dataset),
            (
                "Selection",
                self.selection
                if self.filtered
                else "all rows (no filter was set on the Spend map)",
            ),
            ("Rows", f"{self.rows:,}"),
            ("Total (£, net)", f"£{self.total_gbp:,.2f}"),
            ("Rows placed on the map", f"{self.placed_rows:,}{share}"),
            ("Boundary and index vintages", "; ".join(self.vintages) or "none in this table"),
            ("Postcodes placed with", postcodes),
            ("Made", f"{self.made.isoformat()} with {PRODUCT}"),
        ]

    def text(self) -> str:
        """One paragraph (a GeoPackage layer's description)."""
        return " ".join(f"{k}: {v}." for k, v in self.items())
