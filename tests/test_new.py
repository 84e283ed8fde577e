"""`amip new`: a complete, valid data set of open placeholders; and the CI recipes it writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from datasets import replace_in
from pdftext import pdf_text
from test_rollover import listed_placeholders, marks_in_files

from amip.cli import main


def text_marks(root: Path) -> int:
    """How many `[offen` markers the data set's texts hold, read as plain text."""
    return sum(path.read_text(encoding="utf-8").count("[offen") for path in root.rglob("*.md"))


def test_new_data_set_is_valid_and_lists_every_placeholder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "neustadt-2027"
    assert main(["new", str(target), "--jobcenter", "Jobcenter Neustadt", "--jahr", "2027"]) == 0
    assert f"Neuer Datensatz: {target}" in capsys.readouterr().out
    assert main(["validate", str(target)]) == 0
    out = capsys.readouterr().out
    listed = listed_placeholders(out)
    per_line: dict[tuple[str, int], int] = {}
    for match in listed:
        per_line[(match["file"], int(match["line"]))] = per_line.get((match["file"], int(match["line"])), 0) + 1
    assert per_line == marks_in_files(target)
    assert out.count("  Text offen: ") == text_marks(target) == 6
    assert f"Noch offen ({len(listed) + 6}):" in out
    fields = {match["field"] for match in listed}
    assert {"haushalt.positionen[0].betraege[2026]", "haushalt.positionen[0].betraege[2027]",
            "ziele.kennzahlen.ziele[1].zielwert", "jobcenter.agentur", "unterzeichnung.name"} <= fields


def test_new_data_set_builds_a_draft_with_the_standard_outline(tmp_path: Path) -> None:
    target = tmp_path / "neustadt-2027"
    assert main(["new", str(target), "--jobcenter", "Jobcenter Neustadt", "--jahr", "2027"]) == 0
    pdf = tmp_path / "neustadt.pdf"
    assert main(["build", str(target), "-o", str(pdf)]) == 0
    text = pdf_text(pdf)
    for heading in ("Inhaltsverzeichnis", "Vorwort", "1 Die Lage am Arbeitsmarkt", "2 Ziele", "3 Ressourcen",
                    "4 Handlungsfelder", "5 Schlussbemerkungen"):
        assert heading in text
    assert "Arbeitsmarkt- und Integrationsprogramm" in text and "des Jobcenters Neustadt für das Jahr 2027" in text
    assert "Entwurf, Stand:" in text
    assert "[offen: Schlussbemerkungen.]" in text
    html = tmp_path / "neustadt.html"
    assert main(["build", str(target), "-o", str(html), "--format", "html"]) == 0
    assert '<p><mark class="offen">[offen: Schlussbemerkungen.]</mark></p>' in html.read_text(encoding="utf-8")
    assert "vereinbart mit: Agentur für Arbeit …" in text


def test_new_zkt_two_years(tmp_path: Path) -> None:
    target = tmp_path / "sued-2027-2028"
    assert main(["new", str(target), "--jobcenter", "Kommunales Jobcenter Kreis Süd", "--jahr", "2027/2028",
                 "--traeger", "zkT"]) == 0
    main_file = (target / "programm.yaml").read_text(encoding="utf-8")
    assert "traeger: zkT" in main_file and "landesbehoerde: !offen" in main_file and "agentur" not in main_file
    assert 'genitiv: !offen "des Kommunales Jobcenter Kreis Süd"' in main_file  # a guess, left open to check
    assert "betraege: {2026: !offen 0, 2027: !offen 0, 2028: !offen 0}" in (target / "haushalt.yaml").read_text(
        encoding="utf-8")
    pdf = tmp_path / "sued.pdf"
    assert main(["build", str(target), "-o", str(pdf), "--format", "pdf"]) == 0
    text = pdf_text(pdf)
    assert "Arbeitsmarktprogramm" in text and "für die Jahre 2027 und 2028" in text


def test_new_refuses_an_existing_folder_and_bad_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "da").mkdir()
    assert main(["new", str(tmp_path / "da"), "--jobcenter", "Jobcenter X", "--jahr", "2027"]) == 1
    assert "gibt es schon; amip new legt nur neue Verzeichnisse an" in capsys.readouterr().err
    assert main(["new", str(tmp_path / "x"), "--jobcenter", "Jobcenter X", "--jahr", "27"]) == 2
    assert main(["new", str(tmp_path / "x"), "--jobcenter", "Jobcenter X", "--jahr", "2027", "--traeger", "ge"]) == 2
    capsys.readouterr()
    assert main(["new", str(tmp_path / "x"), "--jahr", "2027"]) == 2
    assert "--jobcenter" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["da"]


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data repository with one new data set under data/ and the CI recipes, made by `amip new --ci`."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "data/neustadt-2027", "--jobcenter", "Jobcenter Neustadt", "--jahr", "2027", "--ci"]) == 0
    return tmp_path


def recipe_commands(repository: Path) -> dict[str, list[str]]:
    """The shell lines each recipe runs after installing amip, read from the written YAML files."""
    gitlab = yaml.safe_load((repository / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    github = yaml.safe_load((repository / ".github" / "workflows" / "amip.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["programme"]["steps"]
    names = [step.get("name") for step in steps]
    return {"gitlab": gitlab["amip"]["script"],
            "github": [step["run"] for step in steps[names.index("amip installieren") + 1:] if "run" in step]}


def run_lines(lines: list[str], repository: Path) -> subprocess.CompletedProcess[str]:
    """Run recipe lines one after another in bash, as a CI runner does, with this amip on the PATH."""
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    script = "set -e\n" + "\n".join(lines)
    return subprocess.run(["bash", "-c", script], cwd=repository, env=environment, capture_output=True, text=True)


def test_ci_recipes_check_build_and_keep_artifacts(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commands = recipe_commands(repository)
    assert commands["gitlab"] == commands["github"]  # both recipes run the same steps
    gitlab = yaml.safe_load((repository / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["amip"]["artifacts"]["paths"] == ["output/*.pdf", "output/*.html"]
    result = run_lines(commands["gitlab"], repository)
    assert result.returncode == 0, result.stderr
    assert (repository / "output" / "neustadt-2027.pdf").read_bytes().startswith(b"%PDF")
    assert (repository / "output" / "neustadt-2027.html").is_file()


def test_ci_recipes_fail_on_invalid_data(repository: Path) -> None:
    replace_in(repository / "data" / "neustadt-2027" / "haushalt.yaml", "bereich: EGL", "bereich: EG")
    result = run_lines(recipe_commands(repository)["github"], repository)
    assert result.returncode != 0
    assert "haushalt.yaml:" in result.stderr and "bereich" in result.stderr
    assert not (repository / "output" / "neustadt-2027.pdf").exists()


def test_existing_ci_recipes_stay(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repository / ".gitlab-ci.yml").write_text("# eigenes Rezept\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["new", "data/zweiter-2027", "--jobcenter", "Jobcenter Zwei", "--jahr", "2027", "--ci"]) == 0
    out = capsys.readouterr().out
    assert f"CI-Rezept gibt es schon, unverändert: {repository / '.gitlab-ci.yml'}" in out
    assert (repository / ".gitlab-ci.yml").read_text(encoding="utf-8") == "# eigenes Rezept\n"
