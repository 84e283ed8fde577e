"""Read a data set safely: its YAML files and the Markdown texts it names, with the position of every value."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import Any

from amip.errors import DataError, Location, Position, Problem
from amip.load.characters import character_problems, hidden_characters
from amip.load.files import (FONT_DIR, MAX_FILE_BYTES, NotInDataSet, Refused, TooBig, data_set_file, data_set_folder,
                             read_regular)
from amip.load.outline import raw_blocks, raw_parts
from amip.load.parse import PLACEHOLDER_TAG, parse_yaml

MAIN_FILE = "programm.yaml"
FONT_SUFFIXES = (".ttf", ".otf")
MAX_LISTED = 1000
"""How many Markdown files of one folder a misspelt text reference is compared with."""


@dataclass
class RawDataSet:
    """The data set as plain Python values, before validation."""

    root: Path
    data: dict[str, Any]
    positions: dict[Location, Position]
    texts: dict[str, str] = field(default_factory=dict)
    """The Markdown texts the outline and the programs name, by their path in the data set."""
    text_files: list[str] = field(default_factory=list)
    """Markdown files a text reference could have meant: the texts read and those beside a missing one."""
    placeholders: list[Location] = field(default_factory=list)
    """Values marked !offen: written as a stand-in, still to be filled in."""
    comma_joined: dict[Location, str] = field(default_factory=dict)
    """Whole numbers a comma without a space joins in a flow list, `[24,5]`, as written: a decimal comma?"""

    def value(self, location: Location) -> Any:
        """The value as the YAML files hold it at `location`, or None where nothing is written."""
        value: Any = self.data
        for part in location:
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
                value = value[part]
            else:
                return None
        return value

    def position(self, location: Location) -> Position | None:
        """The position of the value at `location`, or of its nearest written parent."""
        for end in range(len(location), -1, -1):
            if location[:end] in self.positions:
                return self.positions[location[:end]]
        return None


def load_data_set(root: Path) -> RawDataSet:
    """Read every YAML file of the data set and the Markdown texts its outline and programs name.

    Nothing else is read: a file nothing refers to costs no time, however large it is.
    """
    if not os.path.lexists(root / MAIN_FILE):
        raise DataError([Problem(Position(str(root)), "",
                                 f"kein Datensatz: die Datei {MAIN_FILE} fehlt in diesem Verzeichnis")])
    raw = RawDataSet(root=root, data={}, positions={})
    problems: list[Problem] = []
    for path in yaml_files(root):
        try:
            _merge_file(raw, path.name)
        except DataError as error:
            problems.extend(error.problems)
    named = [name for name in text_references(raw.data) if name.endswith(".md")]
    for name in named:
        try:
            raw.texts[name] = _read_text(root, name)
        except NotInDataSet:  # the outline check says so, with the line that names it
            pass
        except DataError as error:
            problems.extend(error.problems)
        else:
            problems += character_problems(name, raw.texts[name], hidden_characters(raw.texts[name]))
    try:
        font_files(root)
    except DataError as error:
        problems.extend(error.problems)
    if problems:
        raise DataError(problems)
    missing = [name for name in named if name not in raw.texts]
    raw.text_files = sorted({*raw.texts, *(other for name in missing for other in _markdown_beside(root, name))})
    return raw


def leaves(value: Any, location: Location = ()) -> Iterator[tuple[Location, Any]]:
    """Every value below `value` that is neither a mapping nor a list, with where it stands."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, location + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, location + (index,))
    else:
        yield location, value


def yaml_files(root: Path) -> list[Path]:
    """The data set's YAML files, each one data: programm.yaml and every NAME.yaml beside it.

    Hidden ones are left out: they are editors' (Emacs locks a file with a link .#programm.yaml).
    """
    return sorted(root.glob("[!.]*.yaml"))


def text_references(data: dict[str, Any]) -> list[str]:
    """The texts the outline (`- text: texte/x.md`) and the programs (`programme.NAME.text`) name, in order."""
    programs = data.get("programme")
    holders = [*(block for _, _, part in raw_parts(data) for block in _mappings(raw_blocks(part))),
               *_mappings(list(programs.values()) if isinstance(programs, dict) else None)]
    return list(dict.fromkeys(holder["text"] for holder in holders if isinstance(holder.get("text"), str)))


def font_files(root: Path) -> list[str]:
    """The font files the data set brings, `schriften/NAME.ttf` or `.otf`: checked as regular files, not read."""
    try:
        folder = data_set_folder(root, FONT_DIR)
    except Refused as refused:
        raise DataError([Problem(Position(FONT_DIR), "", refused.reason)]) from None
    names = sorted(f"{FONT_DIR}/{path.name}" for path in folder.iterdir()
                   if path.suffix.lower() in FONT_SUFFIXES) if folder else []
    problems = []
    for name in names:
        try:
            data_set_file(root, name)
        except Refused as refused:
            problems.append(Problem(Position(name), "", refused.reason))
    if problems:
        raise DataError(problems)
    return names


def _mappings(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _markdown_beside(root: Path, name: str) -> list[str]:
    """The Markdown files in the folder a missing text would be in (at most MAX_LISTED), by their path."""
    folder = PurePosixPath(name).parent
    try:
        path = data_set_folder(root, folder.as_posix())
    except Refused:
        return []
    if path is None:
        return []
    with os.scandir(path) as entries:
        names = islice((entry.name for entry in entries if entry.name.endswith(".md")), MAX_LISTED)
        return [(folder / entry).as_posix() for entry in names]


def _merge_file(raw: RawDataSet, name: str) -> None:
    """Add one YAML file: the main file gives top-level keys, `name.yaml` the key `name`."""
    prefix: Location = () if name == MAIN_FILE else (name.removesuffix(".yaml"),)
    parsed = parse_yaml(_read_text(raw.root, name), name, prefix)
    data = parsed.value
    if not prefix:
        if not isinstance(data, dict):
            raise DataError([Problem(Position(name, 1, 1), "", "erwartet Schlüssel und Werte (eine Zuordnung)")])
    else:
        data = {prefix[0]: data}
    for key in data:
        if key in raw.data:
            where = Position(name, 1, 1) if prefix else parsed.positions[(key,)]
            raise DataError([Problem(where, str(key),
                                     f"ist doppelt angegeben: in {MAIN_FILE} und als eigene Datei {key}.yaml")])
    raw.data.update(data)
    raw.positions.update(parsed.positions)
    raw.placeholders += parsed.placeholders
    raw.comma_joined.update(parsed.comma_joined)


def _read_text(root: Path, name: str) -> str:
    """A UTF-8 text file of bounded size that is a regular file inside the data set; a BOM at its start is dropped.

    In a YAML file the marks !offen do not count towards the size: they are amip's own, added by rollover.
    """
    is_yaml = name.endswith(".yaml")
    limit = 2 * MAX_FILE_BYTES if is_yaml else MAX_FILE_BYTES
    too_big = Problem(Position(name), "", TooBig(MAX_FILE_BYTES).reason)
    try:
        content = read_regular(data_set_file(root, name, limit), limit)
    except NotInDataSet:
        raise
    except TooBig:
        raise DataError([too_big]) from None
    except Refused as refused:
        raise DataError([Problem(Position(name), "", refused.reason)]) from None
    marks = content.count(PLACEHOLDER_TAG.encode()) * len(f"{PLACEHOLDER_TAG} ") if is_yaml else 0
    if len(content) - marks > MAX_FILE_BYTES:
        raise DataError([too_big])
    try:
        return content.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise DataError([Problem(Position(name), "",
                                 f"ist keine UTF-8-Textdatei (ungültiges Byte an Stelle {error.start}); "
                                 "bitte als UTF-8 speichern")]) from None
