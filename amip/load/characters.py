"""Control and invisible characters in a data set's files, found and named in German."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from amip.errors import Location, Position, Problem, dotted

BLANK = "\ufffd"
"""What a hidden character is replaced by while the YAML reader reads the file."""
BOM = "\ufeff"
UNUSUAL = re.compile(r"[^\t\n\r\x20-\x7e\xa0-\xff]")
"""Characters other than tab, line breaks, ASCII and Latin-1 (which keeps the no-break space U+00A0 and the
soft hyphen U+00AD, both at home in German typesetting): only these can be control or format characters."""
MAX_SHOWN = 10
"""Hidden characters reported one by one per file; the rest are counted."""
INVISIBLE_NAMES = {
    "\u200b": "Leerzeichen ohne Breite",
    "\u200c": "Bindehemmer",
    "\u200d": "Verbinder ohne Breite",
    "\u200e": "Schreibrichtungsmarke links nach rechts",
    "\u200f": "Schreibrichtungsmarke rechts nach links",
    "\u061c": "Schreibrichtungsmarke arabisch",
    "\u202a": "Schreibrichtungswechsel: Einbettung links nach rechts",
    "\u202b": "Schreibrichtungswechsel: Einbettung rechts nach links",
    "\u202c": "Schreibrichtungswechsel: Ende der Einbettung",
    "\u202d": "Schreibrichtungswechsel: links nach rechts erzwungen",
    "\u202e": "Schreibrichtungswechsel: rechts nach links erzwungen",
    "\u2066": "Schreibrichtungswechsel: Isolierung links nach rechts",
    "\u2067": "Schreibrichtungswechsel: Isolierung rechts nach links",
    "\u2068": "Schreibrichtungswechsel: Isolierung nach dem ersten Zeichen",
    "\u2069": "Schreibrichtungswechsel: Ende der Isolierung",
    "\u2060": "Wortverbinder",
    "\ufeff": "Byte-Order-Mark mitten im Text",
}
"""German names of the invisible format characters a text most likely carries (Unicode category Cf)."""


def hidden_characters(text: str) -> list[int]:
    """Where control characters (Cc, except tab and line breaks) and invisible format characters (Cf, except the
    soft hyphen) stand in `text`; a byte order mark at the very start is no character of the text."""
    return [match.start() for match in UNUSUAL.finditer(text)
            if _is_hidden(match.group()) and not (match.start() == 0 and match.group() == BOM)]


def _is_hidden(character: str) -> bool:
    return unicodedata.category(character) in ("Cc", "Cf")


def escaped_hidden(value: Any) -> str | None:
    """A hidden character a text holds although its file does not: written as an escape like "\\u202e"."""
    if not isinstance(value, str):
        return None
    return next((character for character in UNUSUAL.findall(value) if _is_hidden(character)), None)


def hidden_message(character: str) -> str:
    """`Steuerzeichen U+0000` or `unsichtbares Zeichen U+202E (Schreibrichtungswechsel: …)`, and what to do."""
    code = f"U+{ord(character):04X}"
    if unicodedata.category(character) == "Cc":
        return f"Steuerzeichen {code} ist nicht erlaubt; bitte löschen (der Editor zeigt es meist nicht)"
    name = INVISIBLE_NAMES.get(character)
    return f"unsichtbares Zeichen {code}{f' ({name})' if name else ''} ist nicht erlaubt; bitte löschen"


def character_problems(name: str, text: str, hidden: list[int], fields: dict[int, Location] | None = None
                        ) -> list[Problem]:
    """One problem per hidden character, with the field it stands in if known; after the first few, a count."""
    fields = fields or {}
    problems = [Problem(_text_position(name, text, index), dotted(fields.get(index, ())).replace(BLANK, ""),
                        hidden_message(text[index])) for index in hidden[:MAX_SHOWN]]
    if len(hidden) > MAX_SHOWN:
        problems.append(Problem(Position(name), "", f"und {len(hidden) - MAX_SHOWN} weitere Steuerzeichen oder "
                                                    "unsichtbare Zeichen"))
    return problems


def _text_position(name: str, text: str, index: int) -> Position:
    return Position(name, text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index))


def blanked(text: str, hidden: list[int]) -> str:
    if not hidden:
        return text
    characters = list(text)
    for index in hidden:
        characters[index] = BLANK
    return "".join(characters)
