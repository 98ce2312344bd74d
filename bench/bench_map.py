"""Map payload benchmark: our compact spec vs pydeck's JSON of the same layers, minified and as pydeck prints it."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pydeck as pdk  # noqa: E402

from geo.present import mapspec  # noqa: E402
from geo.store import read as store  # noqa: E402


def _timed(fn, repeat: int = 3):
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def _default_outline(gdf, layer_id):
    return pdk.Layer(
        "GeoJsonLayer",
        data=gdf,
        id=layer_id,
        stroked=True,
        filled=True,
        get_fill_color=[0, 0, 0, 1],
        get_line_color=[0, 0, 0, 230],
        pickable=True,
    )


def _default_fill(gdf):
    """pydeck's default GeoJsonLayer of LSOAs (the comparison baseline for the decile layer)."""
    return pdk.Layer(
        "GeoJsonLayer", data=gdf, id="lsoa-imd", get_fill_color=[0, 0, 0], pickable=True
    )


def _default_points(geocoded):
    """pydeck's default ScatterplotLayer of the located supplier rows (the comparison baseline)."""
    return pdk.Layer(
        "ScatterplotLayer",
        data=geocoded[geocoded["lat"].notna()],
        id="suppliers",
        get_position=["lon", "lat"],
        get_radius=5,
        radius_units="pixels",
        pickable=True,
    )


def _default_deck(layers):
    view = pdk.ViewState(
        latitude=mapspec.ENGLAND_VIEW.latitude,
        longitude=mapspec.ENGLAND_VIEW.longitude,
        zoom=mapspec.ENGLAND_VIEW.zoom,
    )
    return pdk.Deck(
        layers=layers,
        initial_view_state=view,
        map_provider=None,
        map_style=None,
        tooltip={"html": mapspec.TOOLTIP["html"]},
    ).to_json()


def _spend_points():
    from geo.paths import raw_dir
    from geo.spend import ingest
    from geo.spend.geocode import geocode
    from geo.store import catalogue

    path = raw_dir() / catalogue.get("spend_cf").path
    table = ingest.read_spend(path, filename=path.name)
    g = geocode(table.frame, store.read_postcodes())
    return g, mapspec.supplier_points(g, None, None)


def bench_python() -> None:
    lsoa = store.read_lsoa()
    lad, lep = store.read_areas("lad"), store.read_areas("lep")
    geocoded, points = _spend_points()
    trafford = mapspec.lsoas_in(lsoa, "lad", "E08000009")
    # As the app does when zoomed to an area: that area's LSOAs at the store's 20 m detail.
    trafford_detail = store.read_lsoa_detail(trafford["lsoa11cd"].astype(str).tolist())

    cases = {
        # page: (our builder, pydeck default builder)
        "spend_map": (
            lambda: (
                mapspec.deck_spec(
                    [mapspec.outline_layer("lep", lep), mapspec.supplier_layer(points)],
                    mapspec.ENGLAND_VIEW,
                ).json
            ),
            lambda: _default_deck(
                [
                    _default_outline(lep, "lep-outline"),
                    _default_points(geocoded),
                ]
            ),
        ),
        "spend_map_zoomed_imd": (
            lambda: (
                mapspec.deck_spec(
                    [
                        mapspec.decile_layer_for(lsoa, "lad", "E08000009", trafford_detail),
                        mapspec.outline_layer("lad", lad),
                        mapspec.supplier_layer(points),
                    ],
                    mapspec.ENGLAND_VIEW,
                ).json
            ),
            lambda: _default_deck(
                [
                    _default_fill(trafford),
                    _default_outline(lad, "lad-outline"),
                    _default_points(geocoded),
                ]
            ),
        ),
        "deprivation": (
            lambda: (
                mapspec.deck_spec(
                    [mapspec.decile_layer_for(lsoa, None, None), mapspec.outline_layer("lep", lep)],
                    mapspec.ENGLAND_VIEW,
                ).json
            ),
            lambda: _default_deck(
                [
                    _default_fill(lsoa),
                    _default_outline(lep, "lep-outline"),
                ]
            ),
        ),
        "growth_deals": (
            lambda: (
                mapspec.deck_spec(
                    [
                        *mapspec.per_head_layers(lep)[0],
                        mapspec.share_layer(lad),
                        mapspec.outline_layer("lep", lep),
                    ],
                    mapspec.ENGLAND_VIEW,
                ).json
            ),
            lambda: _default_deck(
                [
                    pdk.Layer(
                        "GeoJsonLayer",
                        data=lep,
                        id="lep-per-head",
                        get_fill_color=[0, 0, 0],
                        pickable=True,
                    ),
                    pdk.Layer(
                        "GeoJsonLayer",
                        data=lad,
                        id="lad-share",
                        get_fill_color=[0, 0, 0],
                        pickable=True,
                    ),
                    _default_outline(lep, "lep-outline"),
                ]
            ),
        ),
    }
    for page, (ours, default) in cases.items():
        t_ours, spec = _timed(ours, repeat=3)
        t_def, dspec = _timed(default, repeat=1 if page == "deprivation" else 3)
        # Fair baseline: the same pydeck JSON minified (pydeck's to_json pretty-prints with indent=2,
        # which the old ratio counted as our compaction). Minifying is part of the baseline's work.
        t_min, mspec = _timed(
            lambda d=dspec: json.dumps(json.loads(d), separators=(",", ":"), ensure_ascii=False), 1
        )
        b_ours, b_def = len(spec.encode()), len(dspec.encode())
        b_min = len(mspec.encode())
        print(f"page={page} spec_seconds={t_ours:.4f} spec_bytes={b_ours}")
        print(f"page={page} pydeck_pretty_seconds={t_def:.4f} pydeck_pretty_bytes={b_def}")
        print(
            f"page={page} pydeck_minified_seconds={t_def + t_min:.4f} pydeck_minified_bytes={b_min}"
        )
        print(
            f"page={page} OLD size_ratio(pretty/ours)={b_def / b_ours:.2f} "
            f"speed_ratio={t_def / t_ours:.1f}"
        )
        print(
            f"page={page} FAIR size_ratio(minified/ours)={b_min / b_ours:.2f} "
            f"speed_ratio={(t_def + t_min) / t_ours:.1f}"
        )


def bench_browser() -> None:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MAP, free_port, start_server

    port = free_port()
    proc = start_server(port)
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # Warm the server caches once (first load also ingests and geocodes the default file).
            for path, n in (("spend_map", 1), ("deprivation", 1), ("growth_deals", 2)):
                pg = b.new_page()
                pg.set_default_timeout(180_000)
                pg.goto(f"http://127.0.0.1:{port}/{path}")
                pg.wait_for_function(f"document.querySelectorAll('{MAP}').length >= {n}")
                pg.close()
            for path, n in (("spend_map", 1), ("deprivation", 1), ("growth_deals", 2)):
                pg = b.new_page()
                pg.set_default_timeout(180_000)
                t = time.perf_counter()
                pg.goto(f"http://127.0.0.1:{port}/{path}")
                pg.wait_for_function(f"document.querySelectorAll('{MAP}').length >= {n}")
                print(f"page={path} time_to_first_map_seconds={time.perf_counter() - t:.2f}")
                pg.close()
            b.close()
    finally:
        proc.terminate()
        proc.wait(timeout=15)


if __name__ == "__main__":
    bench_python()
    # Browser bytes and times of the map pages: bench/bench_browser_maps.py (tiles vs GeoJSON).
    if "--browser" in sys.argv:
        bench_browser()
