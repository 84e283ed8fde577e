"""The program as a whole: Träger, Jobcenter, status, approval, terms in force, and all its parts."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from enum import Enum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from amip.errors import Location
from amip.load.outline import BLOCKS, walk_parts
from amip.model.diagramme import Diagramm
from amip.model.gestaltung import Gestaltung
from amip.model.gliederung import BlockSpec, Chapter, Section, sections_of
from amip.model.haushalt import Haushalt
from amip.model.programme import Foerderprogramm
from amip.model.tabellen import StatTable
from amip.model.types import Number, Period, Schema
from amip.model.ziele import Zielebene


class Traeger(str, Enum):
    """Form of the Jobcenter: gemeinsame Einrichtung or zugelassener kommunaler Träger."""

    gE = "gE"
    zkT = "zkT"


class Jobcenter(Schema):
    """The Jobcenter that publishes the program."""

    name: str
    """Name, z. B. „Jobcenter Elbe-Elster“."""
    genitive: str = Field(alias="genitiv")
    """Name im Genitiv für den Titel, z. B. „des Jobcenters Elbe-Elster“."""
    traeger: Traeger
    """gE (gemeinsame Einrichtung) oder zkT (zugelassener kommunaler Träger)."""
    kommune: str
    """Kommunaler Träger, z. B. „Landkreis Elbe-Elster“."""
    agentur: str | None = None
    """Agentur für Arbeit, die Trägerin einer gE ist; mit ihr vereinbart eine gE ihre Ziele."""
    landesbehoerde: str | None = None
    """Zuständige Landesbehörde (Ministerium), mit der ein zkT seine Ziele vereinbart."""

    @property
    def target_partner(self) -> str | None:
        """With whom the Kennzahlen targets are agreed: the Agentur für Arbeit (gE) or the Land (zkT)."""
        return self.agentur if self.traeger is Traeger.gE else self.landesbehoerde

    @property
    def approving_body(self) -> str:
        """Who approves the program: Trägerversammlung (gE); Kreistag, or Rat for a kreisfreie Stadt (zkT)."""
        if self.traeger is Traeger.gE:
            return "Trägerversammlung"
        return "Rat" if self.kommune.startswith("Stadt") else "Kreistag"


class Signature(Schema):
    """Place, date and signatory at the end of the program."""

    place: str = Field(alias="ort")
    """Ort der Unterzeichnung."""
    date: datetime.date = Field(alias="datum")
    """Datum der Unterzeichnung (JJJJ-MM-TT)."""
    name: str | None = None
    """Name der unterzeichnenden Person."""
    role: str = Field(alias="funktion")
    """Funktion, z. B. „Geschäftsführerin“."""


class Status(str, Enum):
    """Where the program stands: a draft, or approved by its body."""

    entwurf = "entwurf"
    beschlossen = "beschlossen"


USUAL_TITLE = {Traeger.gE: "Arbeitsmarkt- und Integrationsprogramm", Traeger.zkT: "Arbeitsmarktprogramm"}
"""The title unless the data gives one: the BA's planning term for a gE, the usual one for a zkT."""


class Beschluss(Schema):
    """The approval of the program."""

    date: datetime.date = Field(alias="datum")
    """Datum des Beschlusses."""
    body: str | None = Field(None, alias="gremium")
    """Beschließendes Gremium, z. B. ein Ausschuss; ohne Angabe Trägerversammlung (gE), Kreistag oder Rat (zkT)."""


class Begriffe(Schema):
    """Terms the law changed; each one set here wins over the term in force when the period begins."""

    leistung: str | None = None
    """Die Leistung: „Arbeitslosengeld II / Sozialgeld“ bis 2022, „Bürgergeld“ ab 2023."""
    leistung_elb: str | None = None
    """Was erwerbsfähige Leistungsberechtigte beziehen: „Arbeitslosengeld II“ bis 2022, „Bürgergeld“ ab 2023."""
    eingliederungsvereinbarung: str | None = None
    """„Eingliederungsvereinbarung“, ab 1.7.2023 „Kooperationsplan“."""


BUERGERGELD = datetime.date(2023, 1, 1)
KOOPERATIONSPLAN = datetime.date(2023, 7, 1)


def terms_in_force(day: datetime.date) -> dict[str, str]:
    """The terms the SGB II used on `day`."""
    buergergeld = day >= BUERGERGELD
    return {
        "leistung": "Bürgergeld" if buergergeld else "Arbeitslosengeld II / Sozialgeld",
        "leistung_elb": "Bürgergeld" if buergergeld else "Arbeitslosengeld II",
        "eingliederungsvereinbarung": "Kooperationsplan" if day >= KOOPERATIONSPLAN else "Eingliederungsvereinbarung",
    }


class Program(Schema):
    """A Jobcenter's Arbeitsmarkt- und Integrationsprogramm for one year: all its data."""

    given_title: str | None = Field(None, alias="titel")
    """Titel auf der Titelseite; ohne Angabe „Arbeitsmarkt- und Integrationsprogramm“ (gE) oder „Arbeitsmarktprogramm“ (zkT)."""
    period: Period = Field(alias="jahr")
    """Planjahr (2017) oder zwei Planjahre (2019/2020)."""
    stand: datetime.date
    """Stand des Programms (Datum)."""
    jobcenter: Jobcenter
    """Das Jobcenter."""
    signature: Signature | None = Field(None, alias="unterzeichnung")
    """Ort, Datum und Unterschrift am Schluss."""
    status: Status | None = None
    """entwurf (mit Wasserzeichen ENTWURF) oder beschlossen (mit beschluss); ohne Angabe nur der Stand."""
    beschluss: Beschluss | None = None
    """Datum und Gremium des Beschlusses; nötig bei status: beschlossen."""
    outline: list[Chapter] = Field(alias="gliederung", min_length=1)
    """Die Kapitel in ihrer Reihenfolge."""
    eckwerte: dict[str, Number] = Field(default_factory=dict)
    """Einzelne Zahlen, auf die die Texte mit {{ eckwerte.NAME }} zugreifen."""
    haushalt: Haushalt | None = None
    """Budget (haushalt.yaml)."""
    ziele: dict[str, Zielebene] = Field(default_factory=dict)
    """Zielebenen (ziele.yaml)."""
    tables: dict[str, StatTable] = Field(default_factory=dict, alias="tabellen")
    """Statistische Tabellen (tabellen.yaml)."""
    charts: dict[str, Diagramm] = Field(default_factory=dict, alias="diagramme")
    """Abbildungen (diagramme.yaml)."""
    programme: dict[str, Foerderprogramm] = Field(default_factory=dict)
    """Bundes-, Landes- und lokale Programme (programme.yaml)."""
    gestaltung: Gestaltung = Field(default_factory=Gestaltung)
    """Schrift, Farben und Diagrammgrößen (gestaltung.yaml); ohne Angabe gilt die eingebaute Gestaltung."""
    begriffe: Begriffe = Field(default_factory=Begriffe)
    """Begriffe, die vom Gesetzesstand abweichen sollen, z. B. leistung: Grundsicherungsgeld."""

    def parts(self) -> Iterator[tuple[Location, int, Chapter | Section]]:
        """Every chapter and section with where it is written and its depth, in reading order."""
        return walk_parts(self.outline, sections_of)

    def blocks(self) -> Iterator[tuple[Location, BlockSpec]]:
        """Every block of the outline with where it is written, in reading order."""
        for location, _, part in self.parts():
            for index, block in enumerate(part.blocks):
                yield location + (BLOCKS, index), block

    @property
    def title(self) -> str:
        """The title as given, or the usual one for the Träger type."""
        return self.given_title or USUAL_TITLE[self.jobcenter.traeger]

    @property
    def year(self) -> int:
        """The (first) program year."""
        return self.period.first

    @property
    def years(self) -> list[int]:
        """Every year of the program period."""
        return self.period.years

    @property
    def previous_year(self) -> int:
        """„Vorjahr“: the year before the program period."""
        return self.period.previous_year

    @property
    def approving_body(self) -> str:
        """The body that approved (or will approve) the program."""
        return (self.beschluss and self.beschluss.body) or self.jobcenter.approving_body

    @property
    def terms(self) -> dict[str, str]:
        """Terms in force when the period begins, overridden by those the data set pins."""
        pinned = {key: value for key, value in self.begriffe.model_dump().items() if value}
        return {**terms_in_force(datetime.date(self.year, 1, 1)), **pinned}

    @model_validator(mode="after")
    def _approval_fits_status(self) -> Program:
        if self.status is Status.beschlossen and self.beschluss is None:
            raise PydanticCustomError("amip", "status: beschlossen braucht beschluss mit datum (und gremium)")
        if self.status is not Status.beschlossen and self.beschluss is not None:
            raise PydanticCustomError("amip", "beschluss gibt es nur mit status: beschlossen")
        return self
