"""The `amip` command line: German help, clean messages, exit codes 0 / 1 / 2."""

from __future__ import annotations

import datetime
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from amip.commands import clicktext
from amip.errors import KEPT_NOTE, AmipError, error_lines, internal_error
from amip.pdf.conformance import Standards

DEFAULT_DATA = Path("data/elbe-elster-2017")
DEFAULT_OUTPUT_DIR = Path("output")
STRICT_HELP = "Warnungen (unplausible Angaben) als Fehler behandeln, z. B. in CI."

clicktext.install()


class Count(click.IntRange):
    """A whole number with a lower bound, described in German in help and messages."""

    name = "ganze Zahl"

    def _describe_range(self) -> str:
        return f"mindestens {self.min}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, options_metavar="[OPTIONEN]",
             subcommand_metavar="BEFEHL [ARGUMENTE]...")
@click.version_option(package_name="amip", message="amip %(version)s")
def cli() -> None:
    """amip erzeugt das Arbeitsmarkt- und Integrationsprogramm eines Jobcenters aus YAML-Daten als druckfertiges PDF."""


@cli.command("build", options_metavar="[OPTIONEN]")
@click.argument("datenverzeichnisse", nargs=-1, type=click.Path(path_type=Path, file_okay=False))
@click.option("-o", "--ausgabe", type=click.Path(path_type=Path, dir_okay=False),
              help="Zieldatei des PDF, nur bei einem Datensatz (Standard: output/NAME-DES-DATENVERZEICHNISSES.pdf).")
@click.option("--ohne-pdfa", is_flag=True, help="Nicht als PDF/A-2a (Archivformat) ausweisen.")
@click.option("--ohne-pdfua", is_flag=True, help="Nicht als PDF/UA-1 (barrierefrei) ausweisen; getaggt bleibt es.")
@click.option("--strikt", is_flag=True, help=STRICT_HELP)
@click.option("--immer", is_flag=True, help="Auch bauen, wenn sich seit dem letzten Bau nichts geändert hat.")
@click.option("-j", "--prozesse", type=Count(min=1), default=None, metavar="ANZAHL",
              help="So viele Datensätze gleichzeitig bauen (Standard: alle Prozessorkerne).")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"]), default="pdf",
              help="pdf zum Drucken (Standard), html als eine eigenständige, barrierefreie Webseite mit denselben Zahlen.")
@click.option("--aenderungen", metavar="ALT",
              help="Als letztes Kapitel die Änderungen gegenüber der früheren Fassung ALT anhängen (ein "
                   "Datenverzeichnis oder REV:PFAD aus Git, z. B. HEAD~1:data/elbe-elster-2017); nur bei einem "
                   "Datensatz.")
def build_command(datenverzeichnisse: tuple[Path, ...], ausgabe: Path | None, ohne_pdfa: bool, ohne_pdfua: bool,
                  strikt: bool, immer: bool, prozesse: int | None, fmt: str, aenderungen: str | None) -> None:
    """Baut das Programm als PDF oder Webseite (Standard: das Beispiel data/elbe-elster-2017).

    Mit mehreren Datenverzeichnissen (z. B. data/*) baut amip sie parallel, überspringt
    unveränderte, baut bei einem Fehler die übrigen weiter und schließt mit einer Übersicht.
    Das PDF erfüllt PDF/UA-1 und PDF/A-2a zugleich, wenn nichts anderes gewählt ist. Mit
    --aenderungen ALT endet es mit dem Kapitel „Änderungen gegenüber der Fassung vom …“.
    """
    directories = list(dict.fromkeys(datenverzeichnisse)) or [DEFAULT_DATA]
    if ausgabe and len(directories) > 1:
        raise click.UsageError("-o/--ausgabe geht nur mit einem Datenverzeichnis.")
    if aenderungen and len(directories) > 1:
        raise click.UsageError("--aenderungen geht nur mit einem Datenverzeichnis.")
    standards = Standards(pdfa=not ohne_pdfa, pdfua=not ohne_pdfua)
    jobs = [(directory, ausgabe or DEFAULT_OUTPUT_DIR / f"{directory.resolve().name}.{fmt}") for directory in directories]
    if len(jobs) == 1:
        _build_single(*jobs[0], standards, strikt, immer, fmt, aenderungen)
    else:
        from amip.commands.report import build_with_progress

        if build_with_progress(jobs, standards, strikt, immer, prozesse, fmt):
            raise click.exceptions.Exit(1)


def _build_single(data_dir: Path, target: Path, standards: Standards, strict: bool, force: bool, fmt: str,
                  previous: str | None) -> None:
    """One data set: warnings, then the file written or left as it is; a failure raises with its message."""
    from amip.commands.batch import Outcome, build_one

    result = build_one(data_dir, target, standards, strict, force, fmt, previous)
    if result.outcome is Outcome.failed:
        for line in [*result.error, KEPT_NOTE.format(kind=fmt.upper())]:
            click.echo(line, err=True)
        raise click.exceptions.Exit(1)
    _show_warnings(result.warnings)
    if result.outcome is Outcome.unchanged:
        click.echo(f"{fmt.upper()} unverändert (seit dem letzten Bau hat sich nichts geändert): {target}")
    else:
        click.echo(f"{fmt.upper()} geschrieben: {target}")


@cli.command("validate", options_metavar="[OPTIONEN]")
@click.argument("datenverzeichnis", type=click.Path(path_type=Path, file_okay=False))
@click.option("--strikt", is_flag=True, help=STRICT_HELP)
def validate_command(datenverzeichnis: Path, strikt: bool) -> None:
    """Prüft einen Datensatz, ohne ein PDF zu erzeugen, und listet die noch offenen Platzhalter.

    Texte und Vorlagen werden dabei ausgewertet wie beim Bauen, nur ohne Abbildungen zu zeichnen und ohne
    etwas zu schreiben. Offen sind Werte mit !offen in den YAML-Dateien und [offen: …] in den Texten. Mit
    --strikt oder bei status: beschlossen sind offene Platzhalter ein Fehler.
    """
    from amip.commands.validate import check

    checked = check(datenverzeichnis, strikt)
    _show_warnings(checked.warnings)
    if checked.placeholders:
        click.echo(f"Noch offen ({len(checked.placeholders)}):")
        for placeholder in checked.placeholders:
            click.echo(f"  {placeholder}")
    click.echo(f"Datensatz in Ordnung: {datenverzeichnis}")


class PeriodType(click.ParamType):
    """A program period on the command line: 2018 or 2019/2020."""

    name = "jahr"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from pydantic_core import PydanticCustomError

        from amip.model.types import parse_period

        try:
            return parse_period(value)
        except PydanticCustomError as error:
            self.fail(str(error), param, ctx)


@cli.command("rollover", options_metavar="[OPTIONEN]")
@click.argument("datenverzeichnis", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.argument("jahr", type=PeriodType())
@click.option("-o", "--ausgabe", "neues_verzeichnis", type=click.Path(path_type=Path),
              help="Verzeichnis des neuen Datensatzes (Standard: der Name mit dem neuen Jahr, z. B. elbe-elster-2018).")
@click.option("--stand", type=click.DateTime(["%d.%m.%Y", "%Y-%m-%d"]), default=None, metavar="DATUM",
              help="Stand des neuen Entwurfs, z. B. 20.11.2017 (Standard: heute).")
def rollover_command(datenverzeichnis: Path, jahr: Any, neues_verzeichnis: Path | None,
                     stand: datetime.datetime | None) -> None:
    """Beginnt das Programm für JAHR (2018 oder 2019/2020) als Kopie dieses Datensatzes.

    Die bisherigen Planwerte werden zu Vorjahreswerten, die neuen Planwerte und alle
    Zahlen der Lage stehen als offene Platzhalter (!offen) mit dem alten Wert darin.
    Stand wird heute, der Status Entwurf; die Texte bleiben. Der alte Datensatz bleibt unverändert.
    """
    from amip.commands.rollover import rollover

    today = stand.date() if stand else datetime.date.today()
    target, checked = rollover(datenverzeichnis, jahr, neues_verzeichnis, today)
    click.echo(f"Neuer Datensatz für {jahr}: {target}")
    click.echo(f"Noch offen: {len(checked.placeholders)} Platzhalter; amip validate {target} listet sie.")


@cli.command("new", options_metavar="[OPTIONEN]")
@click.argument("verzeichnis", type=click.Path(path_type=Path, file_okay=False))
@click.option("--jobcenter", "name", required=True, help="Name des Jobcenters, z. B. „Jobcenter Elbe-Elster“.")
@click.option("--jahr", required=True, type=PeriodType(), help="Jahr des Programms (2027) oder zwei Jahre (2027/2028).")
@click.option("--traeger", type=click.Choice(["gE", "zkT"]), default="gE", show_default=True,
              help="gE (gemeinsame Einrichtung) oder zkT (zugelassener kommunaler Träger).")
@click.option("--ci", is_flag=True, help="Auch .gitlab-ci.yml und .github/workflows/amip.yml ins aktuelle Verzeichnis "
                                         "schreiben (prüfen und bauen bei jeder Änderung); vorhandene bleiben.")
def new_command(verzeichnis: Path, name: str, jahr: Any, traeger: str, ci: bool) -> None:
    """Legt einen neuen, vollständigen Datensatz mit der üblichen Gliederung an.

    Jede Zahl und jeder Text steht darin als offener Platzhalter (!offen in den YAML-Dateien,
    [offen: …] in den Texten); amip validate listet sie, amip build baut schon einen Entwurf.
    """
    from amip.commands.new import new_data_set, write_ci_recipes
    from amip.model.programm import Traeger

    checked = new_data_set(verzeichnis, name, jahr, Traeger(traeger), datetime.date.today())
    click.echo(f"Neuer Datensatz: {verzeichnis} ({len(checked.placeholders)} Platzhalter offen; "
               f"amip validate {verzeichnis} listet sie)")
    if ci:
        folder = Path(os.path.relpath(verzeichnis.parent.resolve(), Path.cwd())).as_posix()
        for path, written in write_ci_recipes(Path.cwd(), folder):
            click.echo(f"{'CI-Rezept geschrieben' if written else 'CI-Rezept gibt es schon, unverändert'}: {path}")


@cli.command("diff", options_metavar="[OPTIONEN]")
@click.argument("alt", metavar="ALT")
@click.argument("neu", metavar="NEU")
def diff_command(alt: str, neu: str) -> None:
    """Zeigt, was sich von der Fassung ALT zur Fassung NEU eines Datensatzes geändert hat.

    ALT und NEU sind Datenverzeichnisse oder Fassungen aus Git, geschrieben REV:PFAD wie bei
    git show (z. B. HEAD~1:data/elbe-elster-2017). Gezeigt werden jede geänderte Zahl mit altem
    und neuem Wert und der Differenz, andere geänderte Angaben, hinzugefügte, entfernte und
    verschobene Kapitel, Abschnitte und Bausteine sowie geänderte Absätze der Texte. Der
    Exit-Code ist 0, ob sich etwas geändert hat oder nicht.
    """
    from amip.commands.diff import compare_versions, report_lines

    for line in report_lines(compare_versions(alt, neu)):
        click.echo(line)


class PortType(click.ParamType):
    """A TCP port for the preview: 1 to 65535, or 0 for any free one."""

    name = "port"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(f"„{value}“ ist keine ganze Zahl.", param, ctx)
        if not 0 <= number <= 65535:
            self.fail(f"{number} ist kein Port: erlaubt ist 0 bis 65535.", param, ctx)
        return number


@cli.command("watch", options_metavar="[OPTIONEN]")
@click.argument("datenverzeichnis", required=False, default=DEFAULT_DATA,
                type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--port", type=PortType(), default=8000,
              help="Port der Vorschau auf 127.0.0.1 (Standard: 8000; 0 wählt einen freien).")
@click.option("--ohne-vorschau", is_flag=True, help="Nur neu bauen, keine Vorschau im Browser.")
@click.option("--strikt", is_flag=True, help=STRICT_HELP)
def watch_command(datenverzeichnis: Path, port: int, ohne_vorschau: bool, strikt: bool) -> None:
    """Baut Webseite und PDF bei jedem Speichern neu und zeigt sie in einer Vorschau im Browser.

    Beobachtet das Datenverzeichnis (Standard: data/elbe-elster-2017) und die eingebauten
    Vorlagen. Nach jeder Änderung baut amip zuerst output/NAME.html, dann output/NAME.pdf,
    und sagt in einer Zeile, was es gebaut hat und wie lange es dauerte. Ein Fehler beendet
    nichts: amip zeigt ihn, die letzten guten Dateien bleiben, und der nächste Speichervorgang
    baut wieder. Die Vorschau ist nur auf diesem Rechner erreichbar, lädt nach jedem Bau neu
    und verlinkt das aktuelle PDF. Beenden mit Strg+C.
    """
    from amip.commands.watch import Watched, run

    run(Watched.into(datenverzeichnis, DEFAULT_OUTPUT_DIR, strikt), None if ohne_vorschau else port, click.echo)


def _show_warnings(warnings: Sequence[object]) -> None:
    for warning in warnings:
        click.echo(f"Warnung: {warning}", err=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 1 invalid data or failed build, 2 wrong usage)."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        code = cli.main(args=list(argv) if argv is not None else None, prog_name="amip", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except click.Abort:
        click.echo("Abgebrochen.", err=True)
        return 1
    except (AmipError, OSError) as error:
        for line in error_lines(error):
            click.echo(line, err=True)
        return 1
    except Exception as error:  # a bug in amip: the user gets a message, the details stay available
        if os.environ.get("AMIP_DEBUG"):
            raise
        click.echo(f"{internal_error(error)}. Bitte melden Sie ihn mit dem "
                   "Datensatz; mit AMIP_DEBUG=1 zeigt amip die Einzelheiten.", err=True)
        return 1
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
