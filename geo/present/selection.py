"""Turn a map selection (st.pydeck_chart on_select payload) into typed picks and a detail table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from geo import fmt, levels
from geo.analysis.summary import Summary

SUPPLIER_LAYER = "suppliers"  # points_layer's default id
LSOA_LAYER_PREFIX = "lsoa-"  # lsoa-imd (GeoJSON or tiles)
DETAIL_COLUMNS = ("What", "Name", "Code", "Details")


@dataclass(frozen=True)
class Pick:
    """One clicked object: which layer, what kind of thing, and its n / c / x / k fields."""

    layer: str
    kind: str  # "Supplier", "LSOA", a level noun ("LAD", "LEP", "Combined Authority"), "Area"
    name: str
    code: str
    detail: str
    key: int | None = None  # supplier point row key (supplier_points "key"), for point_rows
    level: str = ""  # an area's geo.levels key (lad24, lep, ca25…): a band's, or its layer's

    @property
    def is_lsoa(self) -> bool:
        return self.kind == "LSOA"

    @property
    def is_supplier(self) -> bool:
        return self.layer == SUPPLIER_LAYER


def _objects(payload: object) -> Mapping[str, Sequence[object]]:
    """{layer id: [objects]} from the selection state (attribute or dict access); {} if none."""
    if not payload:
        return {}
    for get in (
        lambda p: p.selection.objects,  # type: ignore[attr-defined]
        lambda p: p["selection"]["objects"],  # type: ignore[index]
        lambda p: p["objects"],  # type: ignore[index]
    ):
        try:
            found = get(payload)
        except (AttributeError, KeyError, TypeError):
            continue
        if isinstance(found, Mapping):
            return found
    return {}


def _kind(layer_id: str) -> str:
    if layer_id == SUPPLIER_LAYER:
        return "Supplier"
    if layer_id.startswith(LSOA_LAYER_PREFIX):
        return "LSOA"
    head = layer_id.split("-", 1)[0]
    try:
        return levels.get(head).noun
    except KeyError:
        return "Area"


def _text(v: object) -> str:
    return "" if v is None else str(v)


def picks(payload: object) -> list[Pick]:
    """Every picked object in a selection payload, suppliers first; never raises on odd payloads."""
    out: list[Pick] = []
    for layer_id, objs in _objects(payload).items():
        if not isinstance(objs, Sequence) or isinstance(objs, str):
            continue
        for obj in objs:
            if not isinstance(obj, Mapping):
                continue
            props = obj.get("properties")
            fields = props if isinstance(props, Mapping) else obj
            key = fields.get("k")
            band = fields.get("lvl")  # a boundary band in the decile tiles: its level's noun
            kind = _kind(f"{band}-band" if band else str(layer_id))
            level = str(band) if band else str(layer_id).split("-", 1)[0]
            out.append(
                Pick(
                    layer=str(layer_id),
                    kind=kind,
                    name=_text(fields.get("n")),
                    code=_text(fields.get("c")),
                    detail=_text(fields.get("x")),
                    key=int(key)
                    if isinstance(key, int | float) and not isinstance(key, bool)
                    else None,
                    level="" if kind in ("Supplier", "LSOA") else level,
                )
            )
    return sorted(out, key=lambda p: not p.is_supplier)


@dataclass(frozen=True)
class Place:
    """An area an LSOA lies in: its level's label (with the vintage), name and GSS code."""

    label: str
    name: str
    code: str
    level: str = ""  # its geo.levels key (lad24, lep, ca25…)
    # An upper-tier authority's districts (LAD codes): the summary keeps no county table, so its
    # spend is the sum of theirs (a county is whole districts: ONS LAD-to-UTLA lookup).
    parts: tuple[str, ...] = ()


# The levels a clicked LSOA names, in order: its district, its county (a unitary authority is its
# own and is named once), its LEP and its combined authority.
PLACE_KINDS: tuple[str, ...] = ("lad", "utla24", "lep", "ca")


def place_levels(imd: str, columns: Iterable[str]) -> list[str]:
    """The geo.levels keys of PLACE_KINDS under the vintage that LSOA rows with these `columns`
    carry (the LSOA 2011 table has no utla24cd)."""
    cols = set(columns)
    keys = [levels.for_imd(k, imd).key for k in PLACE_KINDS]
    return [k for k in keys if levels.carried_by(k, cols)]


def lsoa_places(
    lsoa: pd.DataFrame,
    lsoa_column: str,
    code: str,
    level_keys: Sequence[str],
    names: Mapping[str, Mapping[str, str]],
) -> list[Place]:
    """The areas of each level (geo.levels keys, in order) that the LSOA `code` lies in.

    Read from the LSOA table's membership columns (lad24cd, lep21cd + lep21cd2, ca25cd…), so a
    click on an LSOA names its district, LEP and combined authority: on the Deprivation map the
    boundary lines are not clickable (the LSOA under them answers). `names` maps a level key to
    {code: name}. An LSOA in no combined authority simply has none; an unknown code gives [].
    """
    row = lsoa.loc[lsoa[lsoa_column].astype(str) == str(code)]
    if row.empty:
        return []
    first = row.iloc[0]
    lad_column = next(
        (levels.get(k).columns[0] for k in level_keys if levels.family(k) == "lad"), None
    )
    out: list[Place] = []
    for key in level_keys:
        lv = levels.get(key)
        for col in lv.columns:  # a LEP has two: 7 LADs sat in two LEPs (2021)
            value = first.get(col)
            if value is None or pd.isna(value) or not str(value).strip():
                continue
            c = str(value)
            if any(p.code == c for p in out):  # a unitary authority is its own upper tier
                continue
            parts: tuple[str, ...] = ()
            if levels.family(key) == "utla" and lad_column in lsoa.columns:
                parts = tuple(
                    sorted(set(lsoa.loc[lsoa[col].astype(str) == c, lad_column].astype(str)))
                )
            out.append(Place(lv.label, names.get(key, {}).get(c, c), c, key, parts))
    return out


# Selection tables per area level: the summary's £ by the supplier's area (geo.analysis.summary).
_AREA_TABLES = {"lad": "by_lad", "lep": "by_lep", "ca": "by_ca"}


def area_spend_line(summary: Summary, level: str, code: str, parts: Sequence[str] = ()) -> str:
    """'£X (Y% of all spend) with suppliers in this area, N rows' for an area of a geo.levels key
    (lad24, lep, ca25…: the summary's tables hold the vintage's own codes); an upper-tier
    authority's from its districts `parts` (the summary keeps no county table); '' for a level
    with neither."""
    if parts:
        level, codes = "lad", list(parts)
    else:
        codes = [code]
    table = getattr(summary, _AREA_TABLES.get(levels.family(level), ""), None)
    if table is None or not code:
        return ""
    rows = table.loc[table["code"].isin(codes)]
    if rows.empty:
        return "No spend in this selection with suppliers located in this area."
    gbp, share, n = (float(rows[c].sum()) for c in ("gbp", "share", "rows"))
    return (
        f"{fmt.format_gbp(gbp)} ({fmt.format_share(share)} of all spend "
        f"in the selection) with suppliers located in this area, over {int(n):,} rows."
    )


def places_line(places: Sequence[Place]) -> str:
    """'In Manchester (Local authority district (LAD 2024)), …' or '' when there are none."""
    if not places:
        return ""
    return "In " + "; ".join(f"{p.name} ({p.code}), {p.label}" for p in places) + "."


def detail_table(selected: Sequence[Pick]) -> pd.DataFrame:
    """One row per picked object: What, Name, Code, Details (empty table with those columns if none)."""
    return pd.DataFrame(
        [(p.kind, p.name, p.code, p.detail) for p in selected], columns=list(DETAIL_COLUMNS)
    )
