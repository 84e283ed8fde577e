"""Shared fixtures: the example PDF built once per session, and copies of small data sets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pdftext import pdf_pages

from amip import build

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "elbe-elster-2017"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pdf") / "elbe-elster-2017.pdf"
    build(EXAMPLE, target)
    return target


@pytest.fixture(scope="session")
def example_pages(example_pdf: Path) -> list[str]:
    """The text of every page of the example PDF, normalized."""
    return pdf_pages(example_pdf)


@pytest.fixture
def klein(tmp_path: Path) -> Path:
    """A writable copy of the smallest complete data set."""
    target = tmp_path / "klein"
    shutil.copytree(FIXTURES / "klein", target)
    return target
