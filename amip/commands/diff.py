"""`amip diff`: what changed between two versions of a data set, as lines for the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from amip.errors import Position
from amip.filters import angabe
from amip.load.changes import (
    Change,
    Changes,
    OutlineChange,
    ParagraphChange,
    Scalar,
    Segment,
    TextFileChange,
    ValueChange,
    compare_data_sets,
)
from amip.load.versions import load_version

NO_CHANGES = "Keine Änderungen."
SHOWN_CHARACTERS = 90
"""How much of a paragraph or text value the terminal shows, around its first change."""


def compare_versions(old: str, new: str) -> Changes:
    """Load both versions (directories or REV:PFAD) and compare them."""
    return compare_data_sets(load_version(old).raw, load_version(new).raw)


def report_lines(changes: Changes) -> list[str]:
    """The change report: a heading per kind of change, one line per change; or that there are none."""
    if changes.empty:
        return [NO_CHANGES]
    groups = [("Geänderte Zahlen", len(changes.figures), [_value_line(change) for change in changes.figures]),
              ("Geänderte Angaben", len(changes.values), [_value_line(change) for change in changes.values]),
              ("Gliederung", len(changes.outline), [_outline_line(change) for change in changes.outline]),
              ("Texte", len(changes.text_files) + len(changes.paragraphs),
               [*(_file_line(change) for change in changes.text_files),
                *(line for change in changes.paragraphs for line in _paragraph_lines(change))])]
    lines: list[str] = []
    for heading, count, entries in groups:
        if count:
            lines += [*([""] if lines else []), f"{heading} ({count})", *(f"  {entry}" for entry in entries)]
    return lines


def _where(position: Position | None) -> str:
    return f"{position}  " if position else ""


def _value_line(change: ValueChange) -> str:
    """`haushalt.yaml:10  haushalt.positionen[VK].betraege[2017]: 8.112.295 → 8.200.000 (+87.705)`"""
    return f"{_where(change.position)}{change.label}: {_old_and_new(change.change, change.old, change.new)}" + (
        f" ({angabe(change.difference, vorzeichen=True)})" if change.difference is not None else "")


def _outline_line(change: OutlineChange) -> str:
    if change.change is Change.changed:
        return f"{_where(change.position)}{change.part}: {_old_and_new(change.change, change.old, change.new)}"
    return f"{_where(change.position)}{change.part} {change.change.value}"


def _old_and_new(change: Change, old: Scalar | None, new: Scalar | None) -> str:
    if change is Change.added:
        return f"hinzugefügt: {_shown(new)}"
    if change is Change.removed:
        return f"entfernt (war {_shown(old)})"
    return f"{_shown(old)} → {_shown(new)}"


def _shown(value: Scalar | None) -> str:
    """A number or date as Germans write it, a text in quotes and shortened; nothing as a dash."""
    if isinstance(value, str):
        return _quoted((Segment(value),))
    return angabe(value)


def _file_line(change: TextFileChange) -> str:
    return f"{change.file}  Textdatei {change.change.value}"


def _paragraph_lines(change: ParagraphChange) -> list[str]:
    """One line for an added or removed paragraph; a changed one shows old and new around the first change."""
    head = f"{change.position}  Absatz {change.change.value}"
    if change.change is Change.added:
        return [f"{head}: {_quoted(change.new)}"]
    if change.change is Change.removed:
        return [f"{head}: {_quoted(change.old)}"]
    return [head, f"    alt: {_quoted(change.old)}", f"    neu: {_quoted(change.new)}"]


def _quoted(segments: Sequence[Segment]) -> str:
    """The text in German quotes, cut at spaces to about SHOWN_CHARACTERS with „…“, a little before its first mark."""
    text = "".join(segment.text for segment in segments)
    first = next((sum(len(s.text) for s in segments[:index]) for index, segment in enumerate(segments)
                  if segment.marked), 0)
    start = max(0, min(first - SHOWN_CHARACTERS // 3, len(text) - SHOWN_CHARACTERS))
    if start:
        start = text.find(" ", start - 1) + 1
    end = start + SHOWN_CHARACTERS
    if end < len(text):
        end = max(text.rfind(" ", start, end + 1), start + SHOWN_CHARACTERS // 2)
    return f"„{'…' if start else ''}{text[start:end]}{'…' if end < len(text) else ''}“"
