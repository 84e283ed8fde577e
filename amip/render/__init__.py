"""Render the program to one HTML document: texts and templates in one sandbox, over one data context."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from amip import TEMPLATE_DIR
from amip.derive import Figures
from amip.fonts import FontFile
from amip.load.changes import Appendix
from amip.model.programm import Program
from amip.render.context import VIEWS, FontFace, data_context
from amip.render.outline import OutlineRenderer, appendix_part
from amip.render.prose import ProseRenderer, data_uri
from amip.render.sandbox import Sandbox
from amip.render.words import check_html_words

DOCUMENT_TEMPLATE = "dokument.html.j2"


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
