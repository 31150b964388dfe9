"""What git knows about the site's files: which ones a branch adds or changes (for the warnings
about new content, `chapters check`), and which ones hold exactly what a revision holds, by
their blob ids (for `chapters build --changed-since`, load.py).

A file counts as changed since a base revision when `git diff` shows it between that
revision and the working tree (committed on the branch or not yet), or when git does not
track it yet. For the warnings, outside a git repository, without git, or with a revision
git cannot read, nothing is known: None, and the warnings that need it stay silent. For a
build that was asked to trust git (`unchanged_blobs`), the same cases are an error
(`GitUnavailable`), never a silent full read.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitUnavailable(Exception):
    """git cannot say what changed since a revision; the message names the revision and why."""


def _run(root: Path, *args: str) -> str:
    """git's output for `args` run in `root`; GitUnavailable with git's first line of complaint."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotePath=false", *args],
            capture_output=True, text=True, encoding="utf-8", errors="replace", check=False, timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitUnavailable(f"cannot run git ({exc.strerror if isinstance(exc, OSError) and exc.strerror else exc})") from None
    if result.returncode != 0:
        lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        raise GitUnavailable(lines[0].removeprefix("fatal: ").removeprefix("error: ") if lines else f"git {args[0]} failed")
    return result.stdout


def _git(root: Path, *args: str) -> str | None:
    try:
        return _run(root, *args)
    except GitUnavailable:
        return None


def merge_base(root: Path, branch: str) -> str | None:
    """Where the current branch left `branch` (the remote's copy if there is one, else the local one)."""
    for candidate in (f"origin/{branch}", branch):
        found = _git(root, "merge-base", "HEAD", candidate)
        if found and found.strip():
            return found.strip()
    return None


def changed_since(root: Path, revision: str) -> frozenset[str] | None:
    """The files below `root` (paths relative to it, as messages show them) that differ from
    `revision` in the working tree, and the untracked ones; None if git cannot tell."""
    try:
        changed = _differing(root, revision, ".", "--diff-filter=d")
        untracked = _run(root, "ls-files", "-z", "--others", "--exclude-standard", "--", ".")
    except GitUnavailable:
        return None
    return changed | frozenset(name for name in untracked.split("\0") if name)


def _differing(root: Path, revision: str, folder: str, *options: str) -> frozenset[str]:
    """The files below `folder` that `git diff` shows between `revision` and the working tree
    (paths relative to `root`)."""
    if revision.startswith("-"):  # a revision, never an option of git's
        raise GitUnavailable("a revision cannot start with `-`")
    found = _run(root, "diff", "--name-only", "-z", "--no-renames", "--relative", *options, "--end-of-options", revision, "--", folder)
    return frozenset(name for name in found.split("\0") if name)


def resolve(root: Path, revision: str) -> str:
    """The commit `revision` names in the repository that holds `root`; GitUnavailable with a
    one-line reason (`--changed-since REF: ...`) if there is no git, no repository or no such commit."""
    def failed(reason: str) -> GitUnavailable:
        return GitUnavailable(f"--changed-since {revision}: {reason}")

    if revision.startswith("-") or not revision:  # a revision, never an option of git's
        raise failed("not a git revision (a revision cannot be empty or start with `-`)")
    try:
        _run(root, "rev-parse", "--show-toplevel")
    except GitUnavailable as exc:
        raise failed(str(exc) if str(exc).startswith("cannot run git") else f"{root} is not in a git repository") from None
    try:
        return _run(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}").strip()
    except GitUnavailable:
        raise failed("git cannot read this revision (is it fetched? CI needs the base branch: fetch-depth: 0)") from None


def unchanged_blobs(root: Path, revision: str, folder: str) -> dict[str, str]:
    """The regular files below `root/folder` that hold in the working tree exactly what `revision`
    holds: path relative to `root` → git's blob id, from one listing of the revision's tree
    (`git ls-tree`) less every file `git diff` shows against the working tree (changed, or
    gone from the working tree or the index: a file `git rm --cached` left behind may hold
    anything). A file git does not track is not in the revision's tree. Symlinks and
    submodules are left out: a link is read as the working tree has it. GitUnavailable
    (naming the revision) if git cannot tell."""
    commit = resolve(root, revision)
    try:
        listed = _run(root, "ls-tree", "-r", "-z", "--end-of-options", commit, "--", folder)
        changed = _differing(root, commit, folder)
    except GitUnavailable as exc:
        raise GitUnavailable(f"--changed-since {revision}: {exc}") from None
    blobs: dict[str, str] = {}
    for entry in listed.split("\0"):
        info, tab, path = entry.partition("\t")
        mode, _, rest = info.partition(" ")
        kind, _, blob = rest.partition(" ")
        if tab and kind == "blob" and mode in ("100644", "100755") and path not in changed:
            blobs[path] = blob
    return blobs
