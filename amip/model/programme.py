"""Bundes-, Landes- and local programs the Jobcenter takes part in."""

from __future__ import annotations

import datetime

from pydantic import Field

from amip.model.types import Count, Money, Quantity, Schema


class Foerderprogramm(Schema):
    """A Bundes-, Landes- or local program the Jobcenter takes part in."""

    name: str
    """Offizieller Name."""
    kind: str | None = Field(None, alias="art")
    """Art, z. B. ESF-Bundesprogramm."""
    start: datetime.date | None = Field(None, alias="beginn")
    """Beginn der Umsetzung im Jobcenter."""
    period_from: int | None = Field(None, alias="laufzeit_von")
    """Erstes Jahr der Laufzeit."""
    period_to: int | None = Field(None, alias="laufzeit_bis")
    """Letztes Jahr der Laufzeit."""
    funds: Money | None = Field(None, alias="mittel")
    """Mittelvolumen in Euro."""
    positions: Count | None = Field(None, alias="stellen")
    """Zahl der Stellen oder Plätze."""
    unit: str | None = Field(None, alias="einheit")
    """Was gezählt wird, z. B. „geförderte Arbeitsverhältnisse“."""
    target_previous_year: Quantity | None = Field(None, alias="ziel_vorjahr")
    """Ziel des Vorjahres."""
    result_previous_year: Quantity | None = Field(None, alias="ergebnis_vorjahr")
    """Ergebnis des Vorjahres."""
    target_plan_year: Quantity | None = Field(None, alias="ziel_planjahr")
    """Ziel des Planjahres."""
    target_total: Quantity | None = Field(None, alias="ziel_gesamt")
    """Ziel über die ganze Laufzeit."""
    text: str
    """Pfad der Markdown-Datei mit der Beschreibung des Programms."""
