"""Supplier name → reference organisation: exact on the normalised key, then blocked, vectorised fuzzy candidates for review."""

# Method (the speed targets are 50k names against 5M companies: exact ≤ 2 s, fuzzy ≤ 60 s):
# - Exact: the 50k query keys form an Arrow hash set; one pass of `is_in` over the 5M reference
#   keys (C++, no Python per row) keeps the few thousand hits, which are then grouped. A key
#   shared by organisations at different postcodes is ambiguous and is never placed silently.
# - Fuzzy (only for names with no exact match): candidates are *blocked* on the first four
#   six letters of the key with spaces removed ("thamesreach" / "thames reach"; names
#   that differ at their very start are rarely the same organisation, and comparing every pair
#   would be 2.5e11 comparisons). Each block is scored in one call of
#   rapidfuzz.process.cdist (C++, all cores, score_cutoff prunes early) with fuzz.ratio on the
#   normalised keys. A second pass blocks the still-unmatched names on their second word, which
#   catches a typo in the first word. Blocks are cut into slices of at most _SLICE choices so
#   memory stays bounded whatever the block size.
# - A candidate above the threshold must also pass a word guard: two names that differ by a
#   whole word on each side ("north EAST ambulance service" / "north WEST …") or by a number
#   ("unit 1" / "unit 2") are different organisations however high the score.
# Fuzzy candidates are a review table (accept/reject in bulk), never a placement by themselves.

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process

from geo.spend.names import key_hash

DEFAULT_THRESHOLD = 90.0
_SLICE = 250_000
_PREFIX = 6  # letters of the space-free key that a candidate must share (the block)
_GUARD_TRIES = 8  # candidates per name put through the word guard, best score first
_MAX_BLOCK = 2_000_000  # a block larger than this (a word like "uk") is skipped, and counted
# One-sided extra words that do not make a different organisation ("Arjo UK" / "Arjo").
_FILLER = frozenset({"uk", "gb", "the", "of", "and", "nhs", "ft", "group"})
REVIEW_COLUMNS: tuple[str, ...] = (
    "supplier_key", "ref_source", "ref_id", "ref_name", "ref_key", "postcode", "status", "score",
    "runner_up", "decision",
)  # fmt: skip


@dataclass(frozen=True)
class Reference:
    """Organisations to match against: id, name, name key, postcode, status (Arrow, any size)."""

    source: str  # "companies", "charities", "awards"
    ids: pa.Array
    names: pa.Array
    keys: pa.Array
    postcodes: pa.Array
    status: pa.Array
    # Sorted name-key hashes and the row order that sorts them (companies index only): exact
    # matching is then a binary search per name instead of a pass over every key.
    sorted_hashes: np.ndarray | None = None
    hash_order: np.ndarray | None = None

    @classmethod
    def from_table(
        cls, source: str, table: pa.Table, id_col: str, name_col: str, status_col: str = "status"
    ) -> Reference:
        def col(c: str) -> pa.Array:
            if c not in table.column_names:
                return pa.nulls(table.num_rows, pa.string())
            return pc.cast(table.column(c).combine_chunks(), pa.string())

        sorted_hashes = hash_order = None
        if "name_hash" in table.column_names:
            hashes = table.column("name_hash").to_numpy()
            hash_order = np.argsort(hashes, kind="stable")
            sorted_hashes = hashes[hash_order]
        return cls(
            source,
            col(id_col),
            col(name_col),
            col("name_key"),
            col("postcode"),
            col(status_col),
            sorted_hashes,
            hash_order,
        )

    def __len__(self) -> int:
        return len(self.keys)


def exact_matches(query_keys: pd.Series, ref: Reference) -> pd.DataFrame:
    """One row per query key found: supplier_key, ref_row, ref_id, postcode, candidates.

    `candidates` > 1 with different postcodes marks an ambiguous key (not to be placed).
    """
    q = pa.array(pd.Series(query_keys).dropna().unique().astype(object), type=pa.string())
    if len(q) == 0 or len(ref) == 0:
        return pd.DataFrame(
            columns=["supplier_key", "ref_row", "ref_id", "postcode", "candidates", "postcodes"]
        )
    if ref.sorted_hashes is not None and ref.hash_order is not None:
        qh = key_hash(q)
        lo = np.searchsorted(ref.sorted_hashes, qh, side="left")
        hi = np.searchsorted(ref.sorted_hashes, qh, side="right")
        spans = [np.arange(lo[k], hi[k]) for k in np.flatnonzero(hi > lo)]
        cand = np.sort(ref.hash_order[np.concatenate(spans)] if spans else np.zeros(0, np.int64))
        # A hash collision is not a match: keep only rows whose key is one of the queries.
        same = pc.is_in(ref.keys.take(pa.array(cand)), value_set=q).to_numpy(zero_copy_only=False)
        hit = cand[same]
    else:
        hit = np.flatnonzero(pc.is_in(ref.keys, value_set=q).to_numpy(zero_copy_only=False))
    found = pd.DataFrame(
        {
            "supplier_key": ref.keys.take(hit).to_pandas(),
            "ref_row": hit,
            "ref_id": ref.ids.take(hit).to_pandas(),
            "postcode": ref.postcodes.take(hit).to_pandas(),
        }
    )
    grouped = found.groupby("supplier_key", sort=False)
    first = grouped.head(1).set_index("supplier_key")
    first["candidates"] = grouped.size()
    first["postcodes"] = grouped["postcode"].nunique()
    return first.reset_index()


def _acronym_of(token: str, words: list[str]) -> bool:
    """'nyas' for 'national youth advocacy service', 'cnwl' for 'central and north west london …'."""
    initials = "".join(w[0] for w in words)
    it = iter(initials)
    return len(token) >= 2 and token.isalpha() and all(ch in it for ch in token)


def _typo(x: str, y: str) -> bool:
    """A misspelling or plural of the same word, not a different word ('Darlington' / 'Warrington')."""
    if x + "s" == y or y + "s" == x:
        return True
    # Short words and a changed first letter are where different names collide ("cars"/"cares",
    # "nes"/"news", "chester"/"manchester", "partington"/"carrington").
    return min(len(x), len(y)) >= 5 and x[0] == y[0] and fuzz.ratio(x, y) >= 80


def _conflict(a: str, b: str) -> bool:
    """True when two keys are different organisations despite a high score.

    Different: a whole word differs on each side ("north EAST …" / "north WEST …"), a number
    differs ("unit 1" / "unit 2"), or one side has an extra word that is not filler or an acronym
    of the name. Same: spacing only ("Care Concepts" / "Careconcepts"), misspellings, plurals.
    """
    if a.replace(" ", "") == b.replace(" ", ""):
        return False
    wa, wb = a.split(), b.split()
    only_a, only_b = set(wa) - set(wb), set(wb) - set(wa)
    if any(any(ch.isdigit() for ch in t) for t in only_a | only_b):
        return True
    if not only_a or not only_b:
        extra, other = (only_a, wb) if only_a else (only_b, wa)
        return not all(t in _FILLER or _acronym_of(t, other) for t in extra)
    return not (
        all(any(_typo(x, y) for y in only_b) for x in only_a)
        and all(any(_typo(y, x) for x in only_a) for y in only_b)
    )


def _word(keys: pa.Array, n: int) -> pa.Array:
    """Block key: n=0 the first _PREFIX letters with spaces removed ("Thames Reach" and
    "Thamesreach" share "thames"), n=1 the second word (catches a typo in the first); null where
    there is none."""
    if n == 0:
        return pc.utf8_slice_codeunits(pc.replace_substring(keys, " ", ""), 0, _PREFIX)
    pattern = r"^\S+\s+(\S+).*$"
    ok = pc.match_substring_regex(keys, pattern)
    word = pc.replace_substring_regex(keys, pattern, r"\1")
    return pc.if_else(ok, word, pa.scalar(None, pa.string()))


def _score_blocks(
    queries: list[str], ref: Reference, word: int, threshold: float, stats: dict[str, int]
) -> dict[str, tuple[int, float, float]]:
    """query key → (ref row, score, runner-up score) for the best guarded candidate per query."""
    q_words = _word(pa.array(queries, type=pa.string()), word).to_pandas()
    by_word: dict[str, list[str]] = {}
    for q, w in zip(queries, q_words, strict=True):
        if isinstance(w, str):
            by_word.setdefault(w, []).append(q)
    if not by_word:
        return {}
    ref_words = _word(ref.keys, word)
    rows = np.flatnonzero(
        pc.is_in(ref_words, value_set=pa.array(list(by_word), pa.string())).to_numpy(
            zero_copy_only=False
        )
    )
    if len(rows) == 0:
        return {}
    taken = pa.array(rows)
    cand = pd.DataFrame(
        {
            "w": ref_words.take(taken).to_pandas(),
            "row": rows,
            "n": pc.utf8_length(ref.keys.take(taken)).to_numpy(zero_copy_only=False),
        }
    )
    best: dict[str, tuple[int, float, float]] = {}
    # ratio ≥ t needs 2·min(la, lb)/(la + lb) ≥ t: only choices within a length window of each
    # query can reach the cutoff, so each block is sorted by length and sliced per query length.
    t = threshold / 100
    for w, group in cand.sort_values(["w", "n"], kind="stable").groupby("w", sort=False):
        qs = by_word[str(w)]
        block_rows = group["row"].to_numpy()
        lengths = group["n"].to_numpy()
        if len(block_rows) > _MAX_BLOCK:
            stats["skipped_blocks"] = stats.get("skipped_blocks", 0) + 1
            continue
        all_choices = ref.keys.take(pa.array(block_rows)).to_pylist()
        by_len: dict[int, list[str]] = {}
        for q in qs:
            by_len.setdefault(len(q), []).append(q)
        for n, q_n in by_len.items():
            lo = int(np.searchsorted(lengths, math.ceil(n * t / (2 - t) - 1e-9), side="left"))
            hi = int(np.searchsorted(lengths, math.floor(n * (2 - t) / t + 1e-9), side="right"))
            stats["comparisons"] = stats.get("comparisons", 0) + len(q_n) * max(hi - lo, 0)
            for start in range(lo, hi, _SLICE):
                end = min(hi, start + _SLICE)
                _best_of(q_n, all_choices[start:end], block_rows[start:end], threshold, best)
    return best


def _best_of(
    qs: list[str],
    choices: list[str],
    rows: np.ndarray,
    threshold: float,
    best: dict[str, tuple[int, float, float]],
) -> None:
    """Score qs × choices in one cdist call; keep each query's best guarded candidate in `best`."""
    scores = process.cdist(
        qs, choices, scorer=fuzz.ratio, score_cutoff=threshold, dtype=np.uint8, workers=-1
    )
    qi, ci = np.nonzero(scores)
    order = np.lexsort((-scores[qi, ci].astype(np.int16), qi))
    tried: dict[int, int] = {}
    for k in order:
        # A generic name can have hundreds of near-identical candidates: guard only the best few.
        n = tried.get(qi[k], 0)
        if n >= _GUARD_TRIES:
            continue
        tried[qi[k]] = n + 1
        q, c, s = qs[qi[k]], choices[ci[k]], float(scores[qi[k], ci[k]])
        if q == c or _conflict(q, c):
            continue
        prev = best.get(q)
        if prev is None or s > prev[1]:
            best[q] = (int(rows[ci[k]]), s, prev[1] if prev else 0.0)
        elif s > prev[2]:
            best[q] = (prev[0], prev[1], s)


def fuzzy_candidates(
    query_keys: pd.Series,
    ref: Reference,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    second_word: bool = True,
) -> pd.DataFrame:
    """Review table (REVIEW_COLUMNS) of the best guarded fuzzy candidate per query key, decision 'pending'.

    `attrs["stats"]` holds the number of comparisons and skipped blocks (for the bench).
    """
    queries = sorted({str(k) for k in pd.Series(query_keys).dropna().unique()})
    stats: dict[str, int] = {}
    best = _score_blocks(queries, ref, 0, threshold, stats) if queries else {}
    if second_word:
        rest = [q for q in queries if q not in best]
        for q, hit in _score_blocks(rest, ref, 1, threshold, stats).items():
            best.setdefault(q, hit)
    keys = list(best)
    rows = np.array([best[k][0] for k in keys], dtype=np.int64)
    take = pa.array(rows, type=pa.int64())
    out = pd.DataFrame(
        {
            "supplier_key": pd.Series(keys, dtype="string"),
            "ref_source": ref.source,
            "ref_id": pd.Series(ref.ids.take(take).to_pylist(), dtype="string"),
            "ref_name": pd.Series(ref.names.take(take).to_pylist(), dtype="string"),
            "ref_key": pd.Series(ref.keys.take(take).to_pylist(), dtype="string"),
            "postcode": pd.Series(ref.postcodes.take(take).to_pylist(), dtype="string"),
            "status": pd.Series(ref.status.take(take).to_pylist(), dtype="string"),
            "score": pd.Series([best[k][1] for k in keys], dtype="float64"),
            "runner_up": pd.Series([best[k][2] for k in keys], dtype="float64"),
            "decision": "pending",
        },
        columns=list(REVIEW_COLUMNS),
    )
    out = out.sort_values(["score", "supplier_key"], ascending=[False, True], ignore_index=True)
    out.attrs["stats"] = stats
    return out


def decide(
    review: pd.DataFrame,
    *,
    accept: pd.Series | list[str] | None = None,
    reject: pd.Series | list[str] | None = None,
    accept_at_or_above: float | None = None,
) -> pd.DataFrame:
    """Bulk accept/reject: by supplier key lists, or everything at or above a score; the rest unchanged."""
    out = review.copy()
    if accept_at_or_above is not None:
        out.loc[out["score"] >= accept_at_or_above, "decision"] = "accepted"
    if accept is not None:
        out.loc[out["supplier_key"].isin(list(accept)), "decision"] = "accepted"
    if reject is not None:
        out.loc[out["supplier_key"].isin(list(reject)), "decision"] = "rejected"
    return out
