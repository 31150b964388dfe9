"""The GitHub workflows and Dependabot's configuration, read as GitHub reads them (YAML):
every job has a time limit (a hostile pull request must not hold a runner for GitHub's
default of 6 hours), every action is pinned to a commit, and Dependabot watches both the
actions and the Python dependencies, as docs/security.md says."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
MAX_MINUTES = 30
"""The longest any job may run: the pull-request check takes a few minutes, a 40k-page network some more."""


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path}: not a mapping"
    return data


def jobs() -> list[tuple[str, dict[str, Any]]]:
    return [(f"{path.name}:{name}", job) for path in WORKFLOWS for name, job in load(path)["jobs"].items()]


def test_there_are_workflows() -> None:
    assert {path.name for path in WORKFLOWS} >= {"pull-request.yml", "deploy.yml"}


@pytest.mark.parametrize(("name", "job"), jobs(), ids=[name for name, _ in jobs()])
def test_every_job_has_a_time_limit(name: str, job: dict[str, Any]) -> None:
    minutes = job.get("timeout-minutes")
    assert isinstance(minutes, int) and not isinstance(minutes, bool), f"{name}: no timeout-minutes (GitHub's default is 360)"
    assert 1 <= minutes <= MAX_MINUTES, f"{name}: timeout-minutes {minutes} is not within 1..{MAX_MINUTES}"


@pytest.mark.parametrize(("name", "job"), jobs(), ids=[name for name, _ in jobs()])
def test_every_action_is_pinned_to_a_commit(name: str, job: dict[str, Any]) -> None:
    for step in job.get("steps", []):
        uses = step.get("uses")
        if uses is None or uses.startswith("./"):
            continue
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), f"{name}: `{uses}` is not pinned to a full commit SHA"


def test_dependabot_watches_the_actions_and_the_python_dependencies() -> None:
    config = load(REPO / ".github" / "dependabot.yml")
    assert config["version"] == 2
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    for ecosystem, update in updates.items():
        assert update["directory"] == "/", ecosystem
        assert update["schedule"]["interval"] in {"daily", "weekly", "monthly"}, ecosystem
    assert (REPO / "pyproject.toml").is_file()  # what Dependabot's pip support reads; it does not read the .lock files
    assert updates["pip"].get("versioning-strategy", "auto") in {"auto", "increase", "increase-if-necessary", "widen", "lockfile-only"}
