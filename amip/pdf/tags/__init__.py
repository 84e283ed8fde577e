"""Tag the PDF by HTML element across pages, in place of WeasyPrint's page-by-page tagging."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pydyf

from amip.pdf.tags.content import PageMarks
from amip.pdf.tags.tree import Tagger
from amip.pdf.tags.writing import TreeWriter, finish

LOGGER = logging.getLogger("weasyprint")
SLACK = 0.01
"""CSS pixels a link's box may stick out of another one's and still count as inside (rounding)."""


@contextmanager
def tagging(document: Any) -> Iterator[None]:
    """While `document` is written, amip's tagger builds the tag tree; fail if WeasyPrint did not call it.

    WeasyPrint 70 builds the tag tree page by page (`weasyprint/pdf/tags.py`): running heads end up in
    no tag, an element cut by a page break becomes two, a table's repeated header is tagged again, header
    cells get wrong /Headers and no /Scope (docs/weasyprint-tags.md). This replaces that one step,
    `weasyprint.pdf.add_tags`, for the time of the `with`; drawing, marked content, link annotations and
    metadata stay WeasyPrint's.
    """
    import weasyprint.pdf as engine
    from weasyprint.pdf.tags import add_tags as own_tagging

    if engine.add_tags is not own_tagging:
        raise RuntimeError("weasyprint.pdf.add_tags is not WeasyPrint's tagging step; amip's tagger cannot replace it")
    for page in document.pages:
        page.links[:] = _one_per_link(page.links)
    called = []

    def add_tags(pdf: Any, document: Any, *version_and_streams: Any) -> None:
        """WeasyPrint's call; 69 added the PDF version before the page streams."""
        called.append(True)
        write_tags(pdf, document, version_and_streams[-1])

    engine.add_tags = add_tags
    try:
        yield
    finally:
        engine.add_tags = own_tagging
    if not called:
        raise RuntimeError("WeasyPrint wrote the PDF without calling its tagging step; amip's tagger did not run")


def _one_per_link(links: list[tuple[str, str, tuple[float, ...], Any]]) -> list[tuple[str, str, tuple[float, ...], Any]]:
    """The links of a page without those of no size or inside another one to the same target.

    WeasyPrint makes an annotation for every box of a link, its pseudo-elements included: an entry
    of the contents got three, two of them of no height. A rectangle is (x1, y1, x2, y2).
    """
    sized = [(index, link) for index, link in enumerate(links) if link[2][2] > link[2][0] and link[2][3] > link[2][1]]

    def covered(index: int, link: tuple[str, str, tuple[float, ...], Any]) -> bool:
        x1, y1, x2, y2 = link[2]
        return any(other[:2] == link[:2] and (other[2] != link[2] or position < index)
                   and other[2][0] - SLACK <= x1 and other[2][1] - SLACK <= y1
                   and x2 <= other[2][2] + SLACK and y2 <= other[2][3] + SLACK
                   for position, other in sized if position != index)

    return [link for index, link in sized if not covered(index, link)]


def write_tags(pdf: Any, document: Any, page_streams: list[Any]) -> None:
    """Build the tag tree of `document` and write it into `pdf` with the catalog entries tagged PDF needs."""
    streams: dict[int, list[Any]] = {}
    for pdf_object in pdf.objects:
        tags = getattr(pdf_object, "_tags", None)
        if tags is not None:
            streams.setdefault(id(tags), []).append(pdf_object)
    tagger = Tagger(document.pages[0]._page_box.children[0].element)
    for number, (page, stream) in enumerate(zip(document.pages, page_streams)):
        tagger.tag_page(page._page_box, PageMarks(number, stream._tags, streams.get(id(stream._tags), [stream])))
    finish(tagger.root)
    TreeWriter(pdf, document, page_streams).write(tagger.root)
    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
    pdf.catalog["MarkInfo"] = pydyf.Dictionary({"Marked": "true"})
    if "Lang" not in pdf.catalog:
        LOGGER.error('Missing required "lang" attribute at the root of the document')
        pdf.catalog["Lang"] = pydyf.String()
