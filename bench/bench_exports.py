"""Export benchmark on the 210k-row Trafford file: CSV, XLSX and GeoPackage bytes, against the previous writers."""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from geo.present import exports  # noqa: E402

TRAFFORD = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "spend"
    / "trafford-supplier-spend-2024-25.zip"
)


def _baseline_csv(frame: pd.DataFrame) -> bytes:
    """The previous CSV writer: pandas to_csv after a per-cell formula check."""
    from geo.spend.privacy import neutralise_formulas

    return neutralise_formulas(frame).to_csv(index=False).encode("utf-8-sig")


def _baseline_xlsx(frame: pd.DataFrame) -> bytes:
    """The previous XLSX writer: pandas + openpyxl (which goes through a temporary file)."""
    from geo.spend.privacy import neutralise_formulas

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        neutralise_formulas(frame).to_excel(writer, sheet_name="data", index=False)
    return buf.getvalue()


def _timed(fn):
    t = time.perf_counter()
    try:
        out = fn()
        return time.perf_counter() - t, f"{len(out) / 1e6:,.1f} MB"
    except Exception as err:
        return time.perf_counter() - t, f"FAILED ({type(err).__name__}: {str(err)[:60]})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("spend", nargs="?", type=Path, default=TRAFFORD)
    parser.add_argument(
        "--baseline", action="store_true", help="also time the previous writers (minutes)"
    )
    args = parser.parse_args()
    from geo.spend.geocode import geocode
    from geo.spend.ingest import read_spend
    from geo.store.read import read_postcodes

    t = time.perf_counter()
    table = read_spend(args.spend)
    geocoded = geocode(table.frame, read_postcodes())
    names = exports.area_names()
    print(
        f"{args.spend.name}: {len(geocoded):,} rows × {geocoded.shape[1]} columns, read + geocoded in {time.perf_counter() - t:.1f}s"
    )
    targets = {"csv": 3.0, "xlsx": 20.0, "gpkg": 10.0}
    new = {
        "csv": lambda: exports.to_csv(geocoded, names=names),
        "xlsx": lambda: exports.to_xlsx(geocoded, names=names),
        "gpkg": lambda: exports.to_gpkg(geocoded, names=names),
    }
    old = {"csv": lambda: _baseline_csv(geocoded), "xlsx": lambda: _baseline_xlsx(geocoded)}
    print(f"{'format':<6} {'now s':>8} {'target':>7} {'size':>10}   {'before s':>9} {'ratio':>6}")
    for fmt, fn in new.items():
        secs, size = _timed(fn)
        line = f"{fmt:<6} {secs:>8.2f} {targets[fmt]:>7.0f} {size:>10}"
        if args.baseline and fmt in old:
            before, what = _timed(old[fmt])
            line += f"   {before:>9.2f} {before / secs:>5.1f}x" + (
                "" if "MB" in what else f" {what}"
            )
        print(line, flush=True)


if __name__ == "__main__":
    main()
