"""The marked content WeasyPrint drew on a page: numbered afresh for the tag tree, or turned into artifacts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PAGINATION = "/Pagination"
"""Artifact type of running heads, page numbers and table headers repeated on a new page."""


@dataclass(frozen=True, eq=False)
class Mark:
    """A marked-content sequence in the tag tree: its page, the content stream holding it, its MCID there."""

    page: int
    stream: Any
    mcid: int


class PageMarks:
    """The marked-content sequences of one page, found by the box WeasyPrint drew inside them.

    WeasyPrint numbers them in drawing order and keeps `box → {"mcid": …}` in the stream's `_tags`; the
    operators are in the stream's list as `/Span`, a dictionary `{MCID: n}` and `BDC`. Content the tag tree
    leaves out becomes an artifact; the rest is numbered in reading order, per content stream.
    """

    def __init__(self, page: int, tags: dict[Any, dict[str, Any]], streams: list[Any]):
        self.page = page
        self.tags = tags
        self.properties: dict[int, tuple[Any, int]] = {}
        for stream in streams:
            for index, item in enumerate(stream.stream):
                if isinstance(item, dict) and "MCID" in item:
                    self.properties[item["MCID"]] = (stream, index)
        self.done: set[int] = set()
        self.numbers: dict[Any, int] = {}

    def __contains__(self, box: Any) -> bool:
        return box in self.tags

    def claim(self, box: Any) -> Mark:
        """The mark of `box`'s content, numbered next in its content stream."""
        stream, index = self._find(box)
        number = self.numbers.get(stream, 0)
        self.numbers[stream] = number + 1
        stream.stream[index]["MCID"] = number
        return Mark(self.page, stream, number)

    def artifact(self, box: Any) -> None:
        """Mark `box`'s content as a pagination artifact instead of tagged content."""
        stream, index = self._find(box)
        assert stream.stream[index - 1] == f"/{self.tags[box]['tag']}"
        stream.stream[index - 1] = "/Artifact"
        stream.stream[index].clear()
        stream.stream[index]["Type"] = PAGINATION

    def unused(self) -> list[Any]:
        """Boxes whose content is drawn but was neither claimed nor made an artifact."""
        return [box for box, tag in self.tags.items() if tag["mcid"] not in self.done]

    def _find(self, box: Any) -> tuple[Any, int]:
        mcid = self.tags[box]["mcid"]
        assert mcid not in self.done, "marked content used twice"
        self.done.add(mcid)
        return self.properties[mcid]
