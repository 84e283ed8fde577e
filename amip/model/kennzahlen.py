"""The nationwide Kennzahlen nach § 48a SGB II with their official names (SGBIIKennzV §§ 4-6)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

AMENDMENT_2019 = datetime.date(2019, 3, 22)
"""Since the amendment in force from 22.03.2019, § 6 says „Langzeitleistungsbeziehende“, before „Langzeitleistungsbezieher“."""


@dataclass(frozen=True)
class Kennzahl:
    """One Kennzahl or Ergänzungsgröße: its goal (§), official name, usual unit and which way is better."""

    code: str
    goal: str
    name: str
    unit: str
    higher_is_better: bool


GOALS = {
    "K1": "Verringerung der Hilfebedürftigkeit",
    "K2": "Verbesserung der Integration in Erwerbstätigkeit",
    "K3": "Vermeidung von langfristigem Leistungsbezug",
}
"""The goal each Kennzahl measures, as the headings of §§ 4-6 name it."""

_CATALOGUE = [
    # § 4 Verringerung der Hilfebedürftigkeit
    ("K1", "Veränderung der Summe der Leistungen zum Lebensunterhalt (ohne Leistungen für Unterkunft und Heizung)",
     "veraenderung", False),
    ("K1E1", "Veränderung der Summe der Leistungen für Unterkunft und Heizung", "veraenderung", False),
    ("K1E2", "Veränderung der Zahl der erwerbsfähigen Leistungsberechtigten", "veraenderung", False),
    ("K1E3", "Durchschnittliche Zugangsrate der erwerbsfähigen Leistungsberechtigten", "quote", False),
    ("K1E4", "Durchschnittliche Abgangsrate der erwerbsfähigen Leistungsberechtigten", "quote", True),
    # § 5 Verbesserung der Integration in Erwerbstätigkeit
    ("K2", "Integrationsquote", "quote", True),
    ("K2E1", "Quote der Eintritte in geringfügige Beschäftigung", "quote", True),
    ("K2E2", "Quote der Eintritte in öffentlich geförderte Beschäftigung", "quote", True),
    ("K2E3", "Kontinuierliche Beschäftigung nach Integration", "quote", True),
    ("K2E4", "Integrationsquote der Alleinerziehenden", "quote", True),
    # § 6 Vermeidung von langfristigem Leistungsbezug
    ("K3", "Veränderung des Bestands an Langzeitleistungsbeziehenden", "veraenderung", False),
    ("K3E1", "Integrationsquote der Langzeitleistungsbeziehenden", "quote", True),
    ("K3E2", "Aktivierungsquote der Langzeitleistungsbeziehenden", "quote", True),
    ("K3E3", "Durchschnittliche Zugangsrate der Langzeitleistungsbeziehenden", "quote", False),
    ("K3E4", "Durchschnittliche Abgangsrate der Langzeitleistungsbeziehenden", "quote", True),
]
CODES = [code for code, *_ in _CATALOGUE]

NAMES_BEFORE_2019 = {
    "K3": "Veränderung des Bestands an Langzeitleistungsbeziehern",
    "K3E1": "Integrationsquote der Langzeitleistungsbezieher",
    "K3E2": "Aktivierungsquote der Langzeitleistungsbezieher",
    "K3E3": "Durchschnittliche Zugangsrate der Langzeitleistungsbezieher",
    "K3E4": "Durchschnittliche Abgangsrate der Langzeitleistungsbezieher",
}
"""§ 6 in the version before 22.03.2019."""


def kennzahl(code: str, stand: datetime.date) -> Kennzahl:
    """The Kennzahl `code` as the Verordnung named it on `stand`, the day the program was written."""
    _, name, unit, higher = next(entry for entry in _CATALOGUE if entry[0] == code)
    if stand < AMENDMENT_2019:
        name = NAMES_BEFORE_2019.get(code, name)
    return Kennzahl(code, GOALS[code[:2]], name, unit, higher)
