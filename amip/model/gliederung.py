"""The outline: chapters, sections and the kinds of block they place."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, Discriminator, Field, Tag

from amip.model.types import Schema


class TextBlock(Schema):
    """Prose from a Markdown file of the data set."""

    text: str
    """Pfad der Markdown-Datei, relativ zum Datensatz, z. B. texte/vorwort.md."""


class TableBlock(Schema):
    """A statistical table from tabellen.yaml."""

    table: str = Field(alias="tabelle")
    """Name der Tabelle in tabellen.yaml."""


class GoalsBlock(Schema):
    """The goals table of one target layer from ziele.yaml."""

    layer: str = Field(alias="ziele")
    """Name der Zielebene in ziele.yaml, z. B. lokal."""


class LookBackBlock(Schema):
    """The look-back table of one target layer: Zielwert, Istwert, difference, reached or not."""

    layer: str = Field(alias="zielerreichung")
    """Name der Zielebene in ziele.yaml, deren Ziele istwert haben, z. B. vorjahr."""


BUDGET_VIEWS = ("uebersicht", "egl_planung", "verwaltungskosten", "weitere_mittel")
BUDGET_FIELDS = {"egl_planung": "egl_plan", "verwaltungskosten": "verwaltungskosten", "weitere_mittel": "other_funds"}
"""Which part of haushalt.yaml a budget view other than the overview shows."""


class BudgetBlock(Schema):
    """A budget table from haushalt.yaml."""

    view: Literal[BUDGET_VIEWS] = Field(alias="haushalt")  # type: ignore[valid-type]
    """Welche Haushaltstabelle: uebersicht, egl_planung, verwaltungskosten oder weitere_mittel."""


class ChartBlock(Schema):
    """A figure from diagramme.yaml."""

    chart: str = Field(alias="diagramm")
    """Name der Abbildung in diagramme.yaml."""


class ProgramBlock(Schema):
    """A Bundes-, Landes- or local program with its text from programme.yaml."""

    program: str = Field(alias="programm")
    """Name des Programms in programme.yaml."""


class SignatureBlock(Schema):
    """Place, date and signature."""

    signature: Literal[True] = Field(alias="unterzeichnung")
    """true: hier stehen Ort, Datum und Unterschrift."""


BLOCK_TYPES: dict[str, type[Schema]] = {
    "text": TextBlock, "tabelle": TableBlock, "ziele": GoalsBlock, "zielerreichung": LookBackBlock,
    "haushalt": BudgetBlock,
    "diagramm": ChartBlock, "programm": ProgramBlock, "unterzeichnung": SignatureBlock,
}


def _block_tag(value: Any) -> str | None:
    """The block kind: the one key of BLOCK_TYPES that a mapping has."""
    if isinstance(value, BaseModel):
        kinds = [key for key, cls in BLOCK_TYPES.items() if cls is type(value)]
    elif isinstance(value, dict):
        kinds = [key for key in value if key in BLOCK_TYPES]
    else:
        return None
    return f"<{kinds[0]}>" if len(kinds) == 1 else None


Block = Annotated[
    Union[tuple(Annotated[cls, Tag(f"<{key}>")] for key, cls in BLOCK_TYPES.items())],  # type: ignore[misc]
    Discriminator(_block_tag, custom_error_type="baustein",
                  custom_error_message="ein Baustein braucht genau einen der Schlüssel " + ", ".join(BLOCK_TYPES),
                  custom_error_context={"allowed": ", ".join(BLOCK_TYPES)}),
]


class Section(Schema):
    """A numbered section of a chapter (2.1, 2.2, …)."""

    title: str = Field(alias="titel")
    """Überschrift des Abschnitts."""
    blocks: list[Block] = Field(default_factory=list, alias="inhalt")
    """Bausteine des Abschnitts in ihrer Reihenfolge."""


class Chapter(Schema):
    """A chapter of the program: its own blocks, then its sections."""

    title: str = Field(alias="titel")
    """Überschrift des Kapitels."""
    numbered: bool = Field(True, alias="nummeriert")
    """false für Vorwort und ähnliche Teile ohne Nummer."""
    blocks: list[Block] = Field(default_factory=list, alias="inhalt")
    """Bausteine vor dem ersten Abschnitt."""
    sections: list[Section] = Field(default_factory=list, alias="abschnitte")
    """Nummerierte Abschnitte des Kapitels."""
