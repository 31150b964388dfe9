"""`chapters check --format github`: whatever a pull request names its files or writes in
them, each error is exactly one workflow command, and its path and message read back whole
(a line break or `::` from the pull request must not start a command of its own)."""

from __future__ import annotations

import contextlib
import io
import re

from hypothesis import example, given
from hypothesis import strategies as st

from generator.cli.support import print_errors
from generator.core.errors import ContentError, Location

tricky = st.lists(st.sampled_from([*"ab/.-_ :,%=\r\n\x85\u2028", "::", "::set-env name=X::", "%0A", "%25"]), max_size=12).map("".join)
COMMAND = re.compile(r"::error file=(?P<file>[^,:\r\n]*),line=(?P<line>\d+),col=(?P<col>\d+)::(?P<message>[^\r\n]*)")


def unescape(text: str) -> str:
    """What the runner does with a command's values (actions/toolkit's escaping, reversed)."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


@given(st.lists(st.tuples(tricky, st.integers(1, 10_000), st.integers(1, 500), tricky), min_size=1, max_size=4))
@example([("content/events/almaty/x\n::warning file=README.md::forged.md", 1, 1, "bad file name")])
@example([("a,line=99,col=1.md", 1, 1, "message\n::add-mask::secret")])
def test_every_error_is_one_command_that_reads_back_whole(errors: list[tuple[str, int, int, str]]) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        print_errors([ContentError(Location(path, line, column), message) for path, line, column, message in errors], style="github")
    lines = out.getvalue().split("\n")
    assert lines[-1] == "" and len(lines) == len(errors) + 1
    for line, (path, number, column, message) in zip(lines[:-1], errors, strict=True):
        match = COMMAND.fullmatch(line)
        assert match, line
        assert unescape(match["file"]) == path and unescape(match["message"]) == message
        assert (int(match["line"]), int(match["col"])) == (number, column)
