"""Read a data set's files safely: YAML and the Markdown texts it names, and check images and fonts before use."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from amip.errors import DataError, Position, Problem

MAIN_FILE = "programm.yaml"
FONT_DIR = "schriften"
FONT_SUFFIXES = (".ttf", ".otf")
OUTPUT_DIR = "output"
"""A data set's own output folder: amip may write there and never reads from it."""
MAX_FILE_BYTES = 2_000_000
"""The largest YAML or Markdown file; in YAML the marks !offen do not count, so rollover never pushes a file over."""
MAX_RESOURCE_BYTES = 25_000_000
"""The largest image or font file."""
MAX_IMAGE_PIXELS = 30_000_000
"""The most pixels a raster image may have, checked before it is decoded: a 30-megapixel photo (6700 × 4470).

A whole A4 page at 300 dpi needs 8.7 million; an image at the limit takes a build to about 400 MB.
"""
RASTER_FORMATS = ("PNG", "JPEG", "MPO", "GIF", "WEBP")
"""The raster formats an image may have; others (EPS and the like) would start programs to decode them."""
MAX_LISTED = 1000
"""How many Markdown files of one folder a misspelt text reference is compared with."""
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
    """The Markdown texts the outline and the programs name, by their path in the data set."""
    text_files: list[str] = field(default_factory=list)
    """Markdown files a text reference could have meant: the texts read and those beside a missing one."""
    placeholders: list[Location] = field(default_factory=list)
    """Values marked !offen: written as a stand-in, still to be filled in."""

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
    try:
        font_files(root)
    except DataError as error:
        problems.extend(error.problems)
    if problems:
        raise DataError(problems)
    missing = [name for name in named if name not in raw.texts]
    raw.text_files = sorted({*raw.texts, *(other for name in missing for other in _markdown_beside(root, name))})
    return raw


def yaml_files(root: Path) -> list[Path]:
    """The data set's YAML files, each one data: programm.yaml and every NAME.yaml beside it.

    Hidden ones are left out: they are editors' (Emacs locks a file with a link .#programm.yaml).
    """
    return sorted(root.glob("[!.]*.yaml"))


def text_references(data: dict[str, Any]) -> list[str]:
    """The texts the outline (`- text: texte/x.md`) and the programs (`programme.NAME.text`) name, in order."""
    chapters = _mappings(data.get("gliederung"))
    parts = [part for chapter in chapters for part in [chapter, *_mappings(chapter.get("abschnitte"))]]
    programs = data.get("programme")
    holders = [*(block for part in parts for block in _mappings(part.get("inhalt"))),
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
    parsed = parse_yaml(_read_text(raw.root, name), name)
    data = parsed.value
    if name == MAIN_FILE:
        if not isinstance(data, dict):
            raise DataError([Problem(Position(name, 1, 1), "", "erwartet Schlüssel und Werte (eine Zuordnung)")])
        prefix: Location = ()
    else:
        prefix = (name.removesuffix(".yaml"),)
        data = {prefix[0]: data}
    for key in data:
        if key in raw.data:
            where = Position(name, 1, 1) if prefix else parsed.positions[(key,)]
            raise DataError([Problem(where, str(key),
                                     f"ist doppelt angegeben: in {MAIN_FILE} und als eigene Datei {key}.yaml")])
    raw.data.update(data)
    raw.positions.update({prefix + location: position for location, position in parsed.positions.items()})
    raw.placeholders += [prefix + location for location in parsed.placeholders]


def _read_text(root: Path, name: str) -> str:
    """A UTF-8 text file of bounded size that is a regular file inside the data set; a BOM at its start is dropped.

    In a YAML file the marks !offen do not count towards the size: they are amip's own, added by rollover.
    """
    is_yaml = name.endswith(".yaml")
    limit = 2 * MAX_FILE_BYTES if is_yaml else MAX_FILE_BYTES
    too_big = Problem(Position(name), "", TooBig(MAX_FILE_BYTES).reason)
    try:
        content = _read_regular(data_set_file(root, name, limit), limit)
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


def _read_regular(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a file checked to be regular; opened so that a link or pipe put there meanwhile fails."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError as error:
        raise Refused(LINK if error.errno == errno.ELOOP else UNREADABLE) from None
    with open(handle, "rb") as stream:
        mode = os.fstat(stream.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise Refused(_special(mode))
        return stream.read(limit + 1)


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


class Refused(Exception):
    """A file of the data set that amip does not read, and why, in German to follow the file's name."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class NotInDataSet(Refused):
    """The path names no file inside the data set: there is none, or it leads out of the data set."""

    def __init__(self) -> None:
        super().__init__("gibt es nicht im Datensatz (oder liegt außerhalb)")


class TooBig(Refused):
    """The file is larger than amip reads of its kind."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"ist größer als {limit // 1_000_000} MB")


LINK = ("ist keine gewöhnliche Datei, sondern eine Verknüpfung; amip folgt keinen Verknüpfungen – bitte die "
        "Datei selbst in den Datensatz legen")
FOLDER_LINK = ("ist eine Verknüpfung; amip folgt keinen Verknüpfungen – bitte den Ordner selbst in den Datensatz "
               "legen")
UNREADABLE = "lässt sich nicht lesen (fehlt die Leseberechtigung?)"


def data_set_file(root: Path, relative: str, max_bytes: int = MAX_RESOURCE_BYTES) -> Path:
    """The regular file `relative` names inside the data set, checked by its type and size before anything reads it.

    Links are never followed, not even to a file inside the data set: a data set travels by copy, mail
    and git, where links break or lead elsewhere, and what a link points to can change between check
    and use. Pipes and devices are refused by their type, without being opened.
    """
    path, status = _walk(root, relative)
    if stat.S_ISLNK(status.st_mode):
        raise Refused(LINK)
    if stat.S_ISDIR(status.st_mode):
        raise Refused("ist ein Ordner, keine Datei")
    if not stat.S_ISREG(status.st_mode):
        raise Refused(_special(status.st_mode))
    if status.st_size > max_bytes:
        raise TooBig(max_bytes)
    return path


def data_set_folder(root: Path, relative: str) -> Path | None:
    """The folder `relative` names inside the data set, None if there is none; a link or a file there is refused."""
    try:
        path, status = _walk(root, relative)
    except NotInDataSet:
        return None
    if stat.S_ISLNK(status.st_mode):
        raise Refused(FOLDER_LINK)
    if not stat.S_ISDIR(status.st_mode):
        raise Refused("ist kein Ordner, sondern eine Datei")
    return path


def data_set_image(root: Path, relative: str) -> Path:
    """An image file of the data set: SVG, or PNG, JPEG, GIF or WebP of bounded pixels, judged by its header."""
    path = data_set_file(root, relative)
    check_raster_image(path)
    return path


def check_raster_image(path: Path) -> None:
    """Refuse a raster image of another format or with too many pixels; read only its header, never decode it.

    Files Pillow does not recognise (SVG, fonts, stylesheets) pass: they are no raster images.
    """
    from PIL import Image, UnidentifiedImageError

    from amip.filters import zahl

    bomb_check, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None  # amip's own limit applies, with a message
    try:
        with Image.open(path) as image:
            kind, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return
    finally:
        Image.MAX_IMAGE_PIXELS = bomb_check
    if kind not in RASTER_FORMATS:
        raise Refused(f"ist ein Bild im Format {kind}; erlaubt sind PNG, JPEG, GIF, WebP und SVG")
    if width * height > MAX_IMAGE_PIXELS:
        raise Refused(f"hat {zahl(width)} × {zahl(height)} Pixel, mehr als die erlaubten "
                      f"{MAX_IMAGE_PIXELS // 1_000_000} Millionen; bitte verkleinern (für den Druck genügen "
                      "300 dpi, etwa 2500 × 3500 Pixel für eine ganze Seite)")


def _walk(root: Path, relative: str) -> tuple[Path, os.stat_result]:
    """The path `relative` names below `root` and its own status (a link not followed); no link on the way."""
    parts = PurePosixPath(relative).parts
    if parts[:1] in (("/",), (OUTPUT_DIR,)) or ".." in parts:
        raise NotInDataSet()
    try:
        path, status = root, os.stat(root)
    except OSError:
        raise NotInDataSet() from None
    for index, part in enumerate(parts):
        if stat.S_ISLNK(status.st_mode):
            raise Refused(f"liegt im Ordner „{'/'.join(parts[:index])}“, und der {FOLDER_LINK}")
        if not stat.S_ISDIR(status.st_mode):
            raise NotInDataSet()
        path = path / part
        try:
            status = os.lstat(path)
        except (OSError, ValueError):
            raise NotInDataSet() from None
    return path, status


def _special(mode: int) -> str:
    kind = ("eine Pipe (FIFO)" if stat.S_ISFIFO(mode) else "ein Socket" if stat.S_ISSOCK(mode) else "ein Gerät")
    return f"ist keine gewöhnliche Datei, sondern {kind}; bitte durch eine echte Datei ersetzen"


