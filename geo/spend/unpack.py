"""Bytes in: load a path, bytes or upload within a size cap, recognise its kind, and unpack a ZIP's one spreadsheet."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import BinaryIO

from geo.errors import SpendGeoError

Source = str | Path | bytes | bytearray | BinaryIO

_EXCEL_EXPANSION = 10  # an xlsx may unpack to 10x max_bytes of XML before it is refused
_SPREADSHEET_EXT = (".csv", ".txt", ".tsv", ".tab", ".xlsx", ".xlsm", ".xls")


def size_text(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:,.0f} MB"
    if n >= 1_000:
        return f"{n / 1_000:,.0f} KB"
    return f"{n:,} bytes"


def load(source: Source, filename: str | None, max_bytes: int) -> tuple[bytes, str]:
    """The file's bytes and a display name, refusing what cannot be read before touching pandas."""
    if isinstance(source, str | Path):
        path = Path(source)
        name = filename or path.name or str(path)
        if not path.exists():
            raise SpendGeoError(f"{path} does not exist; check the file name and folder.")
        if path.is_dir():
            raise SpendGeoError(f"{path} is a folder, not a file; choose the spend file inside it.")
        size = path.stat().st_size
        if size > max_bytes:
            raise SpendGeoError(
                f"{name} is {size_text(size)}; the limit is {size_text(max_bytes)}."
            )
        try:
            data = path.read_bytes()
        except OSError as err:
            raise SpendGeoError(f"{name} could not be opened: {err.strerror or err}.") from None
    elif isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = filename or "uploaded file"
    elif hasattr(source, "read"):
        name = filename or Path(str(getattr(source, "name", "") or "uploaded file")).name
        try:
            size = _stream_size(source)
            if size is not None and size > max_bytes:
                raise SpendGeoError(
                    f"{name} is {size_text(size)}; the limit is {size_text(max_bytes)}."
                )
            data = source.read(max_bytes + 1)
        except (OSError, ValueError) as err:
            raise SpendGeoError(f"{name} could not be read: {err}.") from None
        if isinstance(data, str):
            data = data.encode("utf-8")
        if len(data) > max_bytes:
            raise SpendGeoError(
                f"{name} is over {size_text(max_bytes)}; the limit is {size_text(max_bytes)}."
            )
    else:
        raise SpendGeoError(
            f"Cannot read a spend file from a {type(source).__name__}; give a path, bytes or an open file."
        )
    if len(data) > max_bytes:
        raise SpendGeoError(
            f"{name} is {size_text(len(data))}; the limit is {size_text(max_bytes)}."
        )
    if not data:
        raise SpendGeoError(f"{name} is empty (0 bytes); there is nothing to read.")
    return data, name


def _stream_size(fh: BinaryIO) -> int | None:
    """Bytes left in a seekable upload (Streamlit's UploadedFile is one), so size errors are exact."""
    try:
        if not fh.seekable():
            return None
        here = fh.tell()
        end = fh.seek(0, io.SEEK_END)
        fh.seek(here)
        return end - here
    except (OSError, ValueError, AttributeError):
        return None


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3", "an SQLite database"),
)


def kind_of(data: bytes, name: str) -> str:
    """'zip', 'xls' or 'text'; other recognisable binaries are refused by name."""
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        # A password-protected .xlsx is an OLE2 container holding an "EncryptedPackage" stream
        # (MS-OFFCRYPTO), which would otherwise be mistaken for a legacy .xls.
        if "EncryptedPackage".encode("utf-16-le") in data[:1_000_000] or (
            "EncryptionInfo".encode("utf-16-le") in data[:1_000_000]
        ):
            raise SpendGeoError(
                f"{name} is a password-protected Excel workbook; open it in Excel, remove the password (File › Info › Protect Workbook) and save a copy to upload."
            )
        return "xls"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise SpendGeoError(f"{name} is {what}, not a CSV or Excel spend file.")
    return "text"


def open_zip(data: bytes, name: str, max_bytes: int) -> tuple[str, bytes, str]:
    """(kind, bytes, name) of the one spreadsheet a ZIP holds, or the xlsx the ZIP is."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise SpendGeoError(
            f"{name} is not a readable ZIP or Excel file: it is damaged or incomplete."
        ) from None
    members = {i.filename for i in infos}
    if "[Content_Types].xml" in members:
        if any(m.startswith("xl/") for m in members):
            declared = sum(i.file_size for i in infos)
            if declared > _EXCEL_EXPANSION * max_bytes:
                raise SpendGeoError(
                    f"{name} unpacks to {size_text(declared)} of spreadsheet XML; the limit is {size_text(_EXCEL_EXPANSION * max_bytes)}."
                )
            return "xlsx", data, name
        if any(m.startswith("word/") for m in members):
            raise SpendGeoError(
                f"{name} is a Word document, not a spreadsheet; save the table as CSV or XLSX."
            )
        if any(m.startswith("ppt/") for m in members):
            raise SpendGeoError(
                f"{name} is a PowerPoint file, not a spreadsheet; save the table as CSV or XLSX."
            )
    if "mimetype" in members:
        try:
            mime = zf.read("mimetype")[:100].decode("ascii", "replace")
        except Exception:
            mime = ""
        if "opendocument.spreadsheet" in mime:
            raise SpendGeoError(
                f"{name} is an OpenDocument spreadsheet (.ods); save it as XLSX or CSV and upload that."
            )
    files = [
        i for i in infos
        if not i.is_dir() and not i.filename.startswith("__MACOSX/") and not Path(i.filename).name.startswith(".")
    ]  # fmt: skip
    if not files:
        raise SpendGeoError(f"{name} is an empty ZIP archive; it holds no files.")
    sheets = [i for i in files if i.filename.lower().endswith(_SPREADSHEET_EXT)]
    if not sheets:
        inner = [i.filename for i in files if i.filename.lower().endswith(".zip")]
        if inner:
            raise SpendGeoError(
                f"{name} holds another ZIP ({inner[0]}) instead of a CSV or Excel file; unzip it and upload the spreadsheet inside."
            )
        listed = ", ".join(i.filename for i in files[:5]) + (" …" if len(files) > 5 else "")
        raise SpendGeoError(f"{name} holds no CSV or Excel file (it contains: {listed}).")
    if len(sheets) > 1:
        listed = ", ".join(i.filename for i in sheets[:5]) + (" …" if len(sheets) > 5 else "")
        raise SpendGeoError(
            f"{name} holds {len(sheets)} spreadsheets ({listed}); read them together as one dataset (several files are accepted) or upload them one at a time."
        )
    info = sheets[0]
    inner_name = f"{name} › {info.filename}"
    if info.file_size > max_bytes:
        raise SpendGeoError(
            f"{inner_name} unpacks to {size_text(info.file_size)}; the limit is {size_text(max_bytes)}."
        )
    try:
        # Read at most max_bytes + 1: the size in the ZIP header can lie (a "zip bomb").
        with zf.open(info) as fh:
            inner = fh.read(max_bytes + 1)
    except RuntimeError:
        raise SpendGeoError(f"{name} is password-protected; upload an unencrypted copy.") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as err:
        raise SpendGeoError(
            f"{inner_name} could not be unpacked: the ZIP is damaged ({err})."
        ) from None
    if len(inner) > max_bytes:
        raise SpendGeoError(
            f"{inner_name} unpacks to more than {size_text(max_bytes)}; the limit is {size_text(max_bytes)}."
        )
    if not inner:
        raise SpendGeoError(f"{inner_name} is empty (0 bytes); there is nothing to read.")
    kind = kind_of(inner, inner_name)
    if kind == "zip":
        try:
            is_xlsx = "[Content_Types].xml" in zipfile.ZipFile(io.BytesIO(inner)).namelist()
        except zipfile.BadZipFile:
            is_xlsx = False
        if not is_xlsx:
            raise SpendGeoError(
                f"{inner_name} is itself a ZIP archive; unzip it and upload the spreadsheet inside."
            )
        return open_zip(inner, inner_name, max_bytes)
    return kind, inner, inner_name


def zip_spreadsheets(data: bytes, name: str, max_bytes: int) -> list[tuple[str, bytes]] | None:
    """[(name, bytes)] of each spreadsheet in a ZIP holding several, or None for anything else.

    The cap is on what the members unpack to in total, checked on the sizes the ZIP declares and
    again on the bytes actually read (the declared sizes can lie).
    """
    if data[:4] not in (b"PK\x03\x04", b"PK\x05\x06"):
        return None
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    if "[Content_Types].xml" in {i.filename for i in infos}:
        return None  # an .xlsx, itself a ZIP
    sheets = [
        i for i in infos
        if not i.is_dir() and not i.filename.startswith("__MACOSX/")
        and not Path(i.filename).name.startswith(".") and i.filename.lower().endswith(_SPREADSHEET_EXT)
    ]  # fmt: skip
    if len(sheets) < 2:
        return None
    declared = sum(i.file_size for i in sheets)
    if declared > max_bytes:
        raise SpendGeoError(
            f"{name} unpacks to {size_text(declared)} in {len(sheets)} files; the limit is {size_text(max_bytes)} in total."
        )
    out: list[tuple[str, bytes]] = []
    left = max_bytes
    for info in sorted(sheets, key=lambda i: i.filename):
        try:
            with zf.open(info) as fh:
                inner = fh.read(left + 1)
        except RuntimeError:
            raise SpendGeoError(
                f"{name} is password-protected; upload an unencrypted copy."
            ) from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as err:
            raise SpendGeoError(
                f"{name} › {info.filename} could not be unpacked: the ZIP is damaged ({err})."
            ) from None
        left -= len(inner)
        if left < 0:
            raise SpendGeoError(
                f"{name} unpacks to more than {size_text(max_bytes)}; the limit is {size_text(max_bytes)} in total."
            )
        out.append((f"{name} › {info.filename}", inner))
    return out
