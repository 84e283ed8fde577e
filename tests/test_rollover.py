"""Placeholders (!offen, [offen: …]) and `amip rollover`: next year's data set from this one."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE, MUSTERLAND
from datasets import CORPUS, append_to, corpus_case, replace_in
from pdftext import pdf_text

from amip.cli import main

LISTED = re.compile(r"^  (?P<file>[\w./-]+):(?P<line>\d+):(?P<column>\d+)  (?P<field>\S+): offen, vorläufig (?P<value>.+)$")


def listed_placeholders(output: str) -> list[re.Match[str]]:
    """The YAML placeholders `amip validate` listed, in order."""
    return [match for line in output.splitlines() if (match := LISTED.match(line))]


def marks_in_files(root: Path) -> dict[tuple[str, int], int]:
    """How many `!offen` marks each line of the data set's YAML files holds, read as plain text."""
    counts: dict[tuple[str, int], int] = {}
    for path in sorted(root.glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if count := line.split("#")[0].count("!offen"):
                counts[(path.name, number)] = count
    return counts


def digest(root: Path) -> str:
    """One hash over every file's path and bytes."""
    sha = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            sha.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


@pytest.fixture(scope="module")
def rolled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The example copied, then rolled over to 2018 with `amip rollover`; old copy, new data set, old digest."""
    base = tmp_path_factory.mktemp("rollover")
    old = base / "elbe-elster-2017"
    shutil.copytree(EXAMPLE, old)
    before = digest(old)
    assert main(["rollover", str(old), "2018", "--stand", "20.11.2017"]) == 0
    return old, base / "elbe-elster-2018", before


def test_validate_lists_exactly_the_new_years_open_placeholders(rolled: tuple[Path, Path, str],
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    _, new, _ = rolled
    capsys.readouterr()
    assert main(["validate", str(new)]) == 0
    output = capsys.readouterr()
    listed = listed_placeholders(output.out)
    assert f"Noch offen ({len(listed)}):" in output.out
    per_line: dict[tuple[str, int], int] = {}
    for match in listed:
        key = (match["file"], int(match["line"]))
        per_line[key] = per_line.get(key, 0) + 1
    assert per_line == marks_in_files(new)  # every mark in the files, and nothing else
    fields = {match["field"]: match["value"] for match in listed}
    budget = {field for field in fields if ".betraege" in field}
    assert budget == {f"haushalt.positionen[{index}].betraege[2018]" for index in range(4)}
    assert fields["haushalt.positionen[0].betraege[2018]"] == "8.112.295"  # last year's plan as the stand-in
    assert fields["ziele.kennzahlen.ziele[1].zielwert"] == "1,1"
    assert fields["haushalt.egl_planung.zeilen[0].betrag"] == "1.480.000"
    assert fields["diagramme.elb_entwicklung.reihen[0].werte[6]"] == "7.412"
    assert not any(field.startswith("diagramme.elb_entwicklung.reihen[0].werte[") and field.endswith(("[0]", "[5]"))
                   for field in fields)  # the years already past stay as they were
    assert fields["unterzeichnung.datum"] == "02.12.2017"
    assert "programme.esf_lza.ziel_vorjahr" not in fields


def test_old_plan_values_become_the_previous_years(rolled: tuple[Path, Path, str]) -> None:
    _, new, _ = rolled
    budget = (new / "haushalt.yaml").read_text(encoding="utf-8")
    assert "betraege: {2017: 8112295, 2018: !offen 8112295}" in budget
    assert "2016:" not in budget
    programs = (new / "programme.yaml").read_text(encoding="utf-8")
    assert "ziel_vorjahr: 24\n" in programs and "ziel_planjahr: !offen 24\n" in programs
    charts = (new / "diagramme.yaml").read_text(encoding="utf-8")
    assert 'kategorien: ["2011", "2012", "2013", "2014", "2015", "2016", "2017"]' in charts
    assert "werte: [10840, 10050, 9420, 8790, 8110, 7412, !offen 7412]" in charts


def test_stand_status_and_period_reset_prose_and_comments_kept(rolled: tuple[Path, Path, str]) -> None:
    old, new, _ = rolled
    main_file = (new / "programm.yaml").read_text(encoding="utf-8")
    assert "\njahr: 2018\n" in main_file and "\nstand: 2017-11-20\n" in main_file
    assert "\nstatus: entwurf\n" in main_file
    assert main_file.startswith((old / "programm.yaml").read_text(encoding="utf-8").split("\n\n")[0])  # comments
    assert "inhalt: [{text: texte/k5-1-jugendliche.md}]" in main_file
    for text in (old / "texte").glob("*.md"):
        assert (new / "texte" / text.name).read_bytes() == text.read_bytes()


def test_old_data_set_is_untouched(rolled: tuple[Path, Path, str]) -> None:
    old, _, before = rolled
    assert digest(old) == before


def test_rolled_data_set_builds_a_draft(rolled: tuple[Path, Path, str], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    _, new, _ = rolled
    target = tmp_path / "entwurf.pdf"
    assert main(["build", str(new), "-o", str(target)]) == 0
    assert "177 Platzhalter sind noch offen; amip validate listet sie" in capsys.readouterr().err
    text = pdf_text(target)
    assert "für das Jahr 2018" in text and "Entwurf, Stand: 20.11.2017" in text
    assert main(["build", str(new), "-o", str(tmp_path / "streng.pdf"), "--strikt", "--immer"]) == 1
    assert not (tmp_path / "streng.pdf").exists()


def test_two_year_program_rolls_over_by_two_years(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "musterland-2025-2026"
    shutil.copytree(MUSTERLAND, old)
    assert main(["rollover", str(old), "2027/2028", "--stand", "2026-11-10"]) == 0
    new = tmp_path / "musterland-2027-2028"
    assert f"Neuer Datensatz für 2027/2028: {new}" in capsys.readouterr().out
    main_file = (new / "programm.yaml").read_text(encoding="utf-8")
    assert "\njahr: 2027/2028\n" in main_file and "beschluss:" not in main_file
    assert '  - titel: !offen "Rückblick auf das Jahr 2024"' in main_file
    budget = (new / "haushalt.yaml").read_text(encoding="utf-8")
    assert "betraege: {2026: 7650000.00, 2027: !offen 7650000.00, 2028: !offen 7650000.00}" in budget
    assert "summen:" not in budget  # a stated total for 2024 is not guessed for the new years
    assert "  jahr: 2027\n  status: vorlaeufig\n" in budget
    goals = (new / "ziele.yaml").read_text(encoding="utf-8")
    assert "  jahr: 2026\n" in goals  # the look-back is on the new Vorjahr
    assert main(["validate", str(new)]) == 0


def test_rollover_refuses_what_it_cannot_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "elbe-elster-2017"
    shutil.copytree(EXAMPLE, old)
    assert main(["rollover", str(old), "2017"]) == 1
    assert "2017 liegt nicht nach dem Zeitraum des Datensatzes (2017)" in capsys.readouterr().err
    (tmp_path / "schon-da").mkdir()
    assert main(["rollover", str(old), "2018", "-o", str(tmp_path / "schon-da")]) == 1
    assert "amip überschreibt keinen Datensatz" in capsys.readouterr().err
    assert main(["rollover", str(old), "2018/2020"]) == 2
    assert "zwei aufeinanderfolgende Jahre" in capsys.readouterr().err
    replace_in(old / "haushalt.yaml", "betrag: 1480000", "betrag: viel")
    assert main(["rollover", str(old), "2018"]) == 1
    assert "haushalt.yaml:33" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["elbe-elster-2017", "schon-da"]


def test_open_placeholders_are_listed_and_refused_when_strict_or_decided(klein: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    replace_in(klein / "haushalt.yaml", "2024: 1100000", "2024: !offen 1100000")
    append_to(klein / "texte" / "einleitung.md", "\n[offen: Entwicklung 2024 beschreiben]\n")
    assert main(["validate", str(klein)]) == 0
    out = capsys.readouterr().out
    assert "Noch offen (2):" in out
    assert "haushalt.yaml:4:31  haushalt.positionen[0].betraege[2024]: offen, vorläufig 1.100.000" in out
    assert re.search(r"texte/einleitung\.md:\d+  Text offen: Entwicklung 2024 beschreiben", out)
    assert main(["validate", str(klein), "--strikt"]) == 1
    assert "offen, vorläufig 1.100.000" in capsys.readouterr().err
    replace_in(klein / "programm.yaml", "stand: 2023-11-30", "stand: 2023-11-30\nstatus: beschlossen\n"
                                                              "beschluss: {datum: 2023-12-10}")
    assert main(["validate", str(klein)]) == 1
    assert "ein beschlossenes Programm darf keine offenen Platzhalter enthalten" in capsys.readouterr().err


HOSTILE = ["90-datum-30-februar", "92-nullzeichen-in-yaml", "93-steuerzeichen-im-text", "94-verschachtelt-5000",
           "95-verweis-auf-sich-selbst", "96-betrag-1e28", "97-eckwert-1e300", "98-zahl-5000-stellen",
           "99-diagramm-beschriftung-zu-lang", "101-tausenderpunkt-im-diagramm", "102-tausenderpunkt-im-betrag",
           "104-zahl-in-anfuehrungszeichen", "105-dezimalkomma", "106-schreibrichtung-im-titel",
           "107-unsichtbar-im-schluessel", "108-schreibrichtung-im-text"]


@pytest.mark.parametrize("name", HOSTILE)
def test_rollover_refuses_what_build_refuses_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                name: str) -> None:
    old, spec = corpus_case(CORPUS / name, tmp_path / "alt")
    before = digest(old)
    assert main(["rollover", str(old), "2025", "-o", str(tmp_path / "neu")]) == 1
    err = capsys.readouterr().err
    assert all(line in err for line in spec["meldung"]), err
    assert "Interner Fehler" not in err
    assert digest(old) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["alt"]


def test_three_decimals_a_field_may_mean_roll_over_as_written(klein: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (klein / "eckwerte.yaml").write_text("elb: 7.412 # so geschrieben\nquote: 7.4120\n", encoding="utf-8")
    assert main(["rollover", str(klein), "2025", "-o", str(tmp_path / "neu")]) == 0
    assert (tmp_path / "neu" / "eckwerte.yaml").read_text(encoding="utf-8") == (
        "elb: !offen 7.412 # so geschrieben\nquote: !offen 7.4120\n")
    assert main(["validate", str(tmp_path / "neu")]) == 0
    assert "eckwerte.elb: „7.412“ liest YAML als 7,412" in capsys.readouterr().err
