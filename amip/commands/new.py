"""`amip new`: a complete, valid data set with the standard outline, every figure and text an open placeholder."""

from __future__ import annotations

import datetime
import json
import shutil
import tempfile
from pathlib import Path

import jinja2

from amip import TEMPLATE_DIR
from amip.commands.validate import Checked, check
from amip.errors import AmipError
from amip.filters import datum
from amip.model.programm import USUAL_TITLE, Traeger
from amip.model.types import Zeitraum
from amip.output import refuse_inside_data_set

SKELETON_DIR = TEMPLATE_DIR / "neu"
"""The standard data set: YAML templates filled in by `amip new`, texts copied as they are."""

CI_FILES = {"gitlab-ci.yml.j2": Path(".gitlab-ci.yml"), "github-actions.yml.j2": Path(".github/workflows/amip.yml")}
"""The CI recipes `amip new --ci` writes into the data repository, and where."""

HISTORY_YEARS = 5
"""How many years the development chart of the new data set shows, ending with the Vorjahr."""


def new_data_set(target: Path, name: str, period: Zeitraum, traeger: Traeger, today: datetime.date) -> Checked:
    """Write the data set `target` for `name` and `period`, then check it; nothing is written if it exists."""
    if target.exists():
        raise AmipError(f"{target} gibt es schon; amip new legt nur neue Verzeichnisse an")
    refuse_inside_data_set(target)
    values = {
        "name": name, "traeger": traeger.value, "zeitraum": period, "heute": today, "verzeichnis": target.as_posix(),
        "titel": USUAL_TITLE[traeger], "genitiv_text": _genitive(name), "genitiv": _genitive_yaml(name),
        "jahre": period.with_previous_year,
        "verlauf": list(range(period.previous_year - HISTORY_YEARS + 1, period.previous_year + 1)),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{target.name}-", dir=target.parent) as staging:
        draft = Path(staging) / target.name
        shutil.copytree(SKELETON_DIR, draft, ignore=shutil.ignore_patterns("ci", "*.j2"))
        environment = _environment()
        for template in sorted(SKELETON_DIR.glob("*.j2")):
            (draft / template.stem).write_text(environment.get_template(template.name).render(values), encoding="utf-8")
        checked = check(draft)
        draft.rename(target)
    return checked


def write_ci_recipes(repository: Path, data_sets: str) -> list[tuple[Path, bool]]:
    """Write the GitLab CI and GitHub Actions files into `repository`; existing ones stay. (path, written) pairs."""
    environment = _environment()
    written = []
    for template, relative in CI_FILES.items():
        path = repository / relative
        written.append((path, not path.exists()))
        if written[-1][1]:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(environment.get_template(f"ci/{template}").render(datensaetze=data_sets), encoding="utf-8")
    return written


def _environment() -> jinja2.Environment:
    """Jinja for amip's own skeleton files (trusted); `yaml` quotes a text for YAML."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(SKELETON_DIR), undefined=jinja2.StrictUndefined,
                                     trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters.update(yaml=lambda text: json.dumps(text, ensure_ascii=False), datum=datum)
    return environment


def _genitive(name: str) -> str:
    """„des Jobcenters Elbe-Elster“ for „Jobcenter Elbe-Elster“; other names with „des“ as a first guess."""
    rest = name.removeprefix("Jobcenter ")
    return f"des Jobcenters {rest}" if rest != name else f"des {name}"


def _genitive_yaml(name: str) -> str:
    """The genitive as YAML: certain for „Jobcenter …“, otherwise an open placeholder to check."""
    text = json.dumps(_genitive(name), ensure_ascii=False)
    return text if name.startswith("Jobcenter ") else f"!offen {text}"
