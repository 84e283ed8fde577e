"""Render the program to one HTML document: texts and templates in one sandbox, over one data context."""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from amip import TEMPLATE_DIR
from amip.charts import describe
from amip.derive import Figures
from amip.derive.tabellen import ChangeTableFigures
from amip.errors import TemplateError
from amip.fonts import FontFile
from amip.load.changes import Appendix
from amip.load.files import NotInDataSet, Refused, data_set_image
from amip.load.placeholders import TEXT_PLACEHOLDER
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
    VIEWS,
    FontFace,
    Part,
    RenderedBlock,
    ValueTable,
    chart_view,
    data_context,
)
from amip.render.sandbox import Sandbox
from amip.render.words import check_html_words, long_word, too_long

DOCUMENT_TEMPLATE = "dokument.html.j2"


class ProseRenderer:
    """Markdown texts of the data set → HTML: placeholders in the sandbox, then Markdown without raw HTML."""

    def __init__(self, environment: Sandbox, texts: dict[str, str], context: dict[str, Any], data_dir: Path,
                 embed: bool = False):
        self.environment = environment
        self.texts = texts
        self.context = context
        self.data_dir = data_dir.resolve()
        self.embed = embed
        self.markdown = MarkdownIt("commonmark", {"html": False})
        self.markdown.validateLink = lambda url: True  # every image and link is checked below, with a message

    def render(self, name: str, heading_level: int, extra: dict[str, Any] | None = None) -> Markup:
        text = self.environment.render_text(name, self.texts[name], {**self.context, **(extra or {})})
        tokens = self.markdown.parse(text)
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(int(token.tag[1]) + heading_level, 6)}"
            line = (token.map or [0])[0] + 1
            _check_words(token, name, line)
            if token.children:
                token.children = _marked_placeholders(token.children)
            for child in token.children or []:
                line += child.type in ("softbreak", "hardbreak")
                _check_words(child, name, line)
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


def _check_words(token: Token, name: str, line: int) -> None:
    """Text that is typeset (not addresses, not the Markdown around it) has no word over MAX_WORD characters."""
    if token.type in ("text", "code_inline", "code_block", "fence") and (word := long_word(token.content)):
        line += token.content[:token.content.find(word)].count("\n")
        raise TemplateError(f"{name}:{line}  {too_long(word)}")


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


def render_html(program: Program, figures: Figures, texts: dict[str, str], data_dir: Path,
                chart_sources: dict[str, str], fonts: Sequence[FontFile] = (), embed: bool = False,
                appendix: Appendix | None = None) -> str:
    """The whole program as one HTML document; `chart_sources` maps charts to image URLs, `fonts` come along.

    Texts and templates render in one sandbox with one data context. With `embed`, images of the data set
    travel inside the page as data: addresses (the web version); with `appendix`, the program ends with the
    changes since an earlier version.
    """
    environment = Sandbox(data_dir, VIEWS)
    context = data_context(program, figures)
    prose = ProseRenderer(environment, texts, context, data_dir, embed)
    parts = OutlineRenderer(program, figures, prose, chart_sources).parts()
    if appendix:
        parts.append(appendix_part(appendix))
    logo = program.gestaltung.logo
    logo_src = data_uri(data_dir / logo) if logo and embed else logo
    faces = [FontFace(font.family, font.url, font.weight, font.style) for font in fonts]
    given = len(logo_src or "") + sum(map(len, chart_sources.values())) + sum(
        len(block.data) for part in parts for section in [part, *part.sections] for block in section.blocks
        if isinstance(block.data, str))
    html = environment.render_template(
        DOCUMENT_TEMPLATE, {**context, "parts": parts, "fonts": faces, "logo_src": logo_src, "web": embed,
                            "builtin_templates": TEMPLATE_DIR.as_uri() + "/"}, given)
    check_html_words(html)
    return html
