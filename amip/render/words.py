"""Words too long to typeset: hyphenating one word of thousands of letters takes WeasyPrint minutes.

Measured with the built-in stylesheet (German hyphenation): a word of 200 letters costs about 0.1 s, of 400
letters 0.7 s, of 1,000 letters in a heading 16 s, of 10,000 letters in a text 8 minutes. German compounds
stay far below 200 letters; a long web address fits as the target of a link, whose text is short.
"""

from __future__ import annotations

import re

from amip.errors import Problem, TemplateError, dotted
from amip.load import RawDataSet, leaves

MAX_WORD = 200
"""Characters of one word: a run without a space or hyphen (a non-breaking space joins words)."""
LONG_WORD = re.compile(rf"(?:[^\s-]|[\u00a0\u2007\u202f]){{{MAX_WORD + 1},}}")
INLINE_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd",
                         "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"})
"""Elements inside a line: text on both sides of them is one word if no space is between."""
HTML_PIECE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>|<[^>]*>|[^<]+")
STYLE_URL = re.compile(r"url\([^)]*\)")


def long_word(text: str) -> str | None:
    """The first word of `text` longer than MAX_WORD, or None."""
    match = LONG_WORD.search(text)
    return match.group() if match else None


def too_long(word: str) -> str:
    """The message for a word over MAX_WORD characters, with its beginning."""
    return (f"ein Wort ist länger als {MAX_WORD} Zeichen („{word[:40]}…“) und lässt sich nicht setzen; "
            "bitte mit Leerzeichen oder Bindestrich trennen oder eine lange Internetadresse als Verweis schreiben: "
            "[Text](Adresse)")


def long_words_in_data(raw: RawDataSet) -> list[Problem]:
    """Every text value of the YAML files with a word over MAX_WORD characters, with file, line and field."""
    return [Problem(raw.position(location), dotted(location), too_long(word))
            for location, text in leaves(raw.data) if isinstance(text, str) and (word := long_word(text))]


def check_html_words(html: str) -> None:
    """Refuse a document whose templates made a word over MAX_WORD characters (texts and data are checked before).

    Text inside inline elements (span, a, em, …) joins its neighbours; other elements separate words.
    Addresses in the stylesheet (url(…)) are not text.
    """
    line, in_style = "", False
    for match in HTML_PIECE.finditer(html):
        closing, tag = match.group(1), (match.group(2) or "").lower()
        if match.group().startswith("<"):
            in_style = tag == "style" and not closing or in_style and not (tag == "style" and closing)
            if tag not in INLINE_TAGS:
                line = ""
            continue
        line += STYLE_URL.sub(" ", match.group()) if in_style else match.group()
        if word := long_word(line):
            raise TemplateError(f"Vorlagen: {too_long(word)}")
        line = line[-MAX_WORD:]
