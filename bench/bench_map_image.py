"""Benchmark: all-England LSOA decile map as a 300 dpi A4 PNG, against geopandas' own plot of the same layer."""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matplotlib.figure import Figure  # noqa: E402

from geo.present import image, palette  # noqa: E402
from geo.store import read  # noqa: E402


def baseline(lsoa) -> bytes:
    """The same work the obvious way: reproject with geopandas, GeoDataFrame.plot, save PNG."""
    bng = lsoa.to_crs(27700)
    fig = Figure(figsize=(image.A4_WIDTH_IN, 8), dpi=image.PRINT_DPI)
    ax = fig.add_axes((0.02, 0.1, 0.7, 0.85))
    colours = palette.decile_colours(bng["imd_decile"].tolist()) / 255.0
    bng.plot(ax=ax, color=colours, linewidth=0)
    ax.set_axis_off()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=image.PRINT_DPI)
    return buf.getvalue()


def main() -> None:
    view = image.MapView(
        "England", boundaries=("lad",), vintages=image.default_vintages(read.read_manifest())
    )
    lsoa, areas = image.load_layers(view)
    print(f"LSOAs: {len(lsoa):,} (simplified national display layer)")
    t = time.perf_counter()
    ours = image.render_map(view, lsoa, areas)
    t_ours = time.perf_counter() - t
    t = time.perf_counter()
    base = baseline(lsoa)
    t_base = time.perf_counter() - t
    print(
        f"render_map (paths + LAD outlines, legend, scale bar): {t_ours:6.2f} s, {len(ours) / 1e6:.1f} MB"
    )
    print(
        f"geopandas plot baseline (fill only):                  {t_base:6.2f} s, {len(base) / 1e6:.1f} MB"
    )
    print(f"ratio baseline / ours: {t_base / t_ours:.2f}×")


if __name__ == "__main__":
    main()
