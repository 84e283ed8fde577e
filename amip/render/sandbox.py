"""The one sandbox for what a data set brings: which templates load, what placeholders may touch, and their limits.

Texts and templates render in the same environment. A placeholder reads attributes only of the types the
template context declares (plain data: no model, no path, nothing that reads or writes files), calls only
macros and a few harmless methods, and every way to make work or text grow is counted: loop rounds, list
elements passed to filters and macro calls against one budget per document, text and lists against a size
limit where they are made, numbers against a number of digits, and each render against a time limit.
"""

from __future__ import annotations

import decimal
import inspect
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import closing
from functools import cached_property
from pathlib import Path
from types import FrameType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.environment import TemplateModule
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.tests import TESTS as JINJA_TESTS
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from amip import TEMPLATE_DIR
from amip.errors import TemplateError
from amip.filters import FILTERS
from amip.model.messages import did_you_mean
from amip.render.loader import OVERRIDE_DIR, DataSetLoader
from amip.render.policy import (
    BUILTIN_READABLE,
    CHECKED_FILTERS,
    DICT_METHODS,
    LEFT_OUT_TESTS,
    MAX_OUTPUT,
    MB,
    NOT_A_VALUE,
    SAFE_JINJA_FILTERS,
    SCALARS,
    SEQUENCE_FILTERS,
    Budget,
    OutOfTime,
    Refused,
    bounded_range,
    check_growth,
    checked_number,
    checked_size,
    refuse_access,
    too_many_digits,
)


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
            raise refuse_access(attribute)
        if isinstance(obj, jinja2.Undefined):
            return getattr(obj, attribute)
        if type(obj) is dict and attribute in obj and attribute not in DICT_METHODS:
            return obj[attribute]
        names = self.readable.get(type(obj))
        if isinstance(obj, TemplateModule):  # {% import "x" as m %}: its macros and variables
            names = frozenset(name for name in vars(obj) if not name.startswith("_"))
        if names is None:
            raise refuse_access(attribute)
        if attribute in names:
            return getattr(obj, attribute)
        if inspect.getattr_static(obj, attribute, _ABSENT) is not _ABSENT:
            raise refuse_access(attribute)
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
        check_growth(operator, left, right)
        try:
            return checked_number(self.binop_table[operator](left, right))
        except (OverflowError, decimal.Overflow):
            raise too_many_digits() from None
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
        checked_size(len(text), text)
        return text

    @staticmethod
    def _made_buffer(parts: Iterable[str]) -> str:
        """The output of a macro, set block, call or filter block, at most MAX_TEXT long."""
        collected, size = [], 0
        for part in parts:
            size += len(part)
            checked_size(size, part)
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
