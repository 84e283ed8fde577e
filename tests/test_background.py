"""Work done by a second process while the build goes on: done once `wait` returns, failures reported here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from amip.commands.background import meanwhile


def test_work_runs_in_another_process_and_is_done_after_wait(tmp_path: Path) -> None:
    marker = tmp_path / "pid"
    wait = meanwhile(lambda: marker.write_text(str(os.getpid()), encoding="utf-8"))
    wait()
    assert marker.read_text(encoding="utf-8") != str(os.getpid())


def test_a_failure_in_the_other_process_is_repeated_here_without_a_traceback(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    here = os.getpid()
    tries = tmp_path / "tries"

    def work() -> None:
        with tries.open("a", encoding="utf-8") as stream:
            stream.write("x")
        raise ValueError("hier" if os.getpid() == here else "drüben")

    wait = meanwhile(work)
    with pytest.raises(ValueError, match="hier"):
        wait()
    assert tries.read_text(encoding="utf-8") == "xx"
    assert "Traceback" not in capfd.readouterr().err
