"""Placeholders: values marked `!offen` in YAML and `[offen: …]` in texts, written but still to be filled in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from amip.errors import Position, Problem, dotted
from amip.filters import angabe
from amip.load import RawDataSet

TEXT_PLACEHOLDER = re.compile(r"\[offen(?::\s*([^\]\n]*))?\]")
"""`[offen: Entwicklung der Arbeitslosigkeit beschreiben]` in a Markdown text."""


def stand_in(value: Any) -> str:
    """The value a placeholder stands in with, as the clerk reads it: a text in quotes, else as written."""
    return f"„{value}“" if isinstance(value, str) else angabe(value)


def open_placeholders(raw: RawDataSet) -> list[Problem]:
    """Every placeholder still open in the data set: the YAML values, then the texts."""
    values = [Problem(raw.position(location), dotted(location), f"offen, vorläufig {stand_in(raw.value(location))}")
              for location in raw.placeholders]
    return [*values, *_text_placeholders(raw.texts)]


def _text_placeholders(texts: dict[str, str]) -> Iterator[Problem]:
    """Every `[offen: …]` in the Markdown texts, with file and line."""
    for name, text in sorted(texts.items()):
        for match in TEXT_PLACEHOLDER.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            hint = (match.group(1) or "").strip()
            yield Problem(Position(name, line), "", f"Text offen{': ' + hint if hint else ''}")
