"""PDF/UA-1 and PDF/A-2a by an independent validator, metadata, outline, status, logo, identical rebuilds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import page
import pikepdf
import pytest
from datasets import append_to, replace_in
from pdftext import pdf_pages, structure_elements

from amip.cli import main

ROOT = Path(__file__).resolve().parent.parent
PROFILES = {"PDF/UA-1": page.ValidationProfile.PDF_UA_1, "PDF/A-2a": page.ValidationProfile.PDF_A_2A}


def failures(pdf: Path, profile: str) -> list[str]:
    """Every failed rule `page-validation` reports for `pdf`."""
    report = page.validate_pdf(str(pdf), profile=PROFILES[profile])
    assert report.rules.total > 50  # the profile really ran its rules
    return [f"{failure.rule_id}: {failure.message}" for failure in report.failures]


def build(data: Path, target: Path, *options: str) -> Path:
    assert main(["build", str(data), "-o", str(target), *options]) == 0
    return target


def xmp(pdf: Path) -> str:
    with pikepdf.open(pdf) as document:
        return document.Root.Metadata.read_bytes().decode()


@pytest.mark.parametrize("profile", list(PROFILES))
def test_example_conforms(example_pdf: Path, profile: str) -> None:
    assert failures(example_pdf, profile) == []


@pytest.mark.parametrize("profile", list(PROFILES))
def test_second_example_conforms(musterland_pdf: Path, profile: str) -> None:
    assert failures(musterland_pdf, profile) == []


@pytest.fixture(scope="module")
def new_draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data set from `amip new`, all placeholders (highlighted [offen: …] in every text), built."""
    base = tmp_path_factory.mktemp("neu")
    assert main(["new", str(base / "neustadt-2027"), "--jobcenter", "Jobcenter Neustadt", "--jahr", "2027"]) == 0
    return build(base / "neustadt-2027", base / "neustadt-2027.pdf")


@pytest.mark.parametrize("profile", list(PROFILES))
def test_new_data_set_draft_conforms(new_draft: Path, profile: str) -> None:
    assert failures(new_draft, profile) == []


@pytest.fixture
def entwurf(klein: Path, tmp_path: Path) -> Path:
    """The small data set as a draft with a logo, built."""
    append_to(klein / "programm.yaml", "status: entwurf\ngestaltung:\n  logo: bilder/wappen.svg\n  logo_alt: Wappen des Musterkreises\n")
    (klein / "bilder").mkdir()
    (klein / "bilder" / "wappen.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="20mm" height="20mm" viewBox="0 0 20 20">'
        '<rect width="20" height="20" fill="#1B3D5C"/></svg>', encoding="utf-8")
    return build(klein, tmp_path / "out" / "entwurf.pdf")


@pytest.mark.parametrize("profile", list(PROFILES))
def test_draft_with_logo_conforms(entwurf: Path, profile: str) -> None:
    assert failures(entwurf, profile) == []


def test_draft_shows_watermark_footer_and_metadata(entwurf: Path) -> None:
    pages = pdf_pages(entwurf)
    assert all("ENTWURF" in text for text in pages)
    assert all("Jobcenter Musterkreis, Entwurf, Stand: 30.11.2023" in text for text in pages[1:])
    with pikepdf.open(entwurf) as pdf:
        assert str(pdf.docinfo["/Title"]).endswith("(Entwurf)")
        assert "Entwurf" in str(pdf.docinfo["/Keywords"])
        assert [str(node.Alt) for node in structure_elements(pdf, "/Figure")] == ["Wappen des Musterkreises"]


@pytest.mark.parametrize(("extra", "expected"), [
    ("", "Beschlossen: Trägerversammlung, 08.12.2023"),
    ("    gremium: Ausschuss für Arbeit und Soziales\n", "Beschlossen: Ausschuss für Arbeit und Soziales, 08.12.2023"),
])
def test_approved_program_names_date_and_body(klein: Path, tmp_path: Path, extra: str, expected: str) -> None:
    append_to(klein / "programm.yaml", "status: beschlossen\nbeschluss:\n    datum: 2023-12-08\n" + extra)
    pages = pdf_pages(build(klein, tmp_path / "b.pdf"))
    assert expected in pages[0] and expected in pages[-1]
    assert not any("ENTWURF" in text for text in pages)


def test_approving_body_of_a_zkt_is_the_kreistag(klein: Path, tmp_path: Path) -> None:
    replace_in(klein / "programm.yaml", "traeger: gE", "traeger: zkT")
    append_to(klein / "programm.yaml", "status: beschlossen\nbeschluss:\n    datum: 2023-12-08\n")
    assert "Beschlossen: Kreistag, 08.12.2023" in pdf_pages(build(klein, tmp_path / "z.pdf"))[0]


@pytest.mark.parametrize(("extra", "message"), [
    ("status: beschlossen\n", "status: beschlossen braucht beschluss"),
    ("gestaltung:\n  logo: fehlt.svg\n  logo_alt: Logo\n", "die Datei „fehlt.svg“ gibt es nicht im Datensatz"),
    ("gestaltung:\n  logo: ../../../etc/hostname\n  logo_alt: Logo\n", "gibt es nicht im Datensatz"),
    ("gestaltung:\n  logo: logo.svg\n", "ein logo braucht logo_alt"),
])
def test_status_and_logo_errors(klein: Path, capsys: pytest.CaptureFixture[str], extra: str, message: str) -> None:
    append_to(klein / "programm.yaml", extra)
    assert main(["validate", str(klein)]) == 1
    assert message in capsys.readouterr().err


def test_metadata_language_and_title_bar(example_pdf: Path) -> None:
    with pikepdf.open(example_pdf) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == "Arbeitsmarkt- und Integrationsprogramm des Jobcenters Elbe-Elster für das Jahr 2017"
        assert str(info["/Author"]) == "Jobcenter Elbe-Elster"
        assert str(info["/Subject"]).endswith("Stand: 02.12.2016")
        assert "SGB II" in str(info["/Keywords"])
        assert str(info["/CreationDate"]).startswith("D:20161202")
        assert str(pdf.Root.Lang) == "de-DE"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert 'pdfaid:part="2"' in xmp(example_pdf) and 'pdfuaid:part="1"' in xmp(example_pdf)
    assert "<dc:language><rdf:Bag><rdf:li>de-DE</rdf:li></rdf:Bag></dc:language>" in xmp(example_pdf)


def test_one_bookmark_per_heading(example_pdf: Path) -> None:
    with pikepdf.open(example_pdf) as pdf:
        headings = [node for node in structure_elements(pdf) if str(node.get("/S")) in {"/H1", "/H2", "/H3", "/H4"}]
        with pdf.open_outline() as outline:
            bookmarks = list(_titles(outline.root))
    assert len(bookmarks) == len(headings) > 30
    assert "4.2 Eingliederungsleistungen" in bookmarks and "Inhaltsverzeichnis" in bookmarks


@pytest.mark.parametrize(("option", "pdfa", "pdfua"), [
    ("--ohne-pdfa", False, True), ("--ohne-pdfua", True, False)])
def test_either_standard_can_be_turned_off(klein: Path, tmp_path: Path, option: str, pdfa: bool, pdfua: bool) -> None:
    target = build(klein, tmp_path / "x.pdf", option)
    metadata = xmp(target)
    assert ("pdfaid:part" in metadata) is pdfa and ("pdfuaid:part" in metadata) is pdfua
    profile = "PDF/UA-1" if pdfua else "PDF/A-2a"
    assert failures(target, profile) == []
    with pikepdf.open(target) as pdf:
        assert "/StructTreeRoot" in pdf.Root  # still tagged


def test_builds_in_two_processes_and_directories_are_identical(tmp_path: Path) -> None:
    pdfs = []
    for name in ("eins", "zwei"):
        data = tmp_path / name / "daten"
        shutil.copytree(ROOT / "data" / "elbe-elster-2017", data)
        target = tmp_path / name / "ausgabe" / "programm.pdf"
        subprocess.run([sys.executable, "-m", "amip.cli", "build", str(data), "-o", str(target)], check=True,
                       capture_output=True, cwd=tmp_path / name,
                       env={**os.environ, "PYTHONHASHSEED": str(len(name)), "TZ": "Pacific/Auckland"})
        pdfs.append(target.read_bytes())
    assert pdfs[0] == pdfs[1]
    assert str(tmp_path).encode() not in pdfs[0] and b"/root" not in pdfs[0] and b"/home" not in pdfs[0]


def test_title_page_has_no_running_header_or_footer(example_pages: list[str]) -> None:
    assert "Seite" not in example_pages[0]
    assert example_pages[3].endswith("1 Grundsicherung für Arbeitsuchende im Landkreis Arbeitsmarkt- und "
                                     "Integrationsprogramm Jobcenter Elbe-Elster, Stand: 02.12.2016 Seite 4 von 23")


def _titles(items):
    for item in items:
        yield item.title
        yield from _titles(item.children)


def test_no_heading_is_left_alone_at_the_bottom_of_a_page(example_pdf: Path) -> None:
    with pikepdf.open(example_pdf) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        checked = 0
        for parent in structure_elements(pdf):
            kids = [kid for kid in (parent.K if isinstance(parent.get("/K"), pikepdf.Array) else [])
                    if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
            for heading, following in zip(kids, kids[1:]):
                if str(heading.S) in {"/H1", "/H2", "/H3", "/H4"}:
                    assert pages[_first_page(heading)] == pages[_first_page(following)], str(heading.get("/T", ""))
                    checked += 1
    assert checked > 30


def test_text_is_hyphenated_and_fonts_are_embedded(example_pdf: Path, example_pages: list[str]) -> None:
    assert sum(text.count("\u2010 ") for text in example_pages) > 20  # words broken at line ends
    with pikepdf.open(example_pdf) as pdf:
        fonts = {str(font.BaseFont): font for page in pdf.pages for font in page.Resources.Font.values()}
        assert fonts and all(name.split("+")[-1].replace("-", "").startswith("NotoSans") for name in fonts)
        for font in fonts.values():
            descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


def _first_page(element: pikepdf.Dictionary) -> tuple[int, int]:
    """The page where a tag's content starts: its own /Pg or that of its first child with one."""
    if "/Pg" in element:
        return element.Pg.objgen
    kids = element.K if isinstance(element.get("/K"), pikepdf.Array) else [element.get("/K")]
    return next(_first_page(kid) for kid in kids if isinstance(kid, pikepdf.Dictionary))


def test_data_set_brings_its_own_font(klein: Path, tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    font = TTFont("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf")
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "Amtsschrift Test"
        elif record.nameID == 6:
            record.string = "AmtsschriftTest-Regular"
    (klein / "schriften").mkdir()
    font.save(klein / "schriften" / "amtsschrift.ttf")
    append_to(klein / "programm.yaml", "gestaltung:\n  schrift: Amtsschrift Test\n")
    target = build(klein, tmp_path / "font.pdf")
    with pikepdf.open(target) as pdf:
        names = {str(font.BaseFont).split("+")[-1] for page in pdf.pages for font in page.Resources.Font.values()}
    assert any(name.startswith("Amtsschrift") for name in names), names
    assert failures(target, "PDF/A-2a") == []
