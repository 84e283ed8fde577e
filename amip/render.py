"""Render the program to one HTML document: prose through a sandbox, blocks through templates."""

from __future__ import annotations

import base64
import mimetypes
import re
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from decimal import Decimal
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from amip import TEMPLATE_DIR
from amip.changes import Appendix, ValueChange
from amip.charts import describe
from amip.derive import (BudgetOverview, ChangeTableFigures, ChartFigures, EglPlanFigures, Figures, GoalFigures,
                          PlanLine, Series)
from amip.errors import TemplateError
from amip.filters import FILTERS
from amip.fonts import FontFile
from amip.load import NotInDataSet, Refused, data_set_image
from amip.messages import did_you_mean
from amip.placeholders import TEXT_PLACEHOLDER
from amip.model import (Bereich, BudgetBlock, ChartBlock, GoalsBlock, LookBackBlock, Program, ProgramBlock,
                        SignatureBlock, TableBlock, TextBlock)

OVERRIDE_DIR = "vorlagen"
DOCUMENT_TEMPLATE = "dokument.html.j2"


@dataclass(frozen=True)
class RenderedBlock:
    """A block ready for its partial template: which template and what it shows."""

    template: str
    data: Any
    number: int | None = None


@dataclass(frozen=True)
class ChartView:
    """A chart as the figure template shows it: data, image address and alt text."""

    chart: ChartFigures
    src: str
    alt: str


@dataclass
class Part:
    """A chapter or section with its heading, anchor and rendered blocks."""

    title: str
    number: str | None
    anchor: str
    blocks: list[RenderedBlock] = field(default_factory=list)
    sections: list[Part] = field(default_factory=list)


def make_environment(data_dir: Path) -> jinja2.Environment:
    """The one Jinja environment: the data set's `vorlagen/` first, then the built-in templates."""
    loaders: list[jinja2.BaseLoader] = []
    if (data_dir / OVERRIDE_DIR).is_dir():
        loaders.append(jinja2.FileSystemLoader(data_dir / OVERRIDE_DIR))
    loaders += [jinja2.PrefixLoader({"amip": jinja2.FileSystemLoader(TEMPLATE_DIR)}),
                jinja2.FileSystemLoader(TEMPLATE_DIR)]
    environment = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=True),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters.update(FILTERS)
    return environment


def prose_context(program: Program, figures: Figures) -> dict[str, Any]:
    """The German names texts use: {{ jahr }}, {{ eckwerte.x }}, {{ haushalt.egl_gesamt }}, …"""
    context: dict[str, Any] = {
        "jahr": program.year,
        "jahre": program.years,
        "zeitraum": str(program.period),
        "vorjahr": program.previous_year,
        "begriffe": program.terms,
        "stand": program.stand,
        "jobcenter": program.jobcenter.model_dump(by_alias=True, mode="python"),
        "eckwerte": dict(program.eckwerte),
        "programme": {name: p.model_dump(by_alias=True) for name, p in program.programme.items()},
        "ziele": {name: {goal.kennzahl or str(index): _goal_context(goal) for index, goal in enumerate(layer.goals)}
                  for name, layer in figures.goals.items()},
        "tabellen": {name: {"zeilen": {row_id: {"wert": row.value, "veraenderung": row.change,
                                                "veraenderung_prozent": row.change_percent, "anteil": row.share}
                                       for row_id, row in table.rows_by_id.items()}}
                     for name, table in figures.tables.items() if isinstance(table, ChangeTableFigures)},
        "diagramme": {name: {"reihen": {series.name: _series_context(chart, series) for series in chart.series}}
                      for name, chart in figures.charts.items()},
        "abbildungen": figure_numbers(program),
    }
    if program.haushalt and figures.budget:
        context["haushalt"] = _budget_context(program, figures, figures.budget)
    return context


def _goal_context(goal: GoalFigures) -> dict[str, Any]:
    """A target for texts under its German names: ziel, messgroesse, zielwert, istwert, differenz, erreicht, …"""
    return {"kennzahl": goal.kennzahl, "ziel": goal.goal, "messgroesse": goal.measure, "zielwert": goal.target,
            "zielwert_text": goal.target_text, "bezugswert": goal.base, "zielwert_absolut": goal.target_absolute,
            "istwert": goal.actual, "differenz": goal.difference, "erreicht": goal.reached}


def _budget_context(program: Program, figures: Figures, budget: BudgetOverview) -> dict[str, Any]:
    """The budget for texts: totals of the first plan year, per year, Umschichtungen, EGL plan, personnel."""
    def totals(year: int) -> dict[str, Decimal]:
        return {"vkb_gesamt": budget.planned(Bereich.VK, year), "egl_gesamt": budget.planned(Bereich.EGL, year),
                "gesamtbudget": budget.grand_total.amounts[year]}
    haushalt = program.haushalt
    assert haushalt is not None
    return {
        **totals(program.year),
        "je_jahr": {year: totals(year) for year in budget.years},
        "umschichtungen": {year: {"betrag": abs(t.egl_to_vk), "anteil": t.share,
                                  "egl_verfuegbar": budget.available(Bereich.EGL, year),
                                  "vkb_verfuegbar": budget.available(Bereich.VK, year)}
                           for year, t in budget.transfers.items()},
        "kommunaler_finanzierungsanteil": haushalt.kommunaler_finanzierungsanteil,
        "personal": ({"kapazitaeten": figures.personnel.capacities, "anteil_ba": figures.personnel.share_ba,
                      "anteil_kommune": figures.personnel.share_kommune} if figures.personnel else None),
        "egl_planung": _egl_plan_context(figures.egl_plan) if figures.egl_plan else None,
        "weitere_mittel": ({"summen": figures.other_funds.totals} if figures.other_funds else None),
        "verwaltungskosten": ({"vzae": figures.verwaltungskosten.staff_total} if figures.verwaltungskosten else None),
    }


def _series_context(chart: ChartFigures, series: Series) -> dict[str, Any]:
    """A chart series for texts: werte by category, letzter (last value), veraenderung (last minus previous)."""
    return {"werte": dict(zip(chart.categories, series.values)), "letzter": series.values[-1],
            "veraenderung": series.change}


def _egl_plan_context(plan: EglPlanFigures) -> dict[str, Any]:
    """The EGL plan for texts: summe, and betrag and anteil of each line and group."""
    def entry(item: PlanLine) -> dict[str, Any]:
        return {"betrag": item.amount, "anteil": item.share, "eintritte": item.entries, "plaetze": item.places}
    return {"summe": plan.total, "jahr": plan.year, "zeilen": {line.label: entry(line) for line in plan.lines},
            "gruppen": {name: entry(group) for name, group in plan.groups.items()}}


class ProseRenderer:
    """Markdown texts of the data set → HTML: Jinja in a sandbox, then Markdown without raw HTML."""

    def __init__(self, environment: jinja2.Environment, texts: dict[str, str], context: dict[str, Any],
                 data_dir: Path, embed: bool = False):
        self.environment = environment.overlay(loader=jinja2.DictLoader({}))  # texts include no files
        self.texts = texts
        self.context = context
        self.data_dir = data_dir.resolve()
        self.embed = embed
        self.markdown = MarkdownIt("commonmark", {"html": False})
        self.markdown.validateLink = lambda url: True  # every image and link is checked below, with a message

    def render(self, name: str, heading_level: int, extra: dict[str, Any] | None = None) -> Markup:
        source = self.texts[name]
        try:
            text = self.environment.from_string(source).render({**self.context, **(extra or {})})
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(f"{name}:{error.lineno}  Platzhalter fehlerhaft: {error.message}") from None
        except jinja2.UndefinedError as error:
            raise TemplateError(f"{name}:{_template_line(error)}  unbekannter Name im Platzhalter: "
                                f"{_undefined_name(error, self.context)}") from None
        except SecurityError as error:
            attribute = (re.findall(r"'([^']+)'", str(error)) or ["?"])[0]
            raise TemplateError(f"{name}:{_template_line(error)}  Platzhalter greift auf „{attribute}“ zu; "
                                "erlaubt sind nur die Daten des Programms") from None
        except jinja2.TemplateNotFound as error:
            raise TemplateError(f"{name}:{_template_line(error)}  Texte können keine Dateien einbinden "
                                f"(„{error.name}“); bitte den Text selbst hineinschreiben") from None
        except (TypeError, ValueError, ArithmeticError, jinja2.TemplateError) as error:
            raise TemplateError(f"{name}:{_template_line(error)}  Platzhalter lässt sich nicht auswerten: "
                                f"{error}") from None
        tokens = self.markdown.parse(text)
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(int(token.tag[1]) + heading_level, 6)}"
            line = (token.map or [0])[0] + 1
            if token.children:
                token.children = _marked_placeholders(token.children)
            for child in token.children or []:
                line += child.type in ("softbreak", "hardbreak")
                if child.type == "image":
                    path = self._check_image(str(child.attrGet("src")), name, line)
                    if self.embed:
                        child.attrSet("src", data_uri(path))
                elif child.type == "link_open":
                    _check_link(str(child.attrGet("href")), name, line)
        return Markup(self.markdown.renderer.render(tokens, self.markdown.options, {}))


    def _check_image(self, src: str, name: str, line: int) -> Path:
        """The image file inside the data set; no other scheme, no absolute path, no way out."""
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or parts.path.startswith("/"):
            raise TemplateError(f"{name}:{line}  Bild „{src}“ wird nicht geladen: nur Bilddateien aus dem Datensatz "
                                "sind erlaubt (z. B. bilder/karte.png)")
        try:
            path = data_set_image(self.data_dir, unquote(parts.path))
        except NotInDataSet as refused:
            raise TemplateError(f"{name}:{line}  Bild „{src}“ {refused.reason} und wird nicht geladen") from None
        except Refused as refused:
            raise TemplateError(f"{name}:{line}  Bild „{src}“ {refused.reason}") from None
        if path.suffix.lower() == ".svg" and (reference := _svg_reference(path)):
            raise TemplateError(f"{name}:{line}  Bild „{src}“ lädt „{reference}“ nach; SVG-Bilder im Datensatz "
                                "dürfen keine anderen Dateien einbinden")
        return path


def _marked_placeholders(children: list[Token]) -> list[Token]:
    """Inline tokens with each `[offen: …]` in a text wrapped in <mark class="offen">, so a draft shows it."""
    marked: list[Token] = []
    for child in children:
        if child.type != "text" or not TEXT_PLACEHOLDER.search(child.content):
            marked.append(child)
            continue
        start = 0
        for match in TEXT_PLACEHOLDER.finditer(child.content):
            marked += [Token("text", "", 0, content=child.content[start:match.start()]),
                       Token("html_inline", "", 0, content='<mark class="offen">'),
                       Token("text", "", 0, content=match.group()),
                       Token("html_inline", "", 0, content="</mark>")]
            start = match.end()
        marked.append(Token("text", "", 0, content=child.content[start:]))
    return marked


def data_uri(path: Path) -> str:
    """The file as a data: address, so a web page carries its images inside itself."""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


LINK_SCHEMES = {"http", "https", "mailto", "tel"}
SVG_REFERENCE = re.compile(r"""(?:href\s*=\s*["']\s*|url\(\s*["']?)(?!#)([^"')\s]+)""")


def _check_link(href: str, name: str, line: int) -> None:
    """Links in texts go to web or mail addresses, or to a place in the document (#…)."""
    if urlsplit(href).scheme.lower() not in LINK_SCHEMES and not href.startswith("#"):
        raise TemplateError(f"{name}:{line}  Verweis „{href}“ ist nicht erlaubt: nur Adressen mit "
                            "https://, http://, mailto: oder tel:")


def _svg_reference(path: Path) -> str | None:
    """The first file or address an SVG image would load (href or url() not pointing inside itself)."""
    match = SVG_REFERENCE.search(path.read_text(encoding="utf-8", errors="replace"))
    return match.group(1) if match else None


def _template_line(error: BaseException) -> str:
    """The line of the text file where rendering failed, read off the rewritten traceback."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == "<template>"]
    return str(frames[-1].lineno) if frames else "?"


def _undefined_name(error: jinja2.UndefinedError, context: dict[str, Any]) -> str:
    """The unknown name in German, with the closest name the texts can use."""
    message = str(error.message or error)
    german = message.replace(" is undefined", " ist nicht definiert").replace("has no attribute", "hat kein Feld")
    unknown = re.findall(r"'([^']+)'", message)
    return german + (did_you_mean(unknown[-1], sorted(_names(context))) if unknown else "")


def _names(value: Any, depth: int = 4) -> set[str]:
    """Every key of the nested mappings of the text context, down to `depth` levels."""
    if not isinstance(value, dict) or depth == 0:
        return set()
    return {str(key) for key in value} | {name for item in value.values() for name in _names(item, depth - 1)}


def figure_numbers(program: Program) -> dict[str, int]:
    """Each chart's number („Abbildung N“) in the order the outline places them."""
    blocks = [block for chapter in program.outline
              for block in [*chapter.blocks, *(b for section in chapter.sections for b in section.blocks)]]
    names = [block.chart for block in blocks if isinstance(block, ChartBlock)]
    return {name: number for number, name in enumerate(dict.fromkeys(names), start=1)}


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
                                     ChartView(chart, self.chart_sources[name], describe(chart)),
                                     prose.context["abbildungen"][name])
            case ProgramBlock(program=name):
                extra = {"programm": prose.context["programme"][name]}
                return RenderedBlock("bausteine/programm.html.j2",
                                     prose.render(program.programme[name].text, level, extra))
            case SignatureBlock():
                return RenderedBlock("bausteine/unterzeichnung.html.j2", program.signature)
        raise TypeError(f"unknown block {block!r}")


@dataclass(frozen=True)
class ValueTable:
    """Changed values for the appendix's table: figures with their difference, other values without."""

    changes: list[ValueChange]
    with_difference: bool


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


def render_html(program: Program, figures: Figures, texts: dict[str, str], data_dir: Path,
                chart_sources: dict[str, str], fonts: Sequence[FontFile] = (), embed: bool = False,
                appendix: Appendix | None = None) -> str:
    """The whole program as one HTML document; `chart_sources` maps charts to image URLs, `fonts` come along.

    With `embed`, images of the data set travel inside the page as data: addresses (the web version);
    with `appendix`, the program ends with the changes since an earlier version.
    """
    environment = make_environment(data_dir)
    prose = ProseRenderer(environment, texts, prose_context(program, figures), data_dir, embed)
    parts = OutlineRenderer(program, figures, prose, chart_sources).parts()
    if appendix:
        parts.append(appendix_part(appendix))
    logo = program.gestaltung.logo
    logo_src = data_uri(data_dir / logo) if logo and embed else logo
    try:
        return environment.get_template(DOCUMENT_TEMPLATE).render(
            program=program, figures=figures, parts=parts, fonts=fonts, logo_src=logo_src, web=embed,
            builtin_templates=TEMPLATE_DIR.as_uri() + "/")
    except jinja2.TemplateError as error:
        raise TemplateError(f"Vorlage {getattr(error, 'name', '') or ''}: {error}") from None
