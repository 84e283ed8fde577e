"""Shared fixtures: the example PDF built once per session, and copies of small data sets."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest

from amip import build

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "elbe-elster-2017"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def normalize(text: str) -> str:
    """PDF text with no-break spaces as spaces and runs of white space folded."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


@pytest.fixture(scope="session")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pdf") / "elbe-elster-2017.pdf"
    build(EXAMPLE, target)
    return target


@pytest.fixture(scope="session")
def example_pages(example_pdf: Path) -> list[str]:
    """The text of every page of the example PDF, normalized."""
    return [normalize(page.extract_text()) for page in pypdf.PdfReader(example_pdf).pages]


@pytest.fixture
def klein(tmp_path: Path) -> Path:
    """A writable copy of the smallest complete data set."""
    target = tmp_path / "klein"
    shutil.copytree(FIXTURES / "klein", target)
    return target
