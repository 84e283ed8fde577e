"""Charts: kind, data (typed, or taken from a table or the budget) and captions."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from amip.model.types import MAX_CATEGORIES, MAX_SERIES, Label, Number, Schema


class Diagrammart(str, Enum):
    """How a chart draws its data."""

    linie = "linie"
    saeulen = "saeulen"
    balken = "balken"
    kreis = "kreis"
    ring = "ring"


class ChartUnit(str, Enum):
    """What a number counts: persons or cases, a percentage, Euro."""

    anzahl = "anzahl"
    prozent = "prozent"
    euro = "euro"


class Reihe(Schema):
    """One data series of a chart: a name and one value per category."""

    name: Label
    """Name der Reihe, wie die Legende ihn zeigt."""
    values: list[Number] = Field(alias="werte", min_length=1)
    """Ein Wert je Kategorie, in der Reihenfolge der kategorien."""


class TableSource(Schema):
    """Chart data taken from a change table of tabellen.yaml, so no number is typed twice."""

    table: str = Field(alias="tabelle")
    """Name der Tabelle in tabellen.yaml (art: veraenderung)."""
    month: datetime.date = Field(alias="berichtsmonat")
    """Berichtsmonat des Blocks, aus dem die Werte stammen."""
    rows: list[Label] = Field(alias="zeilen", min_length=1, max_length=MAX_CATEGORIES)
    """Merkmale der Zeilen, die das Diagramm zeigt; sie werden die Kategorien."""
    quantity: Literal["wert", "veraenderung", "anteil"] = Field("wert", alias="groesse")
    """Welche Größe: wert, veraenderung (absolut) oder anteil (in %)."""


class Diagramm(Schema):
    """A chart: its kind, data (typed here or taken from a table or the budget) and captions."""

    kind: Diagrammart = Field(alias="art")
    """linie, saeulen, balken (waagerecht, sortiert), kreis oder ring."""
    title: str = Field(alias="titel")
    """Titel der Abbildung."""
    subtitle: str | None = Field(None, alias="untertitel")
    """Zweite Zeile des Titels, z. B. der Stand."""
    source: str = Field(alias="quelle")
    """Quellenangabe („Quelle: …“)."""
    footnote: str | None = Field(None, alias="fussnote")
    """Fußnote unter der Abbildung."""
    unit: ChartUnit = Field(ChartUnit.anzahl, alias="einheit")
    """anzahl, prozent oder euro: wie Achse und Beschriftungen die Werte zeigen."""
    decimals: int | None = Field(None, alias="stellen", ge=0, le=3)
    """Nachkommastellen der Wertbeschriftung; sonst 0, bei prozent 1."""
    x_label: Label | None = Field(None, alias="achse_x")
    """Beschriftung der waagerechten Achse."""
    y_label: Label | None = Field(None, alias="achse_y")
    """Beschriftung der senkrechten Achse."""
    categories: list[Label] | None = Field(None, alias="kategorien", max_length=MAX_CATEGORIES)
    """Kategorien (Jahre, Monate, Merkmale), wenn die Werte hier stehen."""
    series: list[Reihe] | None = Field(None, alias="reihen", max_length=MAX_SERIES)
    """Datenreihen, je eine Liste von Werten zu den kategorien."""
    from_table: TableSource | None = Field(None, alias="aus_tabelle")
    """Werte aus einer Tabelle in tabellen.yaml statt kategorien und reihen."""
    from_budget: Literal["egl_planung"] | None = Field(None, alias="aus_haushalt")
    """egl_planung: die geplanten Eingliederungsleistungen aus haushalt.yaml."""
    stacked: bool = Field(False, alias="gestapelt")
    """Nur saeulen: Reihen übereinander statt nebeneinander."""
    highlight: list[str] = Field(default_factory=list, alias="hervorheben")
    """Kategorien, die grau hinterlegt werden (eine fussnote erklärt, warum)."""
    alt_text: str | None = None
    """Beschreibung für Screenreader; ohne Angabe erzeugt amip sie aus den Daten."""

    @model_validator(mode="after")
    def _consistent(self) -> Diagramm:
        sources = [self.series is not None, self.from_table is not None, self.from_budget is not None]
        if sum(sources) != 1:
            raise PydanticCustomError("amip", "braucht genau eines von reihen (mit kategorien), "
                                              "aus_tabelle oder aus_haushalt")
        if (self.series is None) != (self.categories is None):
            raise PydanticCustomError("amip", "kategorien und reihen gehören zusammen")
        if self.kind in (Diagrammart.kreis, Diagrammart.ring):
            self._check_pie()
        if self.kind is Diagrammart.balken and self.series is not None and len(self.series) != 1:
            raise PydanticCustomError("amip", "ein Balkendiagramm zeigt genau eine Reihe")
        if self.stacked and self.kind is not Diagrammart.saeulen:
            raise PydanticCustomError("amip", "gestapelt gibt es nur bei art: saeulen")
        return self

    def _check_pie(self) -> None:
        """A pie shows the parts of one whole: one series, no negative values, not all zero."""
        if self.from_table and self.from_table.quantity == "veraenderung":
            raise PydanticCustomError("amip", "ein Kreis- oder Ringdiagramm zeigt wert oder anteil, keine veraenderung")
        if self.series is None:
            return
        if len(self.series) != 1:
            raise PydanticCustomError("amip", "ein Kreis- oder Ringdiagramm zeigt genau eine Reihe")
        if any(value < 0 for value in self.series[0].values) or not any(self.series[0].values):
            raise PydanticCustomError("amip", "ein Kreis- oder Ringdiagramm braucht Werte ≥ 0, nicht alle 0")
