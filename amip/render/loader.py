"""The data set's own templates in `vorlagen/`: only regular files inside it, never through a link."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import jinja2

from amip.errors import TemplateError
from amip.load.files import MAX_FILE_BYTES

OVERRIDE_DIR = "vorlagen"
"""The data set's own templates, found before the built-in ones."""


class DataSetLoader(jinja2.BaseLoader):
    """The data set's `vorlagen/`: regular files inside it only, no link, device or pipe, at most MAX_FILE_BYTES.

    Each folder on the way is opened without following links, so no link leads outside, not even one
    swapped in after a check.
    """

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = jinja2.loaders.split_template_path(template)
        name = "/".join([OVERRIDE_DIR, *parts])
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
        opened: list[int] = []
        try:
            opened.append(os.open(self.data_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC))
            for folder in [OVERRIDE_DIR, *parts[:-1]]:
                opened.append(os.open(folder, flags | os.O_DIRECTORY, dir_fd=opened[-1]))
            opened.append(os.open(parts[-1], flags | os.O_NONBLOCK, dir_fd=opened[-1]))
            source = _read_regular(opened[-1], name)
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.ENOTDIR) and self._linked(name):
                raise _not_regular(name) from None
            if error.errno in (errno.ENOENT, errno.ENOTDIR):  # no such override: the built-in template applies
                raise jinja2.TemplateNotFound(template) from None
            raise TemplateError(f"{name}  lässt sich nicht lesen: {error.strerror}") from None
        finally:
            for descriptor in opened:
                os.close(descriptor)
        return source, name, lambda: True

    def _linked(self, name: str) -> bool:
        """Whether a folder or file on the way to `name` is a link."""
        parts = name.split("/")
        return any((self.data_dir.joinpath(*parts[:end])).is_symlink() for end in range(1, len(parts) + 1))


def _read_regular(descriptor: int, name: str) -> str:
    """The UTF-8 text of an open file that must be a regular file of at most MAX_FILE_BYTES."""
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        raise _not_regular(name)
    if status.st_size > MAX_FILE_BYTES:
        raise TemplateError(f"{name}  die Vorlage ist größer als {MAX_FILE_BYTES // 1_000_000} MB")
    with open(descriptor, "rb", closefd=False) as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TemplateError(f"{name}  ist keine UTF-8-Textdatei (ungültiges Byte an Stelle {error.start}); "
                            "bitte als UTF-8 speichern") from None


def _not_regular(name: str) -> TemplateError:
    return TemplateError(f"{name}  ist keine gewöhnliche Datei (Verknüpfung, Gerät oder Pipe); bitte durch eine "
                         "echte Datei im Datensatz ersetzen")
