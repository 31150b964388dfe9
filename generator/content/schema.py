"""The front matter ambassadors write, as typed schemas: one class per kind of file.

These classes are the single definition of the content format: the build validates with
them and the JSON Schemas for editors are generated from them. Unknown keys are errors,
so a typo (`strat`) is reported instead of silently ignored.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag
from pydantic_core import PydanticCustomError

from generator.content.fields import (
    Amount,
    Category,
    CountryCode,
    CurrencyCode,
    Day,
    EndWhen,
    GitHubHandle,
    HttpOrMailtoUrl,
    HttpUrl,
    LanguageCode,
    Line,
    Phone,
    Price,
    PublicUrl,
    RRule,
    Sentence,
    Slug,
    Text,
    TimeZoneName,
    Wheelchair,
    When,
    price_in_words,
)
from generator.core.limits import MAX_EXCEPT_DATES, MAX_LIST_ITEMS, MAX_PEOPLE, MAX_SITE_LANGUAGES, MAX_TAGS, MAX_TAGS_PER_EVENT

Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
Languages = Annotated[list[LanguageCode], Field(max_length=MAX_LIST_ITEMS)]


class Schema(BaseModel):
    """Immutable, and strict about keys."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class GeoPoint(Schema):
    lat: Latitude
    lon: Longitude


class Ambassador(Schema):
    name: Line
    github: GitHubHandle | None = None
    languages: Languages = []
    bio: Text | None = None


class CommunityLink(Schema):
    """One of a city's channels where live questions are asked."""

    name: Line
    url: HttpUrl
    kind: Literal["chat", "forum", "mailing-list", "social"]
    languages: Languages = []


def _unique_handles(handles: list[str]) -> list[str]:
    """GitHub handles are the same person whatever their case."""
    seen: set[str] = set()
    for index, handle in enumerate(handles):
        if handle.lower() in seen:
            raise PydanticCustomError("duplicate", "`{code}` is listed twice", {"code": handle, "index": index})
        seen.add(handle.lower())
    return handles


Handles = Annotated[list[GitHubHandle], Field(max_length=MAX_LIST_ITEMS), AfterValidator(_unique_handles)]


class CityMeta(Schema):
    """`content/cities/<city>/index.md`."""

    name: Line
    country: CountryCode
    timezone: TimeZoneName
    summary: Sentence | None = None
    location: GeoPoint | None = None
    languages: Languages = []
    ambassadors: Annotated[list[Ambassador], Field(max_length=MAX_PEOPLE)] = []
    community: Annotated[list[CommunityLink], Field(max_length=MAX_LIST_ITEMS)] = []
    """Where to ask: the chapter's chat group, forum, mailing list or social page."""


class PlaceMeta(Schema):
    """`content/directory/<city>/<place>.md`: a business, service or public place, never a private person."""

    name: Line
    category: Category
    languages: Languages = []
    address: Text | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    url: PublicUrl | None = None
    phone: Phone | None = None
    hours: Text | None = None
    price: Price | None = None
    checked: Day
    recommended_by: Handles = []
    draft: bool = False


class GroupMeta(Schema):
    """`content/groups/<city>/<group>.md`."""

    name: Line
    summary: Sentence | None = None
    contact: PublicUrl
    meets: Text | None = None
    languages: Languages = []
    hosts: Handles = []
    tags: Annotated[list[Slug], Field(max_length=MAX_TAGS_PER_EVENT)] = []
    draft: bool = False


class PageMeta(Schema):
    """A guide section (`content/cities/<city>/<section>.md`) or handbook chapter."""

    title: Line
    order: int = 0
    summary: Sentence | None = None
    published: When | None = None
    draft: bool = False


class Venue(Schema):
    name: Line
    address: Text | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    url: HttpUrl | None = None


class Money(Schema):
    amount: Amount
    currency: CurrencyCode


def _cost_kind(value: Any) -> str:
    if isinstance(value, (dict, Money)):
        return "money"
    return "free" if value == "free" else "text"


Cost = Annotated[
    Annotated[Literal["free"], Tag("free")] | Annotated[Money, Tag("money")] | Annotated[Text, Tag("text")],
    Discriminator(_cost_kind),
]


class Accessibility(Schema):
    wheelchair: Wheelchair | None = None
    children: Literal["welcome", "not-suitable"] | None = None
    notes: Text | None = None


class EventMeta(Schema):
    """`content/events/<city>/<event>.md`."""

    title: Line
    start: When
    end: EndWhen | None = None
    venue: Venue | None = None
    online: HttpUrl | None = None
    cost: Cost | None = None
    registration: HttpOrMailtoUrl | None = None
    tags: Annotated[list[Slug], Field(max_length=MAX_TAGS_PER_EVENT)] = []
    languages: Languages = []
    hosts: Annotated[list[GitHubHandle], Field(max_length=MAX_LIST_ITEMS)] = []
    partners: Annotated[list[Line], Field(max_length=MAX_LIST_ITEMS)] = []
    accessibility: Accessibility | None = None
    status: Literal["scheduled", "cancelled", "postponed"] = "scheduled"
    repeat: RRule | None = None
    except_: list[Day] = Field(default=[], alias="except", max_length=MAX_EXCEPT_DATES)
    published: When | None = None
    draft: bool = False
    group: Slug | None = None
    """The slug of an interest group of the event's city (`content/groups/<city>/<group>.md`)."""


def _unique(codes: list[str]) -> list[str]:
    for index, code in enumerate(codes):
        if code in codes[:index]:
            raise PydanticCustomError("duplicate", "`{code}` is listed twice", {"code": code, "index": index})
    return codes


class SiteMeta(Schema):
    """`site.yaml`."""

    title: Line
    base_url: HttpUrl
    languages: Annotated[list[LanguageCode], Field(min_length=1, max_length=MAX_SITE_LANGUAGES), AfterValidator(_unique)]
    repository: HttpUrl | None = None
    branch: Text = "main"
    """The branch `repository` publishes from, for "Edit this page" links."""
    description: Text | None = None
    maintainers: Annotated[list[GitHubHandle], Field(max_length=MAX_PEOPLE)] = []
    """GitHub handles that own everything outside the city folders (CODEOWNERS)."""
    tag_labels: Annotated[dict[Slug, Annotated[dict[LanguageCode, Line], Field(max_length=MAX_SITE_LANGUAGES)]], Field(max_length=MAX_TAGS)] = {}
    """Each tag's name per language (`newcomers: {de: Neu hier, ru: новичкам}`); elsewhere a tag shows as written."""


KINDS: dict[str, type[Schema]] = {
    "site": SiteMeta,
    "city": CityMeta,
    "section": PageMeta,
    "event": EventMeta,
    "chapter": PageMeta,
    "place": PlaceMeta,
    "group": GroupMeta,
}

def cost_in_words(value: object) -> bool:
    """Whether a `cost` as written is words (`Pay what you like`), not an amount or `free`."""
    return isinstance(value, str) and _cost_kind(value.strip().lower()) == "text"


def in_words(key: str, value: object) -> bool:
    """Whether a field of WORDS_IN_TRANSLATION is written in words: a `cost` that is no amount
    or `free`, a `price` that is no level 1 to 3."""
    return price_in_words(value) if key == "price" else cost_in_words(value)


WORDS_IN_TRANSLATION: dict[str, frozenset[str]] = {"event": frozenset({"cost"}), "place": frozenset({"price"})}
"""Fields of `UNTRANSLATABLE` a translation may still set when it and the original both write
them in words (`cost: Pay what you like` → `cost: Zahl, was du magst`): an amount or `free` is not said, it is fixed."""

# Fields a translation may not set: they define when, where and who, not what is said.
UNTRANSLATABLE: dict[str, frozenset[str]] = {
    "city": frozenset({"country", "timezone", "location", "ambassadors", "languages", "community"}),
    "section": frozenset({"order", "draft"}),
    "chapter": frozenset({"order", "draft"}),
    "event": frozenset({"start", "end", "repeat", "except", "status", "draft", "hosts", "cost", "tags", "languages", "online", "registration", "group"}),
    "place": frozenset({"name", "category", "languages", "lat", "lon", "url", "phone", "price", "checked", "recommended_by", "draft"}),
    "group": frozenset({"contact", "languages", "hosts", "tags", "draft"}),
}
