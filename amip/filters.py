"""German number, money and date formats for templates and texts, as pure functions."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from decimal import ROUND_HALF_UP, Context, Decimal, getcontext, localcontext
from enum import Enum
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from babel.numbers import format_decimal

if TYPE_CHECKING:
    from amip.derive.ziele import GoalFigures

LOCALE = "de_DE"
"""German as written in Germany: numbers, dates, and the hyphenation of texts and chart labels."""
NBSP = "\u00a0"


def round_commercial(value: Any, places: int = 0) -> Decimal:
    """Round half away from zero, as official statistics do (never banker's rounding).

    Computed with as many digits as the result needs: the default 28 are too few for 10²⁸ to the cent.
    """
    number = Decimal(str(value))
    with _digits_for(number, places):
        rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded == 0 else rounded


def _digits_for(number: Decimal, places: int) -> AbstractContextManager[Context]:
    """A decimal context with the digits `number` needs with `places` decimals (the default 28 may be too few)."""
    return localcontext(prec=max(getcontext().prec, number.adjusted() + places + 2))


def symbols_as_such(number_filter: Callable[..., str]) -> Callable[..., str]:
    """Let a number filter print a BA symbol ("*", "-", "x", ".") as it is, without unit."""
    @functools.wraps(number_filter)
    def wrapper(value: Any, *args: Any, **kwargs: Any) -> str:
        return value.value if isinstance(value, Enum) else number_filter(value, *args, **kwargs)
    return wrapper


@symbols_as_such
def zahl(value: Any, stellen: int = 0, vorzeichen: bool = False) -> str:
    """7485 → „7.485“; `stellen` decimals („8,9“), negative rounds to tens or hundreds (7412, -2 → „7.400“)."""
    rounded = round_commercial(value, stellen)
    pattern = "#,##0" + ("." + "0" * stellen if stellen > 0 else "")
    with _digits_for(rounded, stellen):
        text = format_decimal(rounded, format=pattern, locale=LOCALE)
    return f"+{text}" if vorzeichen and rounded > 0 else text


@symbols_as_such
def prozent(value: Any, stellen: int = 1, vorzeichen: bool = False) -> str:
    """8.94 → „8,9 %“."""
    return f"{zahl(value, stellen, vorzeichen)}{NBSP}%"


@symbols_as_such
def pp(value: Any, stellen: int = 1) -> str:
    """0.6 → „0,6 Prozentpunkte“."""
    return f"{zahl(value, stellen)}{NBSP}Prozentpunkte"


@symbols_as_such
def eur(value: Any, stellen: int = 0, vorzeichen: bool = False) -> str:
    """8476348 → „8.476.348 €“."""
    return f"{zahl(value, stellen, vorzeichen)}{NBSP}€"


@symbols_as_such
def mio_eur(value: Any, stellen: int = 1) -> str:
    """2200000 → „2,2 Mio. €“."""
    return f"{zahl(Decimal(str(value)) / 1_000_000, stellen)}{NBSP}Mio.{NBSP}€"


def datum(value: datetime.date) -> str:
    """2016-12-02 → „02.12.2016“."""
    return format_date(value, "dd.MM.yyyy", locale=LOCALE)


def monat(value: datetime.date) -> str:
    """2015-06-01 → „Juni 2015“."""
    return format_date(value, "MMMM yyyy", locale=LOCALE)


def angabe(value: Any, vorzeichen: bool = False, hoechstens: int | None = None) -> str:
    """A value of the data as it is written, in German: 8112295 → „8.112.295“, 7.90 → „7,9“, 2016-12-02 → „02.12.2016“.

    Nothing (a value only the other version has) is a dash. With `hoechstens`, a number shows at most that many
    decimals, rounded commercially (messages: 450000.5 → „450.000,5“, 33.3333 → „33,33“).
    """
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)) and (number := Decimal(str(value))).is_finite():
        if hoechstens is not None:
            number = round_commercial(number, hoechstens)
        return zahl(number, max(0, -int(number.normalize().as_tuple().exponent)), vorzeichen)
    if isinstance(value, datetime.date):
        return datum(value)
    return str(value)


def zielwert(ziel: GoalFigures) -> str:
    """The Zielwert as the goals table shows it: „3,4 %“, „+1,0 %“, a count, its text, or „nur Monitoring“."""
    if ziel.spec.monitoring_only:
        return "nur Monitoring"
    if ziel.spec.target is None:
        return ziel.spec.target_text or ""
    return in_einheit(ziel.spec.target, ziel)


def in_einheit(value: Decimal | None, ziel: GoalFigures) -> str:
    """A value of the target's Messgröße (Zielwert, Istwert, a split) in its unit: „21,4 %“, „+1,8 %“, „180“."""
    if value is None:
        return ""
    if ziel.unit == "anzahl":
        return zahl(value)
    return prozent(value, vorzeichen=ziel.unit == "veraenderung")


def differenz(ziel: GoalFigures) -> str:
    """Actual minus target: Prozentpunkte for quotas and changes, a signed count otherwise."""
    if ziel.difference is None:
        return ""
    if ziel.unit == "anzahl":
        return zahl(ziel.difference, vorzeichen=True)
    return f"{zahl(ziel.difference, 1, vorzeichen=True)}{NBSP}Pp."


FILTERS = {
    "zahl": zahl,
    "prozent": prozent,
    "pp": pp,
    "eur": eur,
    "mio_eur": mio_eur,
    "datum": datum,
    "monat": monat,
    "angabe": angabe,
    "zielwert": zielwert,
    "in_einheit": in_einheit,
    "differenz": differenz,
}
