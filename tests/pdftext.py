"""Text of a PDF as the tests compare it: no-break spaces as spaces, white space folded."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def pdf_pages(path: Path) -> list[str]:
    """The normalized text of every page."""
    return [normalize(page.extract_text()) for page in pypdf.PdfReader(path).pages]


def pdf_text(path: Path) -> str:
    """The normalized text of the whole document."""
    return " ".join(pdf_pages(path))
