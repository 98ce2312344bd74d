"""The maps a report carries: all England by deprivation, and the chosen "local" area by local / not local."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from geo import levels
from geo.analysis.filters import Filters, Locality
from geo.analysis.summary import Summary
from geo.present import columns, image, mapspec
from geo.present.report import build_report
from geo.present.report_model import MapImage
from geo.spend import privacy
from geo.store import catalogue, read


def report_maps(
    geocoded: pd.DataFrame,
    mask: np.ndarray | None,
    locality: Locality | None,
    *,
    selection: str = "",
    names: dict[str, str] | None = None,
    store: Path | None = None,
    dpi: int = image.PRINT_DPI,
    imd: str | None = None,
) -> list[MapImage]:
    """Render the report's maps from the store. Pass the public view of `geocoded` in public mode.

    `imd` is the deprivation vintage (default 2025): LSOA layer, deciles, "lad"/"ca" outlines.
    Both maps use one £ size scale (the largest supplier location in the selection), so circle
    sizes compare between them.
    """
    imd = levels.imd(imd).key
    vintages = image.default_vintages(read.read_manifest(store), imd)
    points = mapspec.supplier_points(geocoded, mask, locality, imd=imd)
    top = float(points["amount"].abs().max()) if len(points) else None
    sub = f"Selection: {selection or 'all rows'}. Circle area ∝ £ per supplier location."
    national = image.MapView(
        "Suppliers by deprivation decile — England",
        boundaries=("lad", "ca"),
        subtitle=sub,
        max_amount=top,
        vintages=vintages,
        imd=imd,
    )
    lsoa, areas = image.load_layers(national, store)
    located = int(len(points))
    out = [
        MapImage(
            national.title,
            image.render_map(national, lsoa, areas, points, dpi=dpi),
            f"{located:,} supplier locations drawn, coloured by the {vintages['IMD']} decile of "
            f"their LSOA ({vintages['LSOA']}); "
            "suppliers with no located postcode are counted in the tables, not drawn.",
        )
    ]
    if locality is not None:
        locality = locality.under(imd)
    # One drawable area: its own level (LAD 2024 / CA 2025 under IMD 2025, LEP 2021 …). An
    # upper-tier authority is carried by the LSOA 2021 layer only, so under IMD 2019 (LSOA 2011)
    # there is no layer to shade inside it and the zoomed map is left out.
    on_layer = locality is None or locality.kind != "utla24" or levels.imd(imd).key == "2025"
    if locality is not None and on_layer and (locality.kind != "lads" or len(locality.codes) == 1):
        code = locality.codes[0]
        name = (names or {}).get(code, locality.label or code)
        lv = locality.level
        zoom = image.MapView(
            f"Local and non-local suppliers — {name}",
            focus_level=lv.key,
            focus_code=code,
            boundaries=tuple(dict.fromkeys(("lad", lv.key))),
            colour_by="local",
            locality_description=locality.description,
            subtitle=sub,
            max_amount=top,
            # The footer names every boundary drawn: add the local one when it is not already
            # there (an upper-tier authority beside the LAD, LEP and CA).
            vintages=vintages
            if lv.vintage in " ".join(vintages.values())
            else {**vintages, lv.label.split(" (")[0]: lv.vintage},
            imd=imd,
        )
        lsoa, areas = image.load_layers(zoom, store)
        out.append(
            MapImage(
                zoom.title,
                image.render_map(zoom, lsoa, areas, points, dpi=dpi),
                f"Local means {locality.description}. LSOAs inside the boundary are shaded "
                f"by {vintages['IMD']} decile ({vintages['LSOA']}).",
            )
        )
    return out


def report_for_view(
    summary: Summary,
    geocoded: pd.DataFrame,
    mask: np.ndarray | None,
    filters: Filters,
    locality: Locality | None,
    *,
    fmt: str = "html",
    public: bool = False,
    source_name: str = "",
    title: str = "",
    extra_sections: Sequence[tuple[str, pd.DataFrame, str]] = (),
    maps: bool = True,
    extra_maps: Sequence[MapImage] = (),
    top_n: int = 10,
    store: Path | None = None,
    imd: str | None = None,
) -> bytes:
    """The one call behind the Spend map's report button and `python -m geo report`.

    Reads area names, vintages and the list of prepared sources from the store, renders the maps
    (from the public view when `public`), and returns the HTML or DOCX bytes. `extra_maps` (the
    leakage flow map) follow the report's own maps.
    """
    manifest = read.read_manifest(store)
    names = columns.area_names(store)
    shown = privacy.public_view(geocoded) if public else geocoded
    images = (
        report_maps(
            shown,
            mask,
            locality,
            selection=summary.selection,
            names=names,
            store=store,
            imd=imd or summary.imd,
        )  # fmt: skip
        if maps
        else []
    )
    return build_report(
        summary,
        geocoded,
        mask,
        filters,
        locality,
        fmt=fmt,
        public=public,
        title=title,
        source_name=source_name,
        maps=[*images, *extra_maps],
        extra_sections=extra_sections,
        names=names,
        vintages=image.default_vintages(manifest, imd or summary.imd),
        sources=catalogue.report_sources(
            list(manifest.get("datasets", {})), levels.imd(imd or summary.imd).key, source_name
        ),
        top_n=top_n,
    )
