"""Read a data set's YAML and Markdown files safely, remembering where every value was written."""

from __future__ import annotations

import bisect
import datetime
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from amip.errors import DataError, Position, Problem

MAIN_FILE = "programm.yaml"
MAX_FILE_BYTES = 2_000_000
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
        else:
            problems += _character_problems(name, raw.texts[name], hidden_characters(raw.texts[name]))
    if problems:
        raise DataError(problems)
    return raw


def _merge_file(raw: RawDataSet, path: Path) -> None:
    """Add one YAML file: the main file gives top-level keys, `name.yaml` the key `name`."""
    name = path.name
    prefix: Location = () if name == MAIN_FILE else (path.stem,)
    parsed = parse_yaml(_read_text(path, name), name, prefix)
    data = parsed.value
    if not prefix:
        if not isinstance(data, dict):
            raise DataError([Problem(Position(name, 1, 1), "", "erwartet Schlüssel und Werte (eine Zuordnung)")])
    else:
        data = {path.stem: data}
    for key in data:
        if key in raw.data:
            where = Position(name, 1, 1) if prefix else parsed.positions[(key,)]
            raise DataError([Problem(where, str(key),
                                     f"ist doppelt angegeben: in {MAIN_FILE} und als eigene Datei {key}.yaml")])
    raw.data.update(data)
    raw.positions.update(parsed.positions)
    raw.placeholders += parsed.placeholders
    raw.comma_joined.update(parsed.comma_joined)


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
    loader = _Loader(_blanked(text, hidden), name, root)
    walker = _Walker(loader, name, root, hidden)
    try:
        value = _walked(loader, walker)
    except DataError:
        if not hidden:  # otherwise the characters come first: the YAML may only be broken by them
            raise
    finally:
        loader.dispose()
    if hidden:
        raise DataError(_character_problems(name, text, hidden, walker.hidden_in))
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
        if character := _escaped_hidden(value):
            raise DataError([Problem(_position(self.name, node.start_mark), dotted(location),
                                     _hidden_message(character))])
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
            if character := _escaped_hidden(key):
                raise DataError([Problem(_position(self.name, key_node.start_mark), dotted(location),
                                         f"im Schlüssel: {_hidden_message(character)}")])
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


# --- Zeichen ------------------------------------------------------------------------

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


def _escaped_hidden(value: Any) -> str | None:
    """A hidden character a text holds although its file does not: written as an escape like "\\u202e"."""
    if not isinstance(value, str):
        return None
    return next((character for character in UNUSUAL.findall(value) if _is_hidden(character)), None)


def _hidden_message(character: str) -> str:
    """`Steuerzeichen U+0000` or `unsichtbares Zeichen U+202E (Schreibrichtungswechsel: …)`, and what to do."""
    code = f"U+{ord(character):04X}"
    if unicodedata.category(character) == "Cc":
        return f"Steuerzeichen {code} ist nicht erlaubt; bitte löschen (der Editor zeigt es meist nicht)"
    name = INVISIBLE_NAMES.get(character)
    return f"unsichtbares Zeichen {code}{f' ({name})' if name else ''} ist nicht erlaubt; bitte löschen"


def _character_problems(name: str, text: str, hidden: list[int], fields: dict[int, Location] | None = None
                        ) -> list[Problem]:
    """One problem per hidden character, with the field it stands in if known; after the first few, a count."""
    fields = fields or {}
    problems = [Problem(_text_position(name, text, index), dotted(fields.get(index, ())).replace(BLANK, ""),
                        _hidden_message(text[index])) for index in hidden[:MAX_SHOWN]]
    if len(hidden) > MAX_SHOWN:
        problems.append(Problem(Position(name), "", f"und {len(hidden) - MAX_SHOWN} weitere Steuerzeichen oder "
                                                    "unsichtbare Zeichen"))
    return problems


def _text_position(name: str, text: str, index: int) -> Position:
    return Position(name, text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index))


def _blanked(text: str, hidden: list[int]) -> str:
    if not hidden:
        return text
    characters = list(text)
    for index in hidden:
        characters[index] = BLANK
    return "".join(characters)


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
