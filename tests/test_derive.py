"""Totals, changes and shares computed from the numbers typed once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from datasets import change_table, replace_in

from amip.cli import main
from amip.derive.cells import cell_sum, change_percent, share
from amip.derive.haushalt import derive_budget, derive_personnel
from amip.derive.tabellen import derive_change_table, derive_profile_table
from amip.filters import zahl
from amip.model.haushalt import Bereich, Haushalt, Personnel
from amip.model.tabellen import ChangeTable, ProfileTable
from amip.model.types import Zeichen


def test_change_percent_and_share() -> None:
    assert change_percent(Decimal(200), Decimal(150)) == Decimal(-25)
    assert change_percent(Decimal(0), Decimal(5)) is Zeichen.nicht_sinnvoll
    assert share(Decimal(1), Decimal(4)) == Decimal(25)
    assert share(Decimal(1), Decimal(0)) is Zeichen.nicht_sinnvoll


def test_sums_over_ba_symbols() -> None:
    assert cell_sum([3, Zeichen.nichts, 4]) == 7
    assert cell_sum([Zeichen.nichts, Zeichen.nichts]) is Zeichen.nichts
    assert cell_sum([3, Zeichen.anonymisiert, 4]) is Zeichen.anonymisiert
    assert cell_sum([Zeichen.nicht_sinnvoll, Zeichen.unbekannt, Zeichen.anonymisiert]) is Zeichen.anonymisiert
    assert cell_sum([Zeichen.nicht_sinnvoll, 2, Zeichen.unbekannt]) is Zeichen.unbekannt
    assert change_percent(Decimal(5), Zeichen.unbekannt) is Zeichen.unbekannt
    assert share(Zeichen.anonymisiert, Decimal(10)) is Zeichen.anonymisiert


def test_change_table_with_symbols_keeps_them_and_lists_them_for_the_legend() -> None:
    table = ChangeTable.model_validate({
        "art": "veraenderung", "titel": "T", "oberzeile": "ELB",
        "bloecke": [{"berichtsmonat": "2016-05-01", "zeilen": [
            {"merkmal": "Insgesamt", "wert": 100, "veraenderung": 10, "bezugsgroesse": True},
            {"merkmal": "anonymisiert", "wert": "*", "veraenderung": "*"},
            {"merkmal": "neu", "wert": 5, "veraenderung": 5},
            {"merkmal": "offen", "wert": 7, "veraenderung": "."},
        ]}]})
    rows = derive_change_table(table, ())[0].blocks[0].rows
    assert (rows[1].spec.value, rows[1].change_percent, rows[1].share) == (Zeichen.anonymisiert,) * 3
    assert rows[2].change_percent is Zeichen.nicht_sinnvoll and rows[2].share == Decimal(5)
    assert rows[3].change_percent is Zeichen.unbekannt and rows[3].share == Decimal(7)
    assert derive_change_table(table, ())[0].symbols == [Zeichen.anonymisiert, Zeichen.nicht_sinnvoll, Zeichen.unbekannt]


def test_profile_sum_over_anonymised_cell_is_anonymised_unless_stated() -> None:
    figures, _ = derive_profile_table(_profile_table(n={"werte": ["*", 0]}), ("tabellen", "p"))
    rows = {row.label: row for row in figures.rows}
    assert rows["N offen"].total is Zeichen.anonymisiert
    assert rows["Fern"].total is Zeichen.anonymisiert and rows["Fern"].share is Zeichen.anonymisiert
    assert rows["ELB gesamt"].values == [Zeichen.anonymisiert, 3]
    assert rows["Nah"].total == 4 and rows["Nah"].share is Zeichen.anonymisiert
    figures, notices = derive_profile_table(_profile_table(n={"werte": ["*", 0], "summe": 2}), ("tabellen", "p"))
    rows = {row.label: row for row in figures.rows}
    assert rows["N offen"].total == 2 and rows["ELB gesamt"].total == 10
    assert zahl(rows["Nah"].share, 1) == "40,0"
    assert notices == []


def test_budget_groups_areas_and_adds_totals() -> None:
    haushalt = Haushalt.model_validate({"positionen": [
        {"bezeichnung": "VK", "bereich": "VK", "betraege": {2016: 100, 2017: 110}},
        {"bezeichnung": "EGL", "bereich": "EGL", "betraege": {2016: 50, 2017: 40}},
        {"bezeichnung": "VK Flucht", "bereich": "VK", "betraege": {2016: 10, 2017: 20}},
    ]})
    budget = derive_budget(haushalt, [2016, 2017])
    assert [row.label for row in budget.rows] == ["VK", "VK Flucht", "VKB gesamt", "EGL", "EGL gesamt",
                                                  "Gesamtbudget"]
    vkb = budget.area_totals[Bereich.VK]
    assert (vkb.amounts, vkb.change(2016, 2017)) == ({2016: 110, 2017: 130}, 20)
    assert zahl(vkb.change_percent(2016, 2017), 1) == "18,2"
    total = budget.grand_total
    assert (total.amounts, total.change(2016, 2017)) == ({2016: 160, 2017: 170}, 10)
    assert budget.area_totals[Bereich.EGL].change(2016, 2017) == -10


def test_budget_with_cents_keeps_them() -> None:
    haushalt = Haushalt.model_validate({"positionen": [
        {"bezeichnung": "A", "bereich": "EGL", "betraege": {2023: "10.10", 2024: "0.20"}},
        {"bezeichnung": "B", "bereich": "EGL", "betraege": {2023: "0.20", 2024: "0.10"}},
    ]})
    budget = derive_budget(haushalt, [2023, 2024])
    assert budget.area_totals[Bereich.EGL].amounts[2023] == Decimal("10.30")
    assert budget.decimals == 2


def test_personnel_split() -> None:
    figures = derive_personnel(Personnel.model_validate({"kapazitaeten": 165, "anteil_ba": 52}))
    assert figures.share_kommune == 48


def test_change_table_percent_and_shares_of_base_row() -> None:
    table = ChangeTable.model_validate({
        "art": "veraenderung", "titel": "T", "oberzeile": "ELB",
        "bloecke": [{"berichtsmonat": "2016-05-01", "zeilen": [
            {"merkmal": "Insgesamt", "wert": 7485, "veraenderung": -539},
            {"id": "basis", "merkmal": "erwerbstätige ELB", "wert": 2244, "veraenderung": -187,
             "bezugsgroesse": True},
            {"merkmal": "über 450 bis 850 Euro", "wert": 323, "veraenderung": 15, "ebene": 2},
        ]}]})
    rows = derive_change_table(table, ())[0].blocks[0].rows
    assert zahl(rows[0].change_percent, 1) == "-6,7"
    assert rows[0].share is None
    assert rows[1].share == 100
    assert zahl(rows[2].change_percent, 1) == "4,9"
    assert zahl(rows[2].share, 1) == "14,4"
    assert derive_change_table(table, ())[0].rows_by_id["basis"].spec.value == 2244


def _profile_table(**extra: object) -> ProfileTable:
    return ProfileTable.model_validate({
        "art": "profillagen", "titel": "T", "gesamt": "ELB gesamt", "altersgruppen": ["jung", "alt"],
        "gruppen": [
            {"bezeichnung": "Nah", "profile": [{"kuerzel": "MP", "bezeichnung": "Markt", "werte": [3, 1]}]},
            {"bezeichnung": "Fern", "profile": [
                {"kuerzel": "EP", "bezeichnung": "Entw.", "werte": [2, 2]},
                {"kuerzel": "N", "bezeichnung": "offen", "werte": [1, 0], **extra.pop("n", {})},
            ]},
        ], **extra})


def test_profile_table_totals_and_shares() -> None:
    figures, notices = derive_profile_table(_profile_table(), ("tabellen", "p"))
    rows = {row.label: row for row in figures.rows}
    assert rows["ELB gesamt"].total == 9 and rows["ELB gesamt"].values == [6, 3]
    assert rows["Fern"].total == 5 and rows["Fern"].values == [3, 2]
    assert zahl(rows["Nah"].share, 1) == "44,4"
    assert rows["ELB gesamt"].share is None
    assert notices == []


def test_stated_totals_are_kept_and_checked() -> None:
    table = _profile_table(n={"summe": 2}, summen_altersgruppen=[6, 4], toleranz=1)
    figures, notices = derive_profile_table(table, ("tabellen", "p"))
    rows = {row.label: row for row in figures.rows}
    assert rows["N offen"].total == 2
    assert rows["Fern"].total == 6
    assert rows["ELB gesamt"].values == [6, 4]
    assert notices == []
    table = _profile_table(n={"summe": 5})
    _, notices = derive_profile_table(table, ("tabellen", "p"))
    assert notices == [(("tabellen", "p", "gruppen", 1, "profile", 1, "summe"),
                        "Summe der Profillage N: angegeben 5, berechnet 1 (Abweichung größer als die Toleranz 0)")]


EXTREMES = {
    "haushalt.yaml": """positionen:
  - {bezeichnung: VK, bereich: VK, betraege: {2023: 1000000000000, 2024: -1000000000000}}
  - {bezeichnung: EGL, bereich: EGL, betraege: {2023: 0.01, 2024: 1000000000000}}
kommunaler_finanzierungsanteil: 100
umschichtungen: [{jahr: 2024, richtung: egl_nach_vk, anteil: 100}]
egl_planung: {zeilen: [{bezeichnung: A, betrag: 1000000000000, eintritte: 1000000000}, {bezeichnung: B, betrag: 0.01}]}
""",
    "tabellen.yaml": change_table("{merkmal: Insgesamt, wert: 1.0e-30, veraenderung: -1000000000000, bezugsgroesse: true}",
                                  "{merkmal: davon, wert: 1000000000000, veraenderung: 1.0e-30}"),
    "diagramme.yaml": """linie:
  art: linie
  titel: Linie
  quelle: Q
  einheit: euro
  kategorien: ["2023", "2024", "2025"]
  reihen: [{name: A, werte: [1000000000000, -1000000000000, 1.0e-30]}]
ring:
  art: ring
  titel: Ring
  quelle: Q
  einheit: prozent
  aus_tabelle: {tabelle: elb, berichtsmonat: 2023-06-01, groesse: anteil, zeilen: [davon]}
""",
    "eckwerte.yaml": "gross: 1000000000000\nklein: 1.0e-30\n",
    "ziele.yaml": """lokal:
  titel: Ziele
  ziele:
    - {ziel: Z, messgroesse: M, einheit: veraenderung, zielwert: -1000000000000, bezugswert: 1000000000000}
    - {ziel: Z, messgroesse: M, einheit: anzahl, zielwert: 1.0e-30}
""",
}


def test_the_largest_and_smallest_numbers_the_model_takes_are_computed_and_shown(klein: Path, tmp_path: Path,
                                                                                   capsys: pytest.CaptureFixture[str]
                                                                                   ) -> None:
    for name, content in EXTREMES.items():
        (klein / name).write_text(content, encoding="utf-8")
    (klein / "texte" / "einleitung.md").write_text(
        "{{ eckwerte.gross | zahl(3) }}, {{ eckwerte.klein | zahl(30) }}, {{ haushalt.egl_gesamt | mio_eur }}.\n",
        encoding="utf-8")
    replace_in(klein / "programm.yaml", "      - haushalt: uebersicht\n",
               "      - haushalt: uebersicht\n      - haushalt: egl_planung\n      - tabelle: elb\n"
               "      - diagramm: linie\n      - diagramm: ring\n      - ziele: lokal\n")
    assert main(["build", str(klein), "-o", str(tmp_path / "x.html"), "--format", "html"]) == 0, capsys.readouterr().err
    page = (tmp_path / "x.html").read_text(encoding="utf-8")
    assert "1.000.000.000.000,000, 0,000000000000000000000000000001, 1.000.000,0\u00a0Mio.\u00a0€." in page
    assert "100.000.000.000.000.000.000.000.000.000.000.000.000.000" in page  # davon: 10¹² of 10⁻³⁰ in percent
