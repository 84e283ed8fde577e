"""The outline to numbered parts, every block with its partial template and what it shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from amip.charts import describe
from amip.derive import Figures
from amip.load.changes import Appendix
from amip.model.gliederung import (
    BlockSpec,
    BudgetBlock,
    Chapter,
    ChartBlock,
    GoalsBlock,
    LookBackBlock,
    ProgramBlock,
    Section,
    SignatureBlock,
    TableBlock,
    TextBlock,
)
from amip.model.programm import Program
from amip.render.context import Part, RenderedBlock, ValueTable, chart_view
from amip.render.prose import ProseRenderer


@dataclass(frozen=True)
class OutlineRenderer:
    """Turns the outline into numbered parts with every block rendered."""

    program: Program
    figures: Figures
    prose: ProseRenderer
    chart_sources: dict[str, str]

    def parts(self) -> list[Part]:
        """Number chapters and sections; render every block of the outline."""
        chapters: list[Part] = []
        above: list[Part] = []  # the part last seen at each depth
        for _, depth, spec in self.program.parts():
            del above[depth - 1:]
            siblings = above[-1].sections if above else chapters
            part = self._section(spec, depth, above[-1], len(siblings) + 1) if above else self._chapter(spec, chapters)
            siblings.append(part)
            above.append(part)
        return chapters

    def _chapter(self, chapter: Chapter, before: list[Part]) -> Part:
        """A chapter numbered after the numbered ones before it, or without number."""
        number = str(sum(1 for part in before if part.number) + 1) if chapter.numbered else None
        return Part(chapter.title, number, f"k{number}" if number else f"t{len(before)}", self.blocks(chapter, 1))

    def _section(self, section: Chapter | Section, depth: int, parent: Part, index: int) -> Part:
        """A section numbered below its parent (2.3), unnumbered under an unnumbered one."""
        number = f"{parent.number}.{index}" if parent.number else None
        return Part(section.title, number, f"{parent.anchor}-{index}", self.blocks(section, depth))

    def blocks(self, part: Chapter | Section, level: int) -> list[RenderedBlock]:
        """Each block of a chapter or section with its partial template, from the kind's renderer."""
        return [BLOCK_RENDERERS[type(block)](self, block, level) for block in part.blocks]


BlockRenderer = Callable[[OutlineRenderer, Any, int], RenderedBlock]
BLOCK_RENDERERS: dict[type[BlockSpec], BlockRenderer] = {}
"""The partial template and data of each kind of block (model.gliederung.BLOCK_KINDS), by its model class."""


def renders(kind: type[BlockSpec]) -> Callable[[BlockRenderer], BlockRenderer]:
    """Register the function that renders blocks of `kind`."""
    def register(function: BlockRenderer) -> BlockRenderer:
        BLOCK_RENDERERS[kind] = function
        return function
    return register


@renders(TextBlock)
def _text(outline: OutlineRenderer, block: TextBlock, level: int) -> RenderedBlock:
    return RenderedBlock("bausteine/text.html.j2", outline.prose.render(block.text, level))


@renders(TableBlock)
def _table(outline: OutlineRenderer, block: TableBlock, level: int) -> RenderedBlock:
    table = outline.figures.tables[block.table]
    return RenderedBlock(table.template, table)


@renders(GoalsBlock)
def _goals(outline: OutlineRenderer, block: GoalsBlock, level: int) -> RenderedBlock:
    return RenderedBlock("bausteine/ziele.html.j2", outline.figures.goals[block.layer])


@renders(LookBackBlock)
def _look_back(outline: OutlineRenderer, block: LookBackBlock, level: int) -> RenderedBlock:
    return RenderedBlock("bausteine/zielerreichung.html.j2", outline.figures.goals[block.layer])


@renders(BudgetBlock)
def _budget(outline: OutlineRenderer, block: BudgetBlock, level: int) -> RenderedBlock:
    figures = outline.figures
    data = {"uebersicht": figures.budget, "egl_planung": figures.egl_plan,
            "verwaltungskosten": figures.verwaltungskosten, "weitere_mittel": figures.other_funds}[block.view]
    return RenderedBlock(f"bausteine/haushalt_{block.view}.html.j2", data)


@renders(ChartBlock)
def _chart(outline: OutlineRenderer, block: ChartBlock, level: int) -> RenderedBlock:
    chart = outline.figures.charts[block.chart]
    return RenderedBlock("bausteine/diagramm.html.j2",
                         chart_view(chart, outline.chart_sources[block.chart], describe(chart)),
                         outline.prose.context["abbildungen"][block.chart])


@renders(ProgramBlock)
def _program(outline: OutlineRenderer, block: ProgramBlock, level: int) -> RenderedBlock:
    extra = {"programm": outline.prose.context["programme"][block.program]}
    text = outline.program.programme[block.program].text
    return RenderedBlock("bausteine/programm.html.j2", outline.prose.render(text, level, extra))


@renders(SignatureBlock)
def _signature(outline: OutlineRenderer, block: SignatureBlock, level: int) -> RenderedBlock:
    assert outline.program.signature is not None  # the model refuses the block without one
    return RenderedBlock("bausteine/unterzeichnung.html.j2", outline.program.signature.model_dump())


APPENDIX_ANCHOR = "aenderungen"


def appendix_part(appendix: Appendix) -> Part:
    """The unnumbered last chapter „Änderungen gegenüber der Fassung vom …“, a section per kind of change."""
    changes = appendix.changes
    sections = [("Geänderte Zahlen", "werte", ValueTable(changes.figures, True), changes.figures),
                ("Geänderte Angaben", "werte", ValueTable(changes.values, False), changes.values),
                ("Gliederung", "gliederung", changes.outline, changes.outline),
                ("Texte", "texte", changes, changes.text_files or changes.paragraphs)]
    part = Part(appendix.title, None, APPENDIX_ANCHOR, [RenderedBlock("bausteine/aenderungen.html.j2", appendix)])
    for title, template, data, present in sections:
        if present:
            part.sections.append(Part(title, None, f"{APPENDIX_ANCHOR}-{len(part.sections) + 1}",
                                      [RenderedBlock(f"bausteine/aenderungen_{template}.html.j2", data)]))
    return part
