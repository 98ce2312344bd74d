"""Buyer → own authority: match a buyer's name to a LAD (or Combined Authority) by name, positively or not at all."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd

from geo.analysis.locality import Locality

MATCHED = "matched by name"
OVERRIDDEN = "chosen by you"
NOT_MATCHED = "no authority of this name"
AMBIGUOUS = "several authorities of this name"
NONE_CHOSEN = "none chosen"

# Words that say what kind of body a council is, not which place: stripped from both the buyer's
# name and the area names so "Manchester City Council" and "Manchester" share one key, and
# "Bristol City Council" and "Bristol, City of" another. Only whole words at either end go.
_PREFIXES = (
    "the ", "royal borough of ", "london borough of ", "metropolitan borough of ",
    "borough of ", "city and county of ", "city of ", "county of ", "council of the ", "county ",
)  # fmt: skip
_SUFFIXES = (
    " metropolitan borough council", " metropolitan district council", " borough council",
    " district council", " city council", " county council", " council", " corporation",
    " mbc", " city of", " county of",
)  # fmt: skip
_CA = re.compile(r"\b(mayoral )?combined( county)? authority\b")
# A county council is the upper-tier authority of a two-tier area (utla24, ONS E10 codes): "Kent
# County Council" is Kent county, never a district of that name.
_COUNTY = re.compile(r"\bcounty council\b")


def authority_key(name: object) -> str:
    """The place part of a council's or an area's name, lower case: 'Redcar & Cleveland Borough
    Council' → 'redcar and cleveland'; 'St. Helens' → 'st helens'; '' for no name."""
    text = str(name or "").lower().replace("&", " and ")
    text = re.sub(r"\([^)]*\)", " ", text)  # "Coventry City Council (COV)": the tag is not a place
    text = re.sub(r"[^a-z0-9 ]+", " ", text.replace("'", ""))
    text = " " + re.sub(r"\s+", " ", text).strip() + " "
    changed = True
    while changed:
        changed = False
        for p in _PREFIXES:
            if text.startswith(" " + p) and len(text) > len(p) + 2:
                text, changed = " " + text[len(p) + 1 :], True
        for s in _SUFFIXES:
            if text.endswith(s + " ") and len(text) > len(s) + 2:
                text, changed = text[: -len(s) - 1] + " ", True
    return text.strip()


def _index(names: Mapping[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for code, name in names.items():
        out.setdefault(authority_key(name), []).append(str(code))
    return out


def match_buyers(
    buyers: Sequence[str],
    lad_names: Mapping[str, str],
    ca_names: Mapping[str, str] | None = None,
    county_names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per buyer: buyer, kind ('lad' / 'ca' / 'utla24' / ''), code, area, status, why.

    A buyer matches only when its name, stripped of council words, IS one authority's name:
    a LAD (`lad_names`, code → name of the index vintage), a Combined Authority when the buyer
    calls itself one, or a county (`county_names`, upper-tier E10 codes) when it calls itself a
    county council. No match, or two, leaves it unmatched and says why — never a guess (a county
    council is not a district; 'Hull City Council' is not 'Kingston upon Hull').
    """
    lads, cas, counties = _index(lad_names), _index(ca_names or {}), _index(county_names or {})
    rows = []
    for buyer in buyers:
        name = str(buyer)
        is_ca = bool(_CA.search(name.lower()))
        key = authority_key(_CA.sub(" ", name.lower()) if is_ca else name)
        # "Durham County Council" is a unitary (a LAD): a county council is looked up among the
        # counties first and, when none has its name, among the districts.
        is_county = not is_ca and bool(_COUNTY.search(name.lower())) and key in counties
        if is_ca:
            table, kind, names = cas, "ca", ca_names or {}
        elif is_county:
            table, kind, names = counties, "utla24", county_names or {}
        else:
            table, kind, names = lads, "lad", lad_names
        found = table.get(key, []) if key else []
        if len(found) == 1:
            code = found[0]
            why = f"'{name}' names {names[code]} ({code})"
            rows.append((name, kind, code, names[code], MATCHED, why))
        elif found:
            why = f"'{key}' is the name of {', '.join(found)}: choose one"
            rows.append((name, "", None, None, AMBIGUOUS, why))
        else:
            level = (
                "Combined Authority"
                if is_ca
                else "county"
                if is_county
                else "local authority district"
            )
            why = f"no {level} is called '{key or name}'; choose one if this buyer is a council"
            rows.append((name, "", None, None, NOT_MATCHED, why))
    return pd.DataFrame(rows, columns=["buyer", "kind", "code", "area", "status", "why"])


def with_overrides(
    matches: pd.DataFrame,
    chosen: Mapping[str, str | None],
    lad_names: Mapping[str, str],
    ca_names: Mapping[str, str] | None = None,
    county_names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The match table with the user's choices applied: buyer → area code, or None to clear it.
    A code that is not a known LAD, CA or county is ignored (the match stands)."""
    cas, counties = ca_names or {}, county_names or {}
    rows = []
    for r in matches.itertuples(index=False):
        row = (r.buyer, r.kind, r.code, r.area, r.status, r.why)
        code = chosen.get(r.buyer, r.code) if r.buyer in chosen else r.code
        if r.buyer in chosen and code is None:
            row = (r.buyer, "", None, None, NONE_CHOSEN, "cleared by you")
        elif r.buyer in chosen and (code in lad_names or code in cas or code in counties):
            if code in lad_names:
                kind, name = "lad", lad_names[code]
            elif code in cas:
                kind, name = "ca", cas[code]
            else:
                kind, name = "utla24", counties[code]
            row = (r.buyer, kind, code, name, OVERRIDDEN, f"set to {name} ({code}) by you")
        rows.append(row)
    return pd.DataFrame(rows, columns=list(matches.columns))


def own_localities(matches: pd.DataFrame) -> dict[str, Locality]:
    """buyer → its own Locality (one LAD, CA or county; LAD and CA follow the index vintage) for
    every matched buyer; an unmatched buyer is absent, so its local share stays missing, never 0."""
    out: dict[str, Locality] = {}
    for r in matches.itertuples(index=False):
        if isinstance(r.code, str) and r.code and r.kind in ("lad", "ca", "utla24"):
            out[str(r.buyer)] = Locality(r.kind, (str(r.code),), str(r.area))
    return out
