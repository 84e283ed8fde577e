"""The one sandbox for what a data set brings: which templates load, what placeholders may touch, and their limits.

Texts and templates render in the same environment. A placeholder reads attributes only of the types the
template context declares (plain data: no model, no path, nothing that reads or writes files), calls only
macros and a few harmless methods, and every way to make work or text grow is counted: loop rounds, list
elements passed to filters and macro calls against one budget per document, text and lists against a size
limit where they are made, numbers against a number of digits, and each render against a time limit.
"""

from __future__ import annotations

import datetime
import decimal
import errno
import inspect
import math
import os
import signal
import stat
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal
from enum import Enum
from functools import cached_property
from pathlib import Path
from types import FrameType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.environment import TemplateModule
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.filters import make_attrgetter
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.tests import TESTS as JINJA_TESTS
from jinja2.utils import pass_environment, pass_eval_context
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from amip import TEMPLATE_DIR
from amip.errors import TemplateError
from amip.filters import FILTERS
from amip.load.files import MAX_FILE_BYTES
from amip.model.messages import did_you_mean, german_number

OVERRIDE_DIR = "vorlagen"
"""The data set's own templates, found before the built-in ones."""

MAX_OUTPUT = 1_000_000
"""Characters one text or the document template may write beyond what it is given (its source, texts, images)."""
MAX_TEXT = 1_000_000
"""Characters of one piece of text a placeholder makes (with ~, +, *, replace, join, a macro or a set block)."""
MAX_ITEMS = 100_000
"""Elements of one list a placeholder makes (with +, * or range)."""
MAX_STEPS = 1_000_000
"""Loop rounds, list elements handed to filters and macro calls in the rendering of one document."""
MAX_DIGITS = 30
"""Digits before the decimal point of a number a placeholder computes: it stays below 10³⁰."""
TEXT_SECONDS = 2.0
"""Time one text or the document template may take."""
DOCUMENT_SECONDS = 10.0
"""Time all texts and templates of one document may take together."""
MB = f"{MAX_TEXT // 1_000_000} MB"

# --- What placeholders may read and call ----------------------------------------------------------

TEXT_METHODS = frozenset({"upper", "lower", "capitalize", "title", "strip", "lstrip", "rstrip", "startswith",
                          "endswith"})
"""Methods of text a placeholder may call: none makes text longer."""
DICT_METHODS = frozenset({"items", "values", "keys", "get"})
BUILTIN_READABLE: dict[type, frozenset[str]] = {
    str: TEXT_METHODS,
    Markup: TEXT_METHODS,
    dict: DICT_METHODS,
    list: frozenset(), tuple: frozenset(), range: frozenset(),
    int: frozenset(), float: frozenset(), Decimal: frozenset(), bool: frozenset(), type(None): frozenset(),
    datetime.date: frozenset({"year", "month", "day", "isoformat"}),
    LoopContext: frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth",
                            "depth0", "previtem", "nextitem", "cycle", "changed"}),
}
"""Plain Python and Jinja types every context may hold, with what a placeholder may read of them."""
CONTAINERS = (list, tuple, dict, set, frozenset, range, Iterator)
SCALARS = (str, int, float, Decimal, datetime.date, type(None))

SEQUENCE_FILTERS = frozenset({"count", "length", "first", "last", "list", "sort", "unique", "reverse", "min", "max",
                              "sum", "join", "map", "select", "reject", "selectattr", "rejectattr", "dictsort",
                              "items", "default", "d"})
"""Filters that take a list (or anything, like default); every other filter takes a single value."""
SAFE_JINJA_FILTERS = SEQUENCE_FILTERS - {"sum", "join"} | {
    "abs", "capitalize", "e", "escape", "float", "int", "lower", "round", "striptags", "title", "trim", "truncate",
    "upper", "wordcount"}
"""Jinja's filters whose result is never longer than their input; `replace`, `join` and `sum` are checked below.

Left out: those that make text or lists grow by an argument (center, indent, wordwrap, format, batch, slice),
read attributes by name (attr), print Python's view of a value (pprint, string, tojson, xmlattr), or are
useless in a program (filesizeformat, random, urlize, urlencode, forceescape, safe, groupby).
"""
LEFT_OUT_TESTS = frozenset({"lower", "upper"})
"""Tests that turn any value into text first: a list would become its Python form."""


def readable_names(cls: type, methods: Iterable[str] = ()) -> frozenset[str]:
    """What a placeholder may read of a dataclass or enum of the context: fields, properties and `methods`."""
    names = set(methods)
    if is_dataclass(cls):
        names |= {item.name for item in fields(cls)}
    if issubclass(cls, Enum):
        names |= {"name", "value"}
    names |= {name for klass in cls.__mro__ for name, member in vars(klass).items()
              if isinstance(member, (property, cached_property)) and not name.startswith("_")}
    return frozenset(names)


class Refused(Exception):
    """A placeholder did what the sandbox does not allow; the message is German and says what, not where.

    `place` (file and line) is given when the error is found outside the template's own code.
    """

    def __init__(self, message: str, place: str | None = None):
        super().__init__(message)
        self.place = place


class OutOfTime(BaseException):
    """The time limit of a render ran out: a BaseException, so no `except Exception` on the way swallows it."""


def _refuse_access(name: object) -> Refused:
    return Refused(f"Platzhalter greift auf „{name}“ zu; erlaubt sind nur die Daten des Programms")


# --- Limits ----------------------------------------------------------------------------------------


@dataclass
class Budget:
    """What the rendering of one document may still spend: steps (loop rounds, list elements, calls) and time."""

    steps: int = MAX_STEPS
    started: float = field(default_factory=time.monotonic)

    def spend(self, count: int) -> None:
        self.steps -= count
        if self.steps < 0:
            raise Refused(f"Schleifen, Listen und Makros laufen zu oft: mehr als {german_number(MAX_STEPS)} "
                          "Durchläufe im ganzen Programm")

    def counted(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """`iterable`, one step per element."""
        for item in iterable:
            self.spend(1)
            yield item

    def sized(self, value: Any) -> Any:
        """`value` for a filter: a list's elements paid for, anything lazy made a list first (counted)."""
        if isinstance(value, str) or not isinstance(value, Iterable) or isinstance(value, jinja2.Undefined):
            return value
        if hasattr(value, "__len__"):
            self.spend(len(value))
            return value
        return list(self.counted(value))

    @contextmanager
    def time_limit(self) -> Iterator[None]:
        """Stop the render inside after TEXT_SECONDS, or when the document's DOCUMENT_SECONDS are used up.

        A timer signal works only in the main thread, where amip builds (also in batch workers and `watch`);
        elsewhere the other limits remain.
        """
        left = DOCUMENT_SECONDS - (time.monotonic() - self.started)
        if left <= TEXT_SECONDS:
            message = f"Texte und Vorlagen rechnen zusammen länger als {german_number(DOCUMENT_SECONDS)} Sekunden"
        else:
            message = f"der Platzhalter rechnet länger als {german_number(TEXT_SECONDS)} Sekunden"
        if left <= 0:
            raise OutOfTime(message)
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def expire(signum: int, frame: Any) -> None:
            raise OutOfTime(message)

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, min(left, TEXT_SECONDS))
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _magnitude(number: int | float | Decimal) -> float:
    """log10 of the number's size: 2 for 100, -1 for 0.1; minus infinity for 0, infinity for inf."""
    if not number:
        return -math.inf
    if isinstance(number, Decimal):
        return float(number.adjusted()) if number.is_finite() else math.inf
    return math.log10(abs(number)) if math.isfinite(number) else math.inf


def _too_many_digits() -> Refused:
    return Refused(f"der Platzhalter rechnet mit einer Zahl über {MAX_DIGITS} Stellen")


def _checked_number(value: Any) -> Any:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and _magnitude(value) >= MAX_DIGITS:
        raise _too_many_digits()
    return value


def _checked_size(size: int, kind: Any) -> None:
    """Refuse a text longer than MAX_TEXT or a list longer than MAX_ITEMS before it is made."""
    if isinstance(kind, str) and size > MAX_TEXT:
        raise Refused(f"der Platzhalter erzeugt mehr als {MB} Text")
    if isinstance(kind, (list, tuple)) and size > MAX_ITEMS:
        raise Refused(f"der Platzhalter erzeugt eine Liste mit mehr als {german_number(MAX_ITEMS)} Einträgen")


def _check_growth(operator: str, left: Any, right: Any) -> None:
    """`*` and `+` on text and lists: refuse a result over the limits before Python builds it."""
    sequences = (str, list, tuple)
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, sequences) and isinstance(times, int):
                _checked_size(len(sequence) * max(times, 0), sequence)
    elif operator == "+" and isinstance(left, sequences) and isinstance(right, sequences):
        _checked_size(len(left) + len(right), left)
    elif operator == "%" and isinstance(left, str):
        raise Refused("Text mit % zu formatieren ist in Platzhaltern nicht erlaubt; bitte die Filter zahl, "
                      "prozent oder eur verwenden")
    elif operator == "**" and all(isinstance(side, (int, float, Decimal)) for side in (left, right)):
        if _magnitude(right) >= MAX_DIGITS or right > 0 and float(right) * _magnitude(left) >= MAX_DIGITS:
            raise _too_many_digits()


def bounded_range(*args: int) -> range:
    """`range` for placeholders: at most MAX_ITEMS numbers."""
    numbers = range(*args)
    try:
        size = len(numbers)
    except OverflowError:
        size = MAX_ITEMS + 1
    if size > MAX_ITEMS:
        raise Refused(f"range erzeugt mehr als {german_number(MAX_ITEMS)} Zahlen")
    return numbers


NOT_A_VALUE = ("der Platzhalter gibt keinen einzelnen Wert aus, sondern eine Liste, Zuordnung oder einen Baustein; "
               "bitte ein Feld nennen oder die Liste verbinden, z. B. {{ jahre | join(\", \") }}")


@pass_eval_context
def _join(eval_ctx: Any, value: Iterable[Any], separator: str = "", attribute: str | int | None = None) -> str:
    """Jinja's join, for single values only and at most MAX_TEXT long."""
    items = list(value)
    if attribute is not None:
        items = list(map(make_attrgetter(eval_ctx.environment, attribute), items))
    size = sum(len(str(eval_ctx.environment.printed(item))) for item in items)
    _checked_size(size + len(str(separator)) * max(len(items) - 1, 0), "")
    return JINJA_FILTERS["join"](eval_ctx, items, separator)


@pass_eval_context
def _replace(eval_ctx: Any, value: Any, old: str, new: str, count: int | None = None) -> str:
    """Jinja's replace, refused before it makes more than MAX_TEXT."""
    text, old, new = str(value), str(old), str(new)
    found = text.count(old) if count is None or count < 0 else min(text.count(old), count)
    _checked_size(len(text) + found * (len(new) - len(old)), "")
    return JINJA_FILTERS["replace"](eval_ctx, value, old, new, count)


@pass_environment
def _sum(environment: Any, value: Iterable[Any], attribute: str | int | None = None, start: Any = 0) -> Any:
    """Jinja's sum, for numbers only."""
    items = list(value) if attribute is None else list(map(make_attrgetter(environment, attribute), value))
    if not all(isinstance(item, (int, float, Decimal)) for item in [*items, start]):
        raise Refused("sum addiert nur Zahlen")
    return _checked_number(sum(items, start))


CHECKED_FILTERS = {"join": _join, "replace": _replace, "sum": _sum}


# --- Loading the data set's templates --------------------------------------------------------------


class DataSetLoader(jinja2.BaseLoader):
    """The data set's `vorlagen/`: regular files inside it only, no link, device or pipe, at most MAX_FILE_BYTES.

    Each folder on the way is opened without following links, so no link leads outside, not even one
    swapped in after a check.
    """

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = jinja2.loaders.split_template_path(template)
        name = "/".join([OVERRIDE_DIR, *parts])
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
        opened: list[int] = []
        try:
            opened.append(os.open(self.data_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC))
            for folder in [OVERRIDE_DIR, *parts[:-1]]:
                opened.append(os.open(folder, flags | os.O_DIRECTORY, dir_fd=opened[-1]))
            opened.append(os.open(parts[-1], flags | os.O_NONBLOCK, dir_fd=opened[-1]))
            source = _read_regular(opened[-1], name)
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.ENOTDIR) and self._linked(name):
                raise _not_regular(name) from None
            if error.errno in (errno.ENOENT, errno.ENOTDIR):  # no such override: the built-in template applies
                raise jinja2.TemplateNotFound(template) from None
            raise TemplateError(f"{name}  lässt sich nicht lesen: {error.strerror}") from None
        finally:
            for descriptor in opened:
                os.close(descriptor)
        return source, name, lambda: True

    def _linked(self, name: str) -> bool:
        """Whether a folder or file on the way to `name` is a link."""
        parts = name.split("/")
        return any((self.data_dir.joinpath(*parts[:end])).is_symlink() for end in range(1, len(parts) + 1))


def _read_regular(descriptor: int, name: str) -> str:
    """The UTF-8 text of an open file that must be a regular file of at most MAX_FILE_BYTES."""
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        raise _not_regular(name)
    if status.st_size > MAX_FILE_BYTES:
        raise TemplateError(f"{name}  die Vorlage ist größer als {MAX_FILE_BYTES // 1_000_000} MB")
    with open(descriptor, "rb", closefd=False) as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TemplateError(f"{name}  ist keine UTF-8-Textdatei (ungültiges Byte an Stelle {error.start}); "
                            "bitte als UTF-8 speichern") from None


def _not_regular(name: str) -> TemplateError:
    return TemplateError(f"{name}  ist keine gewöhnliche Datei (Verknüpfung, Gerät oder Pipe); bitte durch eine "
                         "echte Datei im Datensatz ersetzen")


# --- The environment --------------------------------------------------------------------------------


class _Guard(NodeTransformer):
    """Rewrites a parsed template so loops, filter inputs and `~` go through the sandbox's counters."""

    @staticmethod
    def _helper(name: str, *args: nodes.Expr) -> nodes.Call:
        return nodes.Call(nodes.EnvironmentAttribute(name), list(args), [], None, None)

    def visit_For(self, node: nodes.For) -> nodes.For:
        node = self.generic_visit(node)
        node.iter = self._helper("counted", node.iter)
        return node

    def visit_Filter(self, node: nodes.Filter) -> nodes.Filter:
        node = self.generic_visit(node)
        if node.node is not None:  # None in a {% filter %} block, whose body the buffer limit covers
            node.node = self._helper("filter_input", nodes.Const(node.name), node.node)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Call:
        node = self.generic_visit(node)
        node.nodes = [self._helper("printed", operand) for operand in node.nodes]
        return self._helper("made_text", node)


class Sandbox(ImmutableSandboxedEnvironment):
    """The Jinja environment for the texts and templates of one document, with one budget for all of them.

    `views` are the types of the context a placeholder may read, with their readable names (see
    `readable_names`). The only global is a bounded `range`; Jinja's others are left out: `lipsum` writes
    any amount of text, and `cycler`, `joiner`, `namespace` and `dict` make objects no program needs. `self`
    needs no removal: reading its blocks is attribute access on something that is not data, refused as any.
    """

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    HELPERS = frozenset({"counted", "filter_input", "printed", "made_text"})
    """What the rewritten templates call (see _Guard)."""

    def __init__(self, data_dir: Path, views: Mapping[type, frozenset[str]]):
        super().__init__(
            loader=jinja2.ChoiceLoader([DataSetLoader(data_dir),
                                        jinja2.PrefixLoader({"amip": jinja2.FileSystemLoader(TEMPLATE_DIR)}),
                                        jinja2.FileSystemLoader(TEMPLATE_DIR)]),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=True),
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=self.printed)
        self.views = dict(views)
        self.readable = {**BUILTIN_READABLE, **self.views}
        self.budget = Budget()
        self.globals = {"range": bounded_range}
        self.filters = {**{name: JINJA_FILTERS[name] for name in SAFE_JINJA_FILTERS}, **CHECKED_FILTERS, **FILTERS}
        self.tests = {name: test for name, test in JINJA_TESTS.items() if name not in LEFT_OUT_TESTS}
        self.concat = self._made_buffer  # type: ignore[method-assign]

    # Jinja's hooks for parsed templates, attributes, items, calls, operators and filters named in map().

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return _Guard().visit(super()._parse(source, name, filename))

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute.startswith("_"):
            raise _refuse_access(attribute)
        if isinstance(obj, jinja2.Undefined):
            return getattr(obj, attribute)
        if type(obj) is dict and attribute in obj and attribute not in DICT_METHODS:
            return obj[attribute]
        names = self.readable.get(type(obj))
        if isinstance(obj, TemplateModule):  # {% import "x" as m %}: its macros and variables
            names = frozenset(name for name in vars(obj) if not name.startswith("_"))
        if names is None:
            raise _refuse_access(attribute)
        if attribute in names:
            return getattr(obj, attribute)
        if inspect.getattr_static(obj, attribute, _ABSENT) is not _ABSENT:
            raise _refuse_access(attribute)
        return self._no_field(attribute, list(map(str, obj)) if type(obj) is dict else sorted(names))

    def getitem(self, obj: Any, argument: Any) -> Any:
        if type(obj) in (dict, list, tuple, str, Markup, range):
            try:
                return obj[argument]
            except (TypeError, LookupError):
                pass
        if isinstance(argument, str):
            return self.getattr(obj, argument)
        if isinstance(obj, jinja2.Undefined):
            return obj[argument]
        return self.undefined(f"den Eintrag [{argument}] gibt es nicht", name=str(argument))

    def _no_field(self, attribute: str, known: list[str]) -> jinja2.Undefined:
        return self.undefined(f"das Feld „{attribute}“ gibt es nicht{did_you_mean(attribute, known)}",
                              name=attribute)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(__obj, jinja2.Undefined):
            return __obj(*args, **kwargs)
        owner, name = getattr(__obj, "__self__", None), getattr(__obj, "__name__", "?")
        if owner is __self and name in __self.HELPERS:
            return __obj(*args)  # without the _loop_vars and _block_vars Jinja passes along
        if not (isinstance(__obj, (Macro, BlockReference, LoopContext)) or __obj is bounded_range
                or name in __self.readable.get(type(owner), ())):
            raise Refused(f"Platzhalter ruft „{name}“ auf; erlaubt sind nur die Daten des Programms")
        __self.budget.spend(1)
        if isinstance(__obj, LoopContext) and args:  # the next level of a recursive loop
            args = (__self.counted(args[0]), *args[1:])
        return __context.call(__obj, *args, **kwargs)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        _check_growth(operator, left, right)
        try:
            return _checked_number(self.binop_table[operator](left, right))
        except (OverflowError, decimal.Overflow):
            raise _too_many_digits() from None
        except (ZeroDivisionError, decimal.DivisionByZero, decimal.DivisionUndefined):
            raise Refused("der Platzhalter teilt durch null") from None

    def call_filter(self, name: str, value: Any, *args: Any, **kwargs: Any) -> Any:
        return super().call_filter(name, self.filter_input(name, value), *args, **kwargs)

    # What the rewritten templates call (see _Guard), and the output of buffers.

    def counted(self, iterable: Iterable[Any]) -> Iterator[Any]:
        return self.budget.counted(iterable)

    def filter_input(self, name: str, value: Any) -> Any:
        """A list for a list filter, paid for; a single value (or a view of the context) for any other."""
        if name in SEQUENCE_FILTERS:
            return self.budget.sized(value)
        return value if type(value) in self.views else self.printed(value)

    def printed(self, value: Any) -> Any:
        """A value a placeholder writes or joins to text: text, a number, a date or a view with a text form."""
        if isinstance(value, (SCALARS, jinja2.Undefined)):
            return value
        if type(value) in self.views and type(value).__str__ is not object.__str__:
            return value
        raise Refused(NOT_A_VALUE)

    def made_text(self, text: str) -> str:
        _checked_size(len(text), text)
        return text

    @staticmethod
    def _made_buffer(parts: Iterable[str]) -> str:
        """The output of a macro, set block, call or filter block, at most MAX_TEXT long."""
        collected, size = [], 0
        for part in parts:
            size += len(part)
            _checked_size(size, part)
            collected.append(part)
        return "".join(collected)

    # Rendering.

    @cached_property
    def _for_texts(self) -> Sandbox:
        """This environment without templates: texts include no files."""
        return self.overlay(loader=jinja2.DictLoader({}))  # type: ignore[return-value]

    def render_text(self, name: str, source: str, context: Mapping[str, Any]) -> str:
        """A Markdown text of the data set with its placeholders filled in."""
        if "{" not in source:  # no placeholder, no tag, no comment: Jinja would return it as it is
            return source
        texts = self._for_texts

        def template() -> jinja2.Template:
            return texts.template_class.from_code(texts, texts.compile(source, name, name), texts.make_globals(None))
        return self._rendered(template, context, len(source), name, text=True)

    def render_template(self, name: str, context: Mapping[str, Any], given: int) -> str:
        """A template with the data; it may write MAX_OUTPUT characters beyond `given` (texts and images in it)."""
        return self._rendered(lambda: self.get_template(name), context, given, name, text=False)

    def _rendered(self, template: Callable[[], jinja2.Template], context: Mapping[str, Any], given: int,
                  name: str, text: bool) -> str:
        try:
            with self.budget.time_limit():
                return _drained(template().generate(context), given + MAX_OUTPUT)
        except (Exception, OutOfTime) as error:  # every error of a placeholder becomes a German message, or a bug
            raise TemplateError(german(error, name, context, text)) from None


_ABSENT = object()


def _drained(stream: Generator[str, None, None], allowed: int) -> str:
    """The output of a render, refused once over `allowed` characters at the template line writing then."""
    parts, size = [], 0
    with closing(stream):
        for part in stream:
            size += len(part)
            if size > allowed:
                raise Refused(f"der Platzhalter erzeugt mehr als {MB} Text", _writing(stream))
            parts.append(part)
    return "".join(parts)


def _writing(stream: Generator[str, None, None]) -> str | None:
    """File and line of the innermost template a suspended render is writing from (through includes)."""
    place = None
    generator: Any = stream
    while (frame := getattr(generator, "gi_frame", None)) is not None:
        place = _template_line(frame, frame.f_lineno) or place
        generator = generator.gi_yieldfrom or frame.f_locals.get("gen")  # `gen`: Jinja's include loop
    return place


def _template_line(frame: FrameType, lineno: int) -> str | None:
    """`vorlagen/x.html.j2:12` for a frame of template code (Jinja's own or as its tracebacks show it)."""
    template = frame.f_globals.get("__jinja_template__")
    if template is not None and template.filename:
        return f"{where(template.filename)}:{template.get_corresponding_lineno(lineno)}"
    filename = frame.f_code.co_filename
    return None if filename.endswith(".py") or filename.startswith("<") else f"{where(filename)}:{lineno}"


# --- Messages --------------------------------------------------------------------------------------


def where(filename: str) -> str:
    """A template's name as a message names it: vorlagen/… of the data set, or the built-in one."""
    path = Path(filename)
    if path.is_absolute() and path.is_relative_to(TEMPLATE_DIR):
        return f"eingebaute Vorlage {path.relative_to(TEMPLATE_DIR).as_posix()}"
    return filename


def _place(error: BaseException, name: str) -> str:
    """File and line of the template frame nearest to where `error` happened, else `name`."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{where(error.filename) if error.filename else name}:{error.lineno}"
    if isinstance(error, Refused) and error.place:
        return error.place
    place, trace = name, error.__traceback__
    while trace is not None:
        place = _template_line(trace.tb_frame, trace.tb_lineno) or place
        trace = trace.tb_next
    return place


def german(error: BaseException, name: str, context: Mapping[str, Any], text: bool) -> str:
    """The message for an error while rendering the text or template `name`, with file and line."""
    if isinstance(error, TemplateError):
        return str(error)
    place = _place(error, where(name))
    if isinstance(error, (Refused, OutOfTime)):
        return f"{place}  {error}"
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{place}  Platzhalter fehlerhaft: {_german_syntax(error.message or '')}"
    if isinstance(error, jinja2.UndefinedError):
        return f"{place}  unbekannter Name im Platzhalter: {_german_undefined(str(error.message), context)}"
    if isinstance(error, jinja2.TemplateNotFound) and text:
        return (f"{place}  Texte können keine Dateien einbinden („{error.name}“); bitte den Text selbst "
                "hineinschreiben")
    if isinstance(error, jinja2.TemplateNotFound):
        return f"{place}  die Vorlage „{error.name}“ gibt es weder im Datensatz ({OVERRIDE_DIR}/) noch in amip"
    if isinstance(error, RecursionError):
        return f"{place}  Makros oder Vorlagen rufen sich zu oft selbst auf"
    if isinstance(error, jinja2.exceptions.SecurityError):
        return f"{place}  Platzhalter versucht, Daten zu ändern; erlaubt ist nur, sie zu lesen"
    if isinstance(error, (TypeError, ValueError, ArithmeticError, jinja2.TemplateError)):
        return f"{place}  Platzhalter lässt sich nicht auswerten: {_german_syntax(str(error))}"
    raise error


def _german_syntax(message: str) -> str:
    """Jinja's message about an unknown filter or test in German, with what is allowed; others as they are."""
    for kind, what in (("filter", "den Filter"), ("test", "den Test")):
        prefix = f"No {kind} named "
        if message.startswith(prefix):
            unknown = message[len(prefix):].rstrip(".").strip("'")
            return f"{what} „{unknown}“ gibt es in amip nicht"
    return message


def _german_undefined(message: str, context: Mapping[str, Any]) -> str:
    """„jahrr“ ist nicht definiert; meinten Sie „jahr“? — or the German hint the sandbox gave."""
    if message.startswith("'") and message.endswith("' is undefined"):
        unknown = message[1:-len("' is undefined")]
        return f"„{unknown}“ ist nicht definiert{did_you_mean(unknown, sorted(context))}"
    return message
