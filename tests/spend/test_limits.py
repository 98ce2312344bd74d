"""Diagnoses and resource caps: each hostile file gets one sentence naming the problem or the limit."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from geo.errors import SpendGeoError
from geo.spend.ingest import read_spend


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _xlsx_with_far_cell() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Supplier", "Amount"])
    ws.append(["Acme Ltd", 10])
    ws["XFD1048576"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _encrypted_xlsx() -> bytes:
    """The shape of a password-protected .xlsx: an OLE2 file with an EncryptedPackage stream."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return (
        header
        + "EncryptionInfo".encode("utf-16-le")
        + b"\x00" * 64
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 2048
    )


def test_long_header_is_read():
    """A header line over 256 KB was cut, so columns past the cut were never seen (wrong diagnosis)."""
    extra = [f"Extra column {i:05d} with a long descriptive name" for i in range(6000)]
    header = ",".join([*extra, "Supplier", "Amount"])
    assert len(header) > 256_000
    row = ",".join([*[""] * len(extra), "Acme Ltd", "12.50"])
    table = read_spend(f"{header}\n{row}\n".encode(), filename="wide.csv")
    assert table.frame["amount"].tolist() == [12.5]


def test_fifty_mb_single_line():
    """A 50 MB single line was reported as 'only blank space'."""
    with pytest.raises(SpendGeoError, match="no line break") as err:
        read_spend(b"a," * 25_000_000, filename="line.csv")
    assert "blank space" not in str(err.value)


def test_password_protected_xlsx():
    with pytest.raises(SpendGeoError, match="password-protected") as err:
        read_spend(_encrypted_xlsx(), filename="locked.xlsx")
    assert "XLRDError" not in str(err.value)


@pytest.mark.parametrize("amount", ["9" * 400, "1" + "0" * 13])
def test_non_finite_amount_rejected_with_sentence(amount):
    data = f"Supplier,Amount\nAcme Ltd,{amount}\nBeta Ltd,20\n".encode()
    table = read_spend(data, filename="big.csv")
    assert table.frame["amount"].tolist() == [20.0]
    assert any("too large to be a real payment" in n for n in table.notes)


def test_only_huge_amounts():
    with pytest.raises(SpendGeoError, match="No plausible amounts"):
        read_spend(f"Supplier,Amount\nAcme Ltd,{'9' * 400}\n".encode(), filename="big.csv")


def test_xlsx_far_cell_refused_before_parsing():
    """A 5 KB XLSX with one cell at XFD1048576 drove pandas past 10 GB (every row padded)."""
    data = _xlsx_with_far_cell()
    assert len(data) < 10_000
    with pytest.raises(SpendGeoError, match="the limit is 30,000,000 cells"):
        read_spend(data, filename="far.xlsx")


def test_zip_cap_on_unpacked_bytes():
    """A small ZIP holding a big CSV is refused by what it unpacks to, not its own size."""
    body = b"Supplier,Amount\n" + b"Acme Ltd,1\n" * 2_000_000
    data = _zip({"big.csv": body})
    assert len(data) < 1_000_000 < len(body)
    with pytest.raises(SpendGeoError, match="unpacks to .* the limit is 20 MB"):
        read_spend(data, filename="bomb.zip", max_bytes=20_000_000)
