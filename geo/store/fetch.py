"""Fetch the catalogued source files into data/raw/: download with progress, or copy from a mirror; verify sha256."""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from geo.errors import SpendGeoError
from geo.paths import PROJECT_ROOT, raw_dir
from geo.store import catalogue
from geo.store.catalogue import Dataset

CHUNK = 1 << 20
MIRROR_HINT = (
    "set a local mirror with --mirror DIR or SPENDGEO_MIRROR=DIR (a folder laid out like data/raw/)"
)


@dataclass(frozen=True)
class FetchResult:
    key: str
    path: Path
    action: str  # "present", "downloaded", "mirrored", "copied"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            h.update(block)
    return h.hexdigest()


def verify(ds: Dataset, path: Path) -> None:
    """Raise if the file at `path` is not the catalogued version of `ds`."""
    if not path.exists():
        raise SpendGeoError(
            f"{ds.title} ({ds.key}) is missing: expected {path}. Run `python -m geo fetch`."
        )
    got = sha256_of(path)
    if got != ds.sha256:
        raise SpendGeoError(
            f"Checksum mismatch for {ds.title} ({ds.key}) at {path}: expected sha256 {ds.sha256}, got {got}. "
            "The file is not the catalogued version; delete it and fetch again."
        )


def _copy_stream(src, dst: Path, total: int | None, label: str, progress: bool) -> None:
    tmp = dst.with_name(dst.name + ".part")
    tmp.parent.mkdir(parents=True, exist_ok=True)
    with (
        tmp.open("wb") as out,
        tqdm(
            total=total,
            unit="B",
            unit_scale=True,
            desc=label,
            disable=None if progress else True,  # None: off when not a terminal (CI logs)
            file=sys.stderr,
            leave=False,
        ) as bar,
    ):
        while block := src.read(CHUNK):
            out.write(block)
            bar.update(len(block))
    tmp.replace(dst)


def _source_address(ds: Dataset, mirror: Path | None, base_url: str | None) -> tuple[str, str]:
    """Return (kind, address) for where this dataset will come from."""
    if ds.url and ds.url.startswith("project:"):
        return "copied", str(PROJECT_ROOT / ds.url.removeprefix("project:"))
    if mirror is not None:
        return "mirrored", str(mirror / ds.path)
    if base_url:
        return "downloaded", base_url.rstrip("/") + "/" + urllib.parse.quote(ds.path)
    if ds.url is None:
        raise SpendGeoError(
            f"{ds.title} ({ds.key}) has no single download address (it is assembled from "
            f"{ds.official_page}); {MIRROR_HINT}."
        )
    return "downloaded", ds.url


def fetch_one(
    ds: Dataset,
    dest_root: Path,
    mirror: Path | None = None,
    base_url: str | None = None,
    progress: bool = True,
    timeout: float = 30.0,
) -> FetchResult:
    dest = dest_root / ds.path
    if dest.exists() and sha256_of(dest) == ds.sha256:
        return FetchResult(ds.key, dest, "present")
    kind, address = _source_address(ds, mirror, base_url)
    label = ds.filename[:40]
    if kind in ("mirrored", "copied"):
        src = Path(address)
        if not src.is_file():
            raise SpendGeoError(
                f"{ds.title} ({ds.key}) is not in the mirror: no file at {src}. "
                "The mirror must be laid out like data/raw/ (see geo/store/catalogue.py)."
            )
        with src.open("rb") as f:
            _copy_stream(f, dest, src.stat().st_size, label, progress)
    else:
        try:
            req = urllib.request.Request(address, headers={"User-Agent": "spend-geography-fetch"})
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                total = resp.headers.get("Content-Length")
                _copy_stream(resp, dest, int(total) if total else ds.size, label, progress)
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            reason = getattr(err, "reason", None) or err
            raise SpendGeoError(
                f"Could not download {ds.title} ({ds.key}) from {address}: {reason}. "
                f"If this machine is offline, {MIRROR_HINT}."
            ) from None
    got = sha256_of(dest)
    if got != ds.sha256:
        dest.unlink()
        raise SpendGeoError(
            f"Checksum mismatch for {ds.title} ({ds.key}) from {address}: expected sha256 "
            f"{ds.sha256}, got {got}. The file was discarded."
        )
    return FetchResult(ds.key, dest, kind)


def fetch(
    datasets: Iterable[Dataset] = catalogue.DATASETS,
    dest_root: Path | None = None,
    mirror: Path | None = None,
    base_url: str | None = None,
    progress: bool = True,
) -> list[FetchResult]:
    dest_root = dest_root or raw_dir()
    if mirror is not None and not Path(mirror).is_dir():
        raise SpendGeoError(f"The mirror folder {mirror} does not exist or is not a folder.")
    return [
        fetch_one(ds, dest_root, Path(mirror) if mirror else None, base_url, progress)
        for ds in datasets
    ]


def add_arguments(p: argparse.ArgumentParser) -> None:
    # `python -m geo fetch companies|charities [--index]`: a dated reference register
    # (geo.store.reference_sources); with no name, every catalogued dataset.
    p.add_argument(
        "reference",
        nargs="?",
        choices=("companies", "charities"),
        help="fetch a supplier reference register instead: Companies House or Charity Commission",
    )
    p.add_argument(
        "--month", help="Companies House month to download, YYYY-MM (default: this month)"
    )
    p.add_argument(
        "--index",
        action="store_true",
        help="with a register: also build its Parquet index in data/store/",
    )
    p.add_argument("--index-out", type=Path, help="with --index: where to write the index")
    p.add_argument("--mirror", help="take files from this local folder (default: $SPENDGEO_MIRROR)")
    p.add_argument(
        "--base-url", help="download every file from this HTTP mirror base address instead"
    )
    p.add_argument("--only", nargs="*", help="dataset keys to fetch (default: all)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")


def run(args: argparse.Namespace) -> int:
    if getattr(args, "reference", None):
        from geo.store import reference_sources

        return reference_sources.run(argparse.Namespace(**{**vars(args), "source": args.reference}))
    mirror = args.mirror or os.environ.get("SPENDGEO_MIRROR") or None
    keys = args.only or [d.key for d in catalogue.DATASETS]
    unknown = [k for k in keys if k not in catalogue.BY_KEY]
    if unknown:
        raise SpendGeoError(
            f"Unknown dataset key(s): {', '.join(unknown)}. Known: {', '.join(catalogue.BY_KEY)}."
        )
    results = fetch(
        [catalogue.get(k) for k in keys],
        mirror=Path(mirror) if mirror else None,
        base_url=args.base_url,
        progress=not args.quiet,
    )
    for r in results:
        print(f"{r.action:>10}  {r.key:<15} {r.path}")
    return 0
