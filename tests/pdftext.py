"""What tests read from a PDF: its text (no-break spaces as spaces, white space folded), its tag tree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pypdf


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def pdf_pages(path: Path) -> list[str]:
    """The normalized text of every page."""
    return [normalize(page.extract_text()) for page in pypdf.PdfReader(path).pages]


def pdf_text(path: Path) -> str:
    """The normalized text of the whole document."""
    return " ".join(pdf_pages(path))


def structure_elements(pdf: pikepdf.Pdf, kind: str | None = None) -> list[pikepdf.Dictionary]:
    """Every element of the tag tree in reading order, or only those of one kind such as "/Figure"."""
    found: list[pikepdf.Dictionary] = []

    def walk(node: pikepdf.Object) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if kind is None or node.get("/S") == kind:
                found.append(node)
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


@dataclass(frozen=True)
class Piece:
    """One marked-content sequence of a page: its text, and the baselines of its first and last text."""

    text: str
    first_y: float
    last_y: float


@dataclass
class PageContent:
    """What a page's content stream shows, by kind of marking."""

    pieces: dict[int, Piece] = field(default_factory=dict)
    """Text (or "" for an image) of each marked-content sequence with an MCID, by MCID."""
    artifacts: list[tuple[str, str]] = field(default_factory=list)
    """Text shown inside artifacts, with the artifact's /Type ("" without one)."""
    untagged: list[str] = field(default_factory=list)
    """Text shown outside any marked content."""


def page_contents(pdf: pikepdf.Pdf) -> list[PageContent]:
    """What each page shows, read from its content stream with the fonts' ToUnicode maps."""
    return [_page_content(page) for page in pdf.pages]


def _page_content(page: pikepdf.Page) -> PageContent:
    content = PageContent()
    fonts = {name: _font_map(font) for name, font in page.Resources.get("/Font", {}).items()}
    marks: list[tuple[str, int | None, str]] = []  # tag, MCID, artifact type
    texts: dict[int, list[tuple[str, float]]] = {}
    font, y = {}, 0.0
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            properties = operands[1] if op == "BDC" else {}
            mcid = int(properties["/MCID"]) if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties else None
            kind = str(properties.get("/Type", "")) if isinstance(properties, pikepdf.Dictionary) else ""
            marks.append((tag, mcid, kind))
            if mcid is not None:
                texts.setdefault(mcid, [])
        elif op == "EMC":
            marks.pop()
        elif op == "Tf":
            font = fonts.get(str(operands[0]), {})
        elif op == "Tm":
            y = float(operands[5])
        elif op in ("Td", "TD"):
            y += float(operands[1])
        elif op in ("Tj", "TJ", "'", '"'):
            shown = "".join(_decode(item, font) for item in (operands[-1] if op == "TJ" else [operands[-1]])
                            if isinstance(item, pikepdf.String))
            artifact = next((kind for tag, _, kind in reversed(marks) if tag == "/Artifact"), None)
            mcid = next((mcid for _, mcid, _ in reversed(marks) if mcid is not None), None)
            if artifact is not None:
                content.artifacts.append((artifact, shown))
            elif mcid is not None:
                texts[mcid].append((shown, y))
            else:
                content.untagged.append(shown)
    for mcid, shown in texts.items():
        ys = [y for _, y in shown] or [0.0]
        content.pieces[mcid] = Piece("".join(text for text, _ in shown), ys[0], ys[-1])
    return content


def _font_map(font: pikepdf.Dictionary) -> dict[bytes, str]:
    """Character codes of `font` (two bytes for Type0 fonts, one otherwise) to their Unicode text."""
    width = 2 if font.get("/Subtype") == "/Type0" else 1
    mapping: dict[bytes, str] = {"width": width}  # type: ignore[dict-item]
    if "/ToUnicode" not in font:
        return mapping
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[bytes.fromhex(code)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for start, end, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            first = int(text, 16)
            for offset in range(int(end, 16) - int(start, 16) + 1):
                code = (int(start, 16) + offset).to_bytes(len(start) // 2, "big")
                mapping[code] = chr(first + offset)
    return mapping


def _decode(string: pikepdf.String, font: dict[bytes, str]) -> str:
    data, width = bytes(string), font.get("width", 1)
    return "".join(font.get(data[index:index + width], "\ufffd") for index in range(0, len(data), width))


@dataclass
class Tag:
    """A structure element with its parent and kids: tags, MCIDs as (page, MCID), annotations."""

    node: pikepdf.Dictionary
    parent: Tag | None
    kids: list[Tag | tuple[int, int] | pikepdf.Dictionary] = field(default_factory=list)

    @property
    def role(self) -> str:
        return str(self.node.S)[1:]

    def ancestors(self) -> Iterator[Tag]:
        parent = self.parent
        while parent is not None:
            yield parent
            parent = parent.parent

    def descendants(self) -> Iterator[Tag]:
        for kid in self.kids:
            if isinstance(kid, Tag):
                yield kid
                yield from kid.descendants()

    def content(self) -> Iterator[tuple[int, int]]:
        """Every (page, MCID) under this tag, in order."""
        for kid in self.kids:
            if isinstance(kid, Tag):
                yield from kid.content()
            elif isinstance(kid, tuple):
                yield kid


def tag_tree(pdf: pikepdf.Pdf) -> Tag:
    """The tag tree from the structure tree root: a tag with role StructTreeRoot and the document below."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}

    def read(node: pikepdf.Dictionary, parent: Tag | None, page: int | None) -> Tag:
        tag = Tag(node, parent)
        if "/Pg" in node:
            page = pages[node.Pg.objgen]
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
            if isinstance(kid, int):
                tag.kids.append((page, int(kid)))
            elif kid.get("/Type") == "/MCR":
                tag.kids.append((pages[kid.Pg.objgen] if "/Pg" in kid else page, int(kid.MCID)))
            elif kid.get("/Type") == "/OBJR":
                tag.kids.append(kid.Obj)
            else:
                tag.kids.append(read(kid, tag, page))
        return tag

    root = pdf.Root.StructTreeRoot
    return read(pikepdf.Dictionary(S=pikepdf.Name("/StructTreeRoot"), K=root.K), None, None)


BLOCK_ROLES = {"Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "P", "H1", "H2", "H3",
               "H4", "H5", "H6", "L", "LI", "LBody", "Table", "THead", "TBody", "TFoot", "TR", "TH", "TD", "Figure",
               "NonStruct", "StructTreeRoot"}
"""Roles read as blocks of their own: their text is set apart by line breaks; other roles run on in the line."""


def tag_text(tag: Tag, pages: list[PageContent]) -> str:
    """The text a screen reader reads from `tag`: ActualText where given, Alt of figures, else the content."""
    if "/ActualText" in tag.node:
        text = str(tag.node.ActualText)
    elif tag.role == "Figure" and "/Alt" in tag.node:
        text = str(tag.node.Alt)
    else:
        text = "".join(tag_text(kid, pages) if isinstance(kid, Tag) else pages[kid[0]].pieces[kid[1]].text
                       if isinstance(kid, tuple) else "" for kid in tag.kids)
    return f"\n{text}\n" if tag.role in BLOCK_ROLES else text
