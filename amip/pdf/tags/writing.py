"""Write the tag tree into the PDF: structure elements, parent tree, ID tree, link descriptions."""

from __future__ import annotations

from typing import Any

import pydyf

from amip.pdf.tags.content import Mark
from amip.pdf.tags.tables import table_cells
from amip.pdf.tags.tree import TABLE_ROLES, Annotation, Node
from amip.pdf.tags.words import source_text, text_string

SCALE = 0.75
"""PDF points per CSS pixel."""


def finish(root: Node) -> None:
    """Drop tags with nothing to read (but table cells), put captions first in tables and after figures, fill tables.

    A caption that only screen readers read is positioned out of the flow; WeasyPrint puts its box after
    the table head, so the table's Caption is moved to the front, where PDF/UA expects it.
    """
    _prune(root)
    tables = [node for node in _preorder(root) if node.role == "Table"]
    cells = {node.element: node for node in _preorder(root) if node.role in ("TH", "TD")}
    for number, table in enumerate(tables, start=1):
        for cell in table_cells(table.element, f"t{number}"):
            if cell.element in cells:
                cells[cell.element].entries["A"] = cell.attributes
    for node in _preorder(root):
        if node.role == "Table":
            node.kids.sort(key=lambda kid: not (isinstance(kid, Node) and kid.role == "Caption"))
        elif node.role == "Div" and node.element.tag == "figure":
            _caption_last(node)


def _prune(node: Node) -> bool:
    """Remove empty tags below `node` and date each tag by its first content; whether `node` has something."""
    node.kids = [kid for kid in node.kids if not isinstance(kid, Node) or _prune(kid)]
    if node.kids:
        node.page = node.kids[0].page
    return bool(node.kids) or node.role in TABLE_ROLES or node.parent is None


def _caption_last(group: Node) -> None:
    """A figure's caption follows the Figure (Tagged PDF Best Practice Guide, PDF/UA-1: AT stops at Alt)."""
    figures = [index for index, kid in enumerate(group.kids) if isinstance(kid, Node) and kid.role == "Figure"]
    if figures:
        captions = [kid for kid in group.kids if isinstance(kid, Node) and kid.role == "Caption"]
        rest = [kid for kid in group.kids if kid not in captions]
        after = rest.index(group.kids[figures[-1]]) + 1
        group.kids = rest[:after] + captions + rest[after:]


def _preorder(node: Node) -> list[Node]:
    found = [node]
    for kid in node.kids:
        if isinstance(kid, Node):
            found.extend(_preorder(kid))
    return found


class TreeWriter:
    """Writes the tags as PDF objects in tree order and records which tag each MCID and annotation belongs to."""

    def __init__(self, pdf: Any, document: Any, page_streams: list[Any]):
        self.pdf = pdf
        self.pages = pdf.page_references  # a property that builds a new tuple each time: read once
        self.page_streams = page_streams
        self.heights = [page.height for page in document.pages]
        self.anchors: dict[str, int] = {}
        for number, page in enumerate(document.pages):
            for name in page.anchors:
                self.anchors.setdefault(name, number)
        self.parents: dict[Any, dict[int, Any]] = {stream: {} for stream in page_streams}
        self.annotations: list[tuple[Any, Any]] = []
        self.ids: list[tuple[str, Any]] = []

    def write(self, root: Node) -> None:
        """Add the structure tree root with the tree below `root` to the catalog."""
        structure_root = pydyf.Dictionary({"Type": "/StructTreeRoot"})
        self.pdf.add_object(structure_root)
        structure_root["K"] = pydyf.Array([self._element(root, structure_root.reference)])
        parent_tree = pydyf.Dictionary({"Nums": pydyf.Array()})
        for key, (stream, parents) in enumerate(self.parents.items()):
            if key >= len(self.page_streams):  # a form XObject (a group drawn with opacity) holding tagged content
                stream.extra["StructParents"] = key
            parent_tree["Nums"].extend([key, pydyf.Array(parents[mcid] for mcid in sorted(parents))])
        key = len(self.parents)
        for annotation, reference in self.annotations:
            annotation["StructParent"] = key
            parent_tree["Nums"].extend([key, reference])
            key += 1
        self.pdf.add_object(parent_tree)
        structure_root["ParentTree"] = parent_tree.reference
        structure_root["ParentTreeNextKey"] = key
        if self.ids:
            names = pydyf.Array()
            for identifier, reference in sorted(self.ids):
                names.extend([pydyf.String(identifier), reference])
            structure_root["IDTree"] = pydyf.Dictionary({"Names": names})
        self.pdf.catalog["StructTreeRoot"] = structure_root.reference

    def _element(self, node: Node, parent: Any) -> Any:
        element = pydyf.Dictionary({"Type": "/StructElem", "S": f"/{node.role}", "P": parent,
                                    "Pg": self.pages[node.page]})
        self.pdf.add_object(element)
        for name, value in node.entries.items():
            if name == "A":
                element["A"] = self._table_attributes(value)
                if "ID" in value:
                    element["ID"] = pydyf.String(value["ID"])
                    self.ids.append((value["ID"], element.reference))
            elif name == "BBox":
                element["A"] = self._layout(node.page, *value)
            else:
                element[name] = text_string(value)
        kids = pydyf.Array()
        for kid in node.kids:
            if isinstance(kid, Node):
                kids.append(self._element(kid, element.reference))
            elif isinstance(kid, Mark):
                kids.append(self._content(kid, node, element.reference))
            else:
                kids.append(self._annotation(kid, node, element.reference))
        element["K"] = kids
        return element.reference

    def _content(self, mark: Mark, node: Node, reference: Any) -> Any:
        self.parents.setdefault(mark.stream, {})[mark.mcid] = reference
        if mark.page == node.page and mark.stream is self.page_streams[mark.page]:
            return mark.mcid
        content = pydyf.Dictionary({"Type": "/MCR", "Pg": self.pages[mark.page], "MCID": mark.mcid})
        if mark.stream is not self.page_streams[mark.page]:
            content["Stm"] = mark.stream.reference
        return content

    def _annotation(self, annotation: Annotation, node: Node, reference: Any) -> Any:
        dictionary = annotation.dictionary
        if node.role == "Link":
            dictionary["Contents"] = text_string(self._link_description(node, dictionary))
        self.annotations.append((dictionary, reference))
        return pydyf.Dictionary({"Type": "/OBJR", "Obj": dictionary.reference,
                                      "Pg": self.pages[annotation.page]})

    def _link_description(self, node: Node, annotation: Any) -> str:
        """Where a link leads: its label (aria-label or text), with the page of an internal target."""
        label = node.element.get("aria-label") or source_text(node.element).strip()
        if "Dest" in annotation:
            return f"{label}, Seite {self.anchors[annotation['Dest'].string] + 1}"
        address = annotation["A"]["URI"].string
        return address if label in ("", address) else f"{label} ({address})"

    def _table_attributes(self, attributes: dict[str, Any]) -> Any:
        table = pydyf.Dictionary({"O": "/Table"})
        for name, value in attributes.items():
            if name == "ID":
                continue
            if name == "Scope":
                table[name] = f"/{value}"
            elif name == "Headers":
                table[name] = pydyf.Array(pydyf.String(header) for header in value)
            else:
                table[name] = value
        return table

    def _layout(self, page: int, x: float, y: float, width: float, height: float) -> Any:
        """Layout attributes of a figure: its bounding box in PDF points from the page's lower left corner."""
        bottom = self.heights[page] - y - height
        box = [round(value * SCALE, 3) for value in (x, bottom, x + width, bottom + height)]
        return pydyf.Dictionary({"O": "/Layout", "BBox": pydyf.Array(box)})
