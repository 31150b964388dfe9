"""The text of a new recommendation or interest group: what `chapters new place|group` writes
and what the "Suggest a recommendation" and "Start a group" links prefill in GitHub's editor.

Pure text, no I/O: the same city and day give the same file (the links are made at build
time from `--now`). Each starter fills the required fields but `name` and shows every
optional field as a commented-out example, like the event template of authoring/scaffold.py;
once `name` is filled in, the file passes `chapters check`. The example values and the
placeholder bodies live here so that the check of text left from a template (warnings.py)
cannot drift from the templates.
"""

from __future__ import annotations

from datetime import date

import yaml

from generator.content.model import PLACE_CATEGORIES

OPTIONAL = "# Optional: delete the `# ` at the start of a line to use it; lines starting with `#` are ignored."

PLACE_BODY = "Why you recommend it, and tips: what to ask for, how to book, what to bring."
GROUP_BODY = "What the group does, who it is for, and how a newcomer joins the first time."
"""The bodies the starters write (warnings.py reports them when left as they are)."""

EXAMPLE_PLACE_ADDRESS = "Example Street 1"
EXAMPLE_PLACE_URL = "https://example.org/"
EXAMPLE_PHONE = "+00 000 000 000"
EXAMPLE_HOURS = "Mon-Fri 9:00-18:00"
EXAMPLE_CONTACT = "https://t.me/example-group"
EXAMPLE_MEETS = "Saturdays at 10:00, at the main gate of the central park"
EXAMPLE_SUMMARY = "What the group does and who it is for, in one sentence."
"""The example values of the starters (warnings.py reports them when left in a file)."""

DEFAULT_CATEGORY = "other"

def scalar(text: str) -> str:
    """`text` as a YAML value on one line, quoted only where YAML needs it (`"Tailor: coats"`),
    as scaffold.py writes the fields it is given."""
    return yaml.safe_dump(text, allow_unicode=True, width=1_000_000).removesuffix("\n...\n").rstrip("\n")


def place_starter(city: str, today: date, *, name: str | None = None, category: str | None = None) -> str:
    """A new recommendation of `city` (`content/directory/<city>/<slug>.md`), last checked `today`.

    `name` and `category` are what `chapters new place` was given (already validated);
    without `name` the line is left for the reader to fill in.
    """
    chosen = category or DEFAULT_CATEGORY
    lines = [
        "---",
        f"name: {scalar(name)}" if name else "name:  # required: the business, service or public place (never a private person)",
        f"category: {chosen}  # one of: {', '.join(PLACE_CATEGORIES)}",
        f"checked: {today.isoformat()}  # the day someone last confirmed it is open and still good (YYYY-MM-DD)",
        OPTIONAL,
        "# languages: [en]  # spoken there",
        f"# address: {EXAMPLE_PLACE_ADDRESS}  # street and number, as a taxi driver would need it",
        "# lat: 0.0  # where it is in decimal degrees (from openstreetmap.org), for directions",
        "# lon: 0.0",
        f"# url: {EXAMPLE_PLACE_URL}  # its own web page (no e-mail addresses)",
        f"# phone: {EXAMPLE_PHONE}  # the business's number, never a private person's",
        f"# hours: {EXAMPLE_HOURS}",
        "# price: 2  # 1 (inexpensive) to 3 (expensive), or a short text such as `from 20 EUR a lesson`",
        "# recommended_by: [your-github-handle]  # GitHub handles of the people who recommend it",
        f"# draft: yes  # keeps the recommendation off {city}'s directory until you remove this line",
        "---",
        PLACE_BODY,
    ]
    return "\n".join(lines) + "\n"


def group_starter(city: str, today: date, *, name: str | None = None, contact: str | None = None) -> str:
    """A new interest group of `city` (`content/groups/<city>/<slug>.md`).

    `today` is accepted for the symmetry of the two starters (the links pass the build's day);
    a group has no date of its own.
    """
    del today
    lines = [
        "---",
        f"name: {scalar(name)}" if name else "name:  # required: the group's name",
        f"contact: {scalar(contact or EXAMPLE_CONTACT)}  # required: where to join or ask (a chat, a forum, a page)",
        OPTIONAL,
        f"# summary: {EXAMPLE_SUMMARY}",
        f"# meets: {EXAMPLE_MEETS}",
        "# languages: [en]  # spoken in the group",
        "# hosts: [your-github-handle]  # GitHub handles of the people who run it (they need not be ambassadors)",
        "# tags: [language-exchange]  # lowercase words joined by `-`; groups of the network are listed by tag",
        f"# draft: yes  # keeps the group off {city}'s pages until you remove this line",
        "---",
        GROUP_BODY,
    ]
    return "\n".join(lines) + "\n"
