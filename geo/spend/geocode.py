"""Locate spend rows by supplier postcode: status, both LSOAs, LAD, LEP, CA and both IMD deciles from the postcode index."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from geo.spend.postcode import display, extract, is_blank, normalise

# Fixed order: used for the categorical dtype and the match report.
STATUSES: tuple[str, ...] = (
    "matched",
    "matched_outside_england",
    "matched_terminated",
    "no_location",
    "invalid_postcode",
    "unknown_postcode",
    "no_postcode",
)
STATUS_DTYPE = pd.CategoricalDtype(list(STATUSES), ordered=False)
_S = {name: np.int8(i) for i, name in enumerate(STATUSES)}

# IMD 2019 frame (LSOA 2011; historic LEP 2021 and CA 2024) and the current frame (LSOA 2021:
# LAD 2024, CA May 2025, upper-tier authority 2024, IMD 2025). Column names per vintage are in geo.levels.IMD.
AREA_COLUMNS_2019: tuple[str, ...] = ("lsoa11cd", "lad21cd", "lep21cd", "lep21cd2", "ca24cd")
AREA_COLUMNS_2025: tuple[str, ...] = ("lsoa21cd", "lad24cd", "ca25cd", "utla24cd")
AREA_COLUMNS: tuple[str, ...] = (*AREA_COLUMNS_2019, *AREA_COLUMNS_2025)
DECILE_COLUMNS: tuple[str, ...] = ("imd_decile", "imd25_decile")
ADDED_COLUMNS: tuple[str, ...] = (
    "postcode",
    "status",
    "lat",
    "lon",
    *AREA_COLUMNS_2019,
    "imd_decile",
    *AREA_COLUMNS_2025,
    "imd25_decile",
)

# Compact postcodes are at most 7 characters from [0-9A-Z]; base 37 with 0 as padding packs one
# into an int64 whose numeric order equals the string order, so the sorted `pcd` column gives
# sorted keys and a lookup is one np.searchsorted instead of a 2.7M-entry string hash table.
_KEY_WIDTH = 7
_CHAR_CODE = np.full(256, -1, dtype=np.int64)
_CHAR_CODE[0] = 0
_CHAR_CODE[np.frombuffer(b"0123456789", np.uint8)] = np.arange(1, 11)
_CHAR_CODE[np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", np.uint8)] = np.arange(11, 37)


def encode_keys(compact: pd.Series | np.ndarray) -> np.ndarray:
    """Compact postcodes → order-preserving int64 keys; -1 for missing or non-encodable values."""
    # Read the UTF-8 bytes straight from the Arrow buffers: no Python string per row.
    arr = pa.array(pd.Series(compact, dtype="string").fillna(""))
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type not in (pa.string(), pa.large_string()):
        arr = arr.cast(pa.large_string())
    _, offsets_buf, data_buf = arr.buffers()
    offset_type = np.int64 if arr.type == pa.large_string() else np.int32
    offsets = np.frombuffer(offsets_buf, dtype=offset_type)[arr.offset : arr.offset + len(arr) + 1]
    offsets = offsets.astype(np.int64)
    data = (
        np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    )
    lengths = np.diff(offsets)
    starts = offsets[:-1]
    last = max(len(data) - 1, 0)
    # One pass per character position keeps memory at a few vectors of n, not an n×8 matrix.
    keys = np.zeros(len(lengths), dtype=np.int64)
    bad = (lengths == 0) | (lengths > _KEY_WIDTH)
    for pos in range(_KEY_WIDTH):
        present = lengths > pos
        char = data[np.minimum(starts + pos, last)] if len(data) else np.zeros(len(keys), np.uint8)
        code = np.where(present, _CHAR_CODE[char], 0)
        bad |= code < 0
        keys = keys * 37 + code
    keys[bad] = -1
    return keys


def _column(index: pd.DataFrame, col: str) -> pd.Series:
    """A column of the index, or all-missing if the index predates it (a store before IMD 2025)."""
    if col in index:
        return index[col]
    return pd.Series(pd.NA, index=index.index, dtype="string")


def _decile_array(index: pd.DataFrame, col: str) -> np.ndarray:
    return _column(index, col).astype("Int8").fillna(-1).to_numpy(dtype=np.int8)


def _codes_and_categories(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (-1 = null) and categories of a string-like column, for fast per-row takes."""
    cat = values.astype("category")
    return np.asarray(cat.cat.codes, dtype=np.int32), cat.cat.categories


@dataclass(frozen=True)
class PostcodeLookup:
    """The postcode index reduced to sorted int64 keys and column arrays; build once, reuse."""

    keys: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    has_location: np.ndarray
    in_england: np.ndarray
    terminated: np.ndarray
    deciles: dict[str, np.ndarray]  # decile column → int8 per index row (-1 = none)
    area_codes: dict[str, tuple[np.ndarray, pd.Index]]

    @classmethod
    def from_index(cls, index: pd.DataFrame) -> PostcodeLookup:
        keys = encode_keys(index["pcd"])
        if len(keys) > 1 and not (np.diff(keys) > 0).all():
            order = np.argsort(keys, kind="stable")  # tolerate an unsorted or hand-made index
            keys = keys[order]
            index = index.iloc[order]
        terminated = (
            index["terminated"] if "terminated" in index else pd.Series(pd.NA, index=index.index)
        )
        return cls(
            keys=keys,
            lat=index["lat"].to_numpy(dtype=np.float32, na_value=np.nan),
            lon=index["lon"].to_numpy(dtype=np.float32, na_value=np.nan),
            has_location=index["has_location"].to_numpy(dtype=bool),
            in_england=index["in_england"].to_numpy(dtype=bool),
            terminated=terminated.astype("boolean").fillna(False).to_numpy(dtype=bool),
            deciles={c: _decile_array(index, c) for c in DECILE_COLUMNS},
            area_codes={c: _codes_and_categories(_column(index, c)) for c in AREA_COLUMNS},
        )

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, compact: pd.Series) -> np.ndarray:
        """Row position in the index of each compact postcode, or -1 if absent."""
        wanted = encode_keys(compact)
        if len(self.keys) == 0:
            return np.full(len(wanted), -1, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        return np.where((self.keys[pos] == wanted) & (wanted >= 0), pos, -1)


def _take_string(values: pd.Series, idx: np.ndarray) -> pd.Series:
    """values[idx] (null where idx == -1) as an Arrow-backed string column; Arrow's take is fast."""
    arr = pa.array(values.astype(object).where(values.notna(), None), type=pa.string())
    taken = arr.take(pa.array(idx, mask=idx < 0))
    return pd.Series(pd.arrays.ArrowStringArray(taken))


def _take_category(codes: np.ndarray, categories: pd.Index, idx: np.ndarray) -> pd.Categorical:
    row_codes = np.where(idx >= 0, codes[idx], -1)
    return pd.Categorical.from_codes(row_codes, dtype=pd.CategoricalDtype(categories))


def _classify(
    uniques: pd.Series, lookup: PostcodeLookup
) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Per distinct raw value: compact postcode, status code and index row (-1 = none)."""
    text = uniques.astype("string").str.strip()
    empty = is_blank(text)
    compact = normalise(text)
    # A postcode field sometimes carries more than the postcode ("Postcode: M1 1AA", a full
    # address); the last postcode-shaped token still identifies the supplier.
    retry = compact.isna() & ~empty
    if retry.any():
        compact = compact.mask(retry, normalise(extract(text[retry])).reindex(text.index))
    row = lookup.find(compact)
    found = row >= 0
    safe = np.where(found, row, 0)
    status = np.full(len(text), _S["unknown_postcode"], dtype=np.int8)
    status[empty.to_numpy(dtype=bool)] = _S["no_postcode"]
    status[(compact.isna() & ~empty).to_numpy(dtype=bool)] = _S["invalid_postcode"]
    if len(lookup):
        has_loc = found & lookup.has_location[safe]
        england = has_loc & lookup.in_england[safe]
        status[found & ~has_loc] = _S["no_location"]
        status[has_loc & ~england] = _S["matched_outside_england"]
        status[england & lookup.terminated[safe]] = _S["matched_terminated"]
        status[england & ~lookup.terminated[safe]] = _S["matched"]
    return compact, status, row


def geocode(frame: pd.DataFrame, index: pd.DataFrame | PostcodeLookup) -> pd.DataFrame:
    """Add postcode, status, lat/lon, area codes and IMD decile to a normalised spend frame.

    Normalises and looks up each distinct `postcode_raw` once, then fans results out to rows.
    Pass a prebuilt PostcodeLookup to skip its build (about a second for the full index).
    """
    lookup = index if isinstance(index, PostcodeLookup) else PostcodeLookup.from_index(index)
    if "postcode_raw" in frame:
        raw = frame["postcode_raw"]
    else:
        raw = pd.Series(pd.NA, index=frame.index, dtype="string")
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    # Slot len(uniques) stands for missing raw values so every row maps to a real slot.
    u = pd.Series(list(uniques) + [pd.NA], dtype="string")
    compact, status_u, row_u = _classify(u, lookup)
    slot = np.where(codes < 0, len(uniques), codes)

    row = row_u[slot]
    status = status_u[slot]
    located = (status == _S["matched"]) | (status == _S["matched_terminated"])
    located |= status == _S["matched_outside_england"]
    in_eng = (status == _S["matched"]) | (status == _S["matched_terminated"])
    loc_row = np.where(located, row, -1)
    eng_row = np.where(in_eng, row, -1)

    out = frame.copy(deep=False)
    # Display form for every recognisable postcode, known or not, so users can see what was tried.
    out["postcode"] = _take_string(display(compact), slot).set_axis(frame.index)
    out["status"] = pd.Categorical.from_codes(status, dtype=STATUS_DTYPE)
    safe = np.maximum(loc_row, 0)
    if len(lookup):
        out["lat"] = np.where(loc_row >= 0, lookup.lat[safe], np.float32(np.nan))
        out["lon"] = np.where(loc_row >= 0, lookup.lon[safe], np.float32(np.nan))
    else:
        out["lat"] = np.full(len(frame), np.nan, dtype=np.float32)
        out["lon"] = np.full(len(frame), np.nan, dtype=np.float32)
    for col in ADDED_COLUMNS[4:]:
        if col in DECILE_COLUMNS:
            if len(lookup):
                taken = lookup.deciles[col][np.maximum(eng_row, 0)]
                decile = np.where(eng_row >= 0, taken, -1).astype(np.int8)
            else:
                decile = np.full(len(frame), -1, dtype=np.int8)
            out[col] = pd.arrays.IntegerArray(decile, decile < 0)
        elif len(lookup):
            out[col] = _take_category(*lookup.area_codes[col], eng_row)
        else:
            out[col] = pd.Categorical([None] * len(frame))
    return out


def match_report(geocoded: pd.DataFrame) -> pd.DataFrame:
    """Rows and £ by status (fixed order) with their shares, plus a total line."""
    status = geocoded["status"].astype(STATUS_DTYPE)
    if "amount" in geocoded:
        amount = pd.to_numeric(geocoded["amount"], errors="coerce").astype("float64")
    else:
        amount = pd.Series(0.0, index=geocoded.index)
    grouped = pd.DataFrame({"status": status, "amount": amount}).groupby(
        "status", observed=False, sort=False
    )
    report = pd.DataFrame(
        {"rows": grouped.size(), "amount": grouped["amount"].sum(min_count=0)}
    ).reindex(list(STATUSES), fill_value=0)
    total_rows = int(report["rows"].sum())
    total_amount = float(report["amount"].sum())
    report["share_rows"] = report["rows"] / total_rows if total_rows else 0.0
    report["share_amount"] = report["amount"] / total_amount if total_amount else 0.0
    report.loc["total"] = [
        total_rows,
        total_amount,
        1.0 if total_rows else 0.0,
        1.0 if total_amount else 0.0,
    ]
    report["rows"] = report["rows"].astype("int64")
    report.index.name = "status"
    return report.reset_index()
