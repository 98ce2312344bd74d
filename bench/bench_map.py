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

    # Baseline data. "old": whole frames and every geocoded row, as the old bench passed them.
    # "same": exactly the features and properties our spec carries (aggregated supplier points;
    # code/name/decile columns; the 20 m detail geometry where the app sends it).
    old = {"lep": lep, "lad": lad, "lsoa": lsoa, "trafford": trafford, "points": geocoded}
    keep = ["code", "name", "geometry"]
    same = {
        "lep": lep[keep],
        "lad": lad[keep],
        "lsoa": lsoa[["lsoa11cd", "lsoa11nm", "imd_decile", "geometry"]],
        "trafford": trafford[["lsoa11cd", "lsoa11nm", "imd_decile"]].assign(
            geometry=trafford_detail.set_index("lsoa11cd")
            .geometry.reindex(trafford["lsoa11cd"])
            .to_numpy()
        ),
        "points": points[["lon", "lat", "name", "code", "detail", "amount"]],
    }

    cases = {
        # page: (our builder, pydeck builder of data d)
        "spend_map": (
            lambda: (
                mapspec.deck_spec(
                    [mapspec.outline_layer("lep", lep), mapspec.supplier_layer(points)],
                    mapspec.ENGLAND_VIEW,
                ).json
            ),
            lambda d: _default_deck(
                [_default_outline(d["lep"], "lep-outline"), _default_points(d["points"])]
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
            lambda d: _default_deck(
                [
                    _default_fill(d["trafford"]),
                    _default_outline(d["lad"], "lad-outline"),
                    _default_points(d["points"]),
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
            lambda d: _default_deck(
                [_default_fill(d["lsoa"]), _default_outline(d["lep"], "lep-outline")]
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
            lambda d: _default_deck(
                [
                    pdk.Layer(
                        "GeoJsonLayer", data=d["lep"], id="lep-per-head", get_fill_color=[0, 0, 0]
                    ),
                    pdk.Layer(
                        "GeoJsonLayer", data=d["lad"], id="lad-share", get_fill_color=[0, 0, 0]
                    ),
                    _default_outline(d["lep"], "lep-outline"),
                ]
            ),
        ),
    }
    for page, (ours, default) in cases.items():
        t_ours, spec = _timed(ours, repeat=3)
        reps = 1 if page == "deprivation" else 3
        t_old, old_spec = _timed(lambda f=default: f(old), repeat=reps)
        t_same, same_spec = _timed(lambda f=default: f(same), repeat=reps)
        # Fair baseline: pydeck's JSON of the same data, minified (pydeck's to_json pretty-prints
        # with indent=2, which the old ratio counted as our compaction); minifying is its work too.
        t_min, min_spec = _timed(
            lambda t=same_spec: json.dumps(
                json.loads(t), separators=(",", ":"), ensure_ascii=False
            ),
            1,
        )
        b_ours, b_old, b_min = len(spec.encode()), len(old_spec.encode()), len(min_spec.encode())
        print(f"page={page} ours_seconds={t_ours:.4f} ours_bytes={b_ours}")
        print(
            f"page={page} OLD baseline (pydeck pretty, whole frames) bytes={b_old} seconds={t_old:.3f}"
        )
        print(
            f"page={page} FAIR baseline (pydeck minified, same data) bytes={b_min} seconds={t_same + t_min:.3f}"
        )
        print(
            f"page={page} OLD size_ratio={b_old / b_ours:.2f} speed_ratio={t_old / t_ours:.1f} | "
            f"FAIR size_ratio={b_min / b_ours:.2f} speed_ratio={(t_same + t_min) / t_ours:.1f}",
            flush=True,
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
