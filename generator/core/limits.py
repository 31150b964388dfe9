"""Every size limit of the content format, in one place, so no input can make a build take
minutes or gigabytes. docs/content.md ("Limits") lists them for ambassadors.

Per-file, per-event and per-city limits stop one file (one pull request) from multiplying
into a huge build; the network-wide ones sit well above the largest network the benchmarks
build (benchmarks/make_network.py --size 40k: 512 cities, 9,216 events, 33 MiB of content).
Each number is checked where the thing it limits is read, with a message that names it.
"""

from __future__ import annotations

# Files, checked before they are read (load.py).
MAX_FILE_BYTES = 1024 * 1024
"""A content file or site.yaml: 1 MiB. Ordinary Markdown builds at about 0.5 MB/s, crafted
Markdown (100,000 unclosed `![`) parses at about 50 KB/s, so one file costs at most ~20 s."""
MAX_CONTENT_BYTES = 64 * 1024 * 1024
"""All content files together (stat sizes, added up before any file is read)."""
MAX_ASSET_BYTES = 25 * 1024 * 1024
"""One file in `static/` (images, PDFs), which the build copies into memory."""

# YAML front matter (frontmatter.py), checked on the parser's events before composing.
MAX_YAML_NODES = 20_000
"""Values in one file's front matter, aliases counted as often as they are used."""
MAX_YAML_DEPTH = 32
"""Nesting of mappings and lists in front matter."""

# Text values (fields.py), counted in characters after trimming.
MAX_LINE_CHARS = 200
"""Titles, names and partners: one line in listings, feeds and calendars."""
MAX_SENTENCE_CHARS = 500
"""Summaries."""
MAX_TEXT_CHARS = 2_000
"""Other text: addresses, bios, accessibility notes, a cost written as text."""
MAX_URL_CHARS = 2_000
"""Links in front matter (sitemaps and some browsers stop at about 2,000)."""
MAX_AMOUNT = 10**9
"""Prices: up to a billion in any currency, with at most 4 decimals."""
MAX_AMOUNT_DECIMALS = 4
EARLIEST_YEAR = 1900
LATEST_YEAR = 2199
"""Dates and times (`start`, `end`, `except`, `published`, an RRULE's UNTIL) lie in these years."""

# Lists in front matter (schema.py).
MAX_TAGS_PER_EVENT = 10
MAX_LIST_ITEMS = 20
"""Hosts, partners, spoken languages of an event or city."""
MAX_PEOPLE = 50
"""Ambassadors of a city; maintainers in site.yaml."""
MAX_EXCEPT_DATES = 500
MAX_SITE_LANGUAGES = 20
"""Every page exists in every language, so each one multiplies the build."""

# Dates of events (assemble.py, recurrence.py, fields.py, calendar_grid.py): what the site
# shows is bounded by these horizons and counts, never by what a rule or an `end` could produce.
MAX_OCCURRENCE_DAYS = 366
"""How long one occurrence may last, from `start` to `end` (all-day: counting both days). A
season, a year-long exhibition or a leap year fits; a run of years is not an event a reader can
plan for, and each of its days is an entry on the month calendars. Refused at `end`."""
LISTING_DAYS = 365
"""Occurrences are listed from this many days before `now` to this many days after."""
PAST_MONTHS = 3
"""Month calendar pages before the current month (if there were events then): the listings keep the older past."""
FUTURE_MONTHS = 12
"""Month calendar pages after the current month; events further ahead are in the listings only. So a
calendar has at most 16 month pages, and only their days are given entries."""
MAX_OCCURRENCES = 1000
"""No single event contributes more occurrences than this to listings (a daily event: 731)."""
MAX_RULE_COUNT = 1000
"""An RRULE's COUNT."""
MAX_RULE_INTERVAL = 1000
"""An RRULE's INTERVAL."""
MAX_RULE_MONTHS_WALKED = 1200
"""How far (in months) dateutil may walk through the calendar looking for the next date of a
rule, e.g. FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30, which would otherwise walk to the year 9999."""

# The site as a whole (load.py, assemble.py).
MAX_EVENTS_PER_CITY = 2_000
"""Event files (not counting translations) in one `content/events/<city>/` folder; counted
before they are read. 2,000 one-off events build in about 30 s (two cores)."""
MAX_LISTED_PER_CITY = 5_000
"""Dates of one city's events within the listing horizon: each occurrence is a card on several
listing pages (about 1.7 ms each to build) and an entry on the month calendars for every day
it lasts, so an occurrence counts one date per day (a daily event lists 731, a weekly
three-day festival 312). Past the limit, no further occurrence of the city is made at all."""
MAX_CITIES = 1_000
MAX_EVENTS = 20_000
MAX_LISTED = 200_000
"""Dates within the listing horizon in the whole network, counted like MAX_LISTED_PER_CITY."""
MAX_TAGS = 2_000
"""Different tags in the whole network: each gets a page and a calendar per language."""
