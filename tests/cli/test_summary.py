"""`python -m geo summary`: table and JSON output on a small file, and one-sentence errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from geo import levels
from geo.cli.main import main
from tests.analysis.test_summary import TRAFFORD, frame

# The synthetic file carries IMD 2019 columns only: every call of today runs under --imd 2019.
IMD19 = ["--imd", "2019"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("summary_cli")
    df = frame()
    out = {"csv": d / "g.csv", "parquet": d / "g.parquet"}
    df.to_csv(out["csv"], index=False)
    df.to_parquet(out["parquet"])
    df.drop(columns=["status"]).to_csv(d / "nostatus.csv", index=False)
    (d / "g.txt").write_text("x")
    (d / "bad.parquet").write_bytes(b"not parquet")
    out.update(nostatus=d / "nostatus.csv", txt=d / "g.txt", badpq=d / "bad.parquet", dir=d)
    return out


def _json(capsys: pytest.CaptureFixture, argv: list[str]) -> dict:
    assert main(argv) == 0
    text = capsys.readouterr().out

    def no_nan(token: str) -> None:
        raise AssertionError(f"invalid JSON constant {token}")

    return json.loads(text, parse_constant=no_nan)


def _headline(doc: dict) -> dict:
    return {f["name"]: f["value"] for f in doc["summary"]["headline"]}


@pytest.mark.parametrize("kind", ["csv", "parquet"])
@pytest.mark.parametrize(
    ("extra", "total", "local_share"),
    [
        ([], 1800, 900 / 1800),
        (["--denominator", "geocoded"], 1800, 900 / 1550),
        (["--buyer", "council a"], 900, 400 / 900),  # names match case-insensitively
        (["--from", "2024-04-01", "--to", "2025-03-31"], 1150, 400 / 1150),
        (["--fy", "2024-25"], 1150, 400 / 1150),
        (["--decile", "1,2"], 800, 500 / 800),
        (["--buyer", "Nobody", "--buyer", "Council A"], None, None),  # unknown buyer → error
        (["--from", "2030-01-01"], 0, None),  # empty selection: share is null, not 0
    ],
)
def test_json(capsys, files, kind: str, extra: list[str], total, local_share) -> None:
    argv = [
        "summary",
        *IMD19,
        str(files[kind]),
        "--local",
        f"lad:{TRAFFORD}",
        "--format",
        "json",
        *extra,
    ]
    if total is None:
        assert main(argv) == 2
        assert "Nobody" in capsys.readouterr().err
        return
    doc = _json(capsys, argv)
    h = _headline(doc)
    assert h["total_gbp"] == pytest.approx(total)
    assert h["local_share"] == (None if local_share is None else pytest.approx(local_share))
    assert doc["summary"]["locality"] == f"lad:{TRAFFORD}"
    assert set(doc["summary"]["tables"]) >= {"by_decile", "by_lad", "by_lep", "by_ca", "top_suppliers", "by_month", "by_financial_year"}  # fmt: skip


def test_json_buyer_comparison_and_periods(capsys, files) -> None:
    argv = ["summary", *IMD19, str(files["csv"]), "--local", f"lad:{TRAFFORD}", "--format", "json"]
    doc = _json(capsys, [*argv, "--compare-periods", "2023-24", "2024-01-01:2025-03-31"])
    measures = [c["measure"] for c in doc["buyer_comparisons"]]
    assert measures == ["local", "decile1", "decile12"]
    local = doc["buyer_comparisons"][0]
    # Council A 400/900, Council B 500/900: equal spend, so weighted = simple = 50 %.
    assert local["weighted_share"] == pytest.approx(0.5) and local["simple_mean"] == pytest.approx(
        0.5
    )
    rows = {r["figure"]: r for r in doc["period_change"]["rows"]}
    assert rows["total_gbp"]["a"] == 400 and rows["total_gbp"]["b"] == 1150
    assert rows["local_share"]["change_unit"] == "pp"


def test_table(capsys, files) -> None:
    argv = ["summary", *IMD19, str(files["csv"]), "--local", "lep:E37000016", "--top", "2"]
    assert main([*argv, "--local-label", "LEP Y"]) == 0
    out = capsys.readouterr().out
    assert "Local = suppliers in LEP LEP Y (E37000016; LEP May 2021)" in out
    assert "shares of all spend in the selection" in out and "credit notes included" in out
    for section in ("by_decile:", "by_lad:", "by_lep:", "by_ca:", "top_suppliers:", "by_month:", "by_financial_year:", "by buyer:"):  # fmt: skip
        assert section in out
    assert "Spend-weighted" in out and "Simple mean" in out
    assert main(["summary", *IMD19, str(files["csv"]), "--from", "2030-01-01"]) == 0
    assert "n/a (no spend in selection)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["{dir}/missing.csv"], "does not exist"),
        (["{dir}"], "is not a file"),
        (["{txt}"], "not a .csv or .parquet"),
        (["{badpq}"], "could not be read"),
        (["{nostatus}"], "no status column"),
        (["{csv}", "--local", "E08000009"], "--local 'E08000009' is not understood"),
        (["{csv}", "--local", "lep:E08000009"], "is not a LEP code"),
        (["{csv}", "--from", "2024-02-30"], "--from '2024-02-30' is not a date"),
        (["{csv}", "--to", "yesterday"], "--to 'yesterday' is not a date"),
        (["{csv}", "--fy", "2024-26"], "not a financial year"),
        (["{csv}", "--from", "2025-01-01", "--to", "2024-01-01"], "is after"),
        (["{csv}", "--decile", "0,1"], "not an IMD decile"),
        (["{csv}", "--department", "Nope"], "--department 'Nope' is not in the file"),
        (["{csv}", "--compare-periods", "2024-25", "2024"], "not a financial year"),
    ],
)
def test_errors(capsys, files, argv: list[str], needle: str) -> None:
    argv = [a.format(**{k: str(v) for k, v in files.items()}) for a in argv]
    assert main(["summary", *IMD19, *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and needle in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_area_names_from_store(capsys, files, tmp_path, monkeypatch) -> None:
    # Names come from the store's area tables (display only); without a store, codes alone.
    store = tmp_path / "store"
    store.mkdir()
    pd.DataFrame({"code": [TRAFFORD], "name": ["Trafford"]}).to_parquet(store / "lad.parquet")
    monkeypatch.setenv("SPENDGEO_DATA", str(tmp_path))
    doc = _json(capsys, ["summary", *IMD19, str(files["csv"]), "--local", f"lad:{TRAFFORD}", "--format", "json"])  # fmt: skip
    assert (
        doc["summary"]["locality_label"]
        == f"suppliers in LAD Trafford ({TRAFFORD}; LAD December 2021)"
    )
    by_lad = {r["code"]: r["name"] for r in doc["summary"]["tables"]["by_lad"]["rows"]}
    assert by_lad[TRAFFORD] == "Trafford" and by_lad["E08000003"] is None
    monkeypatch.setenv("SPENDGEO_DATA", str(tmp_path / "nowhere"))
    doc = _json(capsys, ["summary", *IMD19, str(files["csv"]), "--local", f"lad:{TRAFFORD}", "--format", "json"])  # fmt: skip
    assert doc["summary"]["locality_label"] == f"suppliers in LAD {TRAFFORD} (LAD December 2021)"
    assert "name" not in doc["summary"]["tables"]["by_lad"]["rows"][0]


@pytest.mark.parametrize(
    ("extra", "retained", "leaked", "area_b_local"),
    [
        ([], 900, 650, None),
        (["--compare-areas", f"lad:{TRAFFORD}", "ca:E47000001"], 900, 650, 1200),
        (["--buyer", "Council B"], 500, 150, None),
    ],
)
def test_json_leakage_areas_lm3_benchmark(
    capsys, files, extra, retained, leaked, area_b_local
) -> None:
    doc = _json(capsys, ["summary", *IMD19, str(files["parquet"]), "--local", f"lad:{TRAFFORD}", "--format", "json", *extra])  # fmt: skip
    leak = doc["summary"]["leakage"]
    assert (leak["retained_gbp"], leak["leaked_gbp"]) == (retained, leaked)
    assert leak["retained_gbp"] + leak["leaked_gbp"] + leak["unlocated_gbp"] == leak["total_gbp"]
    assert leak["retained_gbp"] == _headline(doc)["local_gbp"]  # the same local £ as the card
    assert doc["lm3_estimate"]["kind"] == "estimate" and doc["lm3_estimate"]["assumptions"]
    if area_b_local is None:
        assert doc["area_comparison"] is None
    else:
        rows = {r["figure"]: r for r in doc["area_comparison"]["rows"]}
        assert rows["local_gbp"]["b"] == area_b_local and rows["local_gbp"]["change"] == 300
    assert (doc["benchmark"] is None) == ("--buyer" in extra)


def test_lm3_respend_is_checked(capsys, files) -> None:
    argv = [
        "summary",
        *IMD19,
        str(files["parquet"]),
        "--local",
        f"lad:{TRAFFORD}",
        "--lm3-respend",
        "1.5",
    ]
    assert main(argv) == 2
    assert "between 0 and 1" in capsys.readouterr().err
    doc = _json(capsys, [*argv[:-1], "0.3", "--format", "json"])
    assert doc["lm3_estimate"]["lm3"] == pytest.approx((1800 + 900 + 270) / 1800)


@pytest.fixture(scope="module")
def cf_file(tmp_path_factory: pytest.TempPathFactory, raw_path: Path, store_path: Path) -> Path:
    """The real Contracts Finder file geocoded against the store (both vintages' columns)."""
    from geo.spend.geocode import geocode
    from geo.spend.ingest import read_spend

    index = pd.read_parquet(store_path / "postcodes.parquet")
    cf = raw_path / "spend/contracts_finder_awarded_substance_misuse_2015-2024_notices.csv"
    out = tmp_path_factory.mktemp("cf") / "cf.parquet"
    geocode(read_spend(cf).frame, index).to_parquet(out)
    return out


@pytest.mark.parametrize(
    ("argv", "imd", "decile_col", "lad_col"),
    [
        ([], "2025", "imd25_decile", "lad24cd"),  # default vintage
        (["--imd", "2025"], "2025", "imd25_decile", "lad24cd"),
        (["--imd", "2019"], "2019", "imd_decile", "lad21cd"),
    ],
)
def test_imd_vintage_on_real_file(capsys, cf_file, argv, imd, decile_col, lad_col) -> None:
    doc = _json(capsys, ["summary", str(cf_file), "--format", "json", "--local", "ca:E47000001", *argv])  # fmt: skip
    g = pd.read_parquet(cf_file)
    located = g["status"].isin(["matched", "matched_outside_england", "matched_terminated"])
    d1 = g.loc[located & (pd.to_numeric(g[decile_col]) == 1), "amount"].sum()
    assert doc["imd"] == imd and doc["summary"]["imd"] == imd
    assert _headline(doc)["decile1_gbp"] == pytest.approx(d1)
    assert ("IMD 2025" if imd == "2025" else "IMD 2019") in doc["summary"]["basis"]
    assert ("CA May 2025" if imd == "2025" else "CA May 2024") in doc["summary"]["locality_label"]
    assert lad_col in doc["summary"]["tables"]["top_suppliers"]["rows"][0]


def test_unknown_imd_is_refused(capsys, files) -> None:
    with pytest.raises(SystemExit):
        main(["summary", str(files["csv"]), "--imd", "2015"])
    assert "invalid choice" in capsys.readouterr().err


def test_2025_on_a_file_without_its_columns_is_one_sentence(capsys, files) -> None:
    assert main(["summary", str(files["csv"])]) == 2
    err = capsys.readouterr().err
    assert "imd25_decile" in err and "IMD 2025" in err and "Traceback" not in err


# Upper-tier authorities (2024) with their districts (LAD 2024): "local" to a county is local to
# exactly one of its districts, so the county's local £ is the sum of its districts'.
UTLA_DISTRICTS = {
    "E10000017": 12,  # Lancashire
    "E10000016": 12,  # Kent
    "E08000003": 1,  # Manchester: its own upper tier
}


@pytest.mark.parametrize(("utla", "n_districts"), UTLA_DISTRICTS.items())
def test_utla_local_equals_sum_of_its_districts_on_real_file(
    capsys, cf_file, store_path, utla, n_districts
) -> None:
    lad24 = pd.read_parquet(store_path / "lad24.parquet", columns=["code", "utla24cd"])
    districts = sorted(lad24.loc[lad24["utla24cd"] == utla, "code"])
    assert len(districts) == n_districts

    def local_gbp(spec: str) -> float:
        doc = _json(capsys, ["summary", str(cf_file), "--format", "json", "--local", spec])
        return _headline(doc)["local_gbp"], doc

    county, doc = local_gbp(f"utla24:{utla}")
    assert doc["summary"]["locality"] == f"utla24:{utla}"
    label = doc["summary"]["locality_label"]
    assert "upper-tier authority" in label and levels.get("utla24").vintage in label
    by_district = sum(local_gbp(f"lad24:{c}")[0] for c in districts)
    assert county == pytest.approx(by_district, abs=0.01)
    assert county == pytest.approx(local_gbp("lads:" + ",".join(districts))[0], abs=0.01)
    # And straight from the geocoded rows: located rows whose LSOA 2021 is in the authority.
    g = pd.read_parquet(cf_file)
    assert county == pytest.approx(g.loc[g["utla24cd"] == utla, "amount"].sum(), abs=0.01)


def test_utla_local_on_real_file_is_not_empty(capsys, cf_file) -> None:
    """The check above is not vacuous: Lancashire's suppliers hold some of the file's £."""
    doc = _json(
        capsys, ["summary", str(cf_file), "--format", "json", "--local", "utla24:E10000017"]
    )
    assert _headline(doc)["local_gbp"] > 0
