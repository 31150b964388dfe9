"""The dependency locks agree with pyproject.toml: every direct dependency is pinned, within
its range, with hashes, and the runtime lock pins the same versions as the test lock.

After changing a dependency in pyproject.toml, run `.ci/lock` (docs/security.md)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)(?: ; (?P<marker>[^\\]+?))? \\$")


def pins(lock: str) -> dict[str, list[tuple[str, str | None, list[str]]]]:
    """name → [(version, marker, hashes)]: a name may be pinned twice, for different Pythons."""
    found: dict[str, list[tuple[str, str | None, list[str]]]] = {}
    lines = (ROOT / lock).read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if line[:1].isalnum():
            match = PIN.match(line)
            assert match, f"{lock}:{index + 1}: not a `name==version \\` pin: {line}"
            hashes = []
            for follow in lines[index + 1 :]:
                if not follow.startswith("    --hash="):
                    break
                hashes.append(follow.split("=", 1)[1].rstrip(" \\"))
            found.setdefault(canonicalize_name(match["name"]), []).append((match["version"], match["marker"], hashes))
    return found


LOCKS = {
    "requirements-test.lock": [*PYPROJECT["project"]["dependencies"], *PYPROJECT["project"]["optional-dependencies"]["test"],
                               *PYPROJECT["dependency-groups"]["build"]],
    "requirements.lock": [*PYPROJECT["project"]["dependencies"], *PYPROJECT["dependency-groups"]["build"]],
    "requirements-audit.lock": PYPROJECT["dependency-groups"]["audit"],
}


@pytest.mark.parametrize("lock", LOCKS)
def test_every_direct_dependency_is_pinned_within_its_range(lock: str) -> None:
    pinned = pins(lock)
    for text in LOCKS[lock]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} (pyproject.toml) is missing from {lock}: run .ci/lock"
        for version, _, _ in pinned[name]:
            assert requirement.specifier.contains(version, prereleases=True), \
                f"{lock} pins {requirement.name}=={version}, outside `{requirement.specifier}` in pyproject.toml: run .ci/lock"
        for extra in requirement.extras:  # pagefind[bin] needs pagefind-bin
            assert any(other.startswith(f"{name}-{extra}") for other in pinned), f"{lock} lacks {requirement.name}[{extra}]"


@pytest.mark.parametrize("lock", LOCKS)
def test_every_pin_has_hashes_and_the_lock_says_how_it_was_made(lock: str) -> None:
    text = (ROOT / lock).read_text(encoding="utf-8")
    assert "#    .ci/lock" in text.splitlines()[1], f"{lock} was not written by .ci/lock"
    for name, entries in pins(lock).items():
        for version, _, hashes in entries:
            assert hashes and all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes), f"{lock}: {name}=={version} has no sha256 hashes"


def test_the_runtime_lock_pins_the_test_locks_versions() -> None:
    test = pins("requirements-test.lock")
    for name, entries in pins("requirements.lock").items():
        assert name in test, f"requirements.lock has {name}, requirements-test.lock does not"
        assert {version for version, _, _ in entries} <= {version for version, _, _ in test[name]}, name


def test_the_build_backend_is_locked_as_pyproject_builds_with_it() -> None:
    for text in PYPROJECT["build-system"]["requires"]:
        requirement = Requirement(text)
        assert any(canonicalize_name(Requirement(group).name) == canonicalize_name(requirement.name) for group in PYPROJECT["dependency-groups"]["build"])
