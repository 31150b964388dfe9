"""plan/chapter_map.py: the home page's map, projection, crop and labels that do not overlap
(the map on the built home page: tests/test_browse.py)."""

from __future__ import annotations

import json

import pytest

from generator.plan.chapter_map import MIN_WIDTH, NORTH, SOUTH, ChapterMap, Place, chapter_map, project, view


def place(name: str, lat: float, lon: float) -> Place:
    return Place(name, f"/cities/{name.lower()}/", lat, lon)


def test_map_projects_equirectangularly() -> None:
    assert project(43.2389, 76.8897) == (76.8897, -43.2389)


def test_map_labels_do_not_overlap() -> None:
    places = [Place(name, f"/cities/{name.lower()}/", lat, lon) for name, lat, lon in [
        ("Berlin", 52.52, 13.405), ("Potsdam", 52.39, 13.06), ("Leipzig", 51.34, 12.37), ("Moscow", 55.7558, 37.6173),
    ]]
    chapters = chapter_map(places)
    assert chapters is not None
    boxes = []
    for point in chapters.points:
        width = len(point.name) * chapters.font_size * 0.5
        left = {"start": point.label_x, "end": point.label_x - width, "middle": point.label_x - width / 2}[point.anchor]
        boxes.append((left, point.label_y - chapters.font_size * 0.6, left + width, point.label_y + chapters.font_size * 0.3))
    for index, box in enumerate(boxes):
        for other in boxes[index + 1:]:
            assert not (box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]), (box, other)


def test_no_places_no_map() -> None:
    assert chapter_map([]) is None


def test_one_place_is_centred_in_the_narrowest_view() -> None:
    x, y, width, height = view([place("Berlin", 52.52, 13.405)])
    assert width == MIN_WIDTH and height == MIN_WIDTH / 2
    assert x + width / 2 == pytest.approx(13.405) and y + height / 2 == pytest.approx(-52.52)


def test_the_view_stays_inside_the_world_outline() -> None:
    for places in ([place("Longyearbyen", 78.22, 15.65)], [place("Ushuaia", -54.8, -68.3)], [place("Suva", -18.1, 178.4), place("Apia", -13.8, -171.8)]):
        x, y, width, height = view(places)
        assert x >= -180.0 and x + width <= 180.0
        assert y >= -NORTH and y + height <= -SOUTH


def test_the_view_is_at_least_twice_as_wide_as_high() -> None:
    _, _, width, height = view([place("Tromso", 69.65, 18.96), place("Cape Town", -33.92, 18.42)])
    assert width >= 2 * height - 1e-9


def test_points_sit_on_their_projection_and_keep_their_place() -> None:
    chapters = chapter_map([place("Almaty", 43.2389, 76.8897), place("Berlin", 52.52, 13.405)])
    assert chapters is not None
    assert [(p.name, p.path, p.x, p.y) for p in chapters.points] == [  # north first
        ("Berlin", "/cities/berlin/", 13.405, -52.52), ("Almaty", "/cities/almaty/", 76.8897, -43.2389),
    ]
    assert chapters.view_box.count(" ") == 3
    assert {p.anchor for p in chapters.points} <= {"start", "end", "middle"}


def test_the_map_is_the_same_whatever_the_order_of_the_places() -> None:
    places = [place("Berlin", 52.52, 13.405), place("Potsdam", 52.39, 13.06), place("Almaty", 43.2389, 76.8897)]
    assert chapter_map(places) == chapter_map(list(reversed(places)))


def test_a_map_kept_in_the_memo_comes_back_equal_and_a_damaged_one_is_a_miss() -> None:
    made = chapter_map([place("Almaty", 43.2389, 76.8897), place("Berlin", 52.52, 13.405)])
    assert made is not None
    assert ChapterMap.from_json(json.loads(json.dumps(made.to_json()))) == made
    for damaged in (None, [], ["0 0 1 1", 1, 0.5, []], [*made.to_json()[:3], [["Berlin", "/cities/berlin/", "52.52"]]]):
        with pytest.raises(ValueError):
            ChapterMap.from_json(damaged)
