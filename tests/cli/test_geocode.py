"""`python -m geo geocode` end to end in a subprocess: outputs, the printed report, one-line user errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo.cli.geocode import parse_map
from geo.errors import SpendGeoError
from geo.paths import PROJECT_ROOT
from geo.present.columns import codes_from_words, from_labels
from geo.spend.geocode import ADDED_COLUMNS, STATUSES

CF = "spend/contracts_finder_awarded_substance_misuse_2015-2024_notices.csv"


def run_cli(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geo", "geocode", *map(str, args)],
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_happy_path_writes_table_and_prints_report(
    tmp_path: Path, store_path: Path, raw_path: Path, suffix: str
) -> None:
    out = tmp_path / f"cf{suffix}"
    done = run_cli(raw_path / CF, "--out", out)
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
    # The CSV has human headings and statuses in words: read both back.
    table = codes_from_words(table.rename(columns=from_labels(list(table.columns))))
    assert set(ADDED_COLUMNS) <= set(table.columns)
    assert set(table["status"].astype(str)) <= set(STATUSES)
    assert (table["status"].astype(str) == "matched").sum() > 800
    for status in (*STATUSES, "total"):
        assert status in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_register_fills_missing_postcodes(tmp_path: Path, store_path: Path, raw_path: Path) -> None:
    # Seven Contracts Finder rows name "Change Grow Live Services Ltd" without an address; the same
    # file gives that supplier's address as BN1 1YR on most of its other notices.
    register = tmp_path / "register.csv"
    register.write_text("Supplier Name,Postcode\nChange Grow Live Services Ltd,BN1 1YR\n")
    out = tmp_path / "cf.parquet"
    done = run_cli(raw_path / CF, "--suppliers", register, "--out", out)
    assert done.returncode == 0, done.stderr
    assert "supplier register, by name" in done.stdout  # the £-by-route report
    table = pd.read_parquet(out)
    filled = table["postcode_source"].astype("string").str.startswith("register").fillna(False)
    assert filled.sum() >= 7
    assert (table.loc[filled, "postcode"] == "BN1 1YR").all()
    assert (table.loc[filled, "status"] == "matched").all()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("{raw}/" + CF, "--out", "{tmp}/out.txt"), ".gpkg or .parquet"),
        (("{raw}/" + CF, "--out", "{tmp}/out"), ".gpkg or .parquet"),
        (("{tmp}/missing.csv", "--out", "{tmp}/out.csv"), "does not exist"),
        (("{raw}/" + CF, "--out", "{tmp}/no/such/dir/out.csv"), "does not exist"),
        (("{raw}/" + CF, "--suppliers", "{tmp}/reg.csv", "--out", "{tmp}/o.csv"), "does not exist"),
        (("{raw}/" + CF, "--map", "nofield", "--out", "{tmp}/out.csv"), "COLUMN=FIELD"),
        (("{raw}/" + CF, "--map", "Title=colour", "--out", "{tmp}/out.csv"), "colour"),
    ],
)
def test_user_errors_are_one_line(
    tmp_path: Path, raw_path: Path, store_path: Path, args: tuple[str, ...], needle: str
) -> None:
    done = run_cli(*(a.format(raw=raw_path, tmp=tmp_path) for a in args))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_missing_store_is_one_line(tmp_path: Path, raw_path: Path) -> None:
    done = run_cli(
        raw_path / CF, "--out", tmp_path / "out.csv", env={"SPENDGEO_DATA": str(tmp_path)}
    )
    assert done.returncode == 2 and "python -m geo prepare" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], {}),
        (["Vendor PC=postcode"], {"postcode": "Vendor PC"}),
        (["a=b=supplier_name", " Net = amount "], {"supplier_name": "a=b", "amount": "Net"}),
    ],
)
def test_parse_map(items: list[str], expected: dict[str, str]) -> None:
    assert parse_map(items) == expected


@pytest.mark.parametrize("items", [["postcode"], ["=postcode"], ["x="], ["a=amount", "b=amount"]])
def test_parse_map_rejects(items: list[str]) -> None:
    with pytest.raises(SpendGeoError):
        parse_map(items)


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".xlsx", ".gpkg", ".csv"])
def test_several_files_one_dataset_by_extension(
    tmp_path: Path, store_path: Path, suffix: str
) -> None:
    from tests.spend.realdata import real_sets

    files = real_sets()["calderdale"][:3]
    out = tmp_path / f"cal{suffix}"
    done = run_cli(*files, "--out", out)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    rows = 2_138 + 1_628 + 1_896  # April, May, June 2021
    for f, n in zip(files, (2_138, 1_628, 1_896), strict=True):
        assert f"{f.name}" in done.stdout and f"{n:,} rows" in done.stdout
    assert "Data-quality flags" in done.stdout and "Unplaced suppliers" in done.stdout
    if suffix == ".xlsx":
        import openpyxl

        ws = openpyxl.load_workbook(out, read_only=True).active
        assert sum(1 for _ in ws.iter_rows(values_only=True)) - 1 == rows
    elif suffix == ".gpkg":
        import pyogrio

        assert len(pyogrio.read_dataframe(out)) == rows
    else:
        assert len(pd.read_csv(out, encoding="utf-8-sig", dtype=str)) == rows


@pytest.mark.slow
def test_cli_csv_neutralises_formulas(tmp_path: Path, store_path: Path) -> None:
    """The CLI wrote live formulas (' =1+1', full-width '＝') into its CSV."""
    src = tmp_path / "hostile.csv"
    src.write_text("Supplier,Amount,Postcode\n =1+1,10,M1 1AD\n＝1+1,20,M1 1AD\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    done = run_cli(src, "--out", out)
    assert done.returncode == 0, done.stderr
    back = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert back["Supplier"].tolist() == ["'=1+1", "'＝1+1"]  # the normalised name, stripped
    assert back["Supplier (as in the file)"].tolist() == ["' =1+1", "'＝1+1"]  # the file's own
