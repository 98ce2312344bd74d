"""Reference registers for placing suppliers (Companies House, Charity Commission): catalogue, fetch with progress and checksum, index build."""

# These differ from the pinned files in geo.store.catalogue: they are republished monthly
# (Companies House) or daily (Charity Commission) under a dated name, so no sha256 can be pinned
# in advance. What is checked instead: the ZIP's own CRC-32 of every member (a truncated or
# corrupted download fails), and the sha256 of what was fetched is recorded beside it
# (`<file>.sha256`) and compared against a mirror's SHA256SUMS when the mirror has one.

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from geo.errors import SpendGeoError
from geo.paths import raw_dir, store_dir
from geo.store.fetch import MIRROR_HINT, _copy_stream, sha256_of

OGL = "Open Government Licence v3.0"


@dataclass(frozen=True)
class ReferenceSource:
    """A dated, republished register: where it comes from and how its file is named."""

    key: str
    title: str
    publisher: str
    licence: str
    official_page: str
    url_template: str  # {name} is filled with the file name
    name_pattern: str  # regex matching every published (or mirrored) file name
    folder: str  # under data/raw/ and a mirror
    note: str = ""

    def name_for(self, month: dt.date) -> str:
        if self.key == "companies":
            return f"BasicCompanyDataAsOneFile-{month:%Y-%m}-01.zip"
        return "publicextract.charity.zip"


SOURCES: dict[str, ReferenceSource] = {
    "companies": ReferenceSource(
        key="companies",
        title="Companies House Free Company Data Product (BasicCompanyDataAsOneFile)",
        publisher="Companies House",
        licence=OGL,
        official_page="https://download.companieshouse.gov.uk/en_output.html",
        url_template="https://download.companieshouse.gov.uk/{name}",
        # The mirror here holds only the real 0.1% sample (…-2020-05-01_sample.csv).
        name_pattern=r"^BasicCompanyDataAsOneFile-(\d{4}-\d{2})-01(?:_sample)?\.(?:zip|csv)$",
        folder="companies",
        note="About 5 million live companies, monthly, 55 columns; registered office address, not where work is done.",
    ),
    "charities": ReferenceSource(
        key="charities",
        title="Charity Commission for England and Wales: register of charities full extract (charity table)",
        publisher="Charity Commission for England and Wales",
        licence=OGL,
        official_page="https://register-of-charities.charitycommission.gov.uk/register/full-register-download",
        url_template="https://ccewuksprdoneregsadata1.blob.core.windows.net/data/txt/{name}",
        name_pattern=r"^publicextract\.charity\.(?:zip|txt)$",
        folder="charities",
        note="Daily; contact postcode of each registered charity (for a small charity this can be a trustee's home).",
    ),
}


@dataclass(frozen=True)
class ReferenceFetch:
    key: str
    path: Path
    action: str  # "present", "downloaded", "mirrored"
    sha256: str


def _check_zip(path: Path) -> None:
    if path.suffix.lower() != ".zip":
        return
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()  # reads every member and checks its CRC-32
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        path.unlink(missing_ok=True)
        raise SpendGeoError(
            f"{path.name} is not a complete ZIP ({err}); it was discarded."
        ) from None
    if bad is not None:
        path.unlink(missing_ok=True)
        raise SpendGeoError(
            f"{path.name} is damaged: member {bad} fails its CRC check; it was discarded."
        )


def _mirror_file(src: ReferenceSource, mirror: Path) -> Path:
    folder = mirror / src.folder
    found = sorted(
        p
        for p in (folder.iterdir() if folder.is_dir() else [])
        if re.match(src.name_pattern, p.name)
    )
    if not found:
        raise SpendGeoError(
            f"No {src.title} file in the mirror folder {folder} (expected a name like {src.name_for(dt.date.today())})."
        )
    return found[-1]  # names sort by date: the newest


def _mirror_sum(path: Path) -> str | None:
    sums = path.parent / "SHA256SUMS"
    if not sums.is_file():
        return None
    for line in sums.read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].lstrip("*") == path.name:
            return parts[0].lower()
    return None


def fetch_reference(
    key: str,
    *,
    month: dt.date | None = None,
    mirror: Path | None = None,
    dest_root: Path | None = None,
    progress: bool = True,
    timeout: float = 60.0,
) -> ReferenceFetch:
    """Download (or copy from a mirror) the newest file of a reference source into data/raw/<folder>/."""
    if key not in SOURCES:
        raise SpendGeoError(f"Unknown reference source {key!r}; known: {', '.join(SOURCES)}.")
    src = SOURCES[key]
    dest_dir = (dest_root or raw_dir()) / src.folder
    if mirror is not None:
        origin = _mirror_file(src, Path(mirror))
        dest = dest_dir / origin.name
        if dest.is_file() and sha256_of(dest) == sha256_of(origin):
            return ReferenceFetch(key, dest, "present", sha256_of(dest))
        with origin.open("rb") as fh:
            _copy_stream(fh, dest, origin.stat().st_size, origin.name[:40], progress)
        action, expected = "mirrored", _mirror_sum(origin)
    else:
        month = month or dt.date.today().replace(day=1)
        name = src.name_for(month)
        dest = dest_dir / name
        if dest.is_file() and Path(str(dest) + ".sha256").is_file():
            return ReferenceFetch(
                key, dest, "present", Path(str(dest) + ".sha256").read_text().split()[0]
            )
        url = src.url_template.format(name=name)
        try:
            req = urllib.request.Request(url, headers={"User-Agent": "spend-geography-fetch"})
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                total = resp.headers.get("Content-Length")
                _copy_stream(resp, dest, int(total) if total else None, name[:40], progress)
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            reason = getattr(err, "reason", None) or err
            raise SpendGeoError(
                f"Could not download {src.title} from {url}: {reason}. If this machine is offline, {MIRROR_HINT}."
            ) from None
        action, expected = "downloaded", None
    _check_zip(dest)
    digest = sha256_of(dest)
    if expected is not None and digest != expected:
        dest.unlink()
        raise SpendGeoError(
            f"Checksum mismatch for {dest.name}: the mirror's SHA256SUMS says {expected}, the copy is {digest}; it was discarded."
        )
    Path(str(dest) + ".sha256").write_text(f"{digest}  {dest.name}\n")
    return ReferenceFetch(key, dest, action, digest)


# ---------------------------------------------------------------------------------------------
# CLI hook: `python -m geo fetch companies|charities` (wired by the lead into geo.cli.main), or
# `python -m geo.store.reference_sources companies --mirror DIR --index`.


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", choices=sorted(SOURCES), help="reference register to fetch")
    p.add_argument(
        "--mirror", help="take the newest file from this folder (default: $SPENDGEO_MIRROR)"
    )
    p.add_argument(
        "--month", help="Companies House month to download, YYYY-MM (default: this month)"
    )
    p.add_argument(
        "--index", action="store_true", help="also build the compact Parquet index in the store"
    )
    p.add_argument("--index-out", type=Path, help="where to write the index (default: data/store/)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")


def run(args: argparse.Namespace) -> int:
    mirror = args.mirror or os.environ.get("SPENDGEO_MIRROR") or None
    month = None
    if args.month:
        try:
            month = dt.datetime.strptime(args.month, "%Y-%m").date()
        except ValueError:
            raise SpendGeoError(f"--month {args.month!r} is not of the form YYYY-MM.") from None
    got = fetch_reference(
        args.source, month=month, mirror=Path(mirror) if mirror else None, progress=not args.quiet
    )
    print(f"{got.action:>10}  {got.key:<10} {got.path}  sha256 {got.sha256}")
    if args.index:
        if args.source == "companies":
            from geo.spend.companies import INDEX_NAME, build_company_index

            out = args.index_out or store_dir() / INDEX_NAME
            stats = build_company_index(got.path, out)
            print(
                f"{'indexed':>10}  {stats.rows:,} companies ({stats.with_postcode:,} with a postcode) in {stats.seconds:.1f}s → {out}"
            )
        else:
            from geo.spend.charities import read_charities

            out = args.index_out or store_dir() / "charities.parquet"
            frame = read_charities(got.path)
            frame.to_parquet(out, index=False)
            print(f"{'indexed':>10}  {len(frame):,} charities → {out}")
    return 0


if __name__ == "__main__":
    from geo.errors import SpendGeoError as _E

    parser = argparse.ArgumentParser(prog="python -m geo.store.reference_sources")
    add_arguments(parser)
    try:
        raise SystemExit(run(parser.parse_args()))
    except _E as err:
        print(f"error: {err}", file=sys.stderr)
        raise SystemExit(2) from None


def newest_raw(key: str, raw: Path | None = None) -> Path | None:
    """The newest fetched file of a reference source in data/raw/<folder>/, or None."""
    src = SOURCES[key]
    folder = (raw or raw_dir()) / src.folder
    found = sorted(
        p
        for p in (folder.iterdir() if folder.is_dir() else [])
        if re.match(src.name_pattern, p.name)
    )
    return found[-1] if found else None


def prepare_companies_index(
    *, raw: Path | None = None, store: Path | None = None, force: bool = False, log=print
) -> Path | None:
    """Build data/store/companies.parquet from the newest fetched Companies House file, if there is one.

    Optional: without the file nothing is done (the app says how to add it). Skipped when the
    index is newer than the file, unless `force`.
    """
    from geo.spend.companies import INDEX_NAME, build_company_index

    source = newest_raw("companies", raw)
    if source is None:
        log(
            "no Companies House file in data/raw/companies/: skipping the company index (optional; `python -m geo fetch companies --index`)"
        )
        return None
    out = (store or store_dir()) / INDEX_NAME
    if not force and out.is_file() and out.stat().st_mtime >= source.stat().st_mtime:
        log(f"company index {out} is newer than {source.name}: kept")
        return out
    stats = build_company_index(source, out)
    log(
        f"company index: {stats.rows:,} companies ({stats.with_postcode:,} with a postcode) from {source.name} in {stats.seconds:.1f}s → {out}"
    )
    return out
