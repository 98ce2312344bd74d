"""Writing a table from the command line: the format chosen by the file's extension."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.errors import SpendGeoError

OUTPUT_SUFFIXES = (".csv", ".xlsx", ".gpkg", ".parquet")


def check_output(out: Path) -> None:
    if out.suffix.lower() not in OUTPUT_SUFFIXES:
        raise SpendGeoError(
            f"Output {out} must end in .csv, .xlsx, .gpkg or .parquet, not {out.suffix or 'nothing'}."
        )
    if not out.parent.exists():
        raise SpendGeoError(f"Output folder {out.parent} does not exist.")


def table_bytes(frame: pd.DataFrame, suffix: str, names=None) -> bytes:
    """The output file's bytes for a suffix, built in memory by the same writers as the app."""
    from geo.present import exports

    if suffix == ".csv":
        return exports.to_csv(frame, names=names)
    if suffix == ".xlsx":
        return exports.to_xlsx(frame, names=names)
    if suffix == ".gpkg":
        return exports.to_gpkg(frame, names=names)
    import io

    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


def write_table(frame: pd.DataFrame, out: Path, names=None) -> None:
    """Write by suffix; other suffixes and unwritable places are user errors."""
    check_output(out)
    data = table_bytes(frame, out.suffix.lower(), names)
    try:
        out.write_bytes(data)
    except OSError as err:
        raise SpendGeoError(f"Could not write {out}: {err.strerror or err}.") from err
