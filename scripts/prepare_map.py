"""Prepare the shipped map: ../shared's municipal boundaries, simplified for the browser.

Source: Geodatastyrelsen & Danske Kommuner, FOT 2014, 1:500,000, WGS84 (311 polygons,
several per municipality). Output: assets/dk-municipalities.geojson with one MultiPolygon
per municipality (98), `id` = the DST code as an int, coordinates in 2-D rounded to 4
decimals (about 10 m), rings simplified with Douglas-Peucker and wound clockwise as
Plotly's geo projection (d3-geo) expects. The FOT 2014 set lists Christiansø (411), which
is not a municipality, so it is dropped. Run once by hand when the source changes:

    python scripts/prepare_map.py ../shared/data/dk-municipalities-fot-2014.geojson
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path

TOLERANCE = 0.002  # degrees, about 130-220 m: invisible at a national map's scale
DROP = {"411"}
ATTRIBUTION = ("Kommunegrænser: Geodatastyrelsen og Danske Kommuner, FOT 2014, 1:500.000, "
               "forenklet til visning")


def _perpendicular(p: tuple[float, float], a: tuple[float, float],
                   b: tuple[float, float]) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative so that long coastlines don't hit the recursion limit."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, None
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def signed_area(ring: list[tuple[float, float]]) -> float:
    """Shoelace area: positive when the ring runs counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


def prepare_ring(ring: list[list[float]], clockwise: bool) -> list[list[float]] | None:
    """Simplify, round and orient one closed ring; None when it collapses to nothing."""
    flat = [(round(c[0], 6), round(c[1], 6)) for c in ring]
    # Split the closed ring in two halves so the fixed end points aren't the same point.
    middle = len(flat) // 2
    simple = simplify(flat[: middle + 1], TOLERANCE)[:-1] + simplify(flat[middle:], TOLERANCE)
    out = []
    for x, y in simple:
        point = (round(x, 4), round(y, 4))
        if not out or out[-1] != point:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    if len(out) < 4 or abs(signed_area(out)) < 1e-7:
        return None
    if (signed_area(out) < 0) != clockwise:
        out.reverse()
    return [list(p) for p in out]


def prepare(source: dict) -> dict:
    """Group the source polygons by municipality code into one simplified feature each."""
    parts: dict[str, list] = defaultdict(list)
    names: dict[str, str] = {}
    for feature in source["features"]:
        code = feature["properties"]["lau_1"]
        if code in DROP:
            continue
        names[code] = feature["properties"]["label_dk"]
        geometry = feature["geometry"]
        polygons = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
                    else geometry["coordinates"])
        for polygon in polygons:
            outer = prepare_ring(polygon[0], clockwise=True)
            if outer is None:
                continue
            holes = [h for h in (prepare_ring(r, clockwise=False) for r in polygon[1:]) if h]
            parts[code].append([outer, *holes])
    features = [
        {"type": "Feature", "id": int(code), "properties": {"code": int(code), "name": names[code]},
         "geometry": {"type": "MultiPolygon", "coordinates": parts[code]}}
        for code in sorted(parts, key=int)
    ]
    return {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "assets"
                        / "dk-municipalities.geojson")
    args = parser.parse_args(argv)
    result = prepare(json.loads(args.source.read_text(encoding="utf-8")))
    args.out.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":")),
                        encoding="utf-8")
    points = sum(len(r) for f in result["features"] for p in f["geometry"]["coordinates"]
                 for r in p)
    print(f"{len(result['features'])} municipalities, {points} points, "
          f"{args.out.stat().st_size // 1024} KiB -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
