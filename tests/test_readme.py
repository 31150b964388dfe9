"""The README's facts are the repository's (issue 16): the demo's cities and continents counted
from content/, and a "Using it" table that names every command."""

from __future__ import annotations

import re
from pathlib import Path

from generator import cli
from generator.core.errors import ErrorReport
from generator.source.frontmatter import split

REPOSITORY = Path(__file__).resolve().parents[1]
README = (REPOSITORY / "README.md").read_text(encoding="utf-8")
NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
CONTINENTS = {
    "KZ": "Asia", "DE": "Europe", "AR": "South America", "PT": "Europe", "RU": "Europe", "KE": "Africa", "CA": "North America",
    "NO": "Europe", "FR": "Europe", "JP": "Asia", "IN": "Asia", "BR": "South America", "US": "North America", "AU": "Oceania",
}
"""Where each demo city's country is (Moscow's Russia counted in Europe); add a country here when the demo gains one."""


def demo_countries() -> dict[str, str]:
    found = {}
    for index in sorted((REPOSITORY / "content" / "cities").glob("*/index.md")):
        document = split(index.read_text(encoding="utf-8"), str(index), ErrorReport())
        assert document is not None
        found[index.parent.name] = str(document.data["country"]).upper()
    return found


def test_the_readme_counts_the_demos_cities_and_continents() -> None:
    countries = demo_countries()
    missing = sorted(set(countries.values()) - CONTINENTS.keys())
    assert not missing, f"add the continent of {missing} to CONTINENTS"
    cities, continents = len(countries), len({CONTINENTS[code] for code in countries.values()})

    assert f"({NUMBERS[cities]} cities on {NUMBERS[continents]}\ncontinents," in README


def test_the_readme_lists_every_command() -> None:
    using = README.split("## Using it\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `chapters (\w+)", using, re.MULTILINE)

    assert rows == list(cli.COMMANDS)
