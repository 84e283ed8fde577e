"""What a placeholder may read, call and make: allowed types and filters, and the limits on its work."""

from __future__ import annotations

import datetime
import math
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal
from enum import Enum
from functools import cached_property
from typing import Any

import jinja2
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.filters import make_attrgetter
from jinja2.runtime import LoopContext
from jinja2.utils import pass_environment, pass_eval_context
from markupsafe import Markup
from pydantic import BaseModel

from amip.filters import angabe

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
    """What a placeholder may read of a type of the context: the fields of a dataclass or of a model as written
    (never a model's methods), an enum's name and value, the properties amip defines, and `methods`."""
    names = set(methods)
    if is_dataclass(cls):
        names |= {item.name for item in fields(cls)}
    if issubclass(cls, BaseModel):
        names |= set(cls.model_fields)
    if issubclass(cls, Enum):
        names |= {"name", "value"}
    names |= {name for klass in cls.__mro__ if klass.__module__.startswith("amip.") for name, member in vars(klass).items()
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


def refuse_access(name: object) -> Refused:
    return Refused(f"Platzhalter greift auf „{name}“ zu; erlaubt sind nur die Daten des Programms")


@dataclass
class Budget:
    """What the rendering of one document may still spend: steps (loop rounds, list elements, calls) and time."""

    steps: int = MAX_STEPS
    started: float = field(default_factory=time.monotonic)

    def spend(self, count: int) -> None:
        self.steps -= count
        if self.steps < 0:
            raise Refused(f"Schleifen, Listen und Makros laufen zu oft: mehr als {angabe(MAX_STEPS)} "
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
            message = f"Texte und Vorlagen rechnen zusammen länger als {angabe(DOCUMENT_SECONDS)} Sekunden"
        else:
            message = f"der Platzhalter rechnet länger als {angabe(TEXT_SECONDS)} Sekunden"
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


def too_many_digits() -> Refused:
    return Refused(f"der Platzhalter rechnet mit einer Zahl über {MAX_DIGITS} Stellen")


def checked_number(value: Any) -> Any:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and _magnitude(value) >= MAX_DIGITS:
        raise too_many_digits()
    return value


def checked_size(size: int, kind: Any) -> None:
    """Refuse a text longer than MAX_TEXT or a list longer than MAX_ITEMS before it is made."""
    if isinstance(kind, str) and size > MAX_TEXT:
        raise Refused(f"der Platzhalter erzeugt mehr als {MB} Text")
    if isinstance(kind, (list, tuple)) and size > MAX_ITEMS:
        raise Refused(f"der Platzhalter erzeugt eine Liste mit mehr als {angabe(MAX_ITEMS)} Einträgen")


def check_growth(operator: str, left: Any, right: Any) -> None:
    """`*` and `+` on text and lists: refuse a result over the limits before Python builds it."""
    sequences = (str, list, tuple)
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, sequences) and isinstance(times, int):
                checked_size(len(sequence) * max(times, 0), sequence)
    elif operator == "+" and isinstance(left, sequences) and isinstance(right, sequences):
        checked_size(len(left) + len(right), left)
    elif operator == "%" and isinstance(left, str):
        raise Refused("Text mit % zu formatieren ist in Platzhaltern nicht erlaubt; bitte die Filter zahl, "
                      "prozent oder eur verwenden")
    elif operator == "**" and all(isinstance(side, (int, float, Decimal)) for side in (left, right)):
        if _magnitude(right) >= MAX_DIGITS or right > 0 and float(right) * _magnitude(left) >= MAX_DIGITS:
            raise too_many_digits()


def bounded_range(*args: int) -> range:
    """`range` for placeholders: at most MAX_ITEMS numbers."""
    numbers = range(*args)
    try:
        size = len(numbers)
    except OverflowError:
        size = MAX_ITEMS + 1
    if size > MAX_ITEMS:
        raise Refused(f"range erzeugt mehr als {angabe(MAX_ITEMS)} Zahlen")
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
    checked_size(size + len(str(separator)) * max(len(items) - 1, 0), "")
    return JINJA_FILTERS["join"](eval_ctx, items, separator)


@pass_eval_context
def _replace(eval_ctx: Any, value: Any, old: str, new: str, count: int | None = None) -> str:
    """Jinja's replace, refused before it makes more than MAX_TEXT."""
    text, old, new = str(value), str(old), str(new)
    found = text.count(old) if count is None or count < 0 else min(text.count(old), count)
    checked_size(len(text) + found * (len(new) - len(old)), "")
    return JINJA_FILTERS["replace"](eval_ctx, value, old, new, count)


@pass_environment
def _sum(environment: Any, value: Iterable[Any], attribute: str | int | None = None, start: Any = 0) -> Any:
    """Jinja's sum, for numbers only."""
    items = list(value) if attribute is None else list(map(make_attrgetter(environment, attribute), value))
    if not all(isinstance(item, (int, float, Decimal)) for item in [*items, start]):
        raise Refused("sum addiert nur Zahlen")
    return checked_number(sum(items, start))


CHECKED_FILTERS = {"join": _join, "replace": _replace, "sum": _sum}
