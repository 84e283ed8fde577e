"""The example PDF holds the reference program: every heading, table figure and text figure."""

from __future__ import annotations

import re

import pytest

HEADINGS = [
    ("", "Vorwort"),
    ("1", "Grundsicherung für Arbeitsuchende im Landkreis"),
    ("2", "Angebot und Nachfrage auf dem Arbeitsmarkt"),
    ("2.1", "Das Angebot an Arbeitskräften"),
    ("2.2", "Die Nachfrage nach Arbeitskräften"),
    ("3", "Ziele im Jobcenter Elbe-Elster"),
    ("3.1", "Geschäftspolitische Ziele"),
    ("3.2", "Lokale Ziele"),
    ("4", "Ressourcen"),
    ("4.1", "Personal und Verwaltungskostenhaushalt"),
    ("4.2", "Eingliederungsleistungen"),
    ("4.3", "ESF-Bundesprogramm zur Eingliederung langzeitarbeitsloser Leistungsberechtigter nach dem SGB II "
            "in den allgemeinen Arbeitsmarkt"),
    ("4.4", "Bundesprogramm „Soziale Teilhabe am Arbeitsmarkt“"),
    ("4.5", "Netzwerk ABC (Aktivieren- Beraten - Chancen eröffnen)"),
    ("5", "Operative Schwerpunkte und geschäftspolitische Handlungsfelder"),
    ("5.1", "Jugendliche in den Ausbildungs- und Arbeitsmarkt integrieren"),
    ("5.2", "Langzeitleistungsbezieher/Langzeitarbeitslose aktivieren, qualifizieren und "
            "Integrationschancen erhöhen"),
    ("5.3", "Marktnähe leben, Arbeitgeber erschließen und Beschäftigungschancen für schwerbehinderte "
            "Menschen, Rehabilitanden und Menschen mit gesundheitlichen Einschränkungen verbessern"),
    ("5.4", "Erwerbsfähige Leistungsbezieher mit Erwerbseinkommen und Selbständige"),
    ("5.5", "Alleinerziehende"),
    ("5.6", "Kunden ohne Abschluss zu Fachkräften ausbilden und in den Markt integrieren"),
    ("5.7", "Geflüchtete Menschen in Ausbildung und Arbeit integrieren"),
    ("5.8", "Rechtmäßigkeit und Qualität der operativen Umsetzung sicherstellen"),
    ("6", "Zusammenarbeit mit den Trägern des Jobcenters Elbe-Elster"),
    ("7", "Schlussbemerkungen"),
]

SUBHEADINGS = ["Erwerbstätigkeit und Grundsicherung", "Unterbeschäftigung", "Ausbildungsmarkt",
               "Summe der Leistungen zum Lebensunterhalt", "Integrationsquote",
               "Bestand an Langzeitleistungsbeziehern", "Qualitätsstandards"]

BUDGET_ROWS = [
    "Verwaltungskosten (VK) 8.476.348 € 8.112.295 €",
    "VK für flüchtlingsinduzierten Mehrbedarf 248.235 € 803.700 €",
    "VKB gesamt 8.724.583 € 8.915.995 € 191.412 € 2,2 %",
    "Eingliederungsleistungen (EGL) 7.055.291 € 6.316.348 €",
    "EGL für flüchtlingsinduzierten Mehrbedarf 190.950 € 803.700 €",
    "EGL gesamt 7.246.241 € 7.120.048 € -126.193 € -1,7 %",
    "Gesamtbudget 15.970.824 € 16.036.043 € 65.219 € 0,4 %",
]

PROFILE_ROWS = [
    "Erwerbsfähige Leistungsberechtigte gesamt 7.309 951 4.600 1.758",
    "Integrationsnahe Profillagen 760 10,4 201 510 49",
    "MP Marktprofil 40 0,5 27 13 0",
    "AP Aktivierungsprofil 71 1,0 25 43 3",
    "FP Förderprofil 649 8,9 149 454 46",
    "Komplexe Profillagen 5.022 68,7 378 3.149 1.495",
    "EP Entwicklungsprofil 2.593 35,5 266 1.739 588",
    "SP Stabilisierungsprofil 1.712 23,4 53 895 764",
    "UP Unterstützungsprofil 717 9,8 59 515 143",
    "Sonstige Profillagen 1.527 20,9 372 941 211",
    "N noch nicht festgelegt 119 1,6 84 34 0",
    "I Integriert, aber hilfebedürftig 744 10,2 21 590 133",
    "Z Zuordnung nicht erforderlich 633 8,7 241 314 78",
    "X Fehlende Werte 31 0,4 26 3 0",
]

EMPLOYED_ROWS = [
    "Insgesamt 7.485 -539 -6,7",
    "erwerbstätige ELB 2.244 -187 -7,7 100",
    "abhängig erwerbstätig 2.113 -182 -7,9 94,2",
    "bis 450 Euro 1.213 -152 -11,1 54,1",
    "über 450 bis 850 Euro 323 15 4,9 14,4",
    "über 850 bis 1200 Euro 283 -28 -9,0 12,6",
    "über 1200 Euro 294 -17 -5,5 13,1",
    "selbständig erwerbstätig 136 -11 -7,5 6,1",
    "Insgesamt 7.575 -657 -8,0",
    "erwerbstätige ELB 2.203 -237 -9,7 100",
    "abhängig erwerbstätig 2.063 -244 -10,6 93,6",
    "in sozialverspflichtiger Beschäftigung 911 -54 -5,6 41,4",
    "in Vollzeit beschäftigt 309 -73 -19,1 14,0",
    "in Teilzeit beschäftigt 602 19 3,3 27,3",
    "ausschließlich geringfügig beschäftigt 921 -143 -13,4 41,8",
    "selbständig erwerbstätig 148 6 4,2 6,7",
]

GOAL_ROWS = [
    "Senkung der Jugendarbeitslosigkeit", "Quote jugendlicher Arbeitsloser im Jahresdurchschnitt", "3,4 %",
    "Verbesserung der Integration in Erwerbstätigkeit U25", "+1,0 %",
    "Reduzierung der Langzeitarbeitslosigkeit", "Erwartungswert der RD BB",
    "Reduzierung der Arbeitslosigkeit bei schwerbehinderten Menschen",
    "Wirkungsorientierte Nutzung der Ressourcen", "Ausgabequote Eingliederungsleistungen", "100,0 %",
    "Zielwert 2017",
]

TEXT_FIGURES = [
    "7.400", "6.100", "4.017", "55 %", "45 %", "179", "4,2 Prozentpunkte", "600", "7,7 %", "32.100",
    "9,5 %", "0,6 Prozentpunkte", "0,2 Prozentpunkte", "68", "65 Personen", "+1,1 %", "-5,1 %",
    "165", "52:48", "9,0 Mio. €", "15,2 %", "7,2 Mio. €", "9 %", "53", "80", "24", "2,2 Mio. €",
    "2015", "2018", "48", "280", "170", "100",
]


def page_of(pages: list[str], text: str, start: int = 2) -> int:
    """The 1-based number of the first page from `start` on whose text contains `text`."""
    for index in range(start, len(pages)):
        if text in pages[index]:
            return index + 1
    raise AssertionError(f"not found in the PDF body: {text}")


def test_title_page(example_pages: list[str]) -> None:
    title = example_pages[0]
    assert "Arbeitsmarkt- und Integrationsprogramm" in title
    assert "des Jobcenters Elbe-Elster für das Jahr 2017" in title
    assert "Stand: 02.12.2016" in title


@pytest.mark.parametrize(("number", "title"), HEADINGS)
def test_heading_appears_with_number(example_pages: list[str], number: str, title: str) -> None:
    page_of(example_pages, f"{number} {title}".strip())


def test_headings_in_reference_order(example_pages: list[str]) -> None:
    body = " ".join(example_pages[2:])
    positions = [body.index(f"{number} {title}".strip()) for number, title in HEADINGS]
    assert positions == sorted(positions)


@pytest.mark.parametrize("title", SUBHEADINGS)
def test_subheadings(example_pages: list[str], title: str) -> None:
    page_of(example_pages, title)


def test_toc_page_numbers_match_heading_pages(example_pages: list[str]) -> None:
    toc = example_pages[1]
    assert toc.startswith("Inhaltsverzeichnis")
    for number, title in HEADINGS:
        entry = re.escape(f"{number} {title}".strip())
        match = re.search(entry + r" (\d+)", toc)
        assert match, f"TOC entry missing: {number} {title}"
        assert int(match.group(1)) == page_of(example_pages, f"{number} {title}".strip()), title


def test_page_numbers_in_footer(example_pages: list[str]) -> None:
    total = len(example_pages)
    for number, text in enumerate(example_pages[1:], start=2):
        assert f"Seite {number} von {total}" in text


@pytest.mark.parametrize("row", BUDGET_ROWS)
def test_budget_table(example_pages: list[str], row: str) -> None:
    page_of(example_pages, row)


def test_budget_header(example_pages: list[str]) -> None:
    page = example_pages[page_of(example_pages, "Gesamtbudget") - 1]
    assert "Voraussichtliche Budgetzuteilung nach der Eingliederungsmittelverordnung auf einen Blick" in page
    assert "2016 Schätzwerte 2017 Delta 2016/ 2017" in page


@pytest.mark.parametrize("row", PROFILE_ROWS)
def test_profile_table(example_pages: list[str], row: str) -> None:
    page_of(example_pages, row)


def test_profile_table_frame(example_pages: list[str]) -> None:
    page = example_pages[page_of(example_pages, "Erwerbsfähige Leistungsberechtigte gesamt 7.309") - 1]
    for text in ("Erwerbsfähige Leistungsberechtigte nach Profillagen und Altersgruppen",
                 "Anteil an ELB gesamt (in %)", "15 bis unter 25 Jahre", "25 bis unter 55 Jahre",
                 "55 Jahre und älter", "Quelle: SGB II-Cockpit (Stand: 14.10.2016)"):
        assert text in page


def test_employed_table_rows_in_order(example_pages: list[str]) -> None:
    start = page_of(example_pages, "Mai 2016/ Februar 2016") - 1
    text = " ".join(example_pages[start:start + 2])
    positions = [text.index(row, text.index("Mai 2016/ Februar 2016")) for row in EMPLOYED_ROWS[:8]]
    positions += [text.index(row, text.index("Februar 2016 Insgesamt")) for row in EMPLOYED_ROWS[8:]]
    assert positions == sorted(positions)
    assert "Daten nach einer Wartezeit von 3 bzw. 6 Monaten" in text
    assert "Quelle: Statistik der BA, Eckwerte der Jobcenter" in text


@pytest.mark.parametrize("text", GOAL_ROWS)
def test_local_goals_table(example_pages: list[str], text: str) -> None:
    assert text in example_pages[page_of(example_pages, "3.2 Lokale Ziele") - 1]


@pytest.mark.parametrize("figure", TEXT_FIGURES)
def test_text_figures(example_pages: list[str], figure: str) -> None:
    page_of(example_pages, figure)


def test_chart_places_keep_title_and_source(example_pages: list[str]) -> None:
    body = " ".join(example_pages)
    assert len(re.findall(r"Abbildung \d+:", body)) == 8
    for text in ("Anteil ausgewählter Personengruppen an allen Arbeitslosen nach Rechtskreisen",
                 "Flüchtlinge in der Grundsicherung", "Komponenten der Unterbeschäftigung",
                 "Verteilung der Beschäftigung", "Arbeitslosenquote im SGB II - Bereich",
                 "Quelle: Statistik der BA, eigene Darstellung",
                 "Quelle: Statistik der BA, Arbeitsmarkt in Zahlen, Arbeitsmarktreport Elbe-Elster",
                 "¹⁾ Das Verarbeitende Gewerbe untergliedert sich in drei Teilbereiche"):
        assert text in body


def test_closing(example_pages: list[str]) -> None:
    last = example_pages[-1]
    assert "7 Schlussbemerkungen" in last
    assert "Herzberg, 02.12.2016" in last
    assert "Geschäftsführerin" in last


def test_running_header_names_chapter(example_pages: list[str]) -> None:
    page = example_pages[page_of(example_pages, "4.1 Personal und Verwaltungskostenhaushalt") - 1]
    assert "4 Ressourcen" in page
    assert "Arbeitsmarkt- und Integrationsprogramm" in page
