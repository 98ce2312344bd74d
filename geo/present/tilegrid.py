"""The XYZ tile grid in Web Mercator: projecting to it and the tiles covering a box."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import shapely

# Web Mercator (EPSG:3857) half-width of the world in metres: tiles are cut in this projection.
R = 6378137.0
HALF = math.pi * R


def to_mercator(geoms: np.ndarray) -> np.ndarray:
    def fwd(c: np.ndarray) -> np.ndarray:
        lon = np.radians(c[:, 0])
        lat = np.radians(np.clip(c[:, 1], -85.05, 85.05))
        return np.column_stack([R * lon, R * np.log(np.tan(np.pi / 4 + lat / 2))])

    return shapely.transform(geoms, fwd)


def tile_span(z: int) -> float:
    return 2 * HALF / (2**z)


def tile_range(bounds: Sequence[float], z: int) -> tuple[range, range]:
    """x and y tile index ranges (XYZ scheme, y down from the north) covering mercator bounds."""
    minx, miny, maxx, maxy = bounds
    span = tile_span(z)
    x0, x1 = int((minx + HALF) // span), int((maxx + HALF) // span)
    y0, y1 = int((HALF - maxy) // span), int((HALF - miny) // span)
    return range(x0, x1 + 1), range(y0, y1 + 1)
