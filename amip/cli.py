"""The `amip` command line: German help, clean messages, exit codes 0 / 1 / 2."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from amip import clicktext
from amip.errors import AmipError, DataError

DEFAULT_DATA = Path("data/elbe-elster-2017")
DEFAULT_OUTPUT_DIR = Path("output")
STRICT_HELP = "Warnungen (unplausible Angaben) als Fehler behandeln, z. B. in CI."

clicktext.install()


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, options_metavar="[OPTIONEN]",
             subcommand_metavar="BEFEHL [ARGUMENTE]...")
@click.version_option(package_name="amip", message="amip %(version)s")
def cli() -> None:
    """amip erzeugt das Arbeitsmarkt- und Integrationsprogramm eines Jobcenters aus YAML-Daten als druckfertiges PDF."""


@cli.command("build", options_metavar="[OPTIONEN]")
@click.argument("datenverzeichnis", required=False, default=DEFAULT_DATA,
                type=click.Path(path_type=Path, file_okay=False))
@click.option("-o", "--ausgabe", type=click.Path(path_type=Path, dir_okay=False),
              help="Zieldatei des PDF (Standard: output/NAME-DES-DATENVERZEICHNISSES.pdf).")
@click.option("--ohne-pdfa", is_flag=True, help="Nicht als PDF/A-2a (Archivformat) ausweisen.")
@click.option("--ohne-pdfua", is_flag=True, help="Nicht als PDF/UA-1 (barrierefrei) ausweisen; getaggt bleibt es.")
@click.option("--strikt", is_flag=True, help=STRICT_HELP)
def build_command(datenverzeichnis: Path, ausgabe: Path | None, ohne_pdfa: bool, ohne_pdfua: bool,
                  strikt: bool) -> None:
    """Baut das Programm als PDF (Standard: das Beispiel data/elbe-elster-2017).

    Das PDF erfüllt PDF/UA-1 und PDF/A-2a zugleich, wenn nichts anderes gewählt ist.
    """
    from amip.commands.build import build
    from amip.conformance import Standards

    target = ausgabe or DEFAULT_OUTPUT_DIR / f"{datenverzeichnis.resolve().name}.pdf"
    try:
        checked = build(datenverzeichnis, target, Standards(pdfa=not ohne_pdfa, pdfua=not ohne_pdfua), strikt)
    except (AmipError, OSError) as error:
        error.add_note("Das PDF wurde nicht geschrieben; ein vorhandenes PDF bleibt unverändert.")
        raise
    _show_warnings(checked.warnings)
    click.echo(f"PDF geschrieben: {target}")


@cli.command("validate", options_metavar="[OPTIONEN]")
@click.argument("datenverzeichnis", type=click.Path(path_type=Path, file_okay=False))
@click.option("--strikt", is_flag=True, help=STRICT_HELP)
def validate_command(datenverzeichnis: Path, strikt: bool) -> None:
    """Prüft einen Datensatz, ohne ein PDF zu erzeugen."""
    from amip.commands.validate import check

    checked = check(datenverzeichnis, strikt)
    _show_warnings(checked.warnings)
    click.echo(f"Datensatz in Ordnung: {datenverzeichnis}")


def _show_notes(error: BaseException) -> None:
    for note in getattr(error, "__notes__", []):
        click.echo(note, err=True)


def _show_warnings(warnings: Sequence[object]) -> None:
    for warning in warnings:
        click.echo(f"Warnung: {warning}", err=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 1 invalid data or failed build, 2 wrong usage)."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="amip", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except click.Abort:
        click.echo("Abgebrochen.", err=True)
        return 1
    except DataError as error:
        count = len(error.problems)
        click.echo(f"Der Datensatz enthält {count} Fehler:" if count > 1 else "Der Datensatz enthält einen Fehler:",
                   err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        _show_notes(error)
        return 1
    except AmipError as error:
        click.echo(f"Fehler: {error}", err=True)
        _show_notes(error)
        return 1
    except OSError as error:
        click.echo(f"Fehler: {error.filename or ''}: {error.strerror or error}", err=True)
        _show_notes(error)
        return 1
    except Exception as error:  # a bug in amip: the user gets a message, the details stay available
        if os.environ.get("AMIP_DEBUG"):
            raise
        click.echo(f"Interner Fehler in amip ({type(error).__name__}: {error}). Bitte melden Sie ihn mit dem "
                   "Datensatz; mit AMIP_DEBUG=1 zeigt amip die Einzelheiten.", err=True)
        _show_notes(error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
