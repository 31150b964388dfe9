"""Relative links: followed from the page that carries them, they reach their target, for any
pair of site paths (pages end in `/`, files do not; fragments stay on the link)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from hypothesis import example, given
from hypothesis import strategies as st

from generator.core import urls

slugs = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
months = st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2000, 2100), st.integers(1, 12))
# Segments as Markdown links can write them (markdown-it percent-encodes the rest): never `.` or `..`,
# nor `;`, which urljoin (RFC 2396) reads as parameters where browsers see a character.
segments = st.text("abcxyzA019-_.~:@!$&'()*+,=%", min_size=1, max_size=8).filter(lambda s: s not in (".", ".."))

# Every address the URL contract makes.
contract_paths = st.one_of(
    st.sampled_from([urls.home(), urls.all_events(), urls.handbook(), urls.search(), urls.tags(), urls.handbook_print(),
                     urls.network_calendar(), urls.atom_feed(), urls.rss_feed(), urls.not_found(), urls.calendar()]),
    st.builds(urls.city, slugs), st.builds(urls.section, slugs, slugs), st.builds(urls.city_events, slugs),
    st.builds(urls.event, slugs, slugs), st.builds(urls.chapter, slugs), st.builds(urls.tag, slugs),
    st.builds(urls.calendar, st.none() | slugs, st.none() | months), st.builds(urls.city_calendar, slugs),
    st.builds(urls.tag_calendar, slugs), st.builds(urls.event_calendar, slugs, slugs),
    st.builds(urls.atom_feed, slugs), st.builds(urls.rss_feed, slugs), st.builds(urls.static, slugs.map(lambda s: f"{s}.css")),
    st.builds(urls.search_bundle, slugs.map(lambda s: f"{s}.js")),
)
localized_paths = st.builds(urls.localized, contract_paths, st.sampled_from(["en", "de", "ru"]), st.just("en"))
other_paths = st.builds(
    lambda parts, page: "/" + "/".join(parts) + ("/" if page and parts else ""), st.lists(segments, max_size=5), st.booleans()
)
site_paths = localized_paths | other_paths
fragments = st.none() | st.from_regex(r"[a-z0-9][a-z0-9.-]{0,10}", fullmatch=True)
bases = st.sampled_from(["https://chapters.example.org/", "https://example.github.io/chapters/", "http://127.0.0.1:8000/a/b/"])


def served_at(base: str, path: str) -> str:
    return base + path.lstrip("/")


@given(site_paths, site_paths, fragments, bases)
@example("/", "/", None, "https://chapters.example.org/")
@example("/404.html", "/cities/almaty/", "top", "https://example.github.io/chapters/")
@example("/cities/almaty/", "/cities/almaty/", "top", "https://chapters.example.org/")
@example("/cities/almaty/events.ics", "/cities/almaty/events/", None, "https://chapters.example.org/")
@example("/0/0", "/0", None, "https://chapters.example.org/")  # gave `./`, the folder
@example("/cities/almaty/", "/cities/almaty/javascript:alert(1)", None, "https://chapters.example.org/")  # gave a scheme
def test_a_relative_link_resolves_to_its_target(source: str, target: str, fragment: str | None, base: str) -> None:
    link = urls.relative(source, target + (f"#{fragment}" if fragment else ""))
    assert not urlsplit(link).scheme and not link.startswith("/"), link
    resolved = urljoin(served_at(base, source), link)
    assert resolved == served_at(base, target) + (f"#{fragment}" if fragment else ""), (source, target, link)


@given(site_paths, st.sampled_from([("en", "de", "ru"), ("de",), ("ru", "en")]))
def test_language_prefix_round_trips(path: str, languages: tuple[str, ...]) -> None:
    for lang in languages:
        localized = urls.localized(path, lang, languages[0])
        if urls.split_language(path, languages)[0] is None:
            assert urls.split_language(localized, languages) == (None if lang == languages[0] else lang, path)


@given(site_paths)
def test_every_site_path_is_one_file_inside_the_output(path: str) -> None:
    file = urls.output_file(path)
    assert not file.startswith("/") and ".." not in file.split("/")
    assert urls.is_site_path(path)
