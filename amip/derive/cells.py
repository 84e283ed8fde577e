"""Arithmetic of table cells that may hold BA symbols, and stated figures checked against computed ones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TypeVar

from amip.errors import Location
from amip.filters import angabe
from amip.model.types import Zeichen

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
Notice = tuple[Location, str]
Cell = Decimal | Zeichen
"""A derived figure: a number, or the BA symbol that stands for it."""
Number = TypeVar("Number", int, Decimal)
Stated = TypeVar("Stated", int, Decimal, int | Zeichen)
SYMBOL_PRECEDENCE = (Zeichen.anonymisiert, Zeichen.unbekannt, Zeichen.nicht_sinnvoll)
"""Which symbol a sum takes when its parts hold several: anonymised before unknown before not meaningful."""


def _first_symbol(*cells: object) -> Zeichen | None:
    return next((cell for cell in cells if isinstance(cell, Zeichen)), None)


def cell_sum(cells: Sequence[Number | Zeichen]) -> Number | Zeichen:
    """Sum of table cells: "-" (nothing) counts as zero, any other symbol makes the sum that symbol."""
    symbols = {cell for cell in cells if isinstance(cell, Zeichen)}
    for symbol in SYMBOL_PRECEDENCE:
        if symbol in symbols:
            return symbol
    numbers = [cell for cell in cells if not isinstance(cell, Zeichen)]
    if cells and not numbers:
        return Zeichen.nichts
    return sum(numbers, 0)  # type: ignore[return-value]


def difference(minuend: Cell, subtrahend: Cell) -> Cell:
    """`minuend - subtrahend`; a symbol in either makes the result that symbol."""
    symbol = _first_symbol(minuend, subtrahend)
    return symbol if symbol else minuend - subtrahend  # type: ignore[operator]


def change_percent(previous: Cell, current: Cell) -> Cell:
    """Change from `previous` to `current` in percent of `previous`; "x" (not meaningful) without a base."""
    symbol = _first_symbol(previous, current)
    if symbol:
        return symbol
    if previous == 0:
        return Zeichen.nicht_sinnvoll
    return (current - previous) / previous * HUNDRED  # type: ignore[operator]


def share(part: Cell | int, whole: Cell | int) -> Cell:
    """`part` in percent of `whole`; "x" (not meaningful) if the whole is zero."""
    symbol = _first_symbol(part, whole)
    if symbol:
        return symbol
    if whole == 0:
        return Zeichen.nicht_sinnvoll
    return Decimal(part) / Decimal(whole) * HUNDRED  # type: ignore[arg-type]


def symbols_in(*cells: object) -> list[Zeichen]:
    """The BA symbols among `cells`, each once, in the order of the legend."""
    found = set(cells)
    return [symbol for symbol in Zeichen if symbol in found]


def stated(computed: Stated, given: Stated | None, tolerance: Decimal | int, where: Location, what: str,
           notices: list[Notice]) -> Stated:
    """A figure the source states wins over the computed one; a notice if they differ by more than `tolerance`."""
    if given is None:
        return computed
    if not isinstance(computed, Zeichen) and abs(given - computed) > tolerance:  # type: ignore[operator]
        notices.append((where, f"{what}: angegeben {angabe(given, hoechstens=2)}, "
                               f"berechnet {angabe(computed, hoechstens=2)} "
                               f"(Abweichung größer als die Toleranz {angabe(tolerance, hoechstens=2)})"))
    return given


def decimals(amounts: Iterable[Decimal]) -> int:
    """Decimal places a money table shows: 2 if any amount has cents, else 0."""
    return 2 if any(amount != amount.to_integral_value() for amount in amounts) else 0
