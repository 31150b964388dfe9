"""Time zones from the `tzdata` package, never the system's copy.

System zone data is often years old (Kazakhstan moved to UTC+5 in 2024); the pinned
`tzdata` dependency is updated with every IANA release, so reading it directly gives
every machine — laptop, CI, host — the same, current rules.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

import tzdata


class UnknownTimeZone(ValueError):
    """The name is not an IANA zone in the bundled tzdata."""


@cache
def load_zone(name: str) -> ZoneInfo:
    """Return the zone called `name` (e.g. `Asia/Almaty`) from the tzdata package."""
    parts = name.split("/")
    if not name or any(part in ("", ".", "..") or not part.replace("_", "").replace("-", "").replace("+", "").isalnum() for part in parts):
        raise UnknownTimeZone(name)
    resource = resources.files("tzdata.zoneinfo").joinpath(*parts)
    if not resource.is_file():
        raise UnknownTimeZone(name)
    with resource.open("rb") as handle:
        return ZoneInfo.from_file(handle, key=name)


def tzdata_version() -> str:
    version: str = tzdata.IANA_VERSION
    return version


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """Every zone name tzdata knows, for "did you mean" hints."""
    text = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())
