"""German formats and commercial rounding of the template filters."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from amip.derive.ziele import derive_goal
from amip.filters import angabe, datum, eur, mio_eur, monat, pp, prozent, round_commercial, zahl, zielwert
from amip.model.ziele import Ziel

NBSP = "\u00a0"


@pytest.mark.parametrize(("value", "places", "expected"), [
    (Decimal("2.25"), 1, Decimal("2.3")),
    (Decimal("-2.25"), 1, Decimal("-2.3")),
    (Decimal("0.5"), 0, Decimal("1")),
    (Decimal("-0.5"), 0, Decimal("-1")),
    (2.675, 2, Decimal("2.68")),
    (Decimal("-0.04"), 1, Decimal("0.0")),
])
def test_round_half_away_from_zero(value: object, places: int, expected: Decimal) -> None:
    assert round_commercial(value, places) == expected


def test_no_negative_zero() -> None:
    assert zahl(Decimal("-0.04"), 1) == "0,0"


@pytest.mark.parametrize(("call", "expected"), [
    (lambda: zahl(7485), "7.485"),
    (lambda: zahl(-126193), "-126.193"),
    (lambda: zahl(Decimal("8.879"), 1), "8,9"),
    (lambda: zahl(12, vorzeichen=True), "+12"),
    (lambda: zahl(7412, -2), "7.400"),
    (lambda: zahl(7450, -2), "7.500"),
    (lambda: prozent(Decimal("8.94")), f"8,9{NBSP}%"),
    (lambda: prozent(55, 0), f"55{NBSP}%"),
    (lambda: prozent(Decimal("1.1"), vorzeichen=True), f"+1,1{NBSP}%"),
    (lambda: prozent(Decimal("-5.1"), vorzeichen=True), f"-5,1{NBSP}%"),
    (lambda: pp(Decimal("0.6")), f"0,6{NBSP}Prozentpunkte"),
    (lambda: eur(8476348), f"8.476.348{NBSP}€"),
    (lambda: eur(Decimal("1234.5"), 2), f"1.234,50{NBSP}€"),
    (lambda: mio_eur(2200000), f"2,2{NBSP}Mio.{NBSP}€"),
    (lambda: mio_eur(8915995), f"8,9{NBSP}Mio.{NBSP}€"),
    (lambda: datum(datetime.date(2016, 12, 2)), "02.12.2016"),
    (lambda: monat(datetime.date(2015, 6, 1)), "Juni 2015"),
    (lambda: angabe(8112295), "8.112.295"),
    (lambda: angabe(7.9), "7,9"),
    (lambda: angabe(1234.125), "1.234,125"),
    (lambda: angabe(Decimal("87705"), vorzeichen=True), "+87.705"),
    (lambda: angabe(Decimal("-0.30")), "-0,3"),
    (lambda: angabe(2000.0), "2.000"),
    (lambda: angabe(float("nan")), "nan"),
    (lambda: angabe(True), "true"),
    (lambda: angabe(datetime.date(2016, 12, 2)), "02.12.2016"),
    (lambda: angabe("Schätzwerte"), "Schätzwerte"),
    (lambda: angabe(None), "–"),
])
def test_german_formats(call, expected: str) -> None:
    assert call() == expected


@pytest.mark.parametrize(("data", "expected"), [
    ({"ziel": "Z", "messgroesse": "M", "einheit": "quote", "zielwert": 3.4}, f"3,4{NBSP}%"),
    ({"ziel": "Z", "messgroesse": "M", "einheit": "veraenderung", "zielwert": 1.0}, f"+1,0{NBSP}%"),
    ({"ziel": "Z", "messgroesse": "M", "einheit": "anzahl", "zielwert": 2900}, "2.900"),
    ({"ziel": "Z", "messgroesse": "M", "zielwert_text": "Erwartungswert der RD BB"}, "Erwartungswert der RD BB"),
    ({"ziel": "Z", "messgroesse": "M", "nur_monitoring": True}, "nur Monitoring"),
])
def test_zielwert(data: dict, expected: str) -> None:
    assert zielwert(derive_goal(Ziel.model_validate(data), datetime.date(2024, 1, 1))) == expected


@pytest.mark.parametrize(("call", "expected"), [
    (lambda: zahl(Decimal("1E+28"), 2), "10.000.000.000.000.000.000.000.000.000,00"),
    (lambda: eur(10**40), "10.000.000.000.000.000.000.000.000.000.000.000.000.000" + f"{NBSP}€"),
    (lambda: zahl(Decimal("1E-30"), 30), "0,000000000000000000000000000001"),
    (lambda: zahl(Decimal("123456789012345678901234567890.5")), "123.456.789.012.345.678.901.234.567.891"),
    (lambda: angabe(1e-30), "0,000000000000000000000000000001"),
    (lambda: angabe(1e300)[:18], "1.000.000.000.000."),
    (lambda: mio_eur(1e30), "1.000.000.000.000.000.000.000.000,0" + f"{NBSP}Mio.{NBSP}€"),
    (lambda: zahl(7412, -100), "0"),
])
def test_numbers_of_any_size_are_formatted(call, expected: str) -> None:
    assert call() == expected
