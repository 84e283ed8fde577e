"""Turn validation errors into German messages that name file, line, field and the fix."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from amip.errors import Location, Problem, dotted
from amip.filters import angabe
from amip.load import RawDataSet

NUMBER = "erwartet eine Zahl"
TEXTS: dict[str, str] = {
    "missing": "Pflichtangabe fehlt",
    "int_parsing": "erwartet eine ganze Zahl",
    "int_type": "erwartet eine ganze Zahl",
    "int_from_float": "erwartet eine ganze Zahl",
    "float_parsing": NUMBER,
    "float_type": NUMBER,
    "decimal_parsing": NUMBER,
    "decimal_type": NUMBER,
    "finite_number": NUMBER,
    "string_type": "erwartet einen Text",
    "bool_parsing": "erwartet true oder false",
    "bool_type": "erwartet true oder false",
    "date_parsing": "erwartet ein Datum in der Form JJJJ-MM-TT, z. B. 2016-12-02",
    "date_from_datetime_parsing": "erwartet ein Datum in der Form JJJJ-MM-TT, z. B. 2016-12-02",
    "date_type": "erwartet ein Datum in der Form JJJJ-MM-TT, z. B. 2016-12-02",
    "list_type": "erwartet eine Liste (Einträge mit „- “ beginnen)",
    "dict_type": "erwartet Schlüssel und Werte (eine Zuordnung)",
    "model_type": "erwartet Schlüssel und Werte (eine Zuordnung)",
    "model_attributes_type": "erwartet Schlüssel und Werte (eine Zuordnung)",
}


def problems_from(error: ValidationError, raw: RawDataSet, model: type[BaseModel]) -> list[Problem]:
    """One German problem per validation error, with the position the value was written at."""
    return [_problem(detail, raw, model) for detail in error.errors(include_url=False)]


def _problem(detail: Any, raw: RawDataSet, model: type[BaseModel]) -> Problem:
    location, key_error = _clean(detail["loc"])
    kind = detail["type"]
    message = _message(kind, detail, raw, model, location)
    if key_error:
        message = f"der Schlüssel {_shown(location[-1])} ist ungültig: {message}"
    if kind == "tabelle" and isinstance(detail["input"], dict) and "art" in detail["input"]:
        location += ("art",)
    return Problem(raw.position(location), dotted(location), message)


def _clean(location: tuple[Any, ...]) -> tuple[Location, bool]:
    """Drop union tags like `<text>` and the `[key]` marker pydantic adds to locations."""
    kept = tuple(part for part in location
                 if not (isinstance(part, str) and part.startswith("<") and part.endswith(">")) and part != "[key]")
    return kept, "[key]" in location


def _message(kind: str, detail: Any, raw: RawDataSet, model: type[BaseModel], location: Location) -> str:
    found = f", gefunden {_shown(detail['input'])}" if kind != "missing" else ""
    if kind == "extra_forbidden":
        return "unbekannter Schlüssel" + _suggestion(str(location[-1]), _allowed_keys(model, location[:-1], raw))
    if kind in TEXTS:
        return TEXTS[kind] + found
    if kind in ("enum", "literal_error"):
        choices = ", ".join(re.findall(r"'([^']*)'", detail["ctx"]["expected"]))
        return f"erwartet einen der Werte {choices}{found}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"muss mindestens {angabe(detail['ctx'].get('ge', detail['ctx'].get('gt')))} sein{found}"
    if kind in ("less_than_equal", "less_than"):
        return f"darf höchstens {angabe(detail['ctx'].get('le', detail['ctx'].get('lt')))} sein{found}"
    if kind == "decimal_max_places":
        return f"hat mehr als {detail['ctx']['decimal_places']} Nachkommastellen (Cent){found}"
    if kind == "too_short":
        return f"braucht mindestens {detail['ctx']['min_length']} Einträge"
    if kind == "too_long":
        return f"hat mehr als {detail['ctx']['max_length']} Einträge"
    if kind == "string_too_long":
        return f"ist länger als {detail['ctx']['max_length']} Zeichen"
    if kind == "baustein" and isinstance(detail["input"], dict):
        allowed = detail["ctx"]["allowed"].split(", ")
        unknown = [str(key) for key in detail["input"] if key not in allowed]
        if len(unknown) == 1 and len(detail["input"]) == 1:
            return f"unbekannte Art von Baustein „{unknown[0]}“" + _suggestion(unknown[0], allowed)
    if kind == "tabelle" and isinstance(detail["input"], dict):
        allowed = detail["ctx"]["allowed"].split(", ")
        given = detail["input"].get("art")
        if given is None:
            return "art fehlt: welche Art von Tabelle? Erlaubt sind " + ", ".join(allowed)
        return f"unbekannte Tabellenart „{given}“" + _suggestion(str(given), allowed)
    if kind in ("amip", "baustein", "tabelle"):
        return detail["msg"]
    return f"ungültiger Wert{found}"


def _shown(value: Any) -> str:
    """A value as a clerk would recognise it, never a Python repr."""
    if isinstance(value, dict):
        return "eine Zuordnung (Schlüssel mit Werten)"
    if isinstance(value, list):
        return "eine Liste"
    if value is None:
        return "nichts (leerer Wert)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"„{value}“"




def did_you_mean(word: str, candidates: list[str]) -> str:
    """`; meinten Sie „titel“?` for the closest candidate, or nothing if none is close."""
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"; meinten Sie „{close[0]}“?" if close else ""


def _suggestion(word: str, candidates: list[str]) -> str:
    """`; meinten Sie „titel“?` for the closest allowed key, or the list of allowed keys."""
    if hint := did_you_mean(word, candidates):
        return hint
    if candidates:
        return "; erlaubt sind: " + ", ".join(candidates)
    return ""


def _allowed_keys(model: type[BaseModel], location: Location, raw: RawDataSet) -> list[str]:
    """The YAML keys the model accepts at `location`, found by walking the model's types."""
    current: Any = model
    value: Any = raw.data
    for part in location:
        value = value[part] if isinstance(value, (dict, list)) else None
        current = _step(current, part, value)
        if current is None:
            return []
    return [field.alias or name for name, field in current.model_fields.items()] if _is_model(current) else []


def _step(current: Any, part: str | int, value: Any) -> Any:
    """The type one level below `current` along `part`; unions resolved by the value's keys."""
    current = _unwrap(current, value)
    if _is_model(current):
        for name, field in current.model_fields.items():
            if (field.alias or name) == part:
                return _unwrap(field.annotation, value)
        return None
    origin, args = typing.get_origin(current), typing.get_args(current)
    if origin is list and args:
        return _unwrap(args[0], value)
    if origin is dict and len(args) == 2:
        return _unwrap(args[1], value)
    return None


def _unwrap(annotation: Any, value: Any) -> Any:
    """Strip Annotated and Optional; pick the union member whose fields fit the value."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [_unwrap(arg, value) for arg in typing.get_args(annotation) if arg is not type(None)]
        models = [member for member in members if _is_model(member)]
        if not models:
            return members[0] if len(members) == 1 else None
        keys = set(value) if isinstance(value, dict) else set()
        return max(models, key=lambda member: len(keys & {field.alias or name
                                                          for name, field in member.model_fields.items()}))
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def missing(what: str, name: str, known: list[str], where: str = "im Datensatz") -> str:
    """`die Tabelle „elv“ gibt es nicht in tabellen.yaml; meinten Sie „elb“?`"""
    return f"{what} „{name}“ gibt es nicht {where}{did_you_mean(name, known)}"
