"""Input generators: random text, and text built from the syntax each parser reacts to."""

from __future__ import annotations

from hypothesis import strategies as st

# Any Unicode text, surrogates excluded (a file that decodes as UTF-8 cannot hold them).
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=400)


def pieces(syntax: list[str], max_size: int = 80) -> st.SearchStrategy[str]:
    """Text glued from syntax fragments and short random runs, so parsers see their own
    special characters in every combination rather than mostly letters."""
    return st.lists(st.sampled_from(syntax) | st.text(st.characters(exclude_categories=["Cs"]), max_size=4), max_size=max_size).map("".join)


YAML_SYNTAX = [
    "\n", "\n", "\n  ", "\n    ", "\n- ", " ", "\t", ": ", ":", "- ", "-", "? ", ",", "[", "]", "{", "}", "#", "# c\n",
    "'", '"', "\\", "|", "|-\n  ", ">", ">+\n  ", "&a ", "*a", "&b ", "*b", "<<: *a", "<< : ",
    "!!str ", "!!int ", "!!map ", "!!seq ", "!!binary ", "!!set ", "!!omap ", "!!timestamp ", "!!merge ",
    "!!python/object/apply:os.system ", "!!python/name:os.system", "!local ", "!<tag:yaml.org,2002:str> ",
    "%YAML 1.1\n", "%TAG ! tag:example.org,2026:\n", "---", "---\n", "...", "...\n",
    "title", "start", "name", "tags", "venue", "key", "null", "~", "yes", "NO", "on", "1e3", "0x1f", ".inf", "1_000",
    "2026-12-05", "2026-12-05 15:00", "é", "Алматы", "\u00a0", "\u2028", "\u2029", "\x85", "\ufeff", "\x00", "\x07", "\x1b",
    "\r", "\r\n", "@", "`", "%", "&", "*", "!", "|", "\U0001f600",
]

FRONT_MATTER_SYNTAX = ["---\n", "---", "--- \n", "...\n", "\n---\n", *YAML_SYNTAX]

MARKDOWN_SYNTAX = [
    "\n", "\n\n", "\n    ", "  \n", "\t", " ", "# ", "## ", "### ", "#### ", "###### ", "=\n", "-\n", "> ", "- ", "* ", "+ ", "1. ", "2) ",
    "*", "**", "_", "__", "~~", "`", "```", "~~~", "```js\n", "\\", "!", "[", "]", "(", ")", "<", ">", "\"", "'", "|", "| --- |",
    "|:-:|", "[^1]", "[^1]: ", "[^x]", "[x]: ", "[x]", "](", "![", "![a](", "[a](", ")", " \"t\"",
    "&", "&amp;", "&lt;", "&#", "&#x", ";", "&#9;", "&#10;", "&#0;", "&#x6A;", "&#106;", "&colon;", "&Tab;", "&NewLine;", "&quot;",
    "javascript:", "JaVaScRiPt:", "java\tscript:", "jav&#x09;ascript:", "vbscript:", "data:", "data:text/html,", "file:", "blob:",
    "http:", "https:", "mailto:", "//", "/", "./", "../", "#", "?", "%0A", "%09", "%3A", "%00", "\x00", "\x01", "\x1f", "\x7f",
    "<script>", "</script>", "<script src=x>", "<iframe src=x>", "<object data=x>", "<embed src=x>", "<style>", "<img src=x onerror=alert(1)>",
    "<a href='javascript:alert(1)'>", "<svg onload=alert(1)>", "<form action=x>", "<!--", "-->", "<![CDATA[", "<?", "<!DOCTYPE",
    "onerror=", "onclick=\"", " onload=", "alert(1)", "x", "a b", "évé", "\u2028", "\u00a0", "\ufeff", "\u202e", "\U0001f600",
    "/handbook/", "/de/handbook/", "/images/x.png", "/cities/almaty/", "/\\evil.org", "\\\\evil.org", "evil.org", "@evil.org",
]
