"""Turn a map selection (st.pydeck_chart on_select payload) into typed picks and a detail table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from geo import levels

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
    out: list[Place] = []
    for key in level_keys:
        lv = levels.get(key)
        for col in lv.columns:  # a LEP has two: 7 LADs sat in two LEPs (2021)
            value = first.get(col)
            if value is None or pd.isna(value) or not str(value).strip():
                continue
            c = str(value)
            out.append(Place(lv.label, names.get(key, {}).get(c, c), c, key))
    return out


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
