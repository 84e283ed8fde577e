"""Compare two versions of a data set: changed figures and other values, chapters, sections, blocks and paragraphs."""

from __future__ import annotations

import datetime
import difflib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum
from typing import Any

from amip.errors import DataError, Location, Position, Problem
from amip.filters import angabe, datum
from amip.load import MAIN_FILE, RawDataSet
from amip.load.outline import BLOCKS, OUTLINE, SECTIONS, raw_blocks, raw_parts
from amip.load.versions import Version, labelled

STRUCTURE_KEYS = ("titel", BLOCKS, SECTIONS)
"""What makes up a chapter or section in the outline; its other keys (nummeriert) are settings."""
NAME_KEYS = ("kennzahl", "kuerzel", "bezeichnung", "name", "merkmal", "ziel", "titel", "berichtsmonat", "jahr")
"""Keys that name a list item, in order of preference: labels say `positionen[Verwaltungskosten (VK)]`, not `[0]`."""
YEAR_KEYS = ("jahr",)
"""Keys whose value is a year: an Angabe written 2017, not the figure 2.017."""
PARAGRAPH = re.compile(r"(?:^[^\S\n]*\S.*(?:\n|$))+", re.MULTILINE)
"""Lines that are not blank, one after another: a paragraph of Markdown."""
WORD = re.compile(r"\s+|\S+")
"""Words and the spaces between them: what changed paragraphs are compared by."""
REWRITTEN = 0.5
"""Below this share of words in common, a paragraph counts as removed and another one added, not as changed."""

Scalar = str | int | float | Decimal | bool | datetime.date
"""A value of a YAML file that is neither a mapping nor a list (null counts as not written)."""


class Change(str, Enum):
    """What happened to a value, a part of the outline or a paragraph."""

    added = "hinzugefügt"
    removed = "entfernt"
    changed = "geändert"
    moved = "verschoben"


@dataclass(frozen=True)
class ValueChange:
    """A value of the YAML files that differs: its label, where it is written, old and new (None if absent)."""

    label: str
    position: Position | None
    old: Scalar | None
    new: Scalar | None

    @property
    def change(self) -> Change:
        return Change.added if self.old is None else Change.removed if self.new is None else Change.changed

    @property
    def is_figure(self) -> bool:
        """A number on either side: a figure of the program, not some other value."""
        return is_number(self.old) or is_number(self.new)

    @property
    def difference(self) -> Decimal | None:
        """New minus old, when both are numbers."""
        if is_number(self.old) and is_number(self.new):
            return Decimal(str(self.new)) - Decimal(str(self.old))
        return None


@dataclass(frozen=True)
class OutlineChange:
    """A chapter, section or block added, removed or moved, or a chapter's setting changed (then with old and new)."""

    change: Change
    part: str
    position: Position | None
    old: Scalar | None = None
    new: Scalar | None = None


@dataclass(frozen=True)
class Segment:
    """A piece of a paragraph, marked if it is not in the other version."""

    text: str
    marked: bool = False


@dataclass(frozen=True)
class ParagraphChange:
    """A paragraph of a text changed, added or removed; in a changed one the differing words are marked."""

    position: Position
    old: tuple[Segment, ...]
    new: tuple[Segment, ...]

    @property
    def change(self) -> Change:
        return Change.added if not self.old else Change.removed if not self.new else Change.changed


@dataclass(frozen=True)
class TextFileChange:
    """A Markdown text of the data set that only one version has."""

    change: Change
    file: str


@dataclass(frozen=True)
class Changes:
    """Everything that differs between two versions of a data set, each kind in the order of the files."""

    figures: list[ValueChange] = field(default_factory=list)
    values: list[ValueChange] = field(default_factory=list)
    outline: list[OutlineChange] = field(default_factory=list)
    text_files: list[TextFileChange] = field(default_factory=list)
    paragraphs: list[ParagraphChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.figures or self.values or self.outline or self.text_files or self.paragraphs)


@dataclass(frozen=True)
class Appendix:
    """The changes a draft lists at its end, and the date (stand) of the version they are measured against."""

    since: datetime.date
    changes: Changes

    @property
    def title(self) -> str:
        return f"Änderungen gegenüber der Fassung vom {datum(self.since)}"


def is_number(value: Any) -> bool:
    """A finite int, float or Decimal; true and false are not numbers here."""
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and math.isfinite(value)


def compare_data_sets(old: RawDataSet, new: RawDataSet) -> Changes:
    """Every changed value, outline part, text file and paragraph from `old` to `new`."""
    values = _value_changes(old, new)
    return Changes(figures=[change for change in values if change.is_figure],
                   values=[change for change in values if not change.is_figure],
                   outline=_parts_changes(_outline(old), _outline(new), "Kapitel", ""),
                   text_files=[TextFileChange(Change.removed, name) for name in sorted(old.texts.keys() - new.texts)]
                   + [TextFileChange(Change.added, name) for name in sorted(new.texts.keys() - old.texts)],
                   paragraphs=[change for name in sorted(old.texts.keys() & new.texts.keys())
                               for change in paragraph_changes(name, old.texts[name], new.texts[name])])


def appendix_against(old: Version, new: RawDataSet) -> Appendix:
    """The change appendix from the earlier version `old` to `new`; `old` must say its stand."""
    since = old.raw.data.get("stand")
    if not isinstance(since, datetime.date):
        where = _line(old.raw, ("stand",)) or Position(MAIN_FILE)
        raise DataError([Problem(replace(where, file=labelled(old.label, where.file)), "stand",
                                 "die frühere Fassung braucht ihren Stand als Datum (JJJJ-MM-TT) für die "
                                 "Überschrift des Änderungsanhangs")])
    return Appendix(since, compare_data_sets(old.raw, new))


# --- Werte --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Leaf:
    location: Location
    value: Scalar


def _value_changes(old: RawDataSet, new: RawDataSet) -> list[ValueChange]:
    """Values matched by their label, in the order they are written; the outline is compared on its own."""
    before, after = _leaves(old.data), _leaves(new.data)
    written_in = {label: (old, leaf) for label, leaf in before.items()} | {
        label: (new, leaf) for label, leaf in after.items()}  # the new version, or the old one for removed values
    changes = []
    for label, (raw, leaf) in written_in.items():
        was, now = before.get(label), after.get(label)
        if was and now and _same(was.value, now.value):
            continue
        written = raw.position(leaf.location) or Position("")
        changes.append(((written.file, written.line or 0, written.column or 0, label),
                        ValueChange(label, _line(raw, leaf.location), was.value if was else None,
                                    now.value if now else None)))
    return [change for _, change in sorted(changes, key=lambda pair: pair[0])]


def _same(old: Scalar, new: Scalar) -> bool:
    """Equal numbers are the same however written (5 and 5.0); other values only with the same type."""
    if is_number(old) and is_number(new):
        return Decimal(str(old)) == Decimal(str(new))
    return type(old) is type(new) and old == new


def _leaves(data: dict[str, Any]) -> dict[str, _Leaf]:
    """Every scalar value by its label, e.g. `haushalt.positionen[Verwaltungskosten (VK)].betraege[2017]`."""
    found: dict[str, _Leaf] = {}

    def walk(value: Any, location: Location, label: str, categories: list[Any], names: list[str] | None) -> None:
        if isinstance(value, dict):
            categories = value["kategorien"] if isinstance(value.get("kategorien"), list) else categories
            for key, item in value.items():
                if location or key != OUTLINE:
                    step = f"[{key}]" if isinstance(key, int) else f".{key}" if label else str(key)
                    walk(item, location + (key,), label + step, categories,
                         _item_names(item, categories if key == "werte" else []) if isinstance(item, list) else None)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, location + (index,), f"{label}[{names[index] if names else index}]", categories, None)
        elif value is not None:
            found[label] = _Leaf(location, str(value) if location[-1] in YEAR_KEYS else value)

    walk(data, (), "", [], None)
    return found


def _item_names(items: list[Any], categories: list[Any]) -> list[str] | None:
    """How labels name list items: by a name key (bezeichnung, …), a chart's values by its categories; else None."""
    names = [str(category) for category in categories] if len(categories) == len(items) else [
        _item_name(item) for item in items]
    return names if all(names) and len(set(names)) == len(names) else None


def _item_name(item: Any) -> str:
    """The value of the first name key of a list item, or "" if it has none."""
    if isinstance(item, dict):
        for key in NAME_KEYS:
            value = item.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                return str(value)
            if isinstance(value, datetime.date):
                return datum(value)
    return ""


def _line(raw: RawDataSet, location: Location) -> Position | None:
    """File and line of a value (the column would only clutter a report)."""
    position = raw.position(location)
    return Position(position.file, position.line) if position else None


# --- Gliederung ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """A chapter or section as written: title, settings (nummeriert) where written, blocks and sections."""

    title: str
    position: Position | None
    settings: dict[str, tuple[Any, Position | None]]
    blocks: list[tuple[str, Position | None]]
    sections: list[_Part]


def _outline(raw: RawDataSet) -> list[_Part]:
    """The chapters of an outline that may be invalid, with their sections: what is not a mapping is left out."""
    chapters: list[_Part] = []
    above: list[_Part] = []  # the part last seen at each depth
    for location, depth, item in raw_parts(raw.data):
        part = _part(raw, item, location)
        del above[depth - 1:]
        (above[-1].sections if above else chapters).append(part)
        above.append(part)
    return chapters


def _part(raw: RawDataSet, item: dict[str, Any], location: Location) -> _Part:
    return _Part(str(item.get("titel", "")), _line(raw, location),
                 {key: (value, _line(raw, location + (key,))) for key, value in item.items()
                  if key not in STRUCTURE_KEYS},
                 [(_block_name(block), _line(raw, location + (BLOCKS, index)))
                  for index, block in enumerate(raw_blocks(item))], [])


def _block_name(block: Any) -> str:
    """A block as it is written: `diagramm: alq_sgb2`, `unterzeichnung: true`."""
    if isinstance(block, dict):
        return ", ".join(f"{key}: {angabe(value)}" for key, value in block.items())
    return angabe(block)


def _parts_changes(old: list[_Part], new: list[_Part], kind: str, within: str) -> list[OutlineChange]:
    """Chapters (or sections) matched by title; for each kept one, its settings, blocks and sections too."""
    def name(part: _Part) -> str:
        return f"{kind} „{part.title}“{within}"

    changes, pairs = _presence([(name(part), part.position) for part in old],
                               [(name(part), part.position) for part in new])
    for i, j in pairs:
        part = name(new[j])
        for key in sorted(old[i].settings.keys() | new[j].settings.keys(), key=str):
            (was, written_old), (now, written_new) = (old[i].settings.get(key, (None, None)),
                                                      new[j].settings.get(key, (None, None)))
            if not _same(was, now):
                changes.append(OutlineChange(Change.changed, f"{part}, {key}", written_new or written_old, was, now))
        blocks, _ = _presence([(f"Baustein „{block}“ in {part}", at) for block, at in old[i].blocks],
                              [(f"Baustein „{block}“ in {part}", at) for block, at in new[j].blocks])
        changes += blocks + _parts_changes(old[i].sections, new[j].sections, "Abschnitt", f" in {part}")
    return changes


def _presence(old: Sequence[tuple[str, Position | None]], new: Sequence[tuple[str, Position | None]]
              ) -> tuple[list[OutlineChange], list[tuple[int, int]]]:
    """Entries matched by name: the removed, added and moved ones as changes, and the (old, new) index pairs kept."""
    old_keys, new_keys = _numbered([name for name, _ in old]), _numbered([name for name, _ in new])
    in_order = {j for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
                .get_opcodes() if tag == "equal" for j in range(j1, j2)}
    index, kept = {key: i for i, key in enumerate(old_keys)}, set(new_keys)
    changes = [OutlineChange(Change.removed, *old[i]) for i, key in enumerate(old_keys) if key not in kept]
    pairs = []
    for j, key in enumerate(new_keys):
        if key not in index:
            changes.append(OutlineChange(Change.added, *new[j]))
            continue
        pairs.append((index[key], j))
        if j not in in_order:
            changes.append(OutlineChange(Change.moved, *new[j]))
    return changes, pairs


def _numbered(names: list[str]) -> list[tuple[str, int]]:
    """Each name with how often it came before, so that two chapters of the same title stay apart."""
    seen: dict[str, int] = {}
    keyed = []
    for name in names:
        keyed.append((name, seen.get(name, 0)))
        seen[name] = keyed[-1][1] + 1
    return keyed


# --- Texte --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Paragraph:
    line: int
    text: str


def paragraph_changes(name: str, old: str, new: str) -> list[ParagraphChange]:
    """Paragraphs matched by difflib, then side by side where they differ: changed if alike, else added and removed.

    Changed and added ones are at their line in `new`, removed ones at their line in `old`.
    """
    before, after = _paragraphs(old), _paragraphs(new)
    matcher = difflib.SequenceMatcher(None, [p.text for p in before], [p.text for p in after], autojunk=False)
    changes = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for index in range(max(i2 - i1, j2 - j1)):
            was = before[i1 + index] if i1 + index < i2 else None
            now = after[j1 + index] if j1 + index < j2 else None
            marked = _marked(was.text, now.text) if was and now else None
            if marked and now:
                changes.append(ParagraphChange(Position(name, now.line), *marked))
                continue
            changes += [ParagraphChange(Position(name, now.line), (), (Segment(now.text),))] if now else []
            changes += [ParagraphChange(Position(name, was.line), (Segment(was.text),), ())] if was else []
    return changes


def _paragraphs(text: str) -> list[_Paragraph]:
    """The paragraphs of a Markdown text with the line each starts on; a line break within one is a space."""
    return [_Paragraph(text.count("\n", 0, match.start()) + 1, " ".join(match.group().split()))
            for match in PARAGRAPH.finditer(text)]


def _marked(old: str, new: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]] | None:
    """Both paragraphs in segments, the words that differ marked; None if the paragraph was rewritten."""
    words_old, words_new = WORD.findall(old), WORD.findall(new)
    matcher = difflib.SequenceMatcher(str.isspace, words_old, words_new, autojunk=False)
    if matcher.ratio() < REWRITTEN:
        return None
    segments_old: list[Segment] = []
    segments_new: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            segments_old.append(Segment("".join(words_old[i1:i2]), tag != "equal"))
        if j2 > j1:
            segments_new.append(Segment("".join(words_new[j1:j2]), tag != "equal"))
    return tuple(segments_old), tuple(segments_new)
