"""Malformed and hostile files: each gives one SpendGeoError naming its problem, or loads with a note saying what was done."""

from __future__ import annotations

import gzip
import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from geo.errors import SpendGeoError
from geo.spend.ingest import read_spend
from geo.spend.suppliers import read_register

GOOD = "Supplier,Amount,Date\nAcme Ltd,100.00,02/04/2024\nBeta Ltd,50.00,03/04/2024\n"


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _xlsx(rows: list[list[object]], title: str = "Spend") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write(tmp: Path, name: str, data: bytes | str) -> Path:
    path = tmp / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _nested_zip_bomb() -> bytes:
    # 50 MB of zeros compresses to ~50 KB; wrapped three times it is still tiny.
    inner = _zip({"zeros.csv": b"0" * 50_000_000})
    for depth in range(3):
        inner = _zip({f"layer{depth}.zip": inner})
    return inner


def _wide(n: int, with_spend: bool) -> str:
    headers = [f"Field {i}" for i in range(n)] + (["Supplier", "Amount"] if with_spend else [])
    row = ["x"] * n + (["Acme Ltd", "12.50"] if with_spend else [])
    return ",".join(headers) + "\n" + ",".join(row) + "\n"


# Each case: (id, build(tmp_path) -> (source, kwargs), expected fragment of the error message).
ERRORS: list[tuple[str, Callable[[Path], tuple[object, dict]], str]] = [
    ("missing-path", lambda t: (t / "nope.csv", {}), "does not exist"),
    ("directory", lambda t: (t, {}), "is a folder, not a file"),
    ("zero-bytes", lambda t: (_write(t, "empty.csv", b""), {}), "empty.csv is empty (0 bytes)"),
    (
        "whitespace-only",
        lambda t: (_write(t, "ws.csv", " \r\n\t\n   \n"), {}),
        "contains only blank space",
    ),
    (
        "header-only",
        lambda t: (_write(t, "h.csv", "Supplier,Amount,Date\n"), {}),
        "header row but no data rows",
    ),
    (
        "huge-header-only",
        lambda t: (_write(t, "big.csv", "Supplier,Amount,Date\n" + ",,\n" * 300_000), {}),
        "header row but no data rows",
    ),
    (
        "binary-garbage",
        lambda t: (_write(t, "rand.csv", random.Random(7).randbytes(20_000)), {}),
        "binary",
    ),
    (
        "many-nul-bytes",
        lambda t: (_write(t, "nul.csv", b"Supplier,Amount\n" + b"\x00" * 5000), {}),
        "NUL bytes",
    ),
    (
        "pdf",
        lambda t: (_write(t, "spend.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), {}),
        "is a PDF document",
    ),
    (
        "png",
        lambda t: (_write(t, "spend.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), {}),
        "is a PNG image",
    ),
    (
        "gzip",
        lambda t: (_write(t, "spend.csv.gz", gzip.compress(GOOD.encode())), {}),
        "is a gzip archive",
    ),
    (
        "html-as-xls",
        lambda t: (
            _write(t, "spend.xls", "<html><body><table><tr><td>Supplier</td></tr></table>"),
            {},
        ),
        "web page (HTML)",
    ),
    (
        "json",
        lambda t: (_write(t, "spend.csv", '[{"supplier": "Acme", "amount": 1}]'), {}),
        "is JSON",
    ),
    (
        "zip-without-spreadsheet",
        lambda t: (_write(t, "a.zip", _zip({"readme.pdf": b"%PDF", "notes.docx": b"x"})), {}),
        "holds no CSV or Excel file (it contains: readme.pdf, notes.docx)",
    ),
    (
        "zip-of-two-csvs",
        lambda t: (_write(t, "a.zip", _zip({"a.csv": GOOD.encode(), "b.csv": GOOD.encode()})), {}),
        "holds 2 spreadsheets (a.csv, b.csv)",
    ),
    ("empty-zip", lambda t: (_write(t, "a.zip", _zip({})), {}), "empty ZIP archive"),
    (
        "nested-zip-bomb",
        lambda t: (_write(t, "bomb.zip", _nested_zip_bomb()), {}),
        "holds another ZIP (layer2.zip)",
    ),
    (
        "zip-bomb",
        lambda t: (
            _write(t, "bomb.zip", _zip({"big.csv": b"Supplier,Amount\n" + b"A,1\n" * 5_000_000})),
            {"max_bytes": 1_000_000},
        ),
        "big.csv unpacks to 20 MB; the limit is 1 MB",
    ),
    (
        "truncated-zip",
        lambda t: (_write(t, "cut.zip", _zip({"a.csv": GOOD.encode() * 50})[:60]), {}),
        "not a readable ZIP or Excel file",
    ),
    (
        "corrupt-xlsx",
        lambda t: (
            _write(
                t,
                "bad.xlsx",
                _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"not xml <<<"}),
            ),
            {},
        ),
        "could not be opened as an Excel workbook",
    ),
    (
        "truncated-xlsx",
        lambda t: (_write(t, "cut.xlsx", _xlsx([["Supplier", "Amount"], ["A", 1]])[:500]), {}),
        "not a readable ZIP or Excel file",
    ),
    (
        "word-docx",
        lambda t: (
            _write(
                t,
                "x.docx",
                _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
            ),
            {},
        ),
        "is a Word document",
    ),
    (
        "ods",
        lambda t: (
            _write(
                t,
                "x.ods",
                _zip(
                    {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"},
                    zipfile.ZIP_STORED,
                ),
            ),
            {},
        ),
        "OpenDocument spreadsheet",
    ),
    (
        "missing-sheet",
        lambda t: (
            _write(t, "s.xlsx", _xlsx([["Supplier", "Amount"], ["A", 1]])),
            {"sheet": "2024"},
        ),
        "has no sheet named '2024'; its sheets are 'Spend'",
    ),
    (
        "xlsx-header-only",
        lambda t: (_write(t, "h.xlsx", _xlsx([["Supplier", "Amount"]])), {}),
        "header row but no data rows",
    ),
    (
        "no-amount-column",
        lambda t: (_write(t, "n.csv", "Supplier,Description\nAcme,x\n"), {}),
        "has no amount column (headers found: 'Supplier', 'Description'); accepted names include Amount, Net Amount",
    ),
    (
        "no-supplier-column",
        lambda t: (_write(t, "n.csv", "Amount,Description\n1,x\n"), {}),
        "has no supplier column (headers found: 'Amount', 'Description'); accepted names include BeneficiaryName",
    ),
    (
        "neither-column",
        lambda t: (_write(t, "n.csv", "Alpha,Beta\n1,x\n"), {}),
        "no amount or supplier column in its first 30 rows",
    ),
    (
        "every-amount-text",
        lambda t: (_write(t, "t.csv", "Supplier,Amount\nA,TBC\nB,n/a\nC,see invoice\nD,x\n"), {}),
        "No amounts could be read in column 'Amount' of t.csv: data row 1 has 'TBC'; data row 2 has 'n/a'; data row 3 has 'see invoice'",
    ),
    (
        "amount-column-empty",
        lambda t: (_write(t, "e.csv", "Supplier,Amount\nA,\nB, \n"), {}),
        "The amount column 'Amount' in e.csv is empty on every row",
    ),
    (
        "over-max-bytes-path",
        lambda t: (_write(t, "big.csv", GOOD + "x" * 3000), {"max_bytes": 2000}),
        "big.csv is 3 KB; the limit is 2 KB",
    ),
    (
        "over-max-bytes-bytes",
        lambda t: ((GOOD * 100).encode(), {"filename": "up.csv", "max_bytes": 1000}),
        "up.csv is 7 KB; the limit is 1 KB",
    ),
    (
        "over-max-bytes-stream",
        lambda t: (io.BytesIO(b"x" * 210_000_000), {"filename": "s.csv", "max_bytes": 200_000_000}),
        "s.csv is 210 MB; the limit is 200 MB",
    ),
    (
        "unknown-override-field",
        lambda t: (GOOD.encode(), {"filename": "o.csv", "overrides": {"amt": "Amount"}}),
        "'amt' is not a field that can be chosen",
    ),
    (
        "override-missing-column",
        lambda t: (GOOD.encode(), {"filename": "o.csv", "overrides": {"amount": "Net"}}),
        "The column chosen for amount, 'Net', is not in o.csv; its headers are 'Supplier', 'Amount', 'Date'",
    ),
    (
        "override-same-column-twice",
        lambda t: (
            GOOD.encode(),
            {"filename": "o.csv", "overrides": {"amount": "Amount", "date": "Amount"}},
        ),
        "chosen for more than one field",
    ),
    (
        "duplicate-amount-header",
        lambda t: (_write(t, "d.csv", "Supplier,Amount,Amount\nA,1,2\n"), {}),
        "has two columns headed 'Amount' (columns 2 and 3)",
    ),
    (
        "broken-utf16",
        lambda t: (
            _write(
                t, "u.csv", b"\xff\xfe" + "Supplier,Amount\n".encode("utf-16-le") + b"\x00\xd8\x41"
            ),
            {},
        ),
        "marked as UTF-16 text but byte",
    ),
    (
        "ten-thousand-columns-no-spend",
        lambda t: (_write(t, "w.csv", _wide(10_000, with_spend=False)), {}),
        "and 9,980 more",
    ),
    (
        "only-preamble",
        lambda t: (
            _write(
                t,
                "p.csv",
                "Trafford Council spend\nPublished 2025\n\nContact finance@example.org\n",
            ),
            {},
        ),
        "no amount or supplier column",
    ),
    ("xls-that-is-not-spend", lambda t: (t.parent / "real.xls", {}), "none of its"),
    ("unsupported-source-type", lambda t: (12345, {}), "Cannot read a spend file from a int"),
]


@pytest.mark.parametrize(("build", "message"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_hostile_input_gives_one_clear_error(
    build, message: str, tmp_path: Path, raw_path: Path
) -> None:  # noqa: ANN001
    if build is ERRORS[[c[0] for c in ERRORS].index("xls-that-is-not-spend")][1]:
        # The real ONS population workbook: a genuine .xls with no spend columns on any sheet.
        source, kwargs = raw_path / "population" / "ukmidyearestimates20192020ladcodes.xls", {}
    else:
        source, kwargs = build(tmp_path)
    with pytest.raises(SpendGeoError) as err:
        read_spend(source, **kwargs)
    text = str(err.value)
    assert message in text
    assert "\n" not in text.strip() and "Traceback" not in text


# Inputs that are odd but readable: loaded, with a note that says what was assumed.
LOADS: list[tuple[str, Callable[[Path], tuple[object, dict]], str, dict]] = [
    ("formula-cells", lambda t: (_write(t, "f.csv", "Supplier,Amount,Notes\n\"=cmd|' /C calc'!A0\",10,@SUM(A1)\nAcme,=1+1,+HYPERLINK(\"x\")\nBeta,-5,-\n"), {}),
     "begin like a spreadsheet formula", {"rows": 2, "supplier_name": "=cmd|' /C calc'!A0"}),
    ("preamble-5-rows", lambda t: (_write(t, "p.csv", "Trafford Council\nSupplier spend\n\nPeriod: April 2024\nPublished 23/04/2025\n" + GOOD), {}),
     "5 line(s) above it were skipped", {"rows": 2, "total": 150.0}),
    ("semicolon-decimal-comma", lambda t: (_write(t, "eu.csv", "Lieferant;Supplier;Amount\nx;Acme;1.234,56\ny;Beta;-0,44\n"), {}),
     "use decimal commas", {"rows": 2, "total": 1234.12}),
    ("mixed-encodings", lambda t: (_write(t, "m.csv", "Supplier,Amount\nCafé Ltd,£10\n".encode() + "Crêpe Ltd,£20\n".encode("cp1252")), {}),
     "mixes UTF-8 and Windows-1252", {"rows": 2, "total": 30.0, "supplier_name_last": "Crêpe Ltd"}),
    ("windows-1252", lambda t: (_write(t, "w.csv", "Supplier,Amount\nCafé Ltd,£10\n".encode("cp1252")), {}),
     "read as Windows-1252", {"rows": 1, "supplier_name": "Café Ltd"}),
    ("utf16-without-bom", lambda t: (_write(t, "u.csv", GOOD.encode("utf-16-le")), {}), "UTF-16 text without a byte-order mark", {"rows": 2}),
    ("few-nul-bytes", lambda t: (_write(t, "n.csv", GOOD.replace("Acme", "Ac\x00me")), {}), "NUL byte(s)", {"rows": 2, "supplier_name": "Acme Ltd"}),
    ("ten-thousand-columns", lambda t: (_write(t, "w.csv", _wide(10_000, with_spend=True)), {}), "Read 1 rows", {"rows": 1, "total": 12.5}),
    ("too-many-fields", lambda t: (_write(t, "x.csv", "Supplier,Amount\nSmith, J Ltd,10\nAcme,20\nTrailing,5,,\n"), {}),
     "Dropped 1 row(s) with more fields than the header", {"rows": 2, "total": 25.0}),
    ("mostly-bad-amounts", lambda t: (_write(t, "b.csv", "Supplier,Amount\nA,1\nB,TBC\nC,?\nD,4\n"), {}),
     "Warning: Dropped 2 of 4 rows (50.0%)", {"rows": 2}),
    ("total-line", lambda t: (_write(t, "t.csv", GOOD + "Grand Total,150.00,\n"), {}), "Dropped 1 total line", {"rows": 2, "total": 150.0}),
    ("duplicate-unmapped-header", lambda t: (_write(t, "d.csv", "Supplier,Amount,Notes,Notes\nA,1,x,y\n"), {}), "kept as 'Notes (2)'", {"rows": 1}),
    ("blank-headers-and-rows", lambda t: (_write(t, "b.csv", "Supplier,Amount,,\nA,1,,\n,,,\nB,2,,\n"), {}), "Skipped 1 blank row", {"rows": 2}),
    ("sheet-name-on-csv", lambda t: (_write(t, "s.csv", GOOD), {"sheet": "Spend"}), "sheet name 'Spend' was ignored", {"rows": 2}),
    ("unterminated-quote", lambda t: (_write(t, "q.csv", GOOD + '"Open quote Ltd,5,02/04/2024\n'), {}), "Read", {}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("build", "note", "expect"), [c[1:] for c in LOADS], ids=[c[0] for c in LOADS]
)
def test_odd_input_loads_with_a_note(build, note: str, expect: dict, tmp_path: Path) -> None:  # noqa: ANN001
    source, kwargs = build(tmp_path)
    table = read_spend(source, **kwargs)
    assert any(note in n for n in table.notes), table.notes
    f = table.frame
    if "rows" in expect:
        assert len(f) == expect["rows"]
    if "total" in expect:
        assert f["amount"].sum() == pytest.approx(expect["total"])
    if "supplier_name" in expect:
        assert f["supplier_name"].iloc[0] == expect["supplier_name"]
    if "supplier_name_last" in expect:
        assert f["supplier_name"].iloc[-1] == expect["supplier_name_last"]


def test_formula_cells_are_kept_verbatim(tmp_path: Path) -> None:
    path = _write(tmp_path, "f.csv", "Supplier,Amount,Notes\n\"=cmd|' /C calc'!A0\",10,@SUM(A1)\n")
    f = read_spend(path).frame
    assert f["Supplier"].iloc[0] == "=cmd|' /C calc'!A0"
    assert f["Notes"].iloc[0] == "@SUM(A1)"


REGISTER_ERRORS = [
    ("register-no-postcode", "Supplier,Phone\nAcme,0161\n", "has no postcode or address column"),
    ("register-no-supplier", "Postcode,Phone\nM32 0TH,0161\n", "has no supplier name or id column"),
    (
        "register-no-usable-entry",
        "Supplier,Postcode\nAcme,\n",
        "has no entry with both a supplier and a postcode",
    ),
    ("register-empty", "", "is empty (0 bytes)"),
]


@pytest.mark.parametrize(
    ("text", "message"), [c[1:] for c in REGISTER_ERRORS], ids=[c[0] for c in REGISTER_ERRORS]
)
def test_hostile_register(text: str, message: str) -> None:
    with pytest.raises(SpendGeoError, match=None) as err:
        read_register(text.encode(), filename="register.csv")
    assert message in str(err.value)


def test_at_least_thirty_hostile_cases() -> None:
    assert len(ERRORS) + len(LOADS) + len(REGISTER_ERRORS) >= 30
    assert len({c[0] for c in ERRORS + LOADS}) == len(ERRORS) + len(LOADS)
