"""The outline: chapters, sections and the kinds of block they place."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import BaseModel, Discriminator, Field, Tag

from amip.errors import Location
from amip.load import RawDataSet
from amip.model.messages import missing
from amip.model.types import Schema

if TYPE_CHECKING:
    from amip.model.programm import Program


Notice = tuple[Location, str]
"""A finding about the data: where, and what is wrong in German."""


class BlockSpec(Schema):
    """Base of every kind of outline block: one key says the kind and names what the block shows.

    The key is the alias of the kind's one field (`tabelle: elb`); `problems` says what the named thing lacks.
    """

    @classmethod
    def key(cls) -> str:
        """The YAML key of this kind of block."""
        name, field = next(iter(cls.model_fields.items()))
        return field.alias or name

    def problems(self, program: Program, raw: RawDataSet, location: Location) -> Iterator[Notice]:
        """What this block names that the data set lacks; `location` is where the block is written."""
        return iter(())

    def _absent(self, what: str, name: str, known: Iterable[str], location: Location, where: str) -> Iterator[Notice]:
        """`name` as a notice at the block's key unless it is among `known`."""
        known = list(known)
        if name not in known:
            yield location + (self.key(),), missing(what, name, known, where)


class TextBlock(BlockSpec):
    """Prose from a Markdown file of the data set."""

    text: str
    """Pfad der Markdown-Datei, relativ zum Datensatz, z. B. texte/vorwort.md."""

    def problems(self, program: Program, raw: RawDataSet, location: Location) -> Iterator[Notice]:
        if self.text not in raw.texts:
            yield location + (self.key(),), missing("die Textdatei", self.text, raw.text_files)


class TableBlock(BlockSpec):
    """A statistical table from tabellen.yaml."""

    table: str = Field(alias="tabelle")
    """Name der Tabelle in tabellen.yaml."""

    def problems(self, program: Program, raw: RawDataSet, location: Location) -> Iterator[Notice]:
        return self._absent("die Tabelle", self.table, program.tables, location, "in tabellen.yaml")


class GoalsBlock(BlockSpec):
    """The goals table of one target layer from ziele.yaml."""

    layer: str = Field(alias="ziele")
    """Name der Zielebene in ziele.yaml, z. B. lokal."""

    def problems(self, program: Program, raw: RawDataSet, location: Location) -> Iterator[Notice]:
        return self._absent("die Zielebene", self.layer, program.ziele, location, "in ziele.yaml")


class LookBackBlock(BlockSpec):
    """The look-back table of one target layer: Zielwert, Istwert, difference, reached or not."""

    layer: str = Field(alias="zielerreichung")
    """Name der Zielebene in ziele.yaml, deren Ziele istwert haben, z. B. vorjahr."""

    def problems(self, program: Program, raw: RawDataSet, location: Location) -> Iterator[Notice]:
        if self.layer not in program.ziele:
            yield from self._absent("die Zielebene", self.layer, program.ziele, location, "in ziele.yaml")
            return
        for index, goal in enumerate(program.ziele[self.layer].goals):
            if goal.target is not None and goal.actual is None:
                yield (("ziele", self.layer, "ziele", index, "istwert"),
                       "der Rückblick (zielerreichung) braucht zu jedem Zielwert den istwert")


BUDGET_VIEWS = ("uebersicht", "egl_planung", "verwaltungskosten", "weitere_mittel")
BUDGET_FIELDS = {"egl_planung": "egl_plan", "verwaltungskosten": "verwaltungskosten", "weitere_mittel": "other_funds"}
"""Which part of haushalt.yaml a budget view other than the overview shows."""


class BudgetBlock(BlockSpec):
    """A budget table from haushalt.yaml."""

    view: Literal[BUDGET_VIEWS] = Field(alias="haushalt")  # type: ignore[valid-type]
    """Welche Haushaltstabelle: uebersicht, egl_planung, verwaltungskosten oder weitere_mittel."""

    def problems(self, program: Program, raw: RawDataSet, location: Location) -> Iterator[Notice]:
        if program.haushalt is None:
            yield location + (self.key(),), "es gibt keine Datei haushalt.yaml mit dem Budget"
        elif self.view != "uebersicht" and getattr(program.haushalt, BUDGET_FIELDS[self.view]) is None:
            yield location + (self.key(),), f"haushalt.yaml enthält keinen Abschnitt {self.view}"


class ChartBlock(BlockSpec):
    """A figure from diagramme.yaml."""

    chart: str = Field(alias="diagramm")
    """Name der Abbildung in diagramme.yaml."""

    def problems(self, program: Program, raw: RawDataSet, location: Location) -> Iterator[Notice]:
        return self._absent("die Abbildung", self.chart, program.charts, location, "in diagramme.yaml")


class ProgramBlock(BlockSpec):
    """A Bundes-, Landes- or local program with its text from programme.yaml."""

    program: str = Field(alias="programm")
    """Name des Programms in programme.yaml."""

    def problems(self, program: Program, raw: RawDataSet, location: Location) -> Iterator[Notice]:
        return self._absent("das Programm", self.program, program.programme, location, "in programme.yaml")


class SignatureBlock(BlockSpec):
    """Place, date and signature."""

    signature: Literal[True] = Field(alias="unterzeichnung")
    """true: hier stehen Ort, Datum und Unterschrift."""

    def problems(self, program: Program, raw: RawDataSet, location: Location) -> Iterator[Notice]:
        if program.signature is None:
            yield location + (self.key(),), "in programm.yaml fehlt die Angabe unterzeichnung (ort, datum, funktion)"


BLOCK_KINDS: dict[str, type[BlockSpec]] = {kind.key(): kind for kind in (
    TextBlock, TableBlock, GoalsBlock, LookBackBlock, BudgetBlock, ChartBlock, ProgramBlock, SignatureBlock)}
"""Every kind of block by its YAML key: the one list a new kind is added to."""


def _block_tag(value: Any) -> str | None:
    """The block kind: the one key of BLOCK_KINDS that a mapping has."""
    if isinstance(value, BaseModel):
        kinds = [key for key, cls in BLOCK_KINDS.items() if cls is type(value)]
    elif isinstance(value, dict):
        kinds = [key for key in value if key in BLOCK_KINDS]
    else:
        return None
    return f"<{kinds[0]}>" if len(kinds) == 1 else None


Block = Annotated[
    Union[tuple(Annotated[cls, Tag(f"<{key}>")] for key, cls in BLOCK_KINDS.items())],  # type: ignore[misc]
    Discriminator(_block_tag, custom_error_type="baustein",
                  custom_error_message="ein Baustein braucht genau einen der Schlüssel " + ", ".join(BLOCK_KINDS),
                  custom_error_context={"allowed": ", ".join(BLOCK_KINDS)}),
]
"""A block of any kind, told apart by its key."""


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


def sections_of(part: Chapter | Section) -> list[Section]:
    """The sections below a chapter; a section has none."""
    return part.sections if isinstance(part, Chapter) else []
