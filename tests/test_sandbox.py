"""The sandbox for texts and templates: what placeholders may read and call, its limits, and the template loader."""

from __future__ import annotations

import datetime
import os
import shutil
import signal
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from audit import Recorder

from amip.cli import main
from amip.derive.haushalt import BudgetRow
from amip.errors import TemplateError
from amip.load.files import MAX_FILE_BYTES
from amip.model.programm import Jobcenter
from amip.render import policy
from amip.render.context import VIEWS
from amip.render.policy import Budget
from amip.render.sandbox import Sandbox

NAME = "texte/t.md"
NOTO = Path("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf")
CONTEXT: dict[str, Any] = {
    "jahr": 2024, "jahre": [2024, 2025], "text": "Bürgergeld", "stand": datetime.date(2023, 11, 30),
    "eckwerte": {"elb": Decimal(7412)},
    "row": BudgetRow("VK gesamt", {2024: Decimal(10), 2025: Decimal(13)}, is_total=True),
    "path": Path("/etc/passwd"),
    "model": Jobcenter.model_validate({"name": "Jobcenter X", "genitiv": "des Jobcenters X", "traeger": "gE",
                                       "kommune": "Landkreis X"}),
}


def render(source: str, tmp_path: Path, context: dict[str, Any] | None = None) -> str:
    return Sandbox(tmp_path, VIEWS).render_text(NAME, source, CONTEXT if context is None else context)


def refused(source: str, tmp_path: Path) -> str:
    with pytest.raises(TemplateError) as error:
        render(source, tmp_path)
    return str(error.value)


# --- What placeholders may read and call -----------------------------------------------------------


def test_placeholders_read_data_fields_properties_and_allowed_methods(tmp_path: Path) -> None:
    source = ("{{ row.label }}: {{ row.amounts[2025] }}, {{ row.change(2024, 2025) }}; {{ eckwerte.elb }} "
              "{{ eckwerte.items() | list | length }} {{ text.upper() }} {{ stand.isoformat() }} {{ stand.year }} "
              "{% for j in jahre %}{{ loop.index }}{% endfor %}")
    assert render(source, tmp_path) == "VK gesamt: 13, 3; 7412 1 BÜRGERGELD 2023-11-30 2023 12"


@pytest.mark.parametrize("source, name", [
    ("{{ row.__class__.__mro__ }}", "__class__"),
    ("{{ row.__dataclass_fields__ }}", "__dataclass_fields__"),
    ("{{ text.__class__.__mro__[1].__subclasses__() }}", "__class__"),
    ("{{ jahr.real }}", "real"),
    ("{{ text.format(1) }}", "format"),
    ("{{ '{0.__class__}'.format(jahr) }}", "format"),
    ("{{ jahre.append(1) }}", "append"),
    ("{{ eckwerte.update({}) }}", "update"),
    ("{{ eckwerte.pop('elb') }}", "pop"),
    ("{{ stand.replace(year=1) }}", "replace"),
    ("{{ path.read_text() }}", "read_text"),
    ("{{ path.parent }}", "parent"),
    ("{{ model.model_validate_json('{}') }}", "model_validate_json"),
    ("{{ model.name }}", "name"),
    ("{% for j in jahre %}{{ loop.__class__ }}{% endfor %}", "__class__"),
    ("{{ self.__init__.__globals__ }}", "__init__"),
    ("{{ self.blocks }}", "blocks"),
    ("{{ range.__self__ }}", "__self__"),
    ("{{ row.change.__func__.__globals__ }}", "__func__"),
])
def test_everything_but_the_data_is_refused(source: str, name: str, tmp_path: Path) -> None:
    assert refused(source, tmp_path) == \
        f"{NAME}:1  Platzhalter greift auf „{name}“ zu; erlaubt sind nur die Daten des Programms"


@pytest.mark.parametrize("name", ["lipsum", "cycler", "joiner", "namespace", "dict"])
def test_jinja_globals_other_than_range_are_gone(name: str, tmp_path: Path) -> None:
    assert refused(f"{{{{ {name}(1000000) }}}}", tmp_path) == \
        f"{NAME}:1  unbekannter Name im Platzhalter: „{name}“ ist nicht definiert"


def test_an_unknown_field_is_named_with_the_closest_one(tmp_path: Path) -> None:
    assert refused("{{ eckwerte.eld }}", tmp_path) == \
        f"{NAME}:1  unbekannter Name im Platzhalter: das Feld „eld“ gibt es nicht; meinten Sie „elb“?"
    assert refused("{{ row.lable }}", tmp_path) == \
        f"{NAME}:1  unbekannter Name im Platzhalter: das Feld „lable“ gibt es nicht; meinten Sie „label“?"


def test_macros_and_calls_of_blocks_work_in_templates(tmp_path: Path) -> None:
    (tmp_path / "vorlagen").mkdir()
    (tmp_path / "vorlagen" / "basis.html.j2").write_text("<p>{% block inhalt %}Basis{% endblock %}</p>")
    (tmp_path / "vorlagen" / "seite.html.j2").write_text(
        '{% extends "basis.html.j2" %}{% macro m(x) %}[{{ x }}{{ caller() }}]{% endmacro %}'
        '{% block inhalt %}{{ super() }} {% call m(jahr) %}!{% endcall %}{% endblock %}')
    assert Sandbox(tmp_path, VIEWS).render_template("seite.html.j2", CONTEXT, 0) == "<p>Basis [2024!]</p>"


def test_imported_macros_are_callable_and_nothing_else_is(tmp_path: Path) -> None:
    (tmp_path / "vorlagen").mkdir()
    (tmp_path / "vorlagen" / "makros.html.j2").write_text("{% macro fett(x) %}<b>{{ x }}</b>{% endmacro %}")
    (tmp_path / "vorlagen" / "seite.html.j2").write_text('{% import "makros.html.j2" as m %}{{ m.fett(jahr) }}')
    assert Sandbox(tmp_path, VIEWS).render_template("seite.html.j2", CONTEXT, 0) == "<b>2024</b>"
    with pytest.raises(TemplateError) as error:
        render("{{ drucke('x') }}", tmp_path, {"drucke": print})
    assert str(error.value) == f"{NAME}:1  Platzhalter ruft „print“ auf; erlaubt sind nur die Daten des Programms"


def test_filters_are_those_a_clerk_needs(tmp_path: Path) -> None:
    assert set(Sandbox(tmp_path, VIEWS).filters) == {
        "abs", "angabe", "capitalize", "count", "d", "datum", "default", "dictsort", "differenz", "e", "escape",
        "eur", "first", "float", "in_einheit", "int", "items", "join", "last", "length", "list", "lower", "map",
        "max", "min", "mio_eur", "monat", "pp", "prozent", "reject", "rejectattr", "replace", "reverse", "round",
        "select", "selectattr", "sort", "striptags", "sum", "title", "trim", "truncate", "unique", "upper",
        "wordcount", "zahl", "zielwert"}


def test_a_left_out_filter_is_named_also_when_map_calls_it(tmp_path: Path) -> None:
    assert refused("{{ 'x' | center(10**9) }}", tmp_path) == \
        f"{NAME}:1  Platzhalter fehlerhaft: den Filter „center“ gibt es in amip nicht"
    assert refused("{{ jahre | map('center', 10**9) | list }}", tmp_path) == \
        f"{NAME}:1  Platzhalter lässt sich nicht auswerten: den Filter „center“ gibt es in amip nicht"


# --- Limits ----------------------------------------------------------------------------------------

TOO_MUCH_TEXT = "der Platzhalter erzeugt mehr als 1 MB Text"
NOT_A_VALUE = ("der Platzhalter gibt keinen einzelnen Wert aus, sondern eine Liste, Zuordnung oder einen Baustein; "
               "bitte ein Feld nennen oder die Liste verbinden, z. B. {{ jahre | join(\", \") }}")
STEPS = "Schleifen, Listen und Makros laufen zu oft: mehr als 1.000.000 Durchläufe im ganzen Programm"
DIGITS = "der Platzhalter rechnet mit einer Zahl über 30 Stellen"


@pytest.mark.parametrize("source, message", [
    ("{{ 'A' * 10**9 }}", TOO_MUCH_TEXT),
    ("{{ 10**9 * 'A' }}", TOO_MUCH_TEXT),
    ("{{ 'x' * 600000 ~ 'y' * 600000 }}", TOO_MUCH_TEXT),
    ("{{ 'x' * 600000 + 'y' * 600000 }}", TOO_MUCH_TEXT),
    ("{{ ('x' * 900000) | replace('x', 'yy') }}", TOO_MUCH_TEXT),
    ("{{ (['x' * 1000] * 2000) | join }}", TOO_MUCH_TEXT),
    ("{% macro m(s) %}{% set t %}{{ s }}{{ s }}{% endset %}{{ m(t) }}{% endmacro %}{{ m('x') }}", TOO_MUCH_TEXT),
    ("{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% endif %}{% endmacro %}{{ d('x', 40) }}", TOO_MUCH_TEXT),
    ("{% for i in range(20000) %}" + "x" * 100 + "{% endfor %}", TOO_MUCH_TEXT),
    ("{{ [1] * 10**6 }}", "der Platzhalter erzeugt eine Liste mit mehr als 100.000 Einträgen"),
    ("{{ range(100001) | length }}", "range erzeugt mehr als 100.000 Zahlen"),
    ("{{ range(10**25) | length }}", "range erzeugt mehr als 100.000 Zahlen"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", STEPS),
    ("{% for i in range(11) %}{{ range(100000) | list | length }}{% endfor %}", STEPS),
    ("{{ ([range(100000)] * 11) | map('list') | list | length }}", STEPS),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "Makros oder Vorlagen rufen sich zu oft selbst auf"),
    ("{{ 9 ** (9 ** 9) }}", DIGITS),
    ("{{ 10 ** 30 }}", DIGITS),
    ("{{ (10 ** 20) * (10 ** 20) }}", DIGITS),
    ("{{ 0.1 ** -100000 }}", DIGITS),
    ("{{ jahr / 0 }}", "der Platzhalter teilt durch null"),
    ("{{ '%0999999999d' % 1 }}", "Text mit % zu formatieren ist in Platzhaltern nicht erlaubt; bitte die Filter "
                                "zahl, prozent oder eur verwenden"),
    ("{{ jahre }}", NOT_A_VALUE),
    ("{{ 'Jahre: ' ~ jahre }}", NOT_A_VALUE),
    ("{{ ([text * 100000] * 100000) | upper }}", NOT_A_VALUE),
    ("{{ [[text] * 100000] | join }}", NOT_A_VALUE),
    ("{{ row }}", NOT_A_VALUE),
    ("{{ ([[1]] * 1000) | sum(start=[]) }}", "sum addiert nur Zahlen"),
])
def test_work_and_size_are_bounded(source: str, message: str, tmp_path: Path) -> None:
    started = time.monotonic()
    assert refused(source, tmp_path) == f"{NAME}:1  {message}"
    assert time.monotonic() - started < 5


def test_what_a_clerk_writes_stays_within_the_limits(tmp_path: Path) -> None:
    source = ("{{ jahre | join(' und ') }}, {{ 10 ** 29 }}, {{ (2 ** 0.5) | round(2) }}, {{ 'x' * 3 }}, "
              "{{ text | replace('geld', 'zahl') }}, {{ range(100000) | sum }}, {{ ([1, 2] + [3]) | length }}")
    assert render(source, tmp_path) == ("2024 und 2025, 100000000000000000000000000000, 1.41, xxx, Bürgerzahl, "
                                        "4999950000, 3")


def test_the_message_names_the_line(tmp_path: Path) -> None:
    assert refused("Erste Zeile.\n\nDritte {{ 'A' * 10**9 }}\n", tmp_path) == f"{NAME}:3  {TOO_MUCH_TEXT}"


def test_a_template_writing_too_much_is_stopped_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "vorlagen").mkdir()
    (tmp_path / "vorlagen" / "teil.html.j2").write_text("<p>\n{% for i in range(100000) %}" + "y" * 100 +
                                                         "{% endfor %}\n</p>")
    (tmp_path / "vorlagen" / "ganz.html.j2").write_text('<main>\n{% include "teil.html.j2" %}\n</main>')
    with pytest.raises(TemplateError) as error:
        Sandbox(tmp_path, VIEWS).render_template("ganz.html.j2", {}, 0)
    assert str(error.value) == f"vorlagen/teil.html.j2:2  {TOO_MUCH_TEXT}"


def test_a_template_may_write_what_it_is_given(tmp_path: Path) -> None:
    big = "z " * 1_000_000
    assert len(Sandbox(tmp_path, VIEWS).render_template("bausteine/text.html.j2", {"block": {"data": big}},
                                                         len(big))) > 2_000_000


SLOW = "{% for i in range(100000) %}{{ ('x' * 999999) | upper | length }}{% endfor %}"
"""Within every count, but minutes of work: a million characters made upper case, 100,000 times."""


def test_a_text_is_stopped_after_its_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(policy, "TEXT_SECONDS", 0.3)
    handler = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    assert refused("Erste Zeile\n" + SLOW, tmp_path) == f"{NAME}:2  der Platzhalter rechnet länger als 0,3 Sekunden"
    assert time.monotonic() - started < 2
    assert signal.getsignal(signal.SIGALRM) is handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_document_has_a_time_budget_for_all_texts(tmp_path: Path) -> None:
    environment = Sandbox(tmp_path, VIEWS)
    environment.budget = Budget(started=time.monotonic() - policy.DOCUMENT_SECONDS)
    with pytest.raises(TemplateError, match="^texte/t.md  Texte und Vorlagen rechnen zusammen länger als "
                                            "10 Sekunden$"):
        environment.render_text(NAME, "{{ jahr }}", CONTEXT)


def test_outside_the_main_thread_the_counts_still_hold(tmp_path: Path) -> None:
    """No timer signal there; a loop too long for the steps is refused all the same."""
    errors: list[str] = []

    def run() -> None:
        try:
            render("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", tmp_path)
        except TemplateError as error:
            errors.append(str(error))
    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert errors == [f"{NAME}:1  {STEPS}"]


# --- The data set's templates ------------------------------------------------------------------------

REFUSED_FILE = ("  ist keine gewöhnliche Datei (Verknüpfung, Gerät oder Pipe); bitte durch eine echte Datei im "
                "Datensatz ersetzen")


def _template(tmp_path: Path, name: str) -> str:
    return Sandbox(tmp_path, VIEWS).loader.get_source(Sandbox(tmp_path, VIEWS), name)[0]


def test_an_override_comes_first_and_the_original_stays_reachable(tmp_path: Path) -> None:
    (tmp_path / "vorlagen").mkdir()
    (tmp_path / "vorlagen" / "titelseite.html.j2").write_text('Eigene {% include "amip/titelseite.html.j2" %}')
    assert _template(tmp_path, "titelseite.html.j2").startswith("Eigene")
    assert _template(tmp_path, "amip/titelseite.html.j2").startswith('<section class="titelseite">')
    assert _template(tmp_path, "kapitel.html.j2").startswith('<section class="kapitel"')


@pytest.mark.parametrize("layout", ["datei", "ordner", "vorlagenordner", "fifo"])
def test_only_regular_files_inside_vorlagen_are_read(layout: str, tmp_path: Path) -> None:
    outside = tmp_path / "aussen"
    (outside / "bausteine").mkdir(parents=True)
    (outside / "bausteine" / "text.html.j2").write_text("geheim")
    data = tmp_path / "daten"
    (data / "vorlagen").mkdir(parents=True)
    if layout == "datei":
        (data / "vorlagen" / "bausteine").mkdir()
        (data / "vorlagen" / "bausteine" / "text.html.j2").symlink_to(outside / "bausteine" / "text.html.j2")
    elif layout == "ordner":
        (data / "vorlagen" / "bausteine").symlink_to(outside / "bausteine")
    elif layout == "vorlagenordner":
        (data / "vorlagen").rmdir()
        (data / "vorlagen").symlink_to(outside)
    else:
        (data / "vorlagen" / "bausteine").mkdir()
        os.mkfifo(data / "vorlagen" / "bausteine" / "text.html.j2")
    with pytest.raises(TemplateError) as error:
        _template(data, "bausteine/text.html.j2")
    assert str(error.value) == "vorlagen/bausteine/text.html.j2" + REFUSED_FILE


@pytest.mark.parametrize("content, message", [
    (b"x" * (MAX_FILE_BYTES + 1), "vorlagen/gross.html.j2  die Vorlage ist größer als 2 MB"),
    (b"\xff\xfe", "vorlagen/gross.html.j2  ist keine UTF-8-Textdatei (ungültiges Byte an Stelle 0); bitte als "
                  "UTF-8 speichern"),
])
def test_templates_are_small_utf8_files(content: bytes, message: str, tmp_path: Path) -> None:
    (tmp_path / "vorlagen").mkdir()
    (tmp_path / "vorlagen" / "gross.html.j2").write_bytes(content)
    with pytest.raises(TemplateError) as error:
        _template(tmp_path, "gross.html.j2")
    assert str(error.value) == message


def test_no_way_out_by_dots_or_absolute_names(tmp_path: Path) -> None:
    (tmp_path / "vorlagen").mkdir()
    (tmp_path / "vorlagen" / "x.html.j2").write_text('{% include "../../../../etc/passwd" %}')
    with pytest.raises(TemplateError) as error:
        Sandbox(tmp_path, VIEWS).render_template("x.html.j2", {}, 0)
    assert str(error.value) == ("vorlagen/x.html.j2:1  die Vorlage „../../../../etc/passwd“ gibt es weder im "
                                "Datensatz (vorlagen/) noch in amip")


# --- Each way out, in a text and in a template, through the command line ------------------------------

ESCAPES = {
    "pfad-lesen": "{{ fonts[0].path.joinpath('/etc/passwd').read_text() }}",
    "pfad-schreiben": "{{ fonts[0].path.parent.parent.parent.joinpath('geschrieben.txt').write_text('x') }}",
    "modell-datei": "{{ program.parse_file('/etc/passwd') }}",
    "modell-json": "{{ program.model_validate_json('{}') }}",
    "self": "{{ self.__init__.__globals__['os'].popen('id').read() }}",
    "cycler": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "joiner": "{{ joiner.__init__.__globals__.os.popen('id').read() }}",
    "globals": "{{ range.__globals__['__builtins__']['open']('/etc/passwd').read() }}",
    "klassen": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "klassen-der-daten": "{{ program.__class__.__init__.__globals__['sys'].modules['os'].popen('id').read() }}",
    "schleife": "{% for i in jahre %}{{ loop.__class__.__init__.__globals__ }}{% endfor %}",
}
REFUSALS = ("Platzhalter greift auf „", "gibt es nicht", "ist nicht definiert")


@pytest.mark.parametrize("where", ["texte/einleitung.md", "vorlagen/titelseite.html.j2"])
@pytest.mark.parametrize("route", ESCAPES)
@pytest.mark.parametrize("command", ["build", "validate"])
def test_no_way_out_of_the_sandbox(command: str, route: str, where: str, klein: Path, tmp_path: Path,
                                   recorder: Recorder, capsys: pytest.CaptureFixture[str]) -> None:
    (klein / "schriften").mkdir()
    shutil.copyfile(NOTO, klein / "schriften" / "hausschrift.ttf")
    (klein / where).parent.mkdir(exist_ok=True)
    (klein / where).write_text(f"<section>\n{ESCAPES[route]}\n</section>\n", encoding="utf-8")
    written = tmp_path / "geschrieben.txt"
    recorder.forbidden_files = {"/etc/passwd", str(written)}
    recorder.writable = [tmp_path / "aus"]
    arguments = [command, str(klein)] + (["-o", str(tmp_path / "aus" / "x.pdf")] if command == "build" else [])

    recorder.active = True
    assert main(arguments) == 1
    recorder.active = False

    message = capsys.readouterr().err
    assert message.startswith(f"Fehler: {where}:2  ")
    assert any(refusal in message for refusal in REFUSALS), message
    assert "Traceback" not in message and "Interner Fehler" not in message
    assert recorder.seen == []
    assert not written.exists()
