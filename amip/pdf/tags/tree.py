"""The tag tree of a laid-out document: one tag per HTML element across all pages, built box by box."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from amip.pdf.tags.content import Mark, PageMarks
from amip.pdf.tags.words import Piece, reading, source_text

ROLES = {
    "html": "Document", "section": "Sect", "article": "Art", "main": "Part", "nav": "Div", "aside": "Div",
    "header": "Div", "footer": "Div", "div": "Div", "figure": "Div", "address": "Div", "blockquote": "BlockQuote",
    "p": "P", "pre": "P", "h1": "H1", "h2": "H2", "h3": "H3", "h4": "H4", "h5": "H5", "h6": "H6",
    "ul": "L", "ol": "L", "li": "LI", "dl": "Div", "dt": "P", "dd": "P",
    "table": "Table", "caption": "Caption", "figcaption": "Caption",
    "thead": "THead", "tbody": "TBody", "tfoot": "TFoot", "tr": "TR", "th": "TH", "td": "TD",
    "img": "Figure", "{http://www.w3.org/2000/svg}svg": "Figure", "code": "Code", "q": "Quote",
}
"""The tag of each HTML element; an element not named here (span, strong, em, body, …) adds no tag of its own."""
INLINE_ROLES = {"Span", "Link", "Reference", "Code", "Quote"}
"""Tags inside a line: their text runs on with the text around them."""
TABLE_ROLES = {"Table", "THead", "TBody", "TFoot", "TR", "TH", "TD"}
"""Tags kept even when empty: a table's grid needs all its cells."""
TABLE_OF_CONTENTS = "doc-toc"
"""The ARIA role of the element holding the contents: its lists are TOC, their items TOCI."""

LOGGER = logging.getLogger("weasyprint")
"""WeasyPrint's logger: a missing alt text stays the error WeasyPrint reports and amip's build turns into a failure."""


@dataclass(eq=False)
class Node:
    """A tag: its role, the HTML element it stands for, and its kids (tags, marked content, annotations)."""

    role: str
    element: Any
    parent: Node | None
    page: int
    kids: list[Node | Mark | Annotation] = field(default_factory=list)
    entries: dict[str, Any] = field(default_factory=dict)
    """Further entries of the tag: Alt, ActualText, Lang, its table attributes (A) or its box (BBox)."""


@dataclass(frozen=True, eq=False)
class Annotation:
    """A link (or form field) annotation as the kid of its tag."""

    page: int
    dictionary: Any


@dataclass
class _Last:
    """The last piece of text of a block so far, and where its mark sits, should it need an ActualText."""

    piece: Piece
    node: Node
    index: int


class Tagger:
    """Builds the tag tree from the box trees of all pages, keeping one tag per element across page breaks."""

    marks: PageMarks
    """The marked content of the page being tagged."""

    def __init__(self, root_element: Any):
        from weasyprint.formatting_structure import boxes
        from weasyprint.layout.absolute import AbsolutePlaceholder

        self.boxes, self.placeholder = boxes, AbsolutePlaceholder
        self.parents = {child: parent for parent in root_element.iter() for child in parent}
        self.root = Node("Document", root_element, None, 0)
        self.nodes: dict[tuple[Any, str], Node] = {(root_element, ""): self.root}
        self.last: dict[Node, _Last] = {}
        self.sources: dict[Any, str] = {}

    def tag_page(self, page_box: Any, marks: PageMarks) -> None:
        """Add the content of one page, in the order of its boxes."""
        self.marks = marks
        self._walk(page_box, None, None)
        if marks.unused():
            raise RuntimeError(f"page {marks.page + 1}: the content of {marks.unused()} is in no tag")

    def _walk(self, box: Any, line: Any, block: Any) -> None:
        boxes = self.boxes
        if isinstance(box, self.placeholder):
            box = box._box
        if isinstance(box, boxes.MarginBox) or self._repeated(box):
            self._artifacts(box)
            return
        if box.element is not None and not isinstance(box, boxes.PageBox):
            self.node(box.element, _part(box))
        if isinstance(box, boxes.TextBox):
            if box in self.marks:
                holder = block or box  # a text box outside any line box holds itself
                self._text(Piece(box, line, (holder.element, holder.element_tag)))
            return
        if isinstance(box, boxes.ReplacedBox):
            if box in self.marks:
                self._figure(box)
            return
        for annotation in (box.link_annotation, getattr(box, "widget_annotation", None)):  # forms since 70
            if annotation is not None:
                self._annotate(box, annotation)
        for child in box.children if isinstance(box, boxes.ParentBox) else []:
            is_line = isinstance(child, boxes.LineBox)
            self._walk(child, child if is_line else line, box if is_line else block)

    def _repeated(self, box: Any) -> bool:
        """A table header or footer row group drawn again on a later page."""
        known = self.nodes.get((box.element, ""))
        return box.element_tag in ("thead", "tfoot") and known is not None and known.page < self.marks.page

    def _artifacts(self, box: Any) -> None:
        if isinstance(box, self.placeholder):
            box = box._box
        if box in self.marks:
            self.marks.artifact(box)
        for child in box.children if isinstance(box, self.boxes.ParentBox) else []:
            self._artifacts(child)

    def node(self, element: Any, part: str = "") -> Node:
        """The tag of `element` (or of its list marker, `part` "marker"), made when first met."""
        node = self.nodes.get((element, part))
        if node is None:
            role = self._role(element, part)
            if role is None:
                return self.inner(self.parents[element])
            parent = self._parent_of(element, part, role)
            node = self.nodes[(element, part)] = Node(role, element, parent, self.marks.page)
            parent.kids.append(node)
            self._describe(node)
        return node

    def inner(self, element: Any) -> Node:
        """The tag that the content and child elements of `element` go into."""
        node = self.node(element)
        if node.role == "LI":
            return self._synthetic(element, "body", "LBody", node)
        return node

    def _parent_of(self, element: Any, part: str, role: str) -> Node:
        if part == "marker":
            return self.node(element)
        parent = self.inner(self.parents[element])
        if role == "Link" and parent.role == "TOCI":
            return self._synthetic(element, "reference", "Reference", parent)
        return parent

    def _synthetic(self, element: Any, part: str, role: str, parent: Node) -> Node:
        """A tag with no element of its own: the body of a list item, the reference of a contents entry."""
        node = self.nodes.get((element, part))
        if node is None:
            node = self.nodes[(element, part)] = Node(role, element, parent, self.marks.page)
            parent.kids.append(node)
        return node

    def _role(self, element: Any, part: str) -> str | None:
        if part == "marker":
            return "Lbl"
        tag = element.tag
        if tag == "a":
            return "Link" if element.get("href") else None
        in_contents = tag in ("ol", "ul", "li") and self._in_contents(element)
        if in_contents:
            return "TOC" if tag != "li" else "TOCI"
        return ROLES.get(tag) if isinstance(tag, str) else None

    def _in_contents(self, element: Any) -> bool:
        while element is not None:
            if element.get("role") == TABLE_OF_CONTENTS:
                return True
            element = self.parents.get(element)
        return False

    def _describe(self, node: Node) -> None:
        """The entries a tag takes from its element: alternative text, language."""
        element = node.element
        language = element.get("lang")
        parent = self.parents.get(element)
        if language and parent is not None and language != _language(parent, self.parents):
            node.entries["Lang"] = language
        if node.role == "Figure":
            if element.tag == "img":
                alt = element.get("alt")
            else:
                title = element.find("{http://www.w3.org/2000/svg}title")
                alt = title.text if title is not None else None
            if alt:
                node.entries["Alt"] = alt
            else:
                LOGGER.error('Image "%s" has no required alt description', element.get("src", "unknown"))

    def _text(self, piece: Piece) -> None:
        owner = self.inner(piece.box.element) if _part(piece.box) != "marker" else self.node(piece.box.element, "marker")
        mark = self.marks.claim(piece.box)
        owner.kids.append(mark)
        if not piece.text:
            return
        block = owner
        while block.role in INLINE_ROLES and block.parent is not None:
            block = block.parent
        last = self.last.get(block)
        if last is not None:
            self._join(last, piece)
        self.last[block] = _Last(piece, owner, len(owner.kids) - 1)

    def _join(self, last: _Last, piece: Piece) -> None:
        """Give the previous piece an ActualText if it reads differently before this one."""
        element = last.piece.block[0]
        if element not in self.sources:
            self.sources[element] = source_text(element)
        text = reading(last.piece, piece, self.sources[element])
        if text != last.piece.text:
            mark = last.node.kids[last.index]
            assert isinstance(mark, Mark)
            last.node.kids[last.index] = Node("Span", None, last.node, mark.page, [mark], {"ActualText": text})

    def _figure(self, box: Any) -> None:
        node = self.node(box.element)
        node.kids.append(self.marks.claim(box))
        node.entries["BBox"] = (box.content_box_x(), box.content_box_y(), box.width, box.height)

    def _annotate(self, box: Any, annotation: Any) -> None:
        element = box.element
        while element is not None and not (element.tag == "a" and element.get("href")):
            element = self.parents.get(element)
        owner = self.node(element) if element is not None else self.inner(box.element)
        if annotation is not box.link_annotation:
            owner = self._synthetic(box.element, "form", "Form", owner)
        owner.kids.append(Annotation(self.marks.page, annotation))


def _part(box: Any) -> str:
    """Which part of its element a box draws: "marker" for a list marker, "" for the element itself."""
    return "marker" if box.element_tag.endswith("::marker") else ""


def _language(element: Any, parents: dict[Any, Any]) -> str | None:
    while element is not None:
        if element.get("lang"):
            return element.get("lang")
        element = parents.get(element)
    return None
