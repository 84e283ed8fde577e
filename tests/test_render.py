"""Rendering: the outline is data, texts run in a sandbox, nothing is loaded from outside."""

from __future__ import annotations

import datetime
import io
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from conftest import EXAMPLE, MUSTERLAND
from datasets import replace_in
from markupsafe import Markup
from pdftext import pdf_pages, pdf_text, structure_elements
from PIL import Image

from amip import TEMPLATE_DIR, build, check
from amip.derive.tabellen import DERIVATIONS
from amip.derive.ziele import GoalFigures
from amip.errors import RenderError, TemplateError
from amip.fonts import FontFile
from amip.load.changes import ValueChange, appendix_against
from amip.load.versions import load_version
from amip.model.gliederung import BLOCK_KINDS
from amip.model.tabellen import TABLE_KINDS
from amip.render import render_html
from amip.render.context import VIEWS, ChartView, FontFace, Part, ProgramView
from amip.render.outline import BLOCK_RENDERERS
from amip.render.sandbox import Sandbox


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


OTHER_OUTLINE = """
gliederung:
  - titel: Schluss zuerst
    inhalt:
      - unterzeichnung: true
  - titel: Geld
    abschnitte:
      - titel: Budget im Überblick
        inhalt:
          - haushalt: uebersicht
      - titel: Ausblick
        inhalt:
          - text: texte/einleitung.md
"""


def test_another_outline_is_a_data_change(klein: Path, tmp_path: Path) -> None:
    programm = klein / "programm.yaml"
    text = programm.read_text(encoding="utf-8")
    _write(programm, text[:text.index("gliederung:")] + OTHER_OUTLINE)
    build(klein, tmp_path / "x.pdf")
    pdf = pdf_text(tmp_path / "x.pdf")
    order = ["1 Schluss zuerst", "Musterstadt, 30.11.2023", "2 Geld", "2.1 Budget im Überblick",
             "Gesamtbudget 1.500.000 € 1.550.000 € 50.000 € 3,3 %", "2.2 Ausblick", "Im Jahr 2024"]
    body = pdf[pdf.index("Seite 2 von"):]
    positions = [body.index(item) for item in order]
    assert positions == sorted(positions)


def test_markdown_cannot_inject_html(klein: Path, tmp_path: Path) -> None:
    _write(klein / "texte" / "einleitung.md",
           "<b>fett</b> <script>alert(1)</script> <style>p{color:red}</style>\n\n# Zwischentitel\n")
    build(klein, tmp_path / "x.pdf")
    pdf = pdf_text(tmp_path / "x.pdf")
    assert "<b>fett</b> <script>alert(1)</script>" in pdf
    assert "Zwischentitel" in pdf


def test_values_with_markup_are_escaped(klein: Path, tmp_path: Path) -> None:
    programm = klein / "programm.yaml"
    _write(programm, programm.read_text(encoding="utf-8").replace(
        "name: Jobcenter Musterkreis", "name: \"Jobcenter <i>Muster</i>\""))
    build(klein, tmp_path / "x.pdf")
    assert "Jobcenter <i>Muster</i>" in pdf_text(tmp_path / "x.pdf")


@pytest.mark.parametrize("source", [
    "{{ jahr.__class__.__mro__ }}",
    "{{ ''.__class__.__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
])
def test_texts_run_in_a_sandbox(klein: Path, tmp_path: Path, source: str) -> None:
    _write(klein / "texte" / "einleitung.md", source + "\n")
    with pytest.raises(TemplateError) as error:
        build(klein, tmp_path / "x.pdf")
    assert str(error.value).startswith("texte/einleitung.md:1  ")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("url", ["/etc/passwd", "http://127.0.0.1:9/bild.png", "file:///etc/passwd",
                                 "data:image/png;base64,iVBORw0KGgo=", "../../../../etc/hostname"])
def test_images_from_outside_are_refused(klein: Path, tmp_path: Path, url: str) -> None:
    _write(klein / "texte" / "einleitung.md", f"Erste Zeile.\n\nEin Bild: ![Bild]({url})\n")
    with pytest.raises(TemplateError) as error:
        build(klein, tmp_path / "x.pdf")
    assert str(error.value).startswith(f"texte/einleitung.md:3  Bild „{url}“ ")
    assert "wird nicht geladen" in str(error.value)
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("href", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"])
def test_links_only_to_web_and_mail_addresses(klein: Path, tmp_path: Path, href: str) -> None:
    _write(klein / "texte" / "einleitung.md", f"Erste Zeile\nmit [Verweis]({href}).\n")
    with pytest.raises(TemplateError, match=f"texte/einleitung.md:2  Verweis „{re.escape(href)}“ ist nicht erlaubt"):
        build(klein, tmp_path / "x.pdf")


def test_web_and_mail_links_reach_the_pdf(klein: Path, tmp_path: Path) -> None:
    _write(klein / "texte" / "einleitung.md", "[Jobcenter](https://www.example.org/) und [Post](mailto:a@example.org)\n")
    build(klein, tmp_path / "x.pdf")
    with pikepdf.open(tmp_path / "x.pdf") as pdf:
        uris = {str(annot.A.URI) for page in pdf.pages for annot in page.get("/Annots", []) if "/A" in annot}
    assert {"https://www.example.org/", "mailto:a@example.org"} <= uris


def test_image_inside_the_data_set_is_embedded(klein: Path, tmp_path: Path) -> None:
    (klein / "bilder").mkdir()
    _write(klein / "bilder" / "karte.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                                           '<rect width="10" height="10"/></svg>')
    _write(klein / "texte" / "einleitung.md", "![Karte des Landkreises](bilder/karte.svg)\n")
    build(klein, tmp_path / "x.pdf")
    with pikepdf.open(tmp_path / "x.pdf") as pdf:
        assert [str(node.Alt) for node in structure_elements(pdf, "/Figure")] == ["Karte des Landkreises"]


def test_stylesheet_from_outside_is_refused_by_the_fetcher(klein: Path, tmp_path: Path) -> None:
    (klein / "vorlagen").mkdir()
    _write(klein / "vorlagen" / "dokument.html.j2", '{% extends "amip/dokument.html.j2" %}{% block titelseite %}'
                                                  '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
                                                  '<link rel="attachment" href="file:///etc/passwd">{% endblock %}')
    with pytest.raises(RenderError, match="wird nicht geladen"):
        build(klein, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_data_set_template_overrides_builtin(klein: Path, tmp_path: Path) -> None:
    (klein / "vorlagen").mkdir()
    _write(klein / "vorlagen" / "titelseite.html.j2",
           '{% extends "amip/titelseite.html.j2" %}')
    _write(klein / "vorlagen" / "dokument.html.j2",
           '{% extends "amip/dokument.html.j2" %}{% block titelseite %}'
           '<p>Eigene Titelseite {{ program.jobcenter.name }}</p>{{ super() }}{% endblock %}')
    build(klein, tmp_path / "x.pdf")
    assert "Eigene Titelseite Jobcenter Musterkreis" in pdf_text(tmp_path / "x.pdf")


def test_long_table_repeats_its_header_on_every_page(klein: Path, tmp_path: Path) -> None:
    rows = "\n".join(f"        - {{merkmal: Zeile {index}, wert: {1000 + index}, veraenderung: {index}}}"
                     for index in range(1, 91))
    _write(klein / "tabellen.yaml", "lang:\n  art: veraenderung\n  titel: Lange Tabelle\n  oberzeile: ELB\n"
                                    "  bloecke:\n    - berichtsmonat: 2023-06-01\n      zeilen:\n" + rows + "\n")
    programm = klein / "programm.yaml"
    _write(programm, programm.read_text(encoding="utf-8").replace(
        "      - haushalt: uebersicht", "      - haushalt: uebersicht\n      - tabelle: lang"))
    build(klein, tmp_path / "x.pdf")
    pages = [page for page in pdf_pages(tmp_path / "x.pdf") if "Zeile " in page]
    assert len(pages) >= 2
    assert all("Merkmal Berichtsmonat Veränderung zum Vorjahr" in page for page in pages)
    text = " ".join(pages)
    assert all(f"Zeile {index} {1000 + index:,} {index}".replace(",", ".") in text for index in range(1, 91))


SYMBOL_TABLES = """
elb:
  art: veraenderung
  titel: ELB nach Merkmalen
  oberzeile: ELB
  bloecke:
    - berichtsmonat: 2023-06-01
      zeilen:
        - {merkmal: Insgesamt, wert: 1200, veraenderung: 40, bezugsgroesse: true}
        - {merkmal: unter 18 Jahre, wert: "*", veraenderung: "*"}
        - {merkmal: Rehabilitanden, wert: 12, veraenderung: 12}
profile:
  art: profillagen
  titel: ELB nach Profillagen
  gesamt: ELB gesamt
  altersgruppen: [jung, alt]
  gruppen:
    - bezeichnung: Marktnah
      profile:
        - {kuerzel: MP, bezeichnung: Marktprofil, werte: [7, "-"]}
        - {kuerzel: AP, bezeichnung: Aktivierungsprofil, werte: ["*", 5]}
"""


def test_ba_symbols_print_as_such_with_a_legend(klein: Path, tmp_path: Path) -> None:
    _write(klein / "tabellen.yaml", SYMBOL_TABLES)
    replace_in(klein / "programm.yaml", "      - haushalt: uebersicht",
               "      - haushalt: uebersicht\n      - tabelle: elb\n      - tabelle: profile")
    replace_in(klein / "haushalt.yaml", "betraege: {2023: 500000, 2024: 450000}", "betraege: {2023: 0, 2024: 450000}")
    build(klein, tmp_path / "x.pdf")
    pdf = pdf_text(tmp_path / "x.pdf")
    assert "EGL gesamt 0 € 450.000 € 450.000 € x" in pdf
    assert "Zeichenerklärung: x Nachweis nicht sinnvoll" in pdf
    assert "unter 18 Jahre * * * *" in pdf
    assert "Rehabilitanden 12 12 x 1,0" in pdf
    assert "Zeichenerklärung: * aus Datenschutzgründen anonymisiert; x Nachweis nicht sinnvoll" in pdf
    assert "MP Marktprofil 7 * 7 -" in pdf
    assert "AP Aktivierungsprofil * * * 5" in pdf
    assert "ELB gesamt * * 5" in pdf
    assert "Zeichenerklärung: * aus Datenschutzgründen anonymisiert; - nichts vorhanden" in pdf


def _types(value: Any, seen: set[int]) -> Iterator[type]:
    """The type of `value` and of everything reachable from it through dicts, lists and dataclass fields."""
    if id(value) in seen:
        return
    seen.add(id(value))
    yield type(value)
    if isinstance(value, dict):
        inner: list[Any] = [*value, *value.values()]
    elif isinstance(value, (list, tuple)):
        inner = list(value)
    elif is_dataclass(value):
        inner = [getattr(value, item.name) for item in fields(value)]
    else:
        inner = []
    for item in inner:
        yield from _types(item, seen)


@pytest.mark.parametrize("data", [EXAMPLE, MUSTERLAND])
def test_templates_and_texts_see_plain_data_only(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No model, no path, no file: only plain values and the views a placeholder may read (VIEWS)."""
    contexts: list[dict[str, Any]] = []
    render_template = Sandbox.render_template
    monkeypatch.setattr(Sandbox, "render_template",
                        lambda self, name, context, given: contexts.append(context) or render_template(
                            self, name, context, given))
    checked = check(data, render=False)
    appendix = appendix_against(load_version(str(MUSTERLAND if data == EXAMPLE else EXAMPLE)), checked.raw)
    fonts = [FontFile(Path("/nirgends/schrift.ttf"), "schriften/schrift.ttf", "Hausschrift", 400, "normal")]
    render_html(checked.program, checked.figures, checked.raw.texts, data, dict.fromkeys(checked.figures.charts, ""),
                fonts, embed=True, appendix=appendix)
    found = set(_types(contexts, set())) - {list}
    plain = {str, Markup, int, float, Decimal, bool, type(None), datetime.date, dict, tuple}
    assert found - plain <= set(VIEWS)
    assert {ProgramView, FontFace, Part, ChartView, GoalFigures, ValueChange} <= found


def png(width: int, height: int) -> bytes:
    """The header of a PNG image of this size, with no pixels behind it: all a check before decoding may read."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


def eps() -> bytes:
    """An EPS image, which Pillow decodes by starting Ghostscript."""
    stream = io.BytesIO()
    Image.new("L", (4, 4)).save(stream, format="EPS")
    return stream.getvalue()


@pytest.mark.parametrize("content, reason", [
    (png(13000, 13000), "hat 13.000 × 13.000 Pixel, mehr als die erlaubten 30 Millionen; bitte verkleinern "
                        "(für den Druck genügen 300 dpi, etwa 2500 × 3500 Pixel für eine ganze Seite)"),
    (eps(), "ist ein Bild im Format EPS; erlaubt sind PNG, JPEG, GIF, WebP und SVG"),
])
def test_images_are_judged_by_their_header_before_anything_decodes_them(klein: Path, tmp_path: Path, content: bytes,
                                                                        reason: str) -> None:
    (klein / "bilder").mkdir()
    (klein / "bilder" / "karte.png").write_bytes(content)
    _write(klein / "texte" / "einleitung.md", "![Karte](bilder/karte.png)\n")
    with pytest.raises(TemplateError) as error:
        build(klein, tmp_path / "x.pdf")
    assert str(error.value) == f"texte/einleitung.md:1  Bild „bilder/karte.png“ {reason}"


def test_a_png_image_in_a_text_reaches_the_pdf(klein: Path, tmp_path: Path) -> None:
    (klein / "bilder").mkdir()
    Image.new("RGB", (40, 20), "red").save(klein / "bilder" / "karte.png")
    _write(klein / "texte" / "einleitung.md", "![Karte des Landkreises](bilder/karte.png)\n")
    build(klein, tmp_path / "x.pdf")
    with pikepdf.open(tmp_path / "x.pdf") as pdf:
        images = [image for page in pdf.pages for image in page.get_images().values()]
        assert {(image.Width, image.Height) for image in images} == {(40, 20)}


def test_every_kind_of_block_has_its_renderer_and_every_table_its_partial() -> None:
    """The registries agree: no kind of block or table the model accepts falls through to another's code."""
    assert set(BLOCK_RENDERERS) == set(BLOCK_KINDS.values())
    assert set(DERIVATIONS) == set(TABLE_KINDS.values())
    tables = [table for data in (EXAMPLE, MUSTERLAND) for table in check(data, render=False).figures.tables.values()]
    assert {table.template for table in tables} == {"bausteine/tabelle_veraenderung.html.j2",
                                                   "bausteine/tabelle_profillagen.html.j2"}
    assert all((TEMPLATE_DIR / table.template).is_file() for table in tables)
