"""Parse one YAML file with the safe loader: every node's position, placeholders, and German problems."""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from amip.errors import DataError, Location, Position, Problem, dotted
from amip.load.characters import (
    blanked,
    character_problems,
    escaped_hidden,
    hidden_characters,
    hidden_message,
)

MAX_NODES = 200_000
MAX_DEPTH = 50
"""How deep YAML may nest; a program's files need about ten levels."""
TOO_DEEP = f"ist mehr als {MAX_DEPTH} Ebenen tief verschachtelt; die Dateien eines Programms brauchen etwa zehn"
PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
BINARY_TAG = "tag:yaml.org,2002:binary"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
FLOAT_TAG = "tag:yaml.org,2002:float"
INT_TAG = "tag:yaml.org,2002:int"
READ_AS = {INT_TAG: "ganze Zahl", FLOAT_TAG: "Zahl", "tag:yaml.org,2002:bool": "true oder false",
           TIMESTAMP_TAG: "Datum"}
"""What a scalar with a standard tag is read as, for the message when it cannot be."""
HUGE_NUMBER = 10 ** 100
HUGE = "die Zahl hat mehr als 100 Stellen; so große Zahlen kommen in einem Programm nicht vor"
DATE = re.compile(r"(\d{4})-(\d\d?)-(\d\d?)")
THREE_DECIMALS = re.compile(r"[-+]?[1-9]\d{0,2}\.\d{3}")
"""`7.412`, `11.630`, `-2.500`: a decimal to YAML, but how Germans write 7412 with a thousands dot."""
PLACEHOLDER_TAG = "!offen"
"""`betrag: !offen 8112295`: the value stands in until the real one is known; amip lists it as open."""
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


@dataclass(frozen=True)
class ParsedYaml:
    """One YAML file's value, the position of every node, where placeholders (!offen) stand, and numbers that
    may have been written with a decimal comma."""

    value: Any
    positions: dict[Location, Position]
    placeholders: list[Location]
    comma_joined: dict[Location, str]


def parse_yaml(text: str, name: str, root: Location = ()) -> ParsedYaml:
    """Parse YAML with the safe loader, keeping the position of every node and the placeholders.

    `root` is where the file's value goes in the data set (`("haushalt",)` for haushalt.yaml); locations of
    positions, placeholders and problems start with it. Control and invisible characters are refused, each
    with the field it stands in: they are blanked out first, so that the YAML reader takes the file, and
    reported where the walk comes across them.
    """
    hidden = hidden_characters(text)
    loader = _Loader(blanked(text, hidden), name, root)
    walker = _Walker(loader, name, root, hidden)
    try:
        value = _walked(loader, walker)
    except DataError:
        if not hidden:  # otherwise the characters come first: the YAML may only be broken by them
            raise
    finally:
        loader.dispose()
    if hidden:
        raise DataError(character_problems(name, text, hidden, walker.hidden_in))
    return ParsedYaml(value, walker.positions, walker.placeholders, walker.comma_joined)


def _walked(loader: _Loader, walker: _Walker) -> Any:
    """The file's value; PyYAML's problems as German DataErrors."""
    try:
        node = loader.get_single_node()
        return walker.build(node, walker.root) if node else {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise DataError([Problem(_position(walker.name, mark), "",
                                 f"ist kein gültiges YAML: {_german(error.problem or '')}")]) from None
    except yaml.YAMLError as error:
        raise DataError([Problem(Position(walker.name), "", f"ist kein gültiges YAML: {error}")]) from None


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


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing to nest deeper than MAX_DEPTH before its composer recurses that deep."""

    def __init__(self, text: str, name: str, root: Location):
        super().__init__(text)
        self.name = name
        self.path: list[Any] = list(root)
        """Keys and list positions down to the node being composed."""
        self.deepest = len(root) + MAX_DEPTH

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if len(self.path) >= self.deepest:
            raise DataError([Problem(_position(self.name, self.peek_event().start_mark),
                                     _deep(tuple(self.path)), TOO_DEEP)])
        self.path.append(index.value if isinstance(index, yaml.ScalarNode) else index)
        try:
            return super().compose_node(parent, index)
        finally:
            self.path.pop()


def _deep(location: tuple[Any, ...]) -> str:
    """The beginning of a location too deep to show whole: `tiefe[0][0]…`."""
    return dotted(tuple(part for part in location if isinstance(part, (str, int)))[:3]) + "…"


class _Walker:
    """Turns a composed YAML node tree into Python values, recording node positions."""

    def __init__(self, loader: _Loader, name: str, root: Location, hidden: list[int]):
        self.loader = loader
        self.name = name
        self.root = root
        self.positions: dict[Location, Position] = {}
        self.placeholders: list[Location] = []
        self.comma_joined: dict[Location, str] = {}
        self.count = 0
        self.hidden = hidden
        self.hidden_in: dict[int, Location] = {}
        """The field each hidden character stands in, by its index in the text."""

    def build(self, node: yaml.Node, location: Location) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise DataError([Problem(_position(self.name, node.start_mark), "",
                                     f"enthält mehr als {MAX_NODES} Werte (zu viele Verweise mit * oder &?)")])
        if len(location) > len(self.root) + MAX_DEPTH:  # nested by aliases (&a [*a]) deeper than the text
            raise DataError([Problem(_position(self.name, node.start_mark), _deep(location), TOO_DEEP)])
        self.positions.setdefault(location, _position(self.name, node.start_mark))
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in PLAIN_TAGS \
                or node.tag == BINARY_TAG:
            message = (f"{PLACEHOLDER_TAG} steht vor einem einzelnen Wert, nicht vor einer Liste oder Zuordnung"
                       if node.tag == PLACEHOLDER_TAG else f"die Markierung {node.tag} ist nicht erlaubt")
            raise DataError([Problem(_position(self.name, node.start_mark), dotted(location), message)])
        if isinstance(node, yaml.MappingNode):
            return dict(self._mapping(node, location))
        if isinstance(node, yaml.SequenceNode):
            self._note_comma_joined(node, location)
            return [self.build(item, location + (index,)) for index, item in enumerate(node.value)]
        if node.tag == PLACEHOLDER_TAG:
            self.placeholders.append(location)
            node = self._untagged(node)
        return self._scalar(node, location)

    def _scalar(self, node: yaml.ScalarNode, location: Location) -> Any:
        """The value of a scalar; a float written like `7.412` keeps how it was written."""
        self._note_hidden(node, location)
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, KeyError, AttributeError):  # PyYAML's constructors check nothing before converting
            raise DataError([Problem(_position(self.name, node.start_mark), dotted(location),
                                     _unreadable(node))]) from None
        if character := escaped_hidden(value):
            raise DataError([Problem(_position(self.name, node.start_mark), dotted(location),
                                     hidden_message(character))])
        if isinstance(value, int) and abs(value) >= HUGE_NUMBER:  # 0xfff…: fine for int(), too long for str()
            raise DataError([Problem(_position(self.name, node.start_mark), dotted(location), HUGE)])
        if node.tag == FLOAT_TAG and node.style is None and THREE_DECIMALS.fullmatch(node.value):
            return ThreeDecimals(value, node.value)
        return value

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
            self._note_hidden(key_node, location + (key,))
            if character := escaped_hidden(key):
                raise DataError([Problem(_position(self.name, key_node.start_mark), dotted(location),
                                         f"im Schlüssel: {hidden_message(character)}")])
            if key in seen:
                raise DataError([Problem(_position(self.name, key_node.start_mark), dotted(location + (key,)),
                                         "ist doppelt angegeben; jeder Schlüssel darf nur einmal vorkommen")])
            seen.add(key)
            self.positions[location + (key,)] = _position(self.name, key_node.start_mark)
            yield key, self.build(value_node, location + (key,))

    def _note_comma_joined(self, node: yaml.SequenceNode, location: Location) -> None:
        """`[24,5]`: two whole numbers with only a comma between them, which a clerk may mean as 24,5."""
        items = node.value
        for index, (first, second) in enumerate(zip(items, items[1:])):
            if all(item.tag == INT_TAG and item.style is None for item in (first, second)) \
                    and self.loader.buffer[first.end_mark.index:second.start_mark.index] == ",":
                self.comma_joined[location + (index,)] = f"{first.value},{second.value}"

    def _note_hidden(self, node: yaml.Node, location: Location) -> None:
        """Remember the field of the hidden characters written inside this key or value."""
        first = bisect.bisect_left(self.hidden, node.start_mark.index)
        for index in self.hidden[first:bisect.bisect_left(self.hidden, node.end_mark.index)]:
            self.hidden_in.setdefault(index, location)


def _unreadable(node: yaml.ScalarNode) -> str:
    """Why a number, date or truth value as written cannot be read: a day that does not exist, too many digits."""
    date = DATE.match(node.value)
    if node.tag == TIMESTAMP_TAG and date:
        year, month, day = map(int, date.groups())
        try:
            datetime.date(year, month, day)
        except ValueError:
            return f"den {day:02}.{month:02}.{year:04} gibt es nicht; erwartet ein gültiges Datum JJJJ-MM-TT"
        return f"„{node.value}“ ist keine gültige Uhrzeit; erwartet ein Datum JJJJ-MM-TT ohne Uhrzeit"
    if node.tag in READ_AS and len(node.value) > 100:
        return HUGE
    return f"„{node.value}“ lässt sich nicht als {READ_AS.get(node.tag, 'Wert')} lesen"


class ThreeDecimals(float):
    """A number written with one dot and three digits after it, `7.412`: 7,412 to YAML, but 7412 to a clerk
    who writes a thousands dot by habit. Fields of counts and amounts refuse it; it keeps how it was written."""

    written: str

    def __new__(cls, value: float, written: str) -> ThreeDecimals:
        number = super().__new__(cls, value)
        number.written = written
        return number

    def __reduce__(self) -> tuple[Any, ...]:
        return ThreeDecimals, (float(self), self.written)

    @property
    def without_dot(self) -> str:
        """How to write the number the clerk meant: `7412`."""
        return self.written.replace(".", "").lstrip("+")
