"""Audit the locks with pip-audit; where PyPI's per-release API cannot be reached, say so and
check what the per-project API can answer instead, failing on anything left unchecked.

pip-audit asks `https://pypi.org/pypi/<name>/<version>/json` for each pinned release. When
that address answers 404 (some mirrors and proxies serve only the per-project document),
pip-audit skips every package and still prints "No known vulnerabilities found"; with
`--strict` it stops at the first skip instead. So: one probe first. If it answers, pip-audit
--strict decides. If not, `https://pypi.org/pypi/<name>/json` lists the vulnerabilities of
the project's latest release, which settles every package whose pin is that release; any
other package installed on this Python is reported as unchecked and the audit fails, unless
`.ci/audit-accepted` names that exact pin with a reason (printed on every run).
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from packaging.markers import Marker
from packaging.version import Version

PYPI = "https://pypi.org/pypi"
ACCEPTED = Path(__file__).with_name("audit-accepted")
Pin = tuple[str, str, str | None]


def pins(lock: str) -> list[Pin]:
    """`name==version` lines of a hash-locked requirements file, with their environment marker."""
    found = []
    with open(lock, encoding="utf-8") as file:
        for line in file:
            if line[:1].isalnum():
                requirement, _, marker = line.rstrip().rstrip("\\").partition(";")
                name, _, version = requirement.strip().partition("==")
                found.append((name, version, marker.strip() or None))
    return found


def accepted() -> dict[str, str]:
    """`name==version` → why it may stay unchecked, from .ci/audit-accepted."""
    lines = [line.split(None, 1) for line in ACCEPTED.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return {words[0]: words[1] if len(words) > 1 else "" for words in lines}


def get(url: str) -> tuple[int | str, Any]:
    """HTTP status (or the network error) and the JSON document."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}", None


def project_check(pin: Pin) -> tuple[Pin, list[str], str | None]:
    """Vulnerability ids of a pinned release from the per-project document, or why it cannot tell."""
    name, version, _ = pin
    status, document = get(f"{PYPI}/{name}/json")
    if status != 200:
        return pin, [], f"{PYPI}/{name}/json answered {status}"
    latest = document["info"]["version"]
    if Version(latest) != Version(version):
        return pin, [], f"locked {version}, latest {latest}: the per-project document lists the latest release's vulnerabilities only"
    found = [f"{v['id']} (fixed in {', '.join(v.get('fixed_in') or ['-'])})" for v in document.get("vulnerabilities") or [] if not v.get("withdrawn")]
    return pin, found, None


def main(locks: list[str]) -> int:
    locked = sorted({pin for lock in locks for pin in pins(lock)}, key=lambda pin: (pin[0], pin[1], pin[2] or ""))
    if not locked:
        print(f"audit: no pinned packages in {', '.join(locks)}", file=sys.stderr)
        return 1
    name, version, _ = locked[0]
    probe = f"{PYPI}/{name}/{version}/json"
    status, _ = get(probe)
    if status == 200:
        command = [sys.executable, "-m", "pip_audit", "--strict", "--disable-pip", "--require-hashes", "--progress-spinner", "off"]
        for lock in locks:
            command += ["-r", lock]
        print(f"audit: pip-audit --strict over {', '.join(locks)} ({len(locked)} pins)", flush=True)
        return subprocess.call(command)

    print(f"audit: pip-audit cannot check anything here: {probe} answered {status}.\n"
          f"audit: (pip-audit reads that per-release address; without it, it would skip every package and still report no vulnerabilities.)\n"
          f"audit: checking each project's latest release against {PYPI}/<name>/json instead.", flush=True)
    here = [pin for pin in locked if pin[2] is None or Marker(pin[2]).evaluate()]
    elsewhere = [pin for pin in locked if pin not in here]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(project_check, here))
    vulnerable = [(pin, found) for pin, found, _ in results if found]
    allowed = accepted()
    unchecked = [(pin, why) for pin, _, why in results if why and f"{pin[0]}=={pin[1]}" not in allowed]
    excused = [(pin, why) for pin, _, why in results if why and f"{pin[0]}=={pin[1]}" in allowed]
    for (name, version, _), found in vulnerable:
        print(f"audit: VULNERABLE {name}=={version}: {'; '.join(found)}")
    for (name, version, _), why in unchecked:
        print(f"audit: NOT CHECKED {name}=={version}: {why}")
    for (name, version, _), why in excused:
        print(f"audit: not checked here, accepted in .ci/audit-accepted: {name}=={version}: {allowed[f'{name}=={version}']} ({why})")
    for name, version, marker in elsewhere:
        print(f"audit: not installed on this Python, not checked here: {name}=={version} ; {marker}")
    checked = len(here) - len(unchecked) - len(excused)
    if vulnerable or unchecked:
        print(f"audit: FAILED: {len(vulnerable)} vulnerable, {len(unchecked)} not checked, {checked} of {len(locked)} pins checked. "
              "Upgrade with `.ci/lock --upgrade-package NAME`, or run the audit where pip-audit reaches PyPI.", file=sys.stderr)
        return 1
    print(f"audit: no known vulnerabilities in {checked} of {len(locked)} pins, each its project's latest release "
          f"({len(excused)} accepted unchecked, {len(elsewhere)} for other Python versions or platforms)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
