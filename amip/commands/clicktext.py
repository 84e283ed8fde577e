"""German texts for Click's own help and error messages (Click ships only English)."""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

GERMAN: dict[str, str] = {
    "Usage:": "Aufruf:",
    "Options": "Optionen",
    "Commands": "Befehle",
    "Positional arguments": "Argumente",
    "Show this message and exit.": "Diese Hilfe zeigen und beenden.",
    "Show the version and exit.": "Die Version zeigen und beenden.",
    "Error: {message}": "Fehler: {message}",
    "Try '{command} {option}' for help.": "Hilfe mit „{command} {option}“.",
    "Missing argument": "Argument fehlt",
    "Missing option": "Option fehlt",
    "Missing parameter": "Angabe fehlt",
    "Missing {param_type}": "{param_type} fehlt",
    "Missing parameter: {param_name}": "Angabe fehlt: {param_name}",
    "Missing command.": "Befehl fehlt.",
    "No such command {name!r}.": "Unbekannter Befehl „{name}“.",
    "No such option {name!r}.": "Unbekannte Option „{name}“.",
    "Option {name!r} does not take a value.": "Die Option „{name}“ nimmt keinen Wert.",
    "Option {name!r} requires an argument.": "Die Option „{name}“ braucht einen Wert.",
    "Option {name!r} requires {nargs} arguments.": "Die Option „{name}“ braucht {nargs} Werte.",
    "Got unexpected extra argument ({args})": "Unerwartetes zusätzliches Argument ({args})",
    "Got unexpected extra arguments ({args})": "Unerwartete zusätzliche Argumente ({args})",
    "Did you mean {possibility}?": "Meinten Sie {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Meinten Sie eines von: {possibilities}?)",
    "Invalid value for {param_hint}: {message}": "Ungültiger Wert für {param_hint}: {message}",
    "Invalid value: {message}": "Ungültiger Wert: {message}",
    "{name} {filename!r} does not exist.": "{name} „{filename}“ gibt es nicht.",
    "{name} {filename!r} is a directory.": "{name} „{filename}“ ist ein Verzeichnis.",
    "{name} {filename!r} is a file.": "{name} „{filename}“ ist eine Datei, kein Verzeichnis.",
    "{name} {filename!r} is not readable.": "{name} „{filename}“ ist nicht lesbar.",
    "{name} {filename!r} is not writable.": "{name} „{filename}“ ist nicht beschreibbar.",
    "file": "Datei",
    "directory": "Verzeichnis",
    "path": "Pfad",
    "Aborted!": "Abgebrochen.",
    "{value!r} is not a valid {number_type}.": "„{value}“ ist keine {number_type}.",
    "{value} is not in the range {range}.": "{value} ist zu klein: erlaubt ist {range}.",
}

MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types)


def german(message: str) -> str:
    """The German text for one of Click's messages, or the message itself."""
    return GERMAN.get(message, message)


def german_plural(singular: str, plural: str, count: int) -> str:
    """German for Click's singular/plural message pairs."""
    return german(singular if count == 1 else plural)


def install() -> None:
    """Make Click's modules look their messages up in German."""
    for module in MODULES:
        if hasattr(module, "_"):
            module._ = german  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = german_plural  # type: ignore[attr-defined]
