"""`amip diff` and the change appendix: figures, values, outline and paragraphs, directories and git revisions."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLE
from datasets import CORPUS, append_to, corpus_case, replace_in
from pdftext import pdf_pages
from test_conformance import PROFILES, failures

from amip.cli import main

THREE_FIGURES = """\
Geänderte Zahlen (3)
  diagramme.yaml:22  diagramme.elb_entwicklung.reihen[ELB].werte[2016]: 7.412 → 7.400 (-12)
  haushalt.yaml:10  haushalt.positionen[Verwaltungskosten (VK)].betraege[2017]: 8.112.295 → 8.200.000 (+87.705)
  ziele.yaml:16  ziele.kennzahlen.ziele[K2].zielwert: 1,1 → 0,8 (-0,3)
"""
APPENDIX_TITLE = "Änderungen gegenüber der Fassung vom 02.12.2016"


def diff(capsys: pytest.CaptureFixture[str], old: Path | str, new: Path | str) -> str:
    """The report of `amip diff OLD NEW`, which must exit 0 and print no error."""
    assert main(["diff", str(old), str(new)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def three_figures_changed(target: Path) -> Path:
    """A copy of the example with one figure changed in haushalt.yaml, ziele.yaml and diagramme.yaml."""
    shutil.copytree(EXAMPLE, target)
    replace_in(target / "haushalt.yaml", "betraege: {2016: 8476348, 2017: 8112295}",
               "betraege: {2016: 8476348, 2017: 8200000}")
    replace_in(target / "ziele.yaml", "zielwert: 1.1\n", "zielwert: 0.8\n")
    replace_in(target / "diagramme.yaml", "8790, 8110, 7412]", "8790, 8110, 7400]")
    return target


def test_three_changed_figures_and_nothing_else(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert diff(capsys, EXAMPLE, three_figures_changed(tmp_path / "neu")) == THREE_FIGURES


def test_identical_data_sets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "kopie")
    assert diff(capsys, EXAMPLE, tmp_path / "kopie") == "Keine Änderungen.\n"


def test_added_and_removed_figures_values_and_years(klein: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "alt"
    shutil.copytree(klein, old)
    replace_in(klein / "haushalt.yaml", "betraege: {2023: 1000000, 2024: 1100000}",
               "betraege: {2024: 1100000, 2025: 1150000.5}")
    replace_in(klein / "programm.yaml", "jahr: 2024", "jahr: 2025")
    replace_in(klein / "programm.yaml", "name: Jobcenter Musterkreis", "name: Jobcenter Landkreis Musterkreis")
    assert diff(capsys, old, klein) == """\
Geänderte Zahlen (2)
  haushalt.yaml:4  haushalt.positionen[Verwaltungskosten (VK)].betraege[2023]: entfernt (war 1.000.000)
  haushalt.yaml:4  haushalt.positionen[Verwaltungskosten (VK)].betraege[2025]: hinzugefügt: 1.150.000,5

Geänderte Angaben (2)
  programm.yaml:2  jahr: „2024“ → „2025“
  programm.yaml:6  jobcenter.name: „Jobcenter Musterkreis“ → „Jobcenter Landkreis Musterkreis“
"""


def test_same_number_written_otherwise_is_no_change(klein: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "alt"
    shutil.copytree(klein, old)
    replace_in(klein / "haushalt.yaml", "2024: 450000", "2024: 450000.0")
    assert diff(capsys, old, klein) == "Keine Änderungen.\n"


def test_outline_chapters_and_blocks(klein: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "alt"
    shutil.copytree(klein, old)
    replace_in(klein / "programm.yaml", "  - titel: Schluss\n    inhalt:\n      - unterzeichnung: true\n",
               "  - titel: Ausblick\n    nummeriert: false\n    inhalt:\n      - text: texte/einleitung.md\n")
    replace_in(klein / "programm.yaml", "      - haushalt: uebersicht\n",
               "      - haushalt: uebersicht\n      - unterzeichnung: true\n")
    replace_in(klein / "programm.yaml", "  - titel: Einleitung\n", "  - titel: Einleitung\n    nummeriert: false\n")
    assert diff(capsys, old, klein) == """\
Gliederung (4)
  programm.yaml:21  Kapitel „Schluss“ entfernt
  programm.yaml:23  Kapitel „Ausblick“ hinzugefügt
  programm.yaml:18  Kapitel „Einleitung“, nummeriert: – → false
  programm.yaml:22  Baustein „unterzeichnung: true“ in Kapitel „Einleitung“ hinzugefügt
"""


def test_moved_section_and_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = tmp_path / "neu"
    shutil.copytree(EXAMPLE, new)
    replace_in(new / "programm.yaml", "      - text: texte/schluss.md\n      - text: texte/vorwort-ende.md\n",
               "      - text: texte/vorwort-ende.md\n      - text: texte/schluss.md\n")
    replace_in(new / "programm.yaml", """\
      - titel: Geschäftspolitische Ziele
        inhalt:
          - text: texte/k3-1-ziele.md
      - titel: Lokale Ziele
        inhalt:
          - text: texte/k3-2-lokale-ziele.md
          - ziele: lokal
""", """\
      - titel: Lokale Ziele
        inhalt:
          - text: texte/k3-2-lokale-ziele.md
          - ziele: lokal
      - titel: Geschäftspolitische Ziele
        inhalt:
          - text: texte/k3-1-ziele.md
""")
    assert diff(capsys, EXAMPLE, new) == """\
Gliederung (2)
  programm.yaml:27  Baustein „text: texte/vorwort-ende.md“ in Kapitel „Vorwort“ verschoben
  programm.yaml:64  Abschnitt „Lokale Ziele“ in Kapitel „Ziele im Jobcenter Elbe-Elster“ verschoben
"""


def name_in_outline(data_set: Path, *texts: str) -> None:
    """Let the first chapter of `data_set` show `texts` too: only texts the outline names are compared."""
    replace_in(data_set / "programm.yaml", "      - text: texte/einleitung.md\n",
               "".join(f"      - text: texte/{name}\n" for name in ("einleitung.md", *texts)))


def test_changed_added_and_removed_paragraphs(klein: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    name_in_outline(klein, "ausblick.md", "neu.md", "nirgends.md")
    (klein / "texte" / "ausblick.md").write_text("Erster Absatz.\n\nZweiter Absatz,\nüber zwei Zeilen.\n\n"
                                                 "Dritter Absatz.\n", encoding="utf-8")
    old = tmp_path / "alt"
    shutil.copytree(klein, old)
    (klein / "texte" / "ausblick.md").write_text("Erster Absatz.\n\nZweiter Absatz, über zwei geänderte Zeilen.\n\n"
                                                 "Ein ganz neuer Schluss folgt hier.\n", encoding="utf-8")
    (klein / "texte" / "einleitung.md").unlink()
    (klein / "texte" / "neu.md").write_text("Neu.\n", encoding="utf-8")
    (klein / "texte" / "unbenutzt.md").write_text("Nennt die Gliederung nicht.\n", encoding="utf-8")
    assert diff(capsys, old, klein) == """\
Texte (5)
  texte/einleitung.md  Textdatei entfernt
  texte/neu.md  Textdatei hinzugefügt
  texte/ausblick.md:3  Absatz geändert
      alt: „Zweiter Absatz, über zwei Zeilen.“
      neu: „Zweiter Absatz, über zwei geänderte Zeilen.“
  texte/ausblick.md:5  Absatz hinzugefügt: „Ein ganz neuer Schluss folgt hier.“
  texte/ausblick.md:6  Absatz entfernt: „Dritter Absatz.“
"""


def test_a_long_paragraph_is_shown_around_its_change(klein: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    name_in_outline(klein, "lang.md")
    words = " ".join(f"Wort{number}" for number in range(60))
    (klein / "texte" / "lang.md").write_text(words + "\n", encoding="utf-8")
    old = tmp_path / "alt"
    shutil.copytree(klein, old)
    replace_in(klein / "texte" / "lang.md", "Wort40", "Wort40a")
    assert diff(capsys, old, klein).splitlines()[1:] == [
        "  texte/lang.md:1  Absatz geändert",
        "      alt: „…Wort36 Wort37 Wort38 Wort39 Wort40 Wort41 Wort42 Wort43 Wort44 Wort45 Wort46 Wort47 Wort48…“",
        "      neu: „…Wort36 Wort37 Wort38 Wort39 Wort40a Wort41 Wort42 Wort43 Wort44 Wort45 Wort46 Wort47…“"]


# --- Fassungen aus Git --------------------------------------------------------------


def git(repository: Path, *arguments: str) -> None:
    subprocess.run(["git", *arguments], cwd=repository, check=True, capture_output=True)


@pytest.fixture
def repository(klein: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with the small data set in data/, committed twice: the second time with a changed figure."""
    for variable in ("GIT_AUTHOR", "GIT_COMMITTER"):
        monkeypatch.setenv(f"{variable}_NAME", "Test")
        monkeypatch.setenv(f"{variable}_EMAIL", "test@example.org")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "repo"
    shutil.copytree(klein, root / "data")
    git(root, "init", "--quiet")
    git(root, "add", "data")
    git(root, "commit", "--quiet", "-m", "Programm 2024")
    replace_in(root / "data" / "haushalt.yaml", "2024: 450000", "2024: 475000")
    git(root, "commit", "--quiet", "-am", "EGL erhöht")
    monkeypatch.chdir(root)
    return root


EGL_RAISED = """\
Geänderte Zahlen (1)
  haushalt.yaml:7  haushalt.positionen[Eingliederungsleistungen (EGL)].betraege[2024]: 450.000 → 475.000 (+25.000)
"""


@pytest.mark.parametrize(("old", "new"), [("HEAD~1:data", "HEAD:data"), ("HEAD~1:data", "data"),
                                          ("HEAD~1:./data", "HEAD:data/")])
def test_git_revisions(repository: Path, capsys: pytest.CaptureFixture[str], old: str, new: str) -> None:
    assert diff(capsys, old, new) == EGL_RAISED


def test_same_revision_twice(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert diff(capsys, "HEAD:data", "data") == "Keine Änderungen.\n"


@pytest.mark.parametrize(("old", "message"), [
    ("gibtsnicht:data", "Fehler: „gibtsnicht:data“: unbekannte Revision „gibtsnicht“"),
    ("HEAD:daten", "Fehler: „HEAD:daten“: den Pfad „daten“ gibt es in Revision HEAD nicht"),
    ("HEAD:data/programm.yaml", "Fehler: „HEAD:data/programm.yaml“: „data/programm.yaml“ ist in Revision HEAD eine "
                                "Datei, kein Verzeichnis"),
    (":data", "Fehler: „:data“: vor dem Doppelpunkt fehlt die Revision, z. B. HEAD~1:data"),
    ("HEAD:data/texte", "Der Datensatz enthält einen Fehler:\n  HEAD:data/texte  kein Datensatz: die Datei "
                        "programm.yaml fehlt in diesem Verzeichnis"),
])
def test_revision_errors(repository: Path, capsys: pytest.CaptureFixture[str], old: str, message: str) -> None:
    assert main(["diff", old, "data"]) == 1
    captured = capsys.readouterr()
    assert captured.err == message + "\n" and captured.out == ""


def test_revision_outside_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "HEAD~1:data", str(EXAMPLE)]) == 1
    assert capsys.readouterr().err == (f"Fehler: „HEAD~1:data“: {tmp_path} liegt in keinem Git-Repository; eine "
                                       "Fassung REV:PFAD lässt sich nur in einem Git-Repository lesen\n")


def test_errors_say_which_version(klein: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "alt"
    shutil.copytree(klein, old)
    append_to(old / "haushalt.yaml", "toleranz: [1\n")
    assert main(["diff", str(old), str(klein)]) == 1
    assert capsys.readouterr().err == (f"Der Datensatz enthält einen Fehler:\n  {old}/haushalt.yaml:9:1  ist kein "
                                       "gültiges YAML: eine Liste in [ ] ist nicht geschlossen: es fehlt „]“ oder "
                                       "ein Komma\n")


# --- Anhang im PDF ------------------------------------------------------------------


@pytest.fixture(scope="module")
def appendix_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with three changed figures, built with the appendix against the example."""
    folder = tmp_path_factory.mktemp("anhang")
    target = folder / "anhang.pdf"
    assert main(["build", str(three_figures_changed(folder / "neu")), "-o", str(target),
                 "--aenderungen", str(EXAMPLE)]) == 0
    return target


def test_appendix_in_the_table_of_contents_with_the_three_figures(appendix_pdf: Path) -> None:
    pages = pdf_pages(appendix_pdf)
    assert f"{APPENDIX_TITLE} {len(pages)} Geänderte Zahlen {len(pages)}" in pages[1]
    assert pages[-1].startswith(f"{APPENDIX_TITLE} Dieser Anhang nennt, was sich gegenüber der Fassung vom "
                                "02.12.2016 geändert hat: jede Zahl mit altem und neuem Wert und der Differenz")
    assert pages[-1].endswith(
        "Geänderte Zahlen Stelle alt neu Differenz "
        "diagramme.elb_entwicklung.reihen[ELB].werte [2016] diagramme.yaml:22 7.412 7.400 -12 "
        "haushalt.positionen[Verwaltungskosten (VK)].betraege[2017] haushalt.yaml:10 8.112.295 8.200.000 +87.705 "
        "ziele.kennzahlen.ziele[K2].zielwert ziele.yaml:16 1,1 0,8 -0,3 "
        "Geänderte Zahlen "  # the table's caption, read only by screen readers, drawn (invisibly) last
        f"{APPENDIX_TITLE} Arbeitsmarkt- und "
        f"Integrationsprogramm Jobcenter Elbe-Elster, Stand: 02.12.2016 Seite {len(pages)} von {len(pages)}")


@pytest.mark.parametrize("profile", list(PROFILES))
def test_appendix_conforms(appendix_pdf: Path, profile: str) -> None:
    assert failures(appendix_pdf, profile) == []


def test_appendix_on_the_web_page(klein: Path, tmp_path: Path) -> None:
    old = tmp_path / "alt"
    shutil.copytree(klein, old)
    replace_in(klein / "texte" / "einleitung.md", "Im Jahr", "Für das Jahr")
    target = tmp_path / "klein.html"
    assert main(["build", str(klein), "-o", str(target), "--format", "html", "--aenderungen", str(old)]) == 0
    html = target.read_text(encoding="utf-8")
    assert ('<a href="#aenderungen" data-nummer="" aria-label="Änderungen gegenüber der Fassung vom 30.11.2023">'
            'Änderungen gegenüber der Fassung vom 30.11.2023</a>') in html
    assert '<th scope="row" class="stelle">texte/einleitung.md:1' in html
    assert "<td><del>Im</del> Jahr {{ jahr }} stehen" in html and "<td><ins>Für das</ins> Jahr {{ jahr }}" in html


def test_appendix_only_with_one_data_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(EXAMPLE), str(EXAMPLE.parent / "musterland-2025-2026"), "--aenderungen",
                 str(EXAMPLE)]) == 2
    assert "--aenderungen geht nur mit einem Datenverzeichnis." in capsys.readouterr().err


def test_earlier_version_needs_its_stand(klein: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "alt"
    shutil.copytree(klein, old)
    replace_in(old / "programm.yaml", "stand: 2023-11-30", "stand: bald")
    assert main(["build", str(klein), "-o", str(tmp_path / "k.pdf"), "--aenderungen", str(old)]) == 1
    assert (f"  {old}/programm.yaml:3  stand: die frühere Fassung braucht ihren Stand als Datum (JJJJ-MM-TT) für "
            "die Überschrift des Änderungsanhangs" in capsys.readouterr().err)
    assert not (tmp_path / "k.pdf").exists()


def test_a_different_earlier_version_is_never_skipped(klein: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "alt"
    shutil.copytree(klein, old)
    target = tmp_path / "k.pdf"

    def build(*options: str) -> str:
        assert main(["build", str(klein), "-o", str(target), *options]) == 0
        return capsys.readouterr().out

    assert "PDF geschrieben" in build()
    assert "PDF geschrieben" in build("--aenderungen", str(old))
    assert "PDF unverändert" in build("--aenderungen", str(old))
    replace_in(old / "haushalt.yaml", "2024: 450000", "2024: 440000")
    assert "PDF geschrieben" in build("--aenderungen", str(old))
    assert "haushalt.yaml:7 440.000 450.000 +10.000" in pdf_pages(target)[-1]
    assert "PDF unverändert" in build("--aenderungen", str(old))


def test_appendix_without_changes_says_so(klein: Path, tmp_path: Path) -> None:
    target = tmp_path / "klein.html"
    assert main(["build", str(klein), "-o", str(target), "--format", "html", "--aenderungen", str(klein)]) == 0
    html = target.read_text(encoding="utf-8")
    assert "<p>Gegenüber der Fassung vom 30.11.2023 hat sich nichts geändert.</p>" in html
    assert 'id="aenderungen-1"' not in html and "<table class=\"aenderungen" not in html


# --- Feindliche Eingaben ------------------------------------------------------------

UNREADABLE = ["90-datum-30-februar", "91-datum-29-februar-2027", "92-nullzeichen-in-yaml", "93-steuerzeichen-im-text",
              "94-verschachtelt-5000", "95-verweis-auf-sich-selbst", "98-zahl-5000-stellen",
              "106-schreibrichtung-im-titel", "107-unsichtbar-im-schluessel", "108-schreibrichtung-im-text"]
"""Corpus cases whose files cannot be read: diff says why, with file, line and field, as build does."""
READ_AS_WRITTEN = {
    "96-betrag-1e28": "haushalt.yaml:4  haushalt.positionen[Verwaltungskosten (VK)].betraege[2024]: 1.100.000 → "
                      "10.000.000.000.000.000.000.000.000.000 (+9.999.999.999.999.999.999.998.900.000)",
    "97-eckwert-1e300": "eckwerte.yaml:1  eckwerte.gross: hinzugefügt: 1." + "000." * 99 + "000",
    "101-tausenderpunkt-im-diagramm": "diagramme.yaml:7  diagramme.elb.reihen[ELB].werte[2017]: hinzugefügt: 7,412",
    "104-zahl-in-anfuehrungszeichen": "haushalt.yaml:4  haushalt.positionen[Verwaltungskosten (VK)].betraege[2023]: "
                                      "1.000.000 → „8.112.295“",
}
"""Corpus cases whose files read fine but are invalid: diff compares them as they are, as YAML reads them."""


@pytest.mark.parametrize("name", UNREADABLE)
def test_what_build_cannot_read_diff_cannot_either(klein: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    name: str) -> None:
    bad, spec = corpus_case(CORPUS / name, tmp_path / "neu")
    assert main(["diff", str(klein), str(bad)]) == 1
    err = capsys.readouterr().err
    assert all(f"{bad}/{line}" in err for line in spec["meldung"]), err
    assert "Interner Fehler" not in err


@pytest.mark.parametrize("name", list(READ_AS_WRITTEN))
def test_invalid_values_are_compared_as_yaml_reads_them(klein: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str], name: str) -> None:
    bad, _ = corpus_case(CORPUS / name, tmp_path / "neu")
    assert f"  {READ_AS_WRITTEN[name]}\n" in diff(capsys, klein, bad)
