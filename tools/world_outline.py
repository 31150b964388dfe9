"""Make the theme's world outline (themes/default/templates/map_land.svg) from Natural Earth's land.

The home page's map draws the continents as one SVG path shipped with the theme, so a page
never loads map tiles or data from another host. The path was made once with this script
from `land-110m.json` of the npm package `world-atlas` 2.0.2 (ISC licence, Mike Bostock;
a TopoJSON redistribution of Natural Earth's public-domain 1:110m land):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/world_outline.py package/land-110m.json > themes/default/templates/map_land.svg

Coordinates are plain longitude and minus latitude (an equirectangular projection, as
generator/chapter_map.py uses), simplified to about half a degree, without Antarctica.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

TOLERANCE = 0.5
"""Degrees: points closer than this to the simplified line are dropped."""
SOUTHERNMOST = -60.0
"""Rings entirely south of this latitude (Antarctica) are left out."""
MIN_POINTS = 4

Point = tuple[float, float]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """TopoJSON's quantized, delta-encoded arcs as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative so long coastlines do not hit the recursion limit."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        far, index = 0.0, first
        for i in range(first + 1, last):
            x0, y0 = points[i]
            distance = abs((x2 - x1) * (y1 - y0) - (x1 - x0) * (y2 - y1)) / length if length else ((x0 - x1) ** 2 + (y0 - y1) ** 2) ** 0.5
            if distance > far:
                far, index = distance, i
        if far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def path(topology: dict[str, Any]) -> str:
    arcs = decode_arcs(topology)
    parts = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for indexes in polygon:
                points = ring(indexes, arcs)
                if max(lat for _, lat in points) < SOUTHERNMOST:
                    continue
                points = simplify(points, TOLERANCE)
                if len(points) < MIN_POINTS:
                    continue
                parts.append("M" + "L".join(f"{number(lon)} {number(-lat)}" for lon, lat in points[:-1]) + "Z")
    return "".join(parts)


def main(argv: list[str]) -> int:
    topology = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    print("{# Land from Natural Earth (public domain), 1:110m, via the npm package world-atlas 2.0.2")
    print("   (ISC licence, Copyright 2013-2019 Michael Bostock); made by tools/world_outline.py. #}")
    print(f'<path class="land" d="{path(topology)}"/>')
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
