"""Rebuilds and batches: unchanged data sets are skipped, many build in parallel, one failure stops none."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from datasets import replace_in

from amip.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _build(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["build", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_unchanged_data_set_is_not_rebuilt(klein: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_in(klein / "programm.yaml", "stand: 2023-11-30", "stand: 2021-11-30")
    target = tmp_path / "out" / "klein.pdf"
    code, first = _build(capsys, str(klein), "-o", str(target))
    assert code == 0 and "PDF geschrieben" in first and "Warnung: programm.yaml:3:1  stand" in first
    pdf = target.read_bytes()
    code, second = _build(capsys, str(klein), "-o", str(target))
    assert code == 0 and "PDF unverändert" in second
    assert "Warnung: programm.yaml:3:1  stand" in second  # the warnings are shown again
    assert target.read_bytes() == pdf


@pytest.mark.parametrize("change", ["text", "pdf", "option", "immer"])
def test_a_change_rebuilds(klein: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str) -> None:
    target = tmp_path / "klein.pdf"
    assert _build(capsys, str(klein), "-o", str(target))[0] == 0
    options = []
    if change == "text":
        replace_in(klein / "texte" / "einleitung.md", "Im Jahr", "Für das Jahr")
    elif change == "pdf":
        target.write_bytes(b"%PDF-1.7 von Hand ersetzt\n")
    else:
        options = ["--ohne-pdfa"] if change == "option" else ["--immer"]
    code, output = _build(capsys, str(klein), "-o", str(target), *options)
    assert code == 0 and "PDF geschrieben" in output


def test_no_op_rebuild_imports_no_pipeline(klein: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "klein.pdf"
    assert _build(capsys, str(klein), "-o", str(target))[0] == 0
    probe = ("import sys; from amip.cli import main; code = main(['build', sys.argv[1], '-o', sys.argv[2]]); "
             "print([m for m in ('weasyprint', 'matplotlib', 'pydantic', 'jinja2', 'pandas') if m in sys.modules], code)")
    result = subprocess.run([sys.executable, "-c", probe, str(klein), str(target)], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert "PDF unverändert" in result.stdout
    assert result.stdout.strip().endswith("[] 0")


def test_batch_builds_in_parallel_and_skips_unchanged_data_sets(klein: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    names = [f"jobcenter-{index:02}" for index in range(20)]
    for name in names:
        shutil.copytree(klein, tmp_path / name)
        replace_in(tmp_path / name / "programm.yaml", "Jobcenter Musterkreis", f"Jobcenter {name}")
    monkeypatch.chdir(tmp_path)
    code, first = _build(capsys, *names, "-j", "2")
    assert code == 0
    assert "Übersicht" in first and "20 gebaut, 0 unverändert, 0 fehlgeschlagen" in first
    assert sorted(path.name for path in (tmp_path / "output").glob("*.pdf")) == [f"{name}.pdf" for name in names]
    code, second = _build(capsys, *names, "-j", "2")
    assert code == 0 and "0 gebaut, 20 unverändert, 0 fehlgeschlagen" in second


def test_one_failure_stops_no_other_build(klein: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("gut", "kaputt"):
        shutil.copytree(klein, tmp_path / name)
    replace_in(tmp_path / "kaputt" / "programm.yaml", "jahr: 2024", "jahr: zwanzig")
    monkeypatch.chdir(tmp_path)
    code, output = _build(capsys, "kaputt", "gut")
    assert code == 1
    assert "programm.yaml:2:1  jahr: erwartet ein Jahr (2017)" in output
    assert "1 gebaut, 0 unverändert, 1 fehlgeschlagen" in output
    assert (tmp_path / "output" / "gut.pdf").exists() and not (tmp_path / "output" / "kaputt.pdf").exists()


def test_the_time_limit_of_texts_holds_in_the_worker_processes(klein: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the timer signal in the workers, each text would compute for minutes."""
    for name in ("eins", "zwei"):
        shutil.copytree(klein, tmp_path / name)
        (tmp_path / name / "texte" / "einleitung.md").write_text(
            "{% for i in range(100000) %}{{ ('x' * 999999) | upper | length }}{% endfor %}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, output = _build(capsys, "eins", "zwei", "-j", "2")
    assert code == 1
    assert output.count("texte/einleitung.md:1  der Platzhalter rechnet länger als 2 Sekunden") == 2


def test_output_file_only_for_one_data_set(klein: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = _build(capsys, str(klein), str(klein.parent), "-o", "x.pdf")
    assert code == 2 and "-o/--ausgabe geht nur mit einem Datenverzeichnis" in output
