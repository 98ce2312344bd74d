"""Download bytes for tables (CSV, XLSX, GeoPackage), built in memory, with human column names, area names and formulas neutralised."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from geo.errors import SpendGeoError
from geo.present.columns import AS_IN_FILE, VALUE_WORDS, column_label
from geo.spend.orgevidence import is_source_marker
from geo.spend.schema import ENGINE_COLUMNS

# Kept for callers that import it from here: every column the engine adds to a spend file.
NORMALISED: tuple[str, ...] = ENGINE_COLUMNS

# Excel's own limits (Microsoft, "Excel specifications and limits"): 1,048,576 rows including the
# header, 16,384 columns, 32,767 characters in a cell.
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_COLS = 16_384
XLSX_MAX_CELL = 32_767

# A cell a spreadsheet could run as a formula: =, +, -, @ (ASCII or full-width, which Excel and
# LibreOffice also accept) after any blank space, or a leading tab / carriage return (OWASP "CSV
# injection"). Plain numbers such as "-12.50" are left alone: they are data, not formulas.
# (Literal characters, not \\u escapes: the same pattern runs in Python re and Arrow's RE2.)
_FORMULA_LEAD = re.compile("^[\\s\u3000\u00a0]*[=+\\-@\uff1d\uff0b\uff0d\uff20]|^[\\t\\r]")
# A number may carry its unit ("+0.0 pp", "-3.2%", "£1.2m"): still data (exports walk: a
# comparison's "+0.0 pp" came out as "'+0.0 pp" beside "+£53,398").
_PLAIN_NUMBER = re.compile(r"^\s*[+-]?£?\d[\d,]*(?:\.\d+)?(?:\s?(?:pp|%|k|m|bn))?\s*$")
# Control characters XML 1.0 cannot hold (XLSX and GeoPackage text would be refused or damaged).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

AreaNames = Mapping[str, pd.Series]  # code column -> Series mapping code to name


def original_columns(frame: pd.DataFrame) -> list[str]:
    """The spend file's own column names (for mapping overrides)."""
    return [c for c in frame.columns if c not in NORMALISED]


def area_names(store: Path | None = None) -> dict[str, pd.Series]:
    """Code → name for every area code column a geocoded table carries (LSOA, LAD, LEP, CA)."""
    from geo.levels import LEVELS
    from geo.store.read import read_areas, read_lsoa

    out: dict[str, pd.Series] = {}
    for level in LEVELS.values():
        try:
            areas = read_areas(level.store, store)
        except Exception:  # a store without this level: names are simply not added
            continue
        names = pd.Series(areas["name"].to_numpy(), index=areas["code"].astype(str), dtype=object)
        for col in level.columns:
            out.setdefault(col, names)
    try:
        lsoa = read_lsoa(store, columns=None)
        for code in [c for c in lsoa.columns if re.fullmatch(r"lsoa\d\dcd", c)]:
            name_col = code[:-2] + "nm"
            if name_col in lsoa.columns:
                out[code] = pd.Series(
                    lsoa[name_col].to_numpy(), index=lsoa[code].astype(str), dtype=object
                )
    except Exception:
        pass
    return out


def _safe_text(uniques: pd.Index) -> pd.Index:
    """Distinct text values with formulas prefixed by an apostrophe and XML-illegal controls removed."""
    if not len(uniques):
        return uniques
    u = pd.Series(uniques, dtype=object).astype(str)
    u = u.str.replace(_CONTROL, "", regex=True)
    risky = u.str.contains(_FORMULA_LEAD) & ~u.str.match(_PLAIN_NUMBER)
    return pd.Index(u.where(~risky, "'" + u), dtype=object)


_RISKY_FIRST = pa.array(list("=+-@\uff1d\uff0b\uff0d\uff20"))


def _safe_arrow(arr: pa.Array) -> pa.Array:
    """The same neutralisation on an Arrow string array, in C++; regexes run only on candidates."""
    has_control = pc.match_substring_regex(arr, _CONTROL.pattern)
    if pc.any(has_control).as_py():
        arr = pc.if_else(has_control, pc.replace_substring_regex(arr, _CONTROL.pattern, ""), arr)
    first = pc.utf8_slice_codeunits(pc.utf8_ltrim(arr, " \t\r\n\u3000\u00a0"), 0, 1)
    lead = pc.utf8_slice_codeunits(arr, 0, 1)
    candidate = pc.or_(pc.is_in(first, _RISKY_FIRST), pc.is_in(lead, pa.array(["\t", "\r"])))
    candidate = pc.fill_null(candidate, False)
    if not pc.any(candidate).as_py():
        return arr
    plain = pc.match_substring_regex(arr, _PLAIN_NUMBER.pattern)
    risky = pc.and_(candidate, pc.invert(pc.fill_null(plain, False)))
    return pc.if_else(risky, pc.binary_join_element_wise("'", arr, ""), arr)


def _text_array(arr: pa.Array) -> pa.DictionaryArray:
    """A text column dictionary-encoded (council files repeat names), its values neutralised."""
    enc = pc.dictionary_encode(arr)
    if isinstance(enc, pa.ChunkedArray):
        enc = enc.combine_chunks()
    return pa.DictionaryArray.from_arrays(enc.indices, _safe_arrow(enc.dictionary))


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """Columns as Arrow arrays ready to write: text neutralised, dates as days, categories as text."""
    arrays, names = [], []
    for col in frame.columns:
        s = frame[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            cats = pa.array(s.cat.categories.astype(str).to_numpy(dtype=object), pa.string())
            codes = s.cat.codes.to_numpy()
            arr = pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), _safe_arrow(cats))
        elif pd.api.types.is_datetime64_any_dtype(s):
            arr = pa.array(s.dt.tz_localize(None) if s.dt.tz is not None else s)
            if bool((s.dropna() == s.dropna().dt.normalize()).all()):
                arr = pc.cast(arr, pa.date32())
        elif pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            arr = pa.array(s, from_pandas=True)
            if pa.types.is_floating(arr.type):  # inf is no number a spreadsheet can hold
                arr = pc.if_else(pc.is_finite(arr), arr, pa.scalar(None, arr.type))
        else:
            try:
                arr = pa.array(s, type=pa.string(), from_pandas=True)
            except (pa.ArrowException, TypeError):
                arr = pa.array(s.astype("string"), type=pa.string(), from_pandas=True)
            arr = _text_array(arr)
        arrays.append(arr)
        names.append(str(col))
    safe_names = list(_safe_text(pd.Index(names, dtype=object)))
    return pa.Table.from_arrays(arrays, names=safe_names)


def decoded(table: pa.Table) -> pa.Table:
    """Dictionary columns as plain strings (for writers that do not take dictionaries)."""
    cols = [
        pc.cast(c, c.type.value_type) if pa.types.is_dictionary(c.type) else c
        for c in table.columns
    ]
    return pa.Table.from_arrays(cols, names=table.column_names)


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells and headers that a spreadsheet would run as formulas, prefixed with an apostrophe."""
    return decoded(to_arrow(frame)).to_pandas()


def unique_names(names: list[str]) -> list[str]:
    """Column names made unique ignoring case (GeoPackage, SQLite and Excel filters need it)."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        label, n = name, 2
        while label.casefold() in seen:
            label = f"{name} ({n})"
            n += 1
        seen.add(label.casefold())
        out.append(label)
    return out


def export_table(frame: pd.DataFrame, names: AreaNames | None = None) -> pd.DataFrame:
    """The table as downloaded: area names beside their codes, engine columns under human names
    and their codes as words (columns.VALUE_WORDS: 'No postcode (file or register)', not
    'no_postcode').

    The spend file's own columns keep their headers; one that matches an engine column's heading
    ignoring case (the file's 'Date' beside the engine's) reads 'Date (as in the file)'; any
    other clash gets ' (2)', so no format sees two columns of one name.
    """
    cols: list[pd.Series] = []
    order: list[str] = []
    engine = {
        column_label(str(c)).casefold()
        for c in frame.columns
        if c in NORMALISED or names and c in names
    }
    for col in frame.columns:
        s = frame[col]
        # Lists of flags only live in object columns (a text column's map gives text, not bools).
        if (
            col == "flags"
            and s.dtype == object
            and s.map(lambda v: isinstance(v, list | tuple)).astype(bool).any()
        ):
            s = s.map(lambda v: "; ".join(v) if isinstance(v, list | tuple) else v)
        if col in VALUE_WORDS:
            s = as_words(s, VALUE_WORDS[col])
        if col in NORMALISED or names and col in names:
            label = column_label(str(col))
        else:
            label = str(col)
            if label.casefold() in engine:
                label = f"{label} {AS_IN_FILE}"
        cols.append(s)
        order.append(label)
        if names and col in names:
            name_label = column_label(str(col), name=True)
            cols.append(_names_of(s, names[col]))
            order.append(name_label)
    out = pd.DataFrame(dict(enumerate(cols)), index=frame.index)
    out.columns = unique_names(order)
    for col in out.columns:  # spreadsheets and GeoPackage have no time zones
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
    return out


def as_words(codes: pd.Series, words: Mapping[str, str]) -> pd.Series:
    """Each code as its words (unknown values kept as they are), mapped once per distinct value."""
    if isinstance(codes.dtype, pd.CategoricalDtype):
        return codes.cat.rename_categories(lambda c: words.get(c, c)).astype(object)
    return codes.astype(object).map(lambda c: words.get(c, c) if isinstance(c, str) else c)


def _names_of(codes: pd.Series, lookup: pd.Series) -> pd.Series:
    """The area name of each code, looked up once per distinct code."""
    lookup = lookup[~lookup.index.duplicated()]
    if isinstance(codes.dtype, pd.CategoricalDtype):
        cats = pd.Index(codes.cat.categories.astype(str))
        named = lookup.reindex(cats).to_numpy(dtype=object)
        idx = codes.cat.codes.to_numpy()
        out = np.where(idx >= 0, named[np.maximum(idx, 0)], None)
        return pd.Series(out, index=codes.index, dtype=object)
    return codes.astype(object).map(lookup)


def to_csv(frame: pd.DataFrame, names: AreaNames | None = None) -> bytes:
    """UTF-8 CSV with BOM (so Excel opens £ and accented names), written by Arrow."""
    table = decoded(to_arrow(export_table(frame, names)))
    buf = io.BytesIO()
    buf.write(b"\xef\xbb\xbf")
    pacsv.write_csv(table, buf, pacsv.WriteOptions(quoting_style="needed"))
    return buf.getvalue()


def xlsx_problem(frame: pd.DataFrame) -> str | None:
    """The sentence saying why a table cannot be one Excel sheet, or None when it fits."""
    rows, cols = frame.shape
    if rows + 1 > XLSX_MAX_ROWS:
        return f"The table has {rows:,} rows; an Excel sheet holds at most {XLSX_MAX_ROWS - 1:,} rows under its header, so download CSV or GeoPackage instead."
    if cols > XLSX_MAX_COLS:
        return f"The table has {cols:,} columns; an Excel sheet holds at most {XLSX_MAX_COLS:,}, so download CSV instead."
    return None


def to_xlsx(
    frame: pd.DataFrame,
    sheet: str = "data",
    names: AreaNames | None = None,
    about: Sequence[tuple[str, str]] = (),
) -> bytes:
    """The table as one sheet, built entirely in memory (never a temporary file), and an "About"
    sheet of (item, value) rows when `about` is given (exportabout.ExportAbout.items)."""
    from geo.present.xlsx import write_xlsx

    out = export_table(frame, names)
    problem = xlsx_problem(out)
    if problem:
        raise SpendGeoError(problem)
    safe = [(_safe_cell(k), _safe_cell(v)) for k, v in about]
    return write_xlsx(to_arrow(out), sheet, safe)


def _safe_cell(text: str) -> str:
    """One About cell: control characters dropped, a formula-like start neutralised."""
    text = _CONTROL.sub("", str(text))
    return "'" + text if _FORMULA_LEAD.match(text) and not _PLAIN_NUMBER.match(text) else text


def to_gpkg(
    frame: pd.DataFrame,
    layer: str = "spend",
    names: AreaNames | None = None,
    *,
    placed_only: bool = False,
    description: str = "",
) -> bytes:
    """Points (EPSG:4326) for located rows, unlocated rows with empty geometry (or left out with
    `placed_only`: the app's download, where 97-99% of a council file's rows had no geometry);
    `description` is the layer's description in gpkg_contents. Never touches disk: pyogrio writes
    to an in-memory GDAL file (/vsimem), so an uploaded file's rows are not written to the
    server's disk even as a temporary file.
    """
    import pyogrio
    import shapely

    if placed_only and "lat" in frame and "lon" in frame:
        lat = pd.to_numeric(frame["lat"], errors="coerce").to_numpy(dtype="float64")
        lon = pd.to_numeric(frame["lon"], errors="coerce").to_numpy(dtype="float64")
        frame = frame.loc[np.isfinite(lat) & np.isfinite(lon)]

    table = to_arrow(export_table(frame, names))
    # GDAL's Arrow writer takes 32-bit offsets; each column of a spend file is far below 2 GB.
    table = pa.Table.from_arrays(
        [pc.cast(c, pa.string()) if pa.types.is_large_string(c.type) else c for c in table.columns],
        names=table.column_names,
    )
    if "lat" in frame and "lon" in frame:
        lat = pd.to_numeric(frame["lat"], errors="coerce").to_numpy(dtype="float64")
        lon = pd.to_numeric(frame["lon"], errors="coerce").to_numpy(dtype="float64")
        ok = np.isfinite(lat) & np.isfinite(lon)
        points = np.full(len(frame), None, dtype=object)
        points[ok] = shapely.points(lon[ok], lat[ok])
    else:
        points = np.full(len(frame), None, dtype=object)
    wkb = pa.array(shapely.to_wkb(points), type=pa.binary())
    table = table.append_column("geometry", wkb)
    buf = io.BytesIO()
    try:
        pyogrio.write_arrow(
            table,
            buf,
            layer=layer,
            driver="GPKG",
            geometry_name="geometry",
            geometry_type="Point",
            crs="EPSG:4326",
            layer_options={"DESCRIPTION": _CONTROL.sub("", description)} if description else None,
        )
    except Exception as err:  # GDAL's errors name its internals; the user gets a sentence
        raise SpendGeoError(
            f"The GeoPackage could not be written ({type(err).__name__}: {str(err)[:120]}); download CSV instead."
        ) from None
    return buf.getvalue()


def register_template(unplaced: pd.DataFrame | None = None) -> bytes:
    """A supplier register CSV to fill in: the headers the register reader accepts.

    Given the match report's unplaced suppliers (supplier_name, supplier_id, amount), their rows
    are pre-filled, largest £ first, so the officer only types postcodes.
    """
    cols = ["Supplier", "Supplier ID", "Postcode", "Address"]
    if unplaced is not None and not unplaced.empty:
        # The file's own redaction marker ("Redacted": Trafford's 34,612 rows, 16% of its £) is
        # many people under one word: a postcode typed against it would put them all at one place.
        names = unplaced["supplier_name"].astype("string").fillna("")
        marker = names.map(is_source_marker).to_numpy(dtype=bool)
        unplaced = unplaced.loc[~marker]
    if unplaced is None or unplaced.empty:
        rows = pd.DataFrame(
            [["Example Supplies Ltd", "", "M1 1AD", "(delete this example row)"]], columns=cols
        )
    else:
        rows = pd.DataFrame(
            {
                "Supplier": unplaced["supplier_name"].astype(object),
                "Supplier ID": unplaced.get("supplier_id", pd.Series(None, index=unplaced.index)),
                "Postcode": None,
                "Address": None,
            }
        )
        if "amount" in unplaced:
            rows["Spend in this file (£, for reference)"] = unplaced["amount"].round(2)
    return neutralise(rows).to_csv(index=False).encode("utf-8-sig")
