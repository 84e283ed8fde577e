"""Read a version of a data set: a directory, or a git revision written REV:PFAD as `git show` does."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from amip.errors import DataError, Problem, RevisionError
from amip.load import RawDataSet, load_data_set


@dataclass(frozen=True)
class Version:
    """A version of a data set as the user named it (a directory or REV:PFAD), and its data."""

    label: str
    raw: RawDataSet


def is_revision(argument: str) -> bool:
    """REV:PFAD names a git revision; an existing directory is a directory even with a colon in its name."""
    return ":" in argument and not Path(argument).is_dir()


@contextmanager
def version_directory(argument: str) -> Iterator[Path]:
    """The folder of the version `argument` names; a git revision is first extracted into a temporary one."""
    if not is_revision(argument):
        yield Path(argument)
        return
    with tempfile.TemporaryDirectory(prefix="amip-fassung-") as temporary:
        extract_revision(argument, Path(temporary))
        yield Path(temporary)


def load_version(argument: str) -> Version:
    """Read the version `argument` names; its problems name files as `argument/datei.yaml`."""
    with version_directory(argument) as root:
        return load_labelled(root, argument)


def load_labelled(root: Path, label: str) -> Version:
    """Read the data set in `root`; every problem says which of two versions it is in: `label/datei.yaml:3`."""
    try:
        return Version(label, load_data_set(root))
    except DataError as error:
        raise DataError([_relabelled(problem, root, label) for problem in error.problems]) from None


def _relabelled(problem: Problem, root: Path, label: str) -> Problem:
    if problem.position is None:
        return problem
    written = problem.position.file
    file = label if written == str(root) else labelled(label, written)
    return replace(problem, position=replace(problem.position, file=file))


def labelled(label: str, file: str) -> str:
    """A file of the version `label`: `HEAD~1:data/x/programm.yaml`."""
    return f"{label.rstrip('/')}/{file}"


def extract_revision(argument: str, target: Path) -> None:
    """Write the folder REV:PFAD of the git repository around the working directory into `target`."""
    revision, _, path = argument.partition(":")
    if not revision:
        raise RevisionError(f"„{argument}“: vor dem Doppelpunkt fehlt die Revision, z. B. HEAD~1:{path}")
    _git("rev-parse", "--git-dir",
         problem=f"„{argument}“: {Path.cwd()} liegt in keinem Git-Repository; eine Fassung REV:PFAD lässt sich nur "
                 "in einem Git-Repository lesen")
    _git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}",
         problem=f"„{argument}“: unbekannte Revision „{revision}“")
    tree = _git("rev-parse", "--verify", "--quiet", "--end-of-options", argument,
                problem=f"„{argument}“: den Pfad „{path}“ gibt es in Revision {revision} nicht").decode().strip()
    kind = _git("cat-file", "-t", tree, problem=f"„{argument}“: git cat-file ist fehlgeschlagen").decode().strip()
    if kind != "tree":
        raise RevisionError(f"„{argument}“: „{path}“ ist in Revision {revision} eine Datei, kein Verzeichnis")
    archive = _git("archive", "--format=tar", tree, problem=f"„{argument}“: git archive ist fehlgeschlagen")
    try:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")  # no way out of `target`, no devices, no links outside
    except tarfile.TarError as error:
        raise RevisionError(f"„{argument}“: die Dateien der Revision lassen sich nicht auspacken ({error})") from None


def _git(*arguments: str, problem: str) -> bytes:
    """The output of a git command run in the working directory; `problem` is the message if it fails."""
    try:
        done = subprocess.run(["git", *arguments], capture_output=True, check=False)
    except FileNotFoundError:
        raise RevisionError("git ist nicht installiert; ohne git lässt sich keine Fassung REV:PFAD lesen") from None
    if done.returncode != 0:
        raise RevisionError(problem)
    return done.stdout
