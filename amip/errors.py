"""The exceptions amip raises for bad data, bad templates and failed rendering."""

from __future__ import annotations

from dataclasses import dataclass

Location = tuple[str | int, ...]
"""Where a value sits in the data set: keys and list positions, `("haushalt", "positionen", 2, "betrag")`."""


def dotted(location: Location) -> str:
    """`haushalt.positionen[2].betrag` from a location tuple."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) and text else (f".{part}" if text else str(part))
    return text


@dataclass(frozen=True)
class Position:
    """Where a value was written: file relative to the data set, line and column from 1."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One finding in a data set: where, which field, and what is wrong in German."""

    position: Position | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.position}  " if self.position else ""
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


class AmipError(Exception):
    """Base of all errors amip reports to the user without a traceback."""


class DataError(AmipError):
    """The data set is invalid; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class TemplateError(AmipError):
    """A template or a text file could not be rendered."""


class RenderError(AmipError):
    """The PDF could not be produced or written."""


class TargetError(AmipError):
    """An output (PDF, web page, new data set) would be written into a data set."""


class RevisionError(AmipError):
    """A git revision of a data set (REV:PFAD) could not be read."""


class PreviewError(AmipError):
    """The preview of `amip watch` could not open its port."""


KEPT_NOTE = "Das {kind} wurde nicht geschrieben; ein vorhandenes {kind} bleibt unverändert."
"""Said after every failed build; `kind` is PDF or HTML."""


def error_lines(error: AmipError | OSError) -> list[str]:
    """The message for an error as amip prints it: every problem of invalid data, or one line."""
    if isinstance(error, DataError):
        count = len(error.problems)
        heading = f"Der Datensatz enthält {count} Fehler:" if count > 1 else "Der Datensatz enthält einen Fehler:"
        return [heading, *(f"  {problem}" for problem in error.problems)]
    if isinstance(error, OSError):
        return [f"Fehler: {error.filename or ''}: {error.strerror or error}"]
    return [f"Fehler: {error}"]


def internal_error(error: Exception) -> str:
    """The line for a bug in amip: the kind of exception and its message, no traceback."""
    return f"Interner Fehler in amip ({type(error).__name__}: {error})"
