"""Read a data set's YAML and Markdown files safely, remembering where every value was written."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from amip.errors import DataError, Position, Problem

MAIN_FILE = "programm.yaml"
MAX_FILE_BYTES = 2_000_000
MAX_NODES = 200_000
PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
PLACEHOLDER_TAG = "!offen"
"""`betrag: !offen 8112295`: the value stands in until the real one is known; amip lists it as open."""

Location = tuple[str | int, ...]

YAML_PROBLEMS = {
    "expected alphabetic or numeric character": "nach * oder & muss ein Name folgen; ein Sternchen als Wert "
                                                "(Zeichen der BA-Statistik) gehört in Anführungszeichen: \"*\"",
    "found undefined alias": "der Verweis mit * ist nirgends mit & festgelegt; ein Sternchen als Wert "
                             "gehört in Anführungszeichen: \"*\"",
    "mapping values are not allowed here": "hier darf kein Schlüssel stehen; ein Text mit „: “ gehört in "
                                           "Anführungszeichen, oder die Einrückung stimmt nicht",
    "found character '\\t' that cannot start any token": "Tabulatorzeichen sind nicht erlaubt; bitte mit "
                                                         "Leerzeichen einrücken",
    "expected ',' or ']'": "eine Liste in [ ] ist nicht geschlossen: es fehlt „]“ oder ein Komma",
    "expected ',' or '}'": "eine Zuordnung in { } ist nicht geschlossen: es fehlt „}“ oder ein Komma",
    "found unexpected end of stream": "die Datei endet mitten in einem Wert; fehlt ein schließendes "
                                      "Anführungszeichen?",
    "sequence entries are not allowed here": "hier darf kein Listeneintrag („- “) stehen; ein Bindestrich als "
                                             "Wert gehört in Anführungszeichen: \"-\"",
    "could not determine a constructor for the tag": f"Markierungen mit ! sind nicht erlaubt, außer {PLACEHOLDER_TAG} "
                                                      "vor einem noch offenen Wert",
    "expected the node content": "hier fehlt ein Wert",
    "expected <block end>": "die Einrückung stimmt nicht: dieser Eintrag ist anders eingerückt als die übrigen "
                            "seiner Ebene",
    "could not find expected ':'": "nach einem Schlüssel fehlt der Doppelpunkt",
    "did not find expected key": "die Einrückung stimmt nicht: Schlüssel derselben Ebene müssen genau "
                                 "untereinander stehen",
    "did not find expected '-' indicator": "die Einrückung stimmt nicht: Listeneinträge müssen genau "
                                           "untereinander stehen",
    "found unknown escape character": "unbekanntes Zeichen nach \\ in Text mit doppelten Anführungszeichen; "
                                      "einfache Anführungszeichen verwenden",
}
"""PyYAML's problems in German, with the usual fix; matched by their beginning."""


@dataclass
class RawDataSet:
    """The data set as plain Python values, before validation."""

    root: Path
    data: dict[str, Any]
    positions: dict[Location, Position]
    texts: dict[str, str] = field(default_factory=dict)
    placeholders: list[Location] = field(default_factory=list)
    """Values marked !offen: written as a stand-in, still to be filled in."""

    def position(self, location: Location) -> Position | None:
        """The position of the value at `location`, or of its nearest written parent."""
        for end in range(len(location), -1, -1):
            if location[:end] in self.positions:
                return self.positions[location[:end]]
        return None


def load_data_set(root: Path) -> RawDataSet:
    """Read every YAML file of the data set and every Markdown text below it."""
    if not (root / MAIN_FILE).is_file():
        raise DataError([Problem(Position(str(root)), "",
                                 f"kein Datensatz: die Datei {MAIN_FILE} fehlt in diesem Verzeichnis")])
    raw = RawDataSet(root=root, data={}, positions={})
    problems: list[Problem] = []
    for path in sorted(root.glob("*.yaml")):
        try:
            _merge_file(raw, path)
        except DataError as error:
            problems.extend(error.problems)
    for path in sorted(root.rglob("*.md")):
        name = path.relative_to(root).as_posix()
        try:
            raw.texts[name] = _read_text(path, name)
        except DataError as error:
            problems.extend(error.problems)
    if problems:
        raise DataError(problems)
    return raw


def _merge_file(raw: RawDataSet, path: Path) -> None:
    """Add one YAML file: the main file gives top-level keys, `name.yaml` the key `name`."""
    name = path.name
    parsed = parse_yaml(_read_text(path, name), name)
    data = parsed.value
    if name == MAIN_FILE:
        if not isinstance(data, dict):
            raise DataError([Problem(Position(name, 1, 1), "", "erwartet Schlüssel und Werte (eine Zuordnung)")])
        prefix: Location = ()
    else:
        prefix = (path.stem,)
        data = {path.stem: data}
    for key in data:
        if key in raw.data:
            where = Position(name, 1, 1) if prefix else parsed.positions[(key,)]
            raise DataError([Problem(where, str(key),
                                     f"ist doppelt angegeben: in {MAIN_FILE} und als eigene Datei {key}.yaml")])
    raw.data.update(data)
    raw.positions.update({prefix + location: position for location, position in parsed.positions.items()})
    raw.placeholders += [prefix + location for location in parsed.placeholders]


def _read_text(path: Path, name: str) -> str:
    """Read a UTF-8 text file of bounded size that is a regular file inside the data set."""
    if path.is_symlink() or not path.is_file():
        raise DataError([Problem(Position(name), "", "ist keine gewöhnliche Datei (Verknüpfung, Gerät oder "
                                                     "Pipe); bitte durch eine echte Datei im Datensatz ersetzen")])
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DataError([Problem(Position(name), "", f"die Datei ist größer als {MAX_FILE_BYTES // 1_000_000} MB")])
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError([Problem(Position(name), "",
                                 f"ist keine UTF-8-Textdatei (ungültiges Byte an Stelle {error.start}); "
                                 "bitte als UTF-8 speichern")]) from None


@dataclass(frozen=True)
class ParsedYaml:
    """One YAML file's value, the position of every node, and where placeholders (!offen) stand."""

    value: Any
    positions: dict[Location, Position]
    placeholders: list[Location]


def parse_yaml(text: str, name: str) -> ParsedYaml:
    """Parse YAML with the safe loader, keeping the position of every node and the placeholders."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return ParsedYaml({}, {}, [])
        walker = _Walker(loader, name)
        return ParsedYaml(walker.build(node, ()), walker.positions, walker.placeholders)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise DataError([Problem(_position(name, mark), "",
                                 f"ist kein gültiges YAML: {_german(error.problem or '')}")]) from None
    except yaml.YAMLError as error:
        raise DataError([Problem(Position(name), "", f"ist kein gültiges YAML: {error}")]) from None
    finally:
        loader.dispose()


def _german(problem: str) -> str:
    """PyYAML's problem in German, or as it is with a note that it comes from the YAML reader."""
    for start, text in YAML_PROBLEMS.items():
        if problem.startswith(start):
            return text
    return f"{problem} (Meldung des YAML-Lesers)"


def _position(name: str, mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(name)
    return Position(name, mark.line + 1, mark.column + 1)


class _Walker:
    """Turns a composed YAML node tree into Python values, recording node positions."""

    def __init__(self, loader: yaml.SafeLoader, name: str):
        self.loader = loader
        self.name = name
        self.positions: dict[Location, Position] = {}
        self.placeholders: list[Location] = []
        self.count = 0

    def build(self, node: yaml.Node, location: Location) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise DataError([Problem(_position(self.name, node.start_mark), "",
                                     f"enthält mehr als {MAX_NODES} Werte (zu viele Verweise mit * oder &?)")])
        self.positions.setdefault(location, _position(self.name, node.start_mark))
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in PLAIN_TAGS:
            message = (f"{PLACEHOLDER_TAG} steht vor einem einzelnen Wert, nicht vor einer Liste oder Zuordnung"
                       if node.tag == PLACEHOLDER_TAG else f"die Markierung {node.tag} ist nicht erlaubt")
            raise DataError([Problem(_position(self.name, node.start_mark), dotted(location), message)])
        if isinstance(node, yaml.MappingNode):
            return dict(self._mapping(node, location))
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, location + (index,)) for index, item in enumerate(node.value)]
        if node.tag == PLACEHOLDER_TAG:
            self.placeholders.append(location)
            node = self._untagged(node)
        return self.loader.construct_object(node, deep=True)

    def _untagged(self, node: yaml.ScalarNode) -> yaml.ScalarNode:
        """The stand-in value of `!offen 8112295` as if written without the mark: a number, date or text."""
        implicit = (node.style is None, node.style is not None)
        tag = self.loader.resolve(yaml.ScalarNode, node.value, implicit)
        return yaml.ScalarNode(tag, node.value, node.start_mark, node.end_mark, node.style)

    def _mapping(self, node: yaml.MappingNode, location: Location) -> Iterator[tuple[Any, Any]]:
        self.loader.flatten_mapping(node)
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int)):
                raise DataError([Problem(_position(self.name, key_node.start_mark), "",
                                         "Schlüssel müssen Text oder ganze Zahlen sein")])
            if key in seen:
                raise DataError([Problem(_position(self.name, key_node.start_mark), dotted(location + (key,)),
                                         "ist doppelt angegeben; jeder Schlüssel darf nur einmal vorkommen")])
            seen.add(key)
            self.positions[location + (key,)] = _position(self.name, key_node.start_mark)
            yield key, self.build(value_node, location + (key,))


def dotted(location: Location) -> str:
    """`haushalt.positionen[2].betrag` from a location tuple."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) and text else (f".{part}" if text else str(part))
    return text


def data_set_file(root: Path, relative: str) -> Path | None:
    """The existing file `relative` names inside the data set, or None (also for a way out by .. or a link)."""
    path = (root / relative).resolve()
    return path if path.is_file() and path.is_relative_to(root.resolve()) else None
