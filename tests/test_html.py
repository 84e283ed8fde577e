"""`amip build --format html`: one self-contained, accessible web page with the same numbers as the PDF."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import EXAMPLE, MUSTERLAND
from datasets import append_to
from pdftext import pdf_pages

from amip.cli import main

NUMBER = re.compile(r"[+-]?\d[\d.,]*\d|\d")
DATA_SVG = re.compile(r'src="data:image/svg\+xml;base64,([^"]+)"')


class Page(HTMLParser):
    """The visible text of a page, its attributes by tag, and the texts of its inline SVG charts."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._hidden = 0
        self.feed(html)
        self.charts = [base64.b64decode(data).decode("utf-8") for data in DATA_SVG.findall(html)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._hidden += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)

    def numbers(self) -> set[str]:
        return set(NUMBER.findall(" ".join(self.text)))


def build_html(data: Path, target: Path) -> Page:
    assert main(["build", str(data), "--format", "html", "-o", str(target)]) == 0
    return Page(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("data", [EXAMPLE, MUSTERLAND], ids=["elbe-elster", "musterland"])
def test_html_holds_the_same_numbers_as_the_pdf(data: Path, tmp_path: Path, example_pdf: Path,
                                                  musterland_pdf: Path) -> None:
    page = build_html(data, tmp_path / "seite.html")
    pdf = pdf_pages(example_pdf if data == EXAMPLE else musterland_pdf)
    in_pdf = set(NUMBER.findall(" ".join(pdf)))
    in_charts = {number for svg in page.charts for number in NUMBER.findall(re.sub(r"<[^>]+>", " ", svg))}
    page_numbers = {str(number) for number in range(1, len(pdf) + 1)}
    assert page.numbers() <= in_pdf
    assert in_pdf - page.numbers() <= in_charts | page_numbers
    assert len(page.numbers()) > 100 if data == EXAMPLE else len(page.numbers()) > 80


def test_html_is_self_contained_and_accessible(tmp_path: Path) -> None:
    page = build_html(EXAMPLE, tmp_path / "seite.html")
    html = (tmp_path / "seite.html").read_text(encoding="utf-8")
    assert ("html", {"lang": "de-DE"}) in page.tags
    assert "file:" not in html and "@font-face" not in html
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    assert len(images) == 8 and len(page.charts) == 8
    assert all(str(attrs["src"]).startswith("data:") and len(str(attrs["alt"])) > 40 for attrs in images)
    assert all(attrs.get("href", "#").startswith(("#", "https:", "http:", "mailto:", "tel:"))
               for tag, attrs in page.tags if tag == "a")
    assert [attrs["scope"] for tag, attrs in page.tags if tag == "th"].count("col") > 15
    assert sum(tag == "h1" for tag, _ in page.tags) >= 8 and sum(tag == "h2" for tag, _ in page.tags) >= 15


def test_images_of_the_data_set_travel_inside_the_page(klein: Path, tmp_path: Path) -> None:
    (klein / "bilder").mkdir()
    (klein / "bilder" / "karte.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
                                                encoding="utf-8")
    append_to(klein / "texte" / "einleitung.md", "\n![Karte des Kreises](bilder/karte.svg)\n")
    append_to(klein / "programm.yaml", "gestaltung:\n  logo: bilder/karte.svg\n  logo_alt: Wappen\n")
    page = build_html(klein, tmp_path / "seite.html")
    images = {attrs["alt"]: str(attrs["src"]) for tag, attrs in page.tags if tag == "img"}
    assert images["Karte des Kreises"].startswith("data:image/svg+xml;base64,")
    assert images["Wappen"] == images["Karte des Kreises"]


def test_bad_data_keeps_an_earlier_page(klein: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "seite.html"
    target.write_text("gute Seite", encoding="utf-8")
    append_to(klein / "programm.yaml", "titl: Tippfehler\n")
    assert main(["build", str(klein), "--format", "html", "-o", str(target)]) == 1
    assert "Das HTML wurde nicht geschrieben; ein vorhandenes HTML bleibt unverändert." in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "gute Seite"
