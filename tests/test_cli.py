"""The command line: German messages, exit codes, and an old PDF that survives bad data."""

from __future__ import annotations

from pathlib import Path

import pytest
from datasets import replace_in
from pdftext import pdf_text

from amip.cli import main


def test_build_writes_pdf(klein: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out" / "klein.pdf"
    assert main(["build", str(klein), "-o", str(target)]) == 0
    text = pdf_text(target)
    assert "Im Jahr 2024 stehen 450.000 € für Eingliederung bereit." in text
    assert "EGL gesamt 500.000 € 450.000 € -50.000 € -10,0 %" in text
    assert f"PDF geschrieben: {target}" in capsys.readouterr().out


def test_validate_ok(klein: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(klein)]) == 0
    assert "Datensatz in Ordnung" in capsys.readouterr().out


def test_missing_field(klein: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_in(klein / "programm.yaml", "stand: 2023-11-30\n", "")
    assert main(["validate", str(klein)]) == 1
    err = capsys.readouterr().err
    assert "programm.yaml:2:1  stand: Pflichtangabe fehlt" in err
    assert "Traceback" not in err


def test_wrong_type(klein: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_in(klein / "haushalt.yaml", "2024: 450000", "2024: zwölf")
    assert main(["validate", str(klein)]) == 1
    assert ("haushalt.yaml:7:30  haushalt.positionen[1].betraege[2024]: erwartet eine Zahl, gefunden „zwölf“"
            in capsys.readouterr().err)


def test_unknown_key_suggests(klein: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_in(klein / "programm.yaml", "  kommune:", "  komune:")
    assert main(["validate", str(klein)]) == 1
    err = capsys.readouterr().err
    assert "programm.yaml:9:3  jobcenter.komune: unbekannter Schlüssel; meinten Sie „kommune“?" in err
    assert "programm.yaml:5:1  jobcenter.kommune: Pflichtangabe fehlt" in err
    assert "Der Datensatz enthält 2 Fehler:" in err


def test_unknown_block_reference(klein: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_in(klein / "programm.yaml", "texte/einleitung.md", "texte/einleitnug.md")
    assert main(["validate", str(klein)]) == 1
    assert ("programm.yaml:19:9  gliederung[0].inhalt[0].text: die Textdatei „texte/einleitnug.md“ gibt es "
            "nicht im Datensatz; meinten Sie „texte/einleitung.md“?" in capsys.readouterr().err)


def test_budget_years_must_fit_program_year(klein: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_in(klein / "programm.yaml", "jahr: 2024", "jahr: 2025")
    assert main(["validate", str(klein)]) == 1
    assert ("haushalt.positionen[0].betraege: braucht Beträge für genau die Jahre 2024 und 2025, gefunden: 2023, 2024"
            in capsys.readouterr().err)


def test_invalid_data_leaves_old_pdf(klein: Path, tmp_path: Path) -> None:
    target = tmp_path / "klein.pdf"
    assert main(["build", str(klein), "-o", str(target)]) == 0
    before = target.read_bytes()
    replace_in(klein / "programm.yaml", "jahr: 2024", "jahr: zwölf")
    assert main(["build", str(klein), "-o", str(target)]) == 1
    assert target.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir() if path.suffix == ".tmp"] == []


def test_prose_error_names_text_file_and_line(klein: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (klein / "texte" / "einleitung.md").write_text("Erste Zeile.\n\n{{ haushalt.egl_gesamtt | eur }}\n",
                                                   encoding="utf-8")
    assert main(["build", str(klein), "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert "texte/einleitung.md:3  unbekannter Name im Platzhalter" in err
    assert "egl_gesamtt" in err
    assert not (tmp_path / "x.pdf").exists()


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bild"]) == 2
    assert "Unbekannter Befehl „bild“" in capsys.readouterr().err
    assert main(["validate"]) == 2
    assert "Argument fehlt" in capsys.readouterr().err
    assert main(["build", "--farbe"]) == 2
    assert "Unbekannte Option „--farbe“" in capsys.readouterr().err


def test_help_is_german(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "Aufruf: amip [OPTIONEN] BEFEHL [ARGUMENTE]..." in out
    assert "Befehle:" in out and "Optionen:" in out
    assert main(["build", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Baut das Programm als PDF" in out
    assert "-j, --prozesse ANZAHL" in out and "[mindestens 1]" in out and "x>=" not in out
    for command in ("new", "rollover", "validate"):
        assert main([command, "--help"]) == 0
        assert "Optionen:" in capsys.readouterr().out


def test_process_count_errors_are_german(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "-j", "0", "a", "b"]) == 2
    assert "0 ist zu klein: erlaubt ist mindestens 1." in capsys.readouterr().err
    assert main(["build", "-j", "x", "a", "b"]) == 2
    assert "„x“ ist keine ganze Zahl." in capsys.readouterr().err


def test_misspelled_block_kind(klein: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_in(klein / "programm.yaml", "- haushalt: uebersicht", "- haushlt: uebersicht")
    assert main(["validate", str(klein)]) == 1
    err = capsys.readouterr().err
    assert ("programm.yaml:20:9  gliederung[0].inhalt[1]: unbekannte Art von Baustein „haushlt“; "
            "meinten Sie „haushalt“?" in err)
    assert "Das PDF wurde nicht geschrieben" not in err


def test_failed_build_says_old_pdf_stays(klein: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_in(klein / "programm.yaml", "jahr: 2024", "jahr: zwölf")
    assert main(["build", str(klein), "-o", str(tmp_path / "x.pdf")]) == 1
    assert "Das PDF wurde nicht geschrieben; ein vorhandenes PDF bleibt unverändert." in capsys.readouterr().err


def test_a_bug_gives_a_message_not_a_traceback(klein: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **options: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("amip.commands.build.render_html", broken)
    monkeypatch.delenv("AMIP_DEBUG", raising=False)
    assert main(["build", str(klein), "-o", str(tmp_path / "x.pdf")]) == 1
    error = capsys.readouterr().err
    assert "Interner Fehler in amip (ZeroDivisionError: division by zero)" in error
    assert "AMIP_DEBUG=1" in error and "Traceback" not in error
    monkeypatch.setenv("AMIP_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["build", str(klein), "-o", str(tmp_path / "x.pdf")])
