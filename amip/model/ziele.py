"""Targets: layers of targets with their owner, Kennzahlen nach § 48a SGB II, and the look-back."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated, Any

from pydantic import Field, PlainValidator, model_validator
from pydantic_core import PydanticCustomError

from amip.model.kennzahlen import CODES, kennzahl
from amip.model.types import Number, Period, Schema


class Einheit(str, Enum):
    """How a Zielwert is meant: a quota, a change against the previous year, or a count."""

    quote = "quote"
    veraenderung = "veraenderung"
    anzahl = "anzahl"


class Richtung(str, Enum):
    """Which way a target is reached: the actual value at least (steigen) or at most (sinken) the Zielwert."""

    steigen = "steigen"
    sinken = "sinken"


class NachGeschlecht(Schema):
    """A value split by women and men."""

    women: Number = Field(alias="frauen")
    """Wert für Frauen."""
    men: Number = Field(alias="maenner")
    """Wert für Männer."""


def _kennzahl_code(value: Any) -> str:
    if isinstance(value, str) and value.strip().upper() in CODES:
        return value.strip().upper()
    raise PydanticCustomError("amip", "„{value}“ ist keine Kennzahl nach § 48a SGB II; bekannt sind {codes}",
                              {"value": value, "codes": ", ".join(CODES)})


class Ziel(Schema):
    """One target: what is measured, in which unit, the Zielwert (or monitoring only) and, looking back, the result."""

    kennzahl: Annotated[str, PlainValidator(_kennzahl_code)] | None = None
    """Kennzahl nach § 48a SGB II (K1, K1E1 … K3E4); dann ergänzt amip Ziel, Messgröße und Einheit."""
    goal: str | None = Field(None, alias="ziel")
    """Das Ziel in Worten; bei einer Kennzahl ohne Angabe das Ziel aus der Verordnung."""
    measure: str | None = Field(None, alias="messgroesse")
    """Woran das Ziel gemessen wird; bei einer Kennzahl ohne Angabe ihr amtlicher Name."""
    unit: Einheit | None = Field(None, alias="einheit")
    """quote (in %), veraenderung (in % zum Vorjahr) oder anzahl; bei einer Kennzahl ohne Angabe ihre Einheit."""
    target: Number | None = Field(None, alias="zielwert")
    """Zielwert als Zahl."""
    target_text: str | None = Field(None, alias="zielwert_text")
    """Zielwert in Worten, wenn es keine Zahl gibt (z. B. „Erwartungswert der RD BB“)."""
    monitoring_only: bool = Field(False, alias="nur_monitoring")
    """true: die Größe wird nur beobachtet, es gibt keinen Zielwert."""
    by_sex: NachGeschlecht | None = Field(None, alias="nach_geschlecht")
    """Zielwerte für Frauen und Männer, zusätzlich zum Zielwert insgesamt."""
    base: Number | None = Field(None, alias="bezugswert")
    """Bezugs- oder Ausgangswert, z. B. der Bestand im Vorjahr; bei veraenderung rechnet amip den Zielwert absolut."""
    base_label: str | None = Field(None, alias="bezug")
    """Worauf sich der bezugswert bezieht, z. B. „Dezember 2024“."""
    actual: Number | None = Field(None, alias="istwert")
    """Erreichter Wert, für den Rückblick (Zielerreichung)."""
    direction: Richtung | None = Field(None, alias="richtung")
    """steigen (erreicht, wenn Ist ≥ Ziel) oder sinken (Ist ≤ Ziel); ohne Angabe aus der Kennzahl oder dem Vorzeichen."""

    def unit_on(self, stand: datetime.date) -> Einheit | None:
        """The unit as given, or else the Kennzahl's."""
        return self.unit or (Einheit(kennzahl(self.kennzahl, stand).unit) if self.kennzahl else None)

    @model_validator(mode="after")
    def _one_target(self) -> Ziel:
        given = [self.target is not None, self.target_text is not None, self.monitoring_only]
        if sum(given) != 1:
            raise PydanticCustomError("amip", "braucht genau eines von zielwert, zielwert_text oder nur_monitoring: true")
        if self.kennzahl is None and (self.goal is None or self.measure is None):
            raise PydanticCustomError("amip", "braucht ziel und messgroesse (oder eine kennzahl wie K2)")
        if self.target is not None and self.unit is None and self.kennzahl is None:
            raise PydanticCustomError("amip", "ein Zielwert braucht eine einheit (quote, veraenderung oder anzahl)")
        if self.by_sex is not None and self.target is None:
            raise PydanticCustomError("amip", "nach_geschlecht gibt es nur zusammen mit einem zielwert")
        return self


class Zielart(str, Enum):
    """Who owns a target layer."""

    kennzahlen = "kennzahlen"
    land = "land"
    lokal = "lokal"
    bundesprogramm = "bundesprogramm"
    landesprogramm = "landesprogramm"


class Zielebene(Schema):
    """A layer of targets with the same owner: Kennzahlen nach § 48a SGB II, Land, local, or a program's."""

    title: str = Field(alias="titel")
    """Überschrift der Zielebene."""
    kind: Zielart = Field(Zielart.lokal, alias="art")
    """kennzahlen (§ 48a SGB II), land, lokal, bundesprogramm oder landesprogramm."""
    agreed_with: str | None = Field(None, alias="vereinbart_mit")
    """Mit wem die Ziele vereinbart sind; bei kennzahlen und land ohne Angabe Agentur (gE) bzw. Landesbehörde (zkT)."""
    period: Period | None = Field(None, alias="jahr")
    """Für welches Jahr die Ziele gelten, z. B. 2024 für den Rückblick; ohne Angabe der Zeitraum des Programms."""
    goals: list[Ziel] = Field(alias="ziele", min_length=1)
    """Die Ziele dieser Ebene."""
