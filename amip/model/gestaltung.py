"""The document's design: font, colours, chart sizes, logo."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from amip.model.types import Schema

Colour = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
FontName = Annotated[str, Field(pattern=r"^[A-Za-z0-9 -]{1,60}$")]


class Gestaltung(Schema):
    """The document's design in one place: font, colours and chart sizes; a data set may override it."""

    font: FontName = Field("Noto Sans", alias="schrift")
    """Schriftfamilie für Text und Diagramme."""
    accent: Colour = Field("#1B3D5C", alias="akzentfarbe")
    """Farbe für Überschriften und Linien (#RRGGBB)."""
    text: Colour = Field("#1A1A1A", alias="textfarbe")
    """Farbe des Fließtexts."""
    series: list[Colour] = Field(["#1F5A8C", "#E08A1E", "#6BAED6", "#7A7A7A", "#2E8B57", "#B8860B"],
                                 alias="reihenfarben", min_length=2)
    """Farben der Datenreihen in Diagrammen, in dieser Reihenfolge."""
    highlight: Colour = Field("#E3E3E3", alias="hervorhebung")
    """Hintergrund hervorgehobener Kategorien."""
    logo: str | None = None
    """Pfad einer Bilddatei im Datensatz (SVG oder PNG) für die Titelseite, z. B. logo.svg."""
    logo_alt: str | None = None
    """Beschreibung des Logos für Screenreader, z. B. „Logo des Landkreises Elbe-Elster“."""
    grid: Colour = Field("#D4D4D4", alias="rasterfarbe")
    """Farbe der Gitterlinien in Diagrammen."""
    chart_width: Decimal = Field(Decimal(16), alias="diagramm_breite", gt=4, le=30)
    """Breite der Diagramme in cm."""
    chart_height: Decimal = Field(Decimal("7.5"), alias="diagramm_hoehe", gt=3, le=25)
    """Höhe der Diagramme in cm (waagerechte Balken wachsen mit der Zahl der Kategorien)."""
    chart_font_size: Decimal = Field(Decimal(8), alias="diagramm_schriftgroesse", ge=5, le=14)
    """Schriftgröße in Diagrammen in pt."""

    @model_validator(mode="after")
    def _logo_has_alt(self) -> Gestaltung:
        if self.logo and not self.logo_alt:
            raise PydanticCustomError("amip", "ein logo braucht logo_alt, die Beschreibung für Screenreader")
        return self
