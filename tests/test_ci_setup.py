"""The README's test command, `.ci/run` and `.ci/setup`: one command that works on a fresh machine.

`.ci/setup` is run with stand-ins for dpkg-query, npm, id and apt-get that record how they were
called, so nothing is installed and no root is needed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUP = ROOT / ".ci" / "setup"


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^Run the tests\b.*?\n```sh\n(.+?)\n```", readme, re.MULTILINE | re.DOTALL)
    assert found, "README.md: no ```sh block after 'Run the tests'"
    return found.group(1)


def test_ci_runs_the_readme_test_command_as_it_is_written() -> None:
    command = readme_test_command()
    assert "\n" not in command, "one line a newcomer copies"
    assert command.startswith(".ci/setup && "), "the system pieces first, the same way CI installs them"
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert any(line == command or line.startswith(command + " ||") for line in lines), ".ci/run must run the README's test command verbatim"
    assert f"`{command}`" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"), "CONTRIBUTING.md quotes the same command"


def test_setup_is_executable_as_the_readme_calls_it() -> None:
    assert os.access(SETUP, os.X_OK)
    assert SETUP.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")


STUBS = {
    # dpkg-query -W -f='${Status}' PACKAGE: not installed if PACKAGE is listed in $MISSING
    "dpkg-query": 'for a; do p="$a"; done; case " $MISSING " in *" $p "*) echo -n "unknown ok not-installed";; *) echo -n "install ok installed";; esac',
    "npm": 'echo "npm $*" >> "$CALLS"; [ "$1" = ls ] && exit "${VNU_LS_STATUS:-0}"; exit 0',
    "id": 'echo "${FAKE_UID:-1000}"',
    "apt-get": 'echo "apt-get $*" >> "$CALLS"; [ "$1" = install ] && [ -n "${APT_FAILS:-}" ] && { echo "E: Unable to locate package chromium"; exit 100; }; exit 0',
}


def run_setup(tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run .ci/setup with the stand-ins first on PATH (and only the few real tools it uses)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, body in STUBS.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    for tool in ("bash", "env", "dirname", "mktemp", "rm", "cat", "grep"):
        real = shutil.which(tool)
        assert real, tool
        (bin_dir / tool).symlink_to(real)
    calls = tmp_path / "calls"
    calls.write_text("", encoding="utf-8")
    result = subprocess.run([str(SETUP)], env={"PATH": str(bin_dir), "CALLS": str(calls), "TMPDIR": str(tmp_path), **env},
                            capture_output=True, text=True, timeout=60, check=False)
    return result, calls.read_text(encoding="utf-8").splitlines()


def test_nothing_missing_is_silent_and_installs_nothing(tmp_path: Path) -> None:
    result, calls = run_setup(tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert all(call.startswith("npm ls") for call in calls), calls


def test_without_root_it_says_what_to_install_and_how_to_leave_the_browser_tests_out(tmp_path: Path) -> None:
    result, calls = run_setup(tmp_path, MISSING="chromium default-jre-headless", VNU_LS_STATUS="1")
    assert result.returncode == 1
    assert "apt-get update && apt-get install -y chromium default-jre-headless\n" in result.stderr
    assert f"    npm install --global vnu-jar@{vnu_version()} ical.js@{setup_version('ICAL_JS_VERSION')}\n" in result.stderr
    assert f"    npm install --no-save ical.js@{setup_version('ICAL_JS_VERSION')}\n" in result.stderr
    without_browser = readme_test_command().removeprefix(".ci/setup && ") + ' -m "not browser"'
    assert f"    {without_browser}\n" in result.stderr
    assert not any(call.startswith(("apt-get", "npm install")) for call in calls), calls


def test_as_root_it_installs_only_what_is_missing(tmp_path: Path) -> None:
    result, calls = run_setup(tmp_path, FAKE_UID="0", MISSING="fonts-liberation", VNU_LS_STATUS="1")
    assert result.returncode == 0, result.stderr
    assert [call for call in calls if not call.startswith("npm ls")] == [
        "apt-get update -q",
        "apt-get install -y -q fonts-liberation",
        f"npm install --global --no-fund --no-audit --loglevel=error vnu-jar@{vnu_version()} ical.js@{setup_version('ICAL_JS_VERSION')}",
    ]
    assert result.stdout.splitlines() == ["installing fonts-liberation (apt-get)", f"installing vnu-jar@{vnu_version()} ical.js@{setup_version('ICAL_JS_VERSION')} (npm)"]


def test_a_failed_install_shows_its_log_and_fails(tmp_path: Path) -> None:
    result, _ = run_setup(tmp_path, FAKE_UID="0", MISSING="chromium", APT_FAILS="1")
    assert result.returncode != 0
    assert "E: Unable to locate package chromium\nfailed: apt-get install -y -q chromium\n" in result.stderr
    assert list(tmp_path.glob("tmp.*")) == [], "the log is removed"


def setup_version(name: str) -> str:
    """A pinned version in .ci/setup (`VNU_VERSION`, `ICAL_JS_VERSION`)."""
    found = re.search(rf"^{name}=(\S+)$", SETUP.read_text(encoding="utf-8"), re.MULTILINE)
    assert found, name
    return found.group(1)


def vnu_version() -> str:
    return setup_version("VNU_VERSION")
