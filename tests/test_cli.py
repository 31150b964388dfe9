"""The `chapters` command as a shell pipeline sees it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, NOW


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path: Path) -> None:
    """`chapters check | head -0`: the pipe is closed before the command writes to it."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run([sys.executable, "-m", "generator", "check", str(FIXTURES / "sites" / "small"), "--now", NOW],
                                stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    finally:
        os.close(write_end)
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr, result.stderr
    assert result.returncode == 1  # part of the answer was lost, as Python itself reports it
