"""The one walk over an outline: chapters and their sections at any depth, as written or as validated."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from amip.errors import Location

OUTLINE = "gliederung"
"""The key of the outline in programm.yaml."""
SECTIONS = "abschnitte"
"""The key of a chapter's (or a section's) sections."""
BLOCKS = "inhalt"
"""The key of a chapter's or section's blocks."""

Part = TypeVar("Part")


def walk_parts(parts: Sequence[Part], sections: Callable[[Part], Sequence[Part]],
               location: Location = (OUTLINE,), depth: int = 1) -> Iterator[tuple[Location, int, Part]]:
    """Every chapter and, after it, its sections, depth first: where it is written, its depth (1 for chapters)."""
    for index, part in enumerate(parts):
        yield location + (index,), depth, part
        yield from walk_parts(sections(part), sections, location + (index, SECTIONS), depth + 1)


def raw_sections(part: Any) -> list[Any]:
    """The sections of a chapter as YAML holds it; nothing where they are not a list."""
    value = part.get(SECTIONS) if isinstance(part, dict) else None
    return value if isinstance(value, list) else []


def raw_blocks(part: Any) -> list[Any]:
    """The blocks of a chapter or section as YAML holds them; nothing where they are not a list."""
    value = part.get(BLOCKS) if isinstance(part, dict) else None
    return value if isinstance(value, list) else []


def raw_parts(data: dict[str, Any]) -> Iterator[tuple[Location, int, dict[str, Any]]]:
    """Every chapter and section of an outline as written (which may be invalid): only the mappings."""
    chapters = data.get(OUTLINE)
    for location, depth, part in walk_parts(chapters if isinstance(chapters, list) else [], raw_sections):
        if isinstance(part, dict):
            yield location, depth, part
