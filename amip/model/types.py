"""Types every part of the model shares: the base model, numbers with their limits, periods, BA symbols."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
)
from pydantic_core import PydanticCustomError

from amip.filters import angabe
from amip.load.parse import ThreeDecimals


class Schema(BaseModel):
    """Base of all models: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True,
                              validate_by_alias=True, validate_by_name=False)


MAX_EURO = 10 ** 12
"""The largest amount in either direction: a billion (10¹²) euro, far beyond any Jobcenter's budget."""
MAX_NUMBER = 10 ** 12
"""The largest other number in either direction: a table value, Zielwert, Eckwert or value of a chart."""
MAX_COUNT = 10 ** 9
"""The largest count: Eintritte, Plätze, Stellen, persons of a Profillage."""
GERMAN_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)")
"""A number as German text writes it: `8.112.295`, `1.234,5`, `24,5`."""
THOUSANDS_DOT = ("„{written}“ liest YAML als {decimal}: der Punkt trennt Nachkommastellen, keine Tausender; "
                 "bitte ohne Tausenderpunkt schreiben: {plain}")


def _as_number(value: Any) -> Any:
    """Before every number field: a number written as German text (`"8.112.295"`, `24,5`) is refused with the fix."""
    if isinstance(value, str) and GERMAN_NUMBER.fullmatch(value.strip()):
        plain = value.strip().replace(".", "").replace(",", ".")
        raise PydanticCustomError("amip", "erwartet eine Zahl, gefunden „{value}“; ohne Tausenderpunkt, mit "
                                          "Dezimalpunkt: {plain}", {"value": value, "plain": plain})
    return value


def _as_count_or_amount(value: Any) -> Any:
    """Before a count or an amount in euro: `7.412` can only mean 7412 there (no fractions, at most cents)."""
    if isinstance(value, ThreeDecimals):
        raise thousands_dot(value)
    return _as_number(value)


def thousands_dot(value: ThreeDecimals) -> PydanticCustomError:
    """The error for `7.412` where a count or an amount is meant: what YAML read, and how to write 7412."""
    return PydanticCustomError("amip", THOUSANDS_DOT, {"written": value.written, "plain": value.without_dot,
                                                       "decimal": value.written.replace(".", ",")})


def _within(number: Decimal, limit: int) -> Decimal:
    """A number of a table cell no further from zero than `limit`."""
    if abs(number) > limit:
        bound = f"darf höchstens {angabe(limit)}" if number > 0 else f"muss mindestens {angabe(-limit)}"
        raise PydanticCustomError("amip", "{bound} sein, gefunden „{value}“", {"bound": bound, "value": number})
    return number


Euro = Annotated[Decimal, BeforeValidator(_as_count_or_amount), Field(ge=-MAX_EURO, le=MAX_EURO, decimal_places=2)]
"""An amount in Euro, cents allowed."""
Money = Annotated[Decimal, BeforeValidator(_as_count_or_amount), Field(ge=0, le=MAX_EURO, decimal_places=2)]
"""An amount in Euro that cannot be negative, cents allowed."""
Count = Annotated[int, BeforeValidator(_as_count_or_amount), Field(ge=0, le=MAX_COUNT)]
"""A count: Eintritte, Plätze, Stellen."""
Quantity = Annotated[Decimal, BeforeValidator(_as_count_or_amount), Field(ge=0, le=MAX_NUMBER)]
"""A number of things counted, such as a program's target in its einheit."""
Number = Annotated[Decimal, BeforeValidator(_as_number), Field(ge=-MAX_NUMBER, le=MAX_NUMBER)]
"""Any other number: a Zielwert, a value of a chart, an Eckwert, VZÄ."""
Percentage = Annotated[Decimal, BeforeValidator(_as_number), Field(ge=0, le=100)]
"""A share in percent."""
MAX_LABEL = 200
Label = Annotated[str, Field(max_length=MAX_LABEL)]
"""A text a chart may draw (category, series, axis): matplotlib lays out a long one for minutes."""
MAX_CATEGORIES = 100
"""The most categories a chart draws (and lines an EGL plan has, which a chart may draw)."""
MAX_SERIES = 20
"""The most series a chart draws."""


@dataclass(frozen=True)
class Zeitraum:
    """The years a program (or a target layer) covers: one year, or two consecutive years like 2019/2020."""

    first: int
    last: int

    @property
    def years(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    @property
    def previous_year(self) -> int:
        """„Vorjahr“: the year before the period."""
        return self.first - 1

    @property
    def with_previous_year(self) -> list[int]:
        """The Vorjahr and every year of the period: the years a budget shows."""
        return [self.previous_year, *self.years]

    @property
    def phrase(self) -> str:
        """„für das Jahr 2017“ or „für die Jahre 2019 und 2020“, as titles say it."""
        return f"für das Jahr {self.first}" if self.first == self.last else f"für die Jahre {self.first} und {self.last}"

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}/{self.last}"


PERIOD_HINT = "ein Jahr (2017) oder zwei aufeinanderfolgende Jahre (2019/2020)"


def parse_period(value: Any) -> Zeitraum:
    """`2017` or `"2019/2020"` (also `2019-2020`) → Zeitraum; years between 2005 and 2100."""
    if isinstance(value, Zeitraum):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        years = [value]
    elif isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*([/-]\s*\d{4}\s*)?", value):
        years = [int(year) for year in re.findall(r"\d{4}", value)]
    else:
        raise PydanticCustomError("amip", "erwartet {hint}, gefunden „{value}“", {"hint": PERIOD_HINT, "value": value})
    if not all(2005 <= year <= 2100 for year in years) or (len(years) == 2 and years[1] != years[0] + 1):
        raise PydanticCustomError("amip", "erwartet {hint} zwischen 2005 und 2100, gefunden „{value}“",
                                  {"hint": PERIOD_HINT, "value": value})
    return Zeitraum(years[0], years[-1])


Period = Annotated[Zeitraum, PlainValidator(parse_period), PlainSerializer(str)]
"""A program period in YAML: `2017` or `2019/2020`."""


class Zeichen(str, Enum):
    """The symbols the BA statistics print instead of a number."""

    anonymisiert = "*"
    nichts = "-"
    nicht_sinnvoll = "x"
    unbekannt = "."

    @property
    def meaning(self) -> str:
        """The symbol's explanation for the legend under a table."""
        return ZEICHEN_MEANINGS[self]


ZEICHEN_MEANINGS = {
    Zeichen.anonymisiert: "aus Datenschutzgründen anonymisiert",
    Zeichen.nichts: "nichts vorhanden",
    Zeichen.nicht_sinnvoll: "Nachweis nicht sinnvoll",
    Zeichen.unbekannt: "Zahlenwert unbekannt",
}
ZEICHEN_HINT = ('"*" anonymisiert, "-" nichts, "x" nicht sinnvoll, "." unbekannt; '
               'Zeichen in Anführungszeichen')


def _symbol(value: Any) -> Zeichen:
    if isinstance(value, str) and value.strip() in {symbol.value for symbol in Zeichen}:
        return Zeichen(value.strip())
    raise PydanticCustomError("amip", "erwartet eine Zahl oder ein Zeichen der BA-Statistik ({hint}), gefunden „{value}“",
                              {"value": value, "hint": ZEICHEN_HINT})


def _number_cell(value: Any) -> Zeichen | Decimal:
    """A table cell: a number (int, float or Decimal) or a BA symbol; it counts, so `7.412` means 7412."""
    value = _as_count_or_amount(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(str(value))
        if not number.is_finite():
            raise PydanticCustomError("amip", "erwartet eine endliche Zahl, gefunden „{value}“", {"value": value})
        return _within(number, MAX_NUMBER)
    return _symbol(value)


def _count_cell(value: Any) -> Zeichen | int:
    """A count cell: a whole number or a BA symbol."""
    value = _as_count_or_amount(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int(_within(Decimal(value), MAX_COUNT))
    if isinstance(value, (float, Decimal)):
        raise PydanticCustomError("amip", "erwartet eine ganze Zahl, gefunden „{value}“", {"value": value})
    return _symbol(value)


Zelle = Annotated[Union[Zeichen, Decimal], PlainValidator(_number_cell)]
"""A table cell: a number or a BA symbol."""
Anzahl = Annotated[Union[Zeichen, int], PlainValidator(_count_cell)]
"""A count in a table cell: a whole number or a BA symbol."""
