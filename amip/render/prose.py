"""The data set's Markdown texts to HTML: placeholders in the sandbox, then Markdown without raw HTML, images and links checked."""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from amip.errors import TemplateError
from amip.load.files import NotInDataSet, Refused, data_set_image
from amip.load.placeholders import TEXT_PLACEHOLDER
from amip.render.sandbox import Sandbox
from amip.render.words import long_word, too_long


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
