"""Plausibility warnings: shown with file and line, errors with --strikt, and then no PDF is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from datasets import replace_in, write_yaml

from amip.cli import main

CASES = {
    "stand": (lambda d: replace_in(d / "programm.yaml", "stand: 2023-11-30", "stand: 2021-11-30"),
              "programm.yaml:3:1  stand: der Stand 2021-11-30 passt nicht zum Planjahr 2024"),
    "negativ": (lambda d: replace_in(d / "haushalt.yaml", "2024: 450000", "2024: -450000"),
                "haushalt.yaml:7:30  haushalt.positionen[1].betraege[2024]: negativer Betrag -450000 €"),
    "monat": (lambda d: write_yaml(d / "tabellen.yaml", {"t": {
        "art": "veraenderung", "titel": "T", "oberzeile": "ELB",
        "bloecke": [{"berichtsmonat": "2019-05-01", "zeilen": [{"merkmal": "Insgesamt", "wert": 5, "veraenderung": 1}]}]}}),
        "tabellen.yaml:6:5  tabellen.t.bloecke[0].berichtsmonat: Berichtsmonat 2019-05-01 passt nicht zum Planjahr 2024"),
    "anteile": (lambda d: write_yaml(d / "diagramme.yaml", {"r": {
        "art": "ring", "titel": "T", "quelle": "Q", "einheit": "prozent", "kategorien": ["a", "b"],
        "reihen": [{"name": "Anteil", "werte": [60, 30]}]}}),
        "diagramme.yaml:1:1  diagramme.r: die Anteile ergeben zusammen 90 %, nicht 100 %"),
    "zahl_im_text": (lambda d: (d / "texte" / "einleitung.md").write_text(
        "Im Jahr {{ jahr }}\nstehen 455.000 € für Eingliederung bereit.\n", encoding="utf-8"),
        "texte/einleitung.md:2  die Zahl 455.000 im Text passt nicht zu haushalt.egl_gesamt = 450.000; "
        "stimmt sie noch? Besser den Wert einsetzen: {{ haushalt.egl_gesamt }}"),
    "zahl_mit_30_stellen": (lambda d: (d / "texte" / "einleitung.md").write_text(
        "Es stehen 450.000,000000000000000000000000000001 € bereit.\n", encoding="utf-8"),
        "texte/einleitung.md:1  die Zahl 450.000,000000000000000000000000000001 im Text passt nicht zu "
        "haushalt.egl_gesamt = 450.000"),
    "dezimalkomma": (lambda d: (d / "diagramme.yaml").write_text(
        "q:\n  art: linie\n  titel: T\n  quelle: Q\n  einheit: prozent\n  kategorien: [a, b, c]\n"
        "  reihen: [{name: Quote, werte: [7,9, 24]}]\n", encoding="utf-8"),
        "diagramme.yaml:7:34  diagramme.q.reihen[0].werte[0]: „7,9“ liest YAML als zwei Zahlen, 7 und 9: das Komma "
        "trennt die Einträge einer Liste; ist 7,9 gemeint, bitte mit Dezimalpunkt schreiben: 7.9; sonst nach dem "
        "Komma ein Leerzeichen: 7, 9"),
    "tausenderpunkt": (lambda d: (d / "eckwerte.yaml").write_text("elb: 7.412\n", encoding="utf-8"),
                       "eckwerte.yaml:1:1  eckwerte.elb: „7.412“ liest YAML als 7,412; ist 7412 gemeint, bitte ohne "
                       "Tausenderpunkt schreiben: 7412; ist 7,412 gemeint, mit einer Null mehr: 7.4120"),
}


@pytest.mark.parametrize("text", [
    "Es stehen 450.000 € bereit.", "Es stehen ca. 0,45 Mio. € bereit.", "Rund 450 Tausend, seit 2019.",
    "Es stehen {{ haushalt.egl_gesamt | eur }} bereit.{# früher 455.000 #}",
    "Insgesamt 1.100.000 € für Verwaltung und 1.550.000 € zusammen.", "Ganz anders: 300.000 €.",
])
def test_numbers_that_fit_the_data_or_no_data_are_not_flagged(klein: Path, capsys: pytest.CaptureFixture[str],
                                                                text: str) -> None:
    (klein / "texte" / "einleitung.md").write_text(text + "\n", encoding="utf-8")
    assert main(["validate", "--strikt", str(klein)]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("case", list(CASES))
def test_warning_names_file_line_and_field(klein: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    change, message = CASES[case]
    change(klein)
    assert main(["validate", str(klein)]) == 0
    assert f"Warnung: {message}" in capsys.readouterr().err
    assert main(["validate", "--strikt", str(klein)]) == 1
    assert message in capsys.readouterr().err


def test_strict_build_keeps_the_old_pdf(klein: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "programm.pdf"
    assert main(["build", str(klein), "-o", str(target)]) == 0
    before = target.read_bytes()
    CASES["negativ"][0](klein)
    assert main(["build", "--strikt", str(klein), "-o", str(target)]) == 1
    assert "ein vorhandenes PDF bleibt unverändert" in capsys.readouterr().err
    assert target.read_bytes() == before


def test_example_has_no_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strikt", str(Path(__file__).parent.parent / "data" / "elbe-elster-2017")]) == 0
    assert "Warnung" not in capsys.readouterr().err
