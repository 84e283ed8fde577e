"""A build killed at any moment leaves the old PDF intact; two builds to one target end with one complete PDF."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

from amip.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "elbe-elster-2017"


def start_build(target: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "amip.cli", "build", str(EXAMPLE), "-o", str(target)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)


@pytest.mark.parametrize("delay", [0.0, 0.4, 1.0])
def test_sigkill_mid_render_leaves_the_old_pdf(tmp_path: Path, delay: float) -> None:
    target = tmp_path / "programm.pdf"
    target.write_bytes(b"%PDF-1.7 old, good program\n")
    build = start_build(target)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".programm.pdf.*.tmp")):  # WeasyPrint is laying out the pages
        assert build.poll() is None
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(delay)
    build.send_signal(signal.SIGKILL)
    assert build.wait() == -signal.SIGKILL
    assert target.read_bytes() == b"%PDF-1.7 old, good program\n"
    orphans = list(tmp_path.glob(".programm.pdf.*.tmp"))
    assert orphans  # the killed build could not clean up …
    assert start_build(target).wait() == 0
    assert not list(tmp_path.glob(".programm.pdf.*.tmp"))  # … the next build does


def test_two_builds_to_one_target_end_with_one_complete_pdf(tmp_path: Path, example_pdf: Path) -> None:
    target = tmp_path / "programm.pdf"
    builds = [start_build(target), start_build(target)]
    assert [build.wait() for build in builds] == [0, 0]
    assert target.read_bytes() == example_pdf.read_bytes()
    with pikepdf.open(target) as pdf:
        assert len(pdf.pages) == 23
    assert not list(tmp_path.glob(".programm.pdf.*.tmp"))


# --- Ausgaben nie auf Eingaben ----------------------------------------------------------

REFUSAL = ("{target}: das Ziel liegt im Datensatz {data_set} und könnte dessen Dateien überschreiben; amip schreibt "
           "in einen Datensatz nur in dessen Ordner output/. Bitte ein Ziel außerhalb wählen, z. B. {example}")


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry below `folder`: a file's bytes, a link's target, a folder as such."""
    return {path.relative_to(folder).as_posix(): (f"-> {path.readlink()}" if path.is_symlink() else
                                                  path.read_bytes() if path.is_file() else "Ordner")
            for path in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("target, options", [
    ("klein/programm.yaml", []),
    ("klein/texte/einleitung.md", ["--format", "html"]),
    ("klein/programm.pdf", []),
    ("klein/texte/output/x.pdf", []),
    ("verweis.pdf", []),
])
def test_a_target_inside_the_data_set_is_refused(klein: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str], target: str,
                                                 options: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "verweis.pdf").symlink_to("klein/haushalt.yaml")
    before = snapshot(klein)
    assert main(["build", "klein", "-o", target, *options]) == 1
    err = capsys.readouterr().err
    example = f"output/klein.{'html' if options else 'pdf'}"
    assert err.splitlines()[0] == "Fehler: " + REFUSAL.format(target=target, data_set="klein", example=example)
    assert snapshot(klein) == before


def test_the_cache_beside_the_target_may_not_lead_into_the_data_set(
        klein: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "aus").mkdir()
    (tmp_path / "aus" / ".amip-cache").symlink_to("../klein/texte")
    before = snapshot(klein)
    assert main(["build", "klein", "-o", "aus/x.pdf"]) == 1
    assert REFUSAL.format(target="aus/x.pdf", data_set="klein", example="output/klein.pdf") in capsys.readouterr().err
    assert snapshot(klein) == before


def test_the_data_sets_own_output_folder_is_a_target(klein: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(klein)
    assert main(["build", "."]) == 0
    assert (klein / "output" / "klein.pdf").read_bytes().startswith(b"%PDF")
    assert main(["build", "."]) == 0  # what the build wrote into output/ is no change of the data set
    assert "PDF unverändert" in capsys.readouterr().out


def test_a_batch_refuses_the_data_set_output_itself(klein: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(klein, tmp_path / "output")
    before = snapshot(tmp_path / "output")
    assert main(["build", "output", "klein", "-j", "1"]) == 1
    shown = " ".join(capsys.readouterr().err.split())  # the batch report wraps lines
    for name in ("output", "klein"):
        assert REFUSAL.format(target=f"output/{name}.pdf", data_set="output",
                              example=f"output/output/{name}.pdf") in shown
    assert snapshot(tmp_path / "output") == before


def test_watch_refuses_before_it_builds(klein: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(klein / "texte")
    before = snapshot(klein)
    assert main(["watch", "..", "--ohne-vorschau"]) == 1
    assert capsys.readouterr().err.startswith(f"Fehler: output/klein.html: das Ziel liegt im Datensatz {klein} ")
    assert snapshot(klein) == before


def test_rollover_and_new_write_no_data_set_into_another(klein: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    before = snapshot(klein)
    assert main(["rollover", "klein", "2025", "-o", "klein/texte/klein-2025"]) == 1
    assert REFUSAL.format(target="klein/texte/klein-2025", data_set="klein",
                          example="output/klein-2025") in capsys.readouterr().err
    assert main(["new", "klein/neu", "--jobcenter", "Jobcenter Neustadt", "--jahr", "2027"]) == 1
    assert REFUSAL.format(target="klein/neu", data_set="klein", example="output/neu") in capsys.readouterr().err
    assert snapshot(klein) == before
