"""The home page's map of the chapters: where each city's point and label go.

An equirectangular projection (x = longitude, y = minus latitude, in degrees) is enough
for a page-sized overview and needs no library; the theme draws the land under it from a
path it ships (templates/map_land.svg), so the map loads nothing from another host. The
view is cropped to the chapters with a margin, and labels are placed where they do not
overlap an earlier label or point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

MARGIN_LON, MARGIN_LAT = 18.0, 12.0
"""Degrees of map around the outermost chapters."""
MIN_WIDTH = 90.0
"""The narrowest view, so two chapters in neighbouring towns still show their region."""
NORTH, SOUTH = 84.0, -60.0
"""The world outline's extent (without Antarctica)."""
POINT_RADIUS_SHARE = 1 / 180
LABEL_SIZE_SHARE = 1 / 48
"""Point radius and label size, as shares of the view's width: the same on the page at any crop."""
CHARACTER_WIDTH = 0.58
"""An estimate of a character's width in ems, for the overlap test; generous for system fonts."""


@dataclass(frozen=True)
class Place:
    """A chapter to show: its name, page and location."""

    name: str
    path: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Point:
    name: str
    path: str
    lat: float
    lon: float
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str
    """`start`, `end` or `middle`: the SVG `text-anchor` of the label."""


@dataclass(frozen=True)
class ChapterMap:
    view_box: str
    radius: float
    font_size: float
    points: tuple[Point, ...]

    def to_json(self) -> list[object]:
        return [self.view_box, self.radius, self.font_size, [[getattr(point, name) for name in _POINT_FIELDS] for point in self.points]]

    @classmethod
    def from_json(cls, value: object) -> ChapterMap:
        """The inverse of `to_json`; ValueError for anything else (a damaged memo is a miss)."""
        if not isinstance(value, list) or len(value) != 4:
            raise ValueError("not a map")
        view_box, radius, font_size, points = value
        if not isinstance(view_box, str) or type(radius) is not float or type(font_size) is not float or not isinstance(points, list):
            raise ValueError("not a map")
        found = []
        for point in points:
            if not isinstance(point, list) or len(point) != len(_POINT_FIELDS) or not all(
                    type(item) is kind for item, kind in zip(point, _POINT_TYPES, strict=True)):
                raise ValueError("not a point")
            found.append(Point(*point))
        return cls(view_box, radius, font_size, tuple(found))


_POINT_FIELDS = tuple(field.name for field in fields(Point))
_POINT_TYPES = (str, str, float, float, float, float, float, float, str)


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular, in degrees: east is right, north is up."""
    return lon, -lat


Box = tuple[float, float, float, float]


def _overlap_area(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


class _Boxes:
    """Boxes in the order they were added, found by the grid cells they cover: a label is
    compared with the boxes near it only, so placing n labels costs about n, not n²."""

    def __init__(self, cell: float) -> None:
        self.cell = cell if cell > 0 else 1.0
        self.boxes: list[Box] = []
        self.cells: dict[tuple[int, int], list[int]] = {}

    def _cells(self, box: Box) -> list[tuple[int, int]]:
        x1, y1, x2, y2 = (int(v // self.cell) for v in box)
        return [(cx, cy) for cx in range(x1, x2 + 1) for cy in range(y1, y2 + 1)]

    def add(self, box: Box) -> None:
        for cell in self._cells(box):
            self.cells.setdefault(cell, []).append(len(self.boxes))
        self.boxes.append(box)

    def near(self, box: Box) -> list[Box]:
        """Every box that may overlap `box` (all that do, and some that do not), in the order added."""
        found = {index for cell in self._cells(box) for index in self.cells.get(cell, ())}
        return [self.boxes[index] for index in sorted(found)]


Candidate = tuple[float, float, str, Box]
"""Label x, baseline y, text anchor, and the box the label covers."""


def _candidates(x: float, y: float, label_width: float, size: float, gap: float) -> list[Candidate]:
    """Places for a label, best first: right of the point, left, above, below, then the corners a line further out."""
    found: list[Candidate] = []
    for dy in (0.0, -size, size, -2 * size, 2 * size):
        baseline = y + size * 0.35 + dy
        top, bottom = baseline - size * 0.95, baseline + size * 0.1
        found.append((x + gap, baseline, "start", (x + gap, top, x + gap + label_width, bottom)))
        found.append((x - gap, baseline, "end", (x - gap - label_width, top, x - gap, bottom)))
        if dy == 0.0:
            found.append((x, y - gap, "middle", (x - label_width / 2, y - gap - size * 0.95, x + label_width / 2, y - gap + size * 0.1)))
            found.append((x, y + gap + size * 0.8, "middle", (x - label_width / 2, y + gap - size * 0.15, x + label_width / 2, y + gap + size * 0.9)))
    return found


def view(places: Sequence[Place]) -> tuple[float, float, float, float]:
    """The cropped view (x, y, width, height), about twice as wide as high, inside the outline."""
    xs = [place.lon for place in places]
    ys = [-place.lat for place in places]
    left, right = min(xs) - MARGIN_LON, max(xs) + MARGIN_LON
    top, bottom = max(min(ys) - MARGIN_LAT, -NORTH), min(max(ys) + MARGIN_LAT, -SOUTH)
    width = max(right - left, MIN_WIDTH, (bottom - top) * 2)
    height = max(bottom - top, width / 2)
    centre_x, centre_y = (left + right) / 2, (top + bottom) / 2
    x = min(max(centre_x - width / 2, -180.0), 180.0 - width) if width < 360 else -180.0
    y = min(max(centre_y - height / 2, -NORTH), -SOUTH - height) if height < NORTH - SOUTH else -NORTH
    return x, y, min(width, 360.0), min(height, NORTH - SOUTH)


def chapter_map(places: Sequence[Place], label_share: float = LABEL_SIZE_SHARE) -> ChapterMap | None:
    """Every chapter with a location as a point with a label; None if no chapter has one.
    `label_share`: the labels' size as a share of the view's width (larger for a phone's narrow map)."""
    if not places:
        return None
    x0, y0, width, height = view(places)
    radius, size = width * POINT_RADIUS_SHARE, width * label_share
    ordered = sorted(places, key=lambda place: (-place.lat, place.lon, place.name))
    dots = _Boxes(size * 4)
    for place in ordered:
        x, y = project(place.lat, place.lon)
        dots.add((x - radius, y - radius, x + radius, y + radius))
    taken = _Boxes(size * 4)
    points = []
    for place in ordered:
        x, y = project(place.lat, place.lon)
        label_width, gap = len(place.name) * size * CHARACTER_WIDTH, radius * 2
        candidates = _candidates(x, y, label_width, size, gap)
        inside = [c for c in candidates if c[3][0] >= x0 and c[3][2] <= x0 + width] or candidates
        # The first place that overlaps nothing; in a crowd, the one that overlaps least (the
        # labels placed so far, then the dots, summed in that order).
        label_x, label_y, anchor, box = min(inside, key=lambda c: sum(_overlap_area(c[3], other) for other in (*taken.near(c[3]), *dots.near(c[3]))))
        taken.add(box)
        points.append(Point(place.name, place.path, place.lat, place.lon, _round(x), _round(y), _round(label_x), _round(label_y), anchor))
    return ChapterMap(" ".join(_round(v).__str__() for v in (x0, y0, width, height)), _round(radius), _round(size), tuple(points))


def _round(value: float) -> float:
    return round(value, 4) + 0.0  # + 0.0 turns -0.0 into 0.0; four places, as locations are written
