"""The build cache in `.chapters-cache/`: a rebuild with nothing changed does nothing.

The fingerprint covers everything the output depends on: every input file's path, size
and modification time (content, static files, site.yaml, CODEOWNERS, the theme, the
generator's own code), the git commit (dates come from history), the options (`--now`
included) and the versions of the libraries that shape the bytes. The cache is only an
optimisation: deleting the folder is always safe, and any doubt means a full build.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from importlib import metadata
from pathlib import Path

from generator import __version__
from generator.core.options import Options
from generator.publish.output_files import OutputFiles

CACHE_DIR = ".chapters-cache"
_LIBRARIES = ("jinja2", "markdown-it-py", "mdit-py-plugins", "pyyaml", "pydantic", "babel", "icalendar", "feedgen", "tzdata", "pagefind-bin", "pycountry")
_PACKAGE = Path(__file__).resolve().parents[1]


def library_versions(names: tuple[str, ...]) -> list[str]:
    """`name=version` of each installed library that shapes the output (`name=-` if missing)."""
    found = []
    for name in names:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return found


def code_digest() -> str:
    """A digest of the generator's own code: a fix in any module shows at once in every kept result."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        if "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _tree(folder: Path, digest: hashlib._Hash, skip: tuple[str, ...] = ()) -> None:
    if not folder.exists():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in skip and not d.startswith("."))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)  # noqa: PTH118 - os.walk gives str folders; the digest hashes these exact bytes
            try:
                stat = os.stat(path)  # noqa: PTH116 - no Path built per file of the tree: the fingerprint runs on every build
                state = f"{stat.st_size}\0{stat.st_mtime_ns}"
            except OSError:  # a broken or looping link: the build reports it, the cache just notes it
                state = "unreadable"
            digest.update(os.fsencode(path) + f"\0{state}\n".encode())


def _commit(root: Path) -> str:
    try:
        result = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip()


def fingerprint(root: Path, theme: Path, out: Path, options: Options, search: bool = True) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([__version__, library_versions(_LIBRARIES), options.now.isoformat(), options.drafts, options.strict, options.git_history, str(out.resolve()), _commit(root) if options.git_history else "", search]).encode())
    for single in (root / "site.yaml", root / ".github" / "CODEOWNERS"):
        if single.is_file():
            stat = single.stat()
            digest.update(os.fsencode(single) + f"\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for folder in (root / "content", root / "static", theme, _PACKAGE):
        _tree(folder, digest, skip=("__pycache__",))
    return digest.hexdigest()


def output_name(root: Path, out: Path) -> str:
    """The output folder as the cache names it: relative to the site when inside it (`site`),
    so a cache restored into a checkout at another path (CI) still finds its entries."""
    target, base = out.resolve(), root.resolve()
    return target.relative_to(base).as_posix() if base in target.parents else str(target)


def read_entry(root: Path, name: str, out: Path) -> object:
    """What `.chapters-cache/<name>` holds for the output folder `out`; None if nothing (or nothing readable)."""
    try:
        saved = json.loads((root / CACHE_DIR / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return saved.get(output_name(root, out)) if isinstance(saved, dict) else None


def write_entry(root: Path, name: str, out: Path, entry: object) -> None:
    """Keep `entry` for the output folder `out` in `.chapters-cache/<name>`; failing to write never fails the build."""
    folder = root / CACHE_DIR
    if folder.is_symlink() or (folder.exists() and root.resolve() not in folder.resolve().parents):
        return  # a cache folder pointing elsewhere (a pull request can commit one) is never written through
    record = folder / name
    try:
        saved = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
        if not isinstance(saved, dict):
            saved = {}
        saved[output_name(root, out)] = entry
        folder.mkdir(exist_ok=True)
        (folder / ".gitignore").write_text("*\n", encoding="utf-8")
        temporary = record.with_suffix(".tmp")
        temporary.write_text(json.dumps(saved, separators=(",", ":"), sort_keys=True), encoding="utf-8")
        temporary.replace(record)
    except (OSError, ValueError):
        pass


def is_fresh(root: Path, out: Path, key: str) -> bool:
    """True when `out` is exactly what a build with this fingerprint produced (a hand-edited
    or damaged output has another summary, `OutputFiles.digest`, and is rebuilt)."""
    entry = read_entry(root, "build.json", out)
    return isinstance(entry, dict) and entry.get("fingerprint") == key and out.is_dir() and entry.get("output") == OutputFiles.walk(out).digest()


def remember(root: Path, out: Path, key: str, files: OutputFiles) -> None:
    """Record a finished build, whose output now holds `files`."""
    write_entry(root, "build.json", out, {"fingerprint": key, "output": files.digest()})
