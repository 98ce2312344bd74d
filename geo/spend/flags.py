"""Data-quality flags on spend rows (implausible amounts, dates outside the period, duplicates), never silent, always summarised."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

from geo.spend.columns import header_key
from geo.spend.schema import FLAGS, SOURCE_FILE

# One code per check; the code is what the `flags` column holds ("; "-separated), the text is
# what the page and the CLI print beside the counts.
FLAG_TEXT: dict[str, str] = {
    "value_vs_value_low": "awarded value 1,000 times or more the notice's own 'Value Low'",
    "value_is_notice_id": "awarded value equals digits of the notice identifier (an id typed as a value)",
    "amount_outlier": "amount over 20 times the file's 99.9th percentile",
    "date_outside_period": "date outside the period the file name states",
    "date_in_future": "date after today",
    "duplicate": "repeats an earlier row exactly (same supplier, amount, date and every other column), in the same file or an earlier one",
    "postcode_repaired": "supplier postcode repaired (a letter O/I typed for 0/1 or the reverse)",
}
FLAG_CODES: tuple[str, ...] = tuple(FLAG_TEXT)

VALUE_LOW_RATIO = 1_000  # Contracts Finder: an award 1,000x its own lower estimate is a typo
OUTLIER_RATIO = 20  # an amount 20x the 99.9th percentile of its own file is worth a look
_MIN_ROWS_FOR_OUTLIERS = 1_000  # below this a 99.9th percentile is just the largest row
# Some councils publish one line per item of a payment, identical on every column (Trafford: a
# quarter of its rows). Where repeats are that common they are the file's layout, not errors:
# said in a note, not flagged.
DUPLICATE_SHARE = 0.01

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}


def stated_period(filename: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """(first day, last day) a file's name states: '2021-04.csv', 'June_2025', 'Feb_26', '2024-25'.

    '2024-25' is a financial year (April 2024 to March 2025). A month without a year states no
    period (DEFRA's 'Over__25K_Transparency_July.csv'), so nothing is flagged from it.
    """
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", filename.rsplit("›", 1)[-1].strip().rsplit("/", 1)[-1])
    low = stem.lower()
    m = re.search(r"(?<!\d)(20\d\d)[-_ ]?(0[1-9]|1[0-2])(?!\d)", low)
    if m:
        start = pd.Timestamp(int(m.group(1)), int(m.group(2)), 1)
        return start, start + pd.offsets.MonthEnd(0)
    fy = re.search(r"(?<!\d)(20\d\d)[-_/](\d\d)(?!\d)", low)
    if fy and (int(fy.group(1)) + 1) % 100 == int(fy.group(2)):
        y = int(fy.group(1))
        return pd.Timestamp(y, 4, 1), pd.Timestamp(y + 1, 3, 31)
    # Numbers glued to letters ("25K" in "Over__25K") are not years.
    words = re.findall(r"[a-z]+|(?<![a-z0-9])\d+(?![a-z0-9])", low)
    for i, w in enumerate(words):
        if w in _MONTHS:
            year = next((x for x in words[i + 1 : i + 3] if x.isdigit()), None)
            if year is None:
                year = next((x for x in reversed(words[:i]) if x.isdigit()), None)
            if year is None or len(year) not in (2, 4):
                continue
            y = int(year) + (2000 if len(year) == 2 else 0)
            start = pd.Timestamp(y, _MONTHS[w], 1)
            return start, start + pd.offsets.MonthEnd(0)
    return None


def _column(frame: pd.DataFrame, key: str) -> str | None:
    return next((c for c in frame.columns if header_key(str(c)) == key), None)


def _notice_total(frame: pd.DataFrame) -> pd.Series:
    """A notice's whole awarded value (Contracts Finder rows share it among their suppliers)."""
    shared = pd.to_numeric(frame.get("amount_shared_by", 1), errors="coerce")
    return frame["amount"] * (shared.fillna(1) if isinstance(shared, pd.Series) else 1)


def _check_contracts(frame: pd.DataFrame, out: dict[str, np.ndarray]) -> None:
    from geo.spend.amounts import parse_amounts

    low_col = _column(frame, "valuelow")
    if low_col is not None:
        low = parse_amounts(frame[low_col].astype("string"))
        total = _notice_total(frame)
        out["value_vs_value_low"] = ((low > 0) & (total >= VALUE_LOW_RATIO * low)).to_numpy(
            dtype=bool, na_value=False
        )
    id_col = _column(frame, "noticeidentifier")
    if id_col is not None:
        total = _notice_total(frame).round(0)
        groups = frame[id_col].astype("string").str.findall(r"\d{4,}")
        hit = [
            isinstance(g, list) and v == v and v > 0 and any(int(x) == v for x in g)
            for g, v in zip(groups.tolist(), total.tolist(), strict=True)
        ]
        out["value_is_notice_id"] = np.array(hit, dtype=bool)


def _by_file(frame: pd.DataFrame) -> list[np.ndarray]:
    if SOURCE_FILE in frame:
        codes = pd.factorize(frame[SOURCE_FILE])[0]
        return [np.flatnonzero(codes == k) for k in range(codes.max() + 1)]
    return [np.arange(len(frame))]


def _duplicates(frame: pd.DataFrame, by_file: bool = True) -> np.ndarray:
    """Rows equal to an earlier row on every column but the row number (and, across files, the file)."""
    skip = ("row_number", FLAGS) if by_file else ("row_number", FLAGS, SOURCE_FILE)
    cols = [c for c in frame.columns if c not in skip]
    if not cols or frame.empty:
        return np.zeros(len(frame), dtype=bool)
    return frame[cols].astype("string").duplicated(keep="first").to_numpy(dtype=bool)


def add_flags(frame: pd.DataFrame, today: date | None = None) -> pd.DataFrame:
    """The frame with a `flags` column: '' where nothing is wrong, else the codes found, '; '-joined.

    Checks each source file on its own: its amount distribution, its stated period.
    """
    n = len(frame)
    hits: dict[str, np.ndarray] = {code: np.zeros(n, dtype=bool) for code in FLAG_CODES}
    amount = frame["amount"].to_numpy(dtype="float64", na_value=np.nan)
    dates = pd.to_datetime(frame["date"], errors="coerce") if "date" in frame else None
    names = frame[SOURCE_FILE].astype(str) if SOURCE_FILE in frame else None
    today_ts = pd.Timestamp(today or date.today())
    notes: list[str] = []
    for rows in _by_file(frame):
        a = amount[rows]
        positive = a[np.isfinite(a) & (a > 0)]
        if len(positive) >= _MIN_ROWS_FOR_OUTLIERS:
            p999 = float(np.quantile(positive, 0.999))
            hits["amount_outlier"][rows] = np.nan_to_num(a) > OUTLIER_RATIO * p999
        if dates is not None:
            d = dates.iloc[rows]
            hits["date_in_future"][rows] = (d > today_ts).to_numpy(dtype=bool, na_value=False)
            name = (
                names.iloc[rows[0]]
                if names is not None and len(rows)
                else frame.attrs.get("source_name", "")
            )
            period = stated_period(str(name)) if name else None
            if period is not None:
                outside = (d < period[0]) | (d > period[1] + pd.Timedelta(days=1) - pd.Timedelta(1))
                hits["date_outside_period"][rows] = outside.to_numpy(dtype=bool, na_value=False)
        dup = _duplicates(frame.iloc[rows])
        if dup.sum() <= max(100, DUPLICATE_SHARE * len(dup)):
            hits["duplicate"][rows] = dup
        else:
            notes.append(
                f"{int(dup.sum()):,} rows of {names.iloc[rows[0]] if names is not None else 'the file'} repeat another row exactly "
                f"({dup.mean():.0%}); so common a repeat is the file's layout (one line per item of a payment), so they were not flagged as duplicates."
            )
    if SOURCE_FILE in frame and frame[SOURCE_FILE].nunique() > 1:
        # The same payment in two files (a month's file repeating last month's rows) is counted twice.
        hits["duplicate"] |= _duplicates(frame, by_file=False) & ~_within_file(frame)
    _check_contracts(frame, hits)
    if FLAGS in frame:  # flags set earlier (postcode repair) are kept
        for code in FLAG_CODES:
            hits[code] |= (
                frame[FLAGS]
                .astype("string")
                .str.contains(code, regex=False)
                .fillna(False)
                .to_numpy(dtype=bool)
            )
    out = frame.assign(**{FLAGS: join_flags(hits, n)})
    out.attrs["flag_notes"] = notes
    return out


def _within_file(frame: pd.DataFrame) -> np.ndarray:
    within = np.zeros(len(frame), dtype=bool)
    for rows in _by_file(frame):
        within[rows] = _duplicates(frame.iloc[rows])
    return within


def join_flags(hits: dict[str, np.ndarray], n: int) -> pd.Series:
    """'; '-joined codes per row from {code: mask}, '' where none is set."""
    text = np.full(n, "", dtype=object)
    for code in FLAG_CODES:
        mask = hits.get(code)
        if mask is None or not mask.any():
            continue
        text[mask] = np.where(text[mask] == "", code, text[mask] + "; " + code)
    return pd.Series(text, dtype="string")


def flag_mask(frame: pd.DataFrame, codes: list[str] | None = None) -> pd.Series:
    """True on rows carrying any of `codes` (every flag when None): the filter that excludes them."""
    if FLAGS not in frame:
        return pd.Series(False, index=frame.index)
    f = frame[FLAGS].astype("string").fillna("")
    if codes is None:
        return f != ""
    pattern = "|".join(re.escape(c) for c in codes)
    return f.str.contains(pattern, regex=True)


def flag_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per flag found: flag, meaning, rows, amount (£); a row may carry several flags."""
    rows = []
    f = frame[FLAGS].astype("string").fillna("") if FLAGS in frame else None
    for code in FLAG_CODES:
        if f is None:
            break
        mask = f.str.contains(code, regex=False).to_numpy(dtype=bool)
        if mask.any():
            rows.append(
                {
                    "flag": code,
                    "meaning": FLAG_TEXT[code],
                    "rows": int(mask.sum()),
                    "amount": float(frame["amount"].to_numpy()[mask].sum()),
                }
            )
    return pd.DataFrame(rows, columns=["flag", "meaning", "rows", "amount"])


def format_flag_summary(summary: pd.DataFrame) -> str:
    """The flags as lines for the CLI: '  duplicate  12 rows  £3,400.00  repeats an earlier row…'."""
    if summary.empty:
        return "No rows were flagged."
    return "\n".join(
        f"  {r.flag:<20} {r.rows:>8,} rows  £{r.amount:>16,.2f}  {r.meaning}"
        for r in summary.itertuples(index=False)
    )
