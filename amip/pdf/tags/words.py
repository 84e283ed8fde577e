"""How a line of text reads where it meets the next: hyphens added by hyphenation dropped, word gaps kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pydyf

SOFT_HYPHEN = "\u00ad"
PROBE = 16
"""Characters on each side of a line end compared with the source text."""
GAP = 0.25
"""A horizontal distance (in em) between two pieces on one line that reads as a word gap."""
_COLLAPSIBLE = re.compile("[ \t\n\r\f]+")


@dataclass(frozen=True)
class Piece:
    """A text box as drawn: its text, the line box holding it, and the block whose lines these are."""

    box: Any
    line: Any
    block: tuple[Any, str]
    """The element and element tag of the box holding the line: the same for each line of one paragraph."""

    @property
    def text(self) -> str:
        return self.box.text


def reading(left: Piece, right: Piece, source: str) -> str:
    """How `left` reads when `right` follows: without a hyphen hyphenation added, with a gap between words.

    `source` is the text of the block's element as written; a line end is a word gap where the
    source has white space there, and an added hyphen where the source has none.
    """
    text = left.text
    if text[-1:].isspace() or right.text[:1].isspace():
        return text
    if left.line is right.line:
        distance = right.box.position_x - (left.box.position_x + left.box.width)
        return text + " " if distance > GAP * left.box.style["font_size"] else text
    if left.block != right.block:
        return text + " "
    hyphen = left.box.style["hyphenate_character"]
    if hyphen and text.endswith(hyphen) and not _written(text, right.text, source):
        return text[:-len(hyphen)].rstrip(SOFT_HYPHEN)
    if _written(text, right.text, source) and not _written(text + " ", right.text, source):
        return text
    return text + " "


def source_text(element: Any) -> str:
    """The text of an element as written, white space collapsed, soft hyphens left out, a line break a space."""
    parts: list[str] = []

    def collect(node: Any) -> None:
        parts.append(node.text or "")
        for child in node:
            if child.tag == "br":
                parts.append(" ")
            else:
                collect(child)
            parts.append(child.tail or "")

    collect(element)
    return _COLLAPSIBLE.sub(" ", "".join(parts).replace(SOFT_HYPHEN, ""))


def _written(left: str, right: str, source: str) -> bool:
    """Whether the end of `left` followed by the start of `right` stands in `source`."""
    return (left.replace(SOFT_HYPHEN, "")[-PROBE:] + right.replace(SOFT_HYPHEN, "")[:PROBE]) in source


def text_string(text: str) -> Any:
    """A PDF text string: PDFDocEncoding bytes where they suffice (a quarter of UTF-16 in hex), else UTF-16."""
    if not text.startswith("\u00fe\u00ff") and all(" " <= char <= "~" or "\u00a1" <= char <= "\u00ff"
                                                    and char != SOFT_HYPHEN for char in text):
        return pydyf.String(text.encode("latin-1"))
    return pydyf.String(text)
