"""One catalogued source file (publisher, vintage, licence, address, checksum) and shared licence texts."""

from __future__ import annotations

from dataclasses import dataclass

OGL = "Open Government Licence v3.0"
OS_NOTICE = "Contains OS data © Crown copyright and database right"


def gh(repo: str, commit: str, path: str) -> str:
    """Raw address of a file at a pinned commit: the exact bytes the checksum below was taken of."""
    return f"https://raw.githubusercontent.com/{repo}/{commit}/{path}"


@dataclass(frozen=True)
class Dataset:
    """One source file. `path` is relative to data/raw/ and to a mirror folder (same layout)."""

    key: str
    title: str
    publisher: str
    vintage: str
    licence: str
    path: str
    sha256: str
    size: int
    # Address that serves these exact bytes; None when the file was assembled from several
    # published files, so only a mirror holding the assembled copy can supply it.
    url: str | None
    official_page: str
    note: str = ""

    @property
    def filename(self) -> str:
        return self.path.rsplit("/", 1)[-1]
