"""The outline to numbered parts, every block with its partial template and what it shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from amip.charts import describe
from amip.derive import Figures
from amip.derive.tabellen import ChangeTableFigures
from amip.load.changes import Appendix
from amip.model.gliederung import (
    BudgetBlock,
    ChartBlock,
    GoalsBlock,
    LookBackBlock,
    ProgramBlock,
    SignatureBlock,
    TableBlock,
    TextBlock,
)
from amip.model.programm import Program
from amip.render.context import (
    Part,
    RenderedBlock,
    ValueTable,
    chart_view,
)
from amip.render.prose import ProseRenderer


@dataclass(frozen=True)
class OutlineRenderer:
    """Turns the chapter outline into numbered parts with every block rendered."""

    program: Program
    figures: Figures
    prose: ProseRenderer
    chart_sources: dict[str, str]

    def parts(self) -> list[Part]:
        """Number chapters and sections; render every block of the outline."""
        parts: list[Part] = []
        chapter_number = 0
        for chapter in self.program.outline:
            number = None
            if chapter.numbered:
                chapter_number += 1
                number = str(chapter_number)
            anchor = f"k{number}" if number else f"t{len(parts)}"
            part = Part(chapter.title, number, anchor, [self.block(block, 1) for block in chapter.blocks])
            for index, section in enumerate(chapter.sections, start=1):
                part.sections.append(Part(section.title, f"{number}.{index}" if number else None,
                                          f"{anchor}-{index}", [self.block(block, 2) for block in section.blocks]))
            parts.append(part)
        return parts

    def block(self, block: Any, level: int) -> RenderedBlock:
        """The partial template and data for one outline block."""
        program, figures, prose = self.program, self.figures, self.prose
        match block:
            case TextBlock(text=name):
                return RenderedBlock("bausteine/text.html.j2", prose.render(name, level))
            case TableBlock(table=name):
                table = figures.tables[name]
                kind = "veraenderung" if isinstance(table, ChangeTableFigures) else "profillagen"
                return RenderedBlock(f"bausteine/tabelle_{kind}.html.j2", table)
            case GoalsBlock(layer=name):
                return RenderedBlock("bausteine/ziele.html.j2", figures.goals[name])
            case LookBackBlock(layer=name):
                return RenderedBlock("bausteine/zielerreichung.html.j2", figures.goals[name])
            case BudgetBlock(view=view):
                data = {"uebersicht": figures.budget, "egl_planung": figures.egl_plan,
                        "verwaltungskosten": figures.verwaltungskosten, "weitere_mittel": figures.other_funds}[view]
                return RenderedBlock(f"bausteine/haushalt_{view}.html.j2", data)
            case ChartBlock(chart=name):
                chart = figures.charts[name]
                return RenderedBlock("bausteine/diagramm.html.j2",
                                     chart_view(chart, self.chart_sources[name], describe(chart)),
                                     prose.context["abbildungen"][name])
            case ProgramBlock(program=name):
                extra = {"programm": prose.context["programme"][name]}
                return RenderedBlock("bausteine/programm.html.j2",
                                     prose.render(program.programme[name].text, level, extra))
            case SignatureBlock():
                assert program.signature is not None
                return RenderedBlock("bausteine/unterzeichnung.html.j2", program.signature.model_dump())
        raise TypeError(f"unknown block {block!r}")


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
