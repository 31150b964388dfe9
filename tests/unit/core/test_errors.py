"""core/errors.py: locations, content errors and the report that collects them."""

from __future__ import annotations

from pathlib import Path

from generator.core.errors import ERROR, WARNING, BuildFailed, ContentError, ErrorReport, Location, display_path


def test_location_reads_path_line_column() -> None:
    assert str(Location("content/events/almaty/picnic.md", 4, 7)) == "content/events/almaty/picnic.md:4:7"
    assert str(Location("site.yaml")) == "site.yaml:1:1"


def test_locations_sort_by_path_then_line_then_column() -> None:
    places = [Location("b.md", 1, 1), Location("a.md", 10, 1), Location("a.md", 2, 5), Location("a.md", 2, 1)]
    assert sorted(places) == [Location("a.md", 2, 1), Location("a.md", 2, 5), Location("a.md", 10, 1), Location("b.md", 1, 1)]


def test_line_10_sorts_after_line_9_not_as_text() -> None:
    assert Location("a.md", 9) < Location("a.md", 10)


def test_content_error_reads_as_a_compiler_message() -> None:
    assert str(ContentError(Location("site.yaml", 3, 1), "unknown field `titel`")) == "site.yaml:3:1: error: unknown field `titel`"
    assert str(ContentError(Location("a.md", 2, 4), "link text looks like a host", WARNING)) == "a.md:2:4: warning: link text looks like a host"


def test_an_empty_report_is_false() -> None:
    report = ErrorReport()
    assert not report
    assert report.sorted() == [] and report.sorted_warnings() == []


def test_errors_make_the_report_true_and_warnings_do_not() -> None:
    report = ErrorReport()
    report.warn(Location("a.md", 1), "careful")
    assert not report
    assert [w.severity for w in report.warnings] == [WARNING]
    report.add(Location("a.md", 2), "broken")
    assert report
    assert [e.severity for e in report.errors] == [ERROR]


def test_errors_and_warnings_are_kept_apart() -> None:
    report = ErrorReport()
    report.add(Location("a.md", 5), "broken")
    report.warn(Location("a.md", 1), "careful")
    assert [str(e) for e in report.sorted()] == ["a.md:5:1: error: broken"]
    assert [str(w) for w in report.sorted_warnings()] == ["a.md:1:1: warning: careful"]


def test_the_same_problem_is_reported_once() -> None:
    report = ErrorReport()
    for _ in range(3):
        report.add(Location("a.md", 2, 3), "broken")
        report.warn(Location("a.md", 2, 3), "careful")
    assert len(report.errors) == 1 and len(report.warnings) == 1


def test_an_error_and_a_warning_with_the_same_text_are_both_kept() -> None:
    report = ErrorReport()
    report.add(Location("a.md", 2), "same words")
    report.warn(Location("a.md", 2), "same words")
    assert len(report.errors) == 1 and len(report.warnings) == 1


def test_same_message_at_another_place_is_another_problem() -> None:
    report = ErrorReport()
    report.add(Location("a.md", 2, 3), "broken")
    report.add(Location("a.md", 2, 4), "broken")
    report.add(Location("b.md", 2, 3), "broken")
    assert len(report.errors) == 3


def test_problems_given_at_creation_are_known_for_dedupe() -> None:
    first = ContentError(Location("a.md", 1), "broken")
    report = ErrorReport(errors=[first])
    report.add(Location("a.md", 1), "broken")
    assert report.errors == [first]


def test_sorted_is_in_file_and_line_order_whatever_the_order_found() -> None:
    report = ErrorReport()
    report.add(Location("content/b.md", 1), "z")
    report.add(Location("content/a.md", 12), "y")
    report.add(Location("content/a.md", 3), "x")
    assert [str(e.location) for e in report.sorted()] == ["content/a.md:3:1", "content/a.md:12:1", "content/b.md:1:1"]
    assert [e.message for e in report.errors] == ["z", "y", "x"]  # as found, until sorted


def test_build_failed_carries_errors_and_warnings_in_order() -> None:
    error = ContentError(Location("b.md", 1), "broken")
    warning = ContentError(Location("a.md", 9), "careful", WARNING)
    failed = BuildFailed([error], [warning])
    assert str(failed) == "1 error(s)"
    assert failed.problems == [warning, error]
    assert BuildFailed([error]).warnings == []


def test_display_path_is_relative_to_the_site_and_posix() -> None:
    root = Path("/srv/site")
    assert display_path(root / "content" / "cities" / "almaty" / "index.md", root) == "content/cities/almaty/index.md"
    assert display_path(Path("/elsewhere/x.md"), root) == "/elsewhere/x.md"


def test_a_strict_report_takes_warnings_as_errors_and_says_so() -> None:
    report = ErrorReport(strict=True)
    report.warn(Location("a.md", 3), "careful")
    assert bool(report) and report.warnings == []
    assert [str(error) for error in report.sorted()] == ["a.md:3:1: error: careful (a warning; --strict)"]
