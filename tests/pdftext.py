"""What tests read from a PDF: its text (no-break spaces as spaces, white space folded), its tag tree."""

from __future__ import annotations

import re
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
