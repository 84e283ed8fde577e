"""Statistical tables: kinds of table, each with its rows and cells."""

from __future__ import annotations

import datetime
import typing
from typing import Annotated, Any, Literal, Union

from pydantic import Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from amip.model.types import Anzahl, Count, Label, Schema, Zelle


class ChangeRow(Schema):
    """A row with a value and its absolute change against the previous year."""

    id: str | None = None
    """Name, unter dem Texte auf die Zeile zugreifen."""
    label: Label = Field(alias="merkmal")
    """Merkmal, wie es in der Tabelle steht."""
    value: Zelle = Field(alias="wert")
    """Wert im Berichtsmonat, oder ein Zeichen der BA-Statistik: "*", "-", "x", "."."""
    change: Zelle = Field(alias="veraenderung")
    """Veränderung zum Vorjahr, absolut, oder ein Zeichen der BA-Statistik."""
    level: int = Field(0, alias="ebene", ge=0, le=4)
    """Einrückung: 0 für Hauptzeilen, 1, 2, … für Unterzeilen."""
    is_base: bool = Field(False, alias="bezugsgroesse")
    """true: auf diese Zeile beziehen sich die Anteile der folgenden Zeilen (= 100 %)."""


class ChangeBlock(Schema):
    """One reporting month of a change table."""

    month: datetime.date = Field(alias="berichtsmonat")
    """Berichtsmonat, als Datum des Monatsersten (2016-05-01)."""
    rows: list[ChangeRow] = Field(alias="zeilen", min_length=1)
    """Zeilen des Blocks."""


class ChangeTable(Schema):
    """Values per reporting month with change to the previous year and shares."""

    kind: Literal["veraenderung"] = Field(alias="art")
    """Art der Tabelle: veraenderung."""
    title: str = Field(alias="titel")
    """Überschrift."""
    hint: str | None = Field(None, alias="hinweis")
    """Erläuterung unter der Überschrift."""
    header_row: str = Field(alias="oberzeile")
    """Text der Kopfzeile jedes Blocks, z. B. „Erwerbsfähige Leistungsberechtigte (ELB)“."""
    source: str | None = Field(None, alias="quelle")
    """Quellenangabe unter der Tabelle."""
    blocks: list[ChangeBlock] = Field(alias="bloecke", min_length=1)
    """Ein Block je Berichtsmonat."""


class Profil(Schema):
    """One Profillage with its counts per age group."""

    kuerzel: str
    """Kürzel, z. B. MP."""
    label: str = Field(alias="bezeichnung")
    """Bezeichnung, z. B. Marktprofil."""
    values: list[Anzahl] = Field(alias="werte")
    """Anzahl je Altersgruppe, in der Reihenfolge der altersgruppen; statt einer Zahl ein Zeichen der BA-Statistik."""
    stated_total: Count | None = Field(None, alias="summe")
    """Summe, wie die Quelle sie ausweist, falls sie von der Summe der Werte abweicht."""


class ProfilGruppe(Schema):
    """A group of Profillagen (integrationsnah, komplex, sonstige)."""

    label: str = Field(alias="bezeichnung")
    """Bezeichnung der Gruppe."""
    profiles: list[Profil] = Field(alias="profile", min_length=1)
    """Die Profillagen der Gruppe."""


class ProfileTable(Schema):
    """ELB by Profillage and age group; totals and shares are computed."""

    kind: Literal["profillagen"] = Field(alias="art")
    """Art der Tabelle: profillagen."""
    title: str = Field(alias="titel")
    """Überschrift."""
    source: str | None = Field(None, alias="quelle")
    """Quellenangabe unter der Tabelle."""
    total_label: str = Field(alias="gesamt")
    """Bezeichnung der Gesamtzeile."""
    age_groups: list[str] = Field(alias="altersgruppen", min_length=1)
    """Bezeichnungen der Altersgruppen (Spalten)."""
    groups: list[ProfilGruppe] = Field(alias="gruppen", min_length=1)
    """Gruppen von Profillagen."""
    stated_age_totals: list[Count] | None = Field(None, alias="summen_altersgruppen")
    """Spaltensummen, wie die Quelle sie ausweist, falls sie von den berechneten abweichen."""
    tolerance: Count = Field(0, alias="toleranz")
    """Erlaubte Abweichung ausgewiesener Summen von den berechneten."""

    @model_validator(mode="after")
    def _values_per_age_group(self) -> ProfileTable:
        width = len(self.age_groups)
        for group in self.groups:
            for profile in group.profiles:
                if len(profile.values) != width:
                    raise PydanticCustomError(
                        "amip", "Profillage {kuerzel}: {found} Werte, aber {width} Altersgruppen",
                        {"kuerzel": profile.kuerzel, "found": len(profile.values), "width": width})
        if self.stated_age_totals is not None and len(self.stated_age_totals) != width:
            raise PydanticCustomError("amip", "summen_altersgruppen braucht {width} Werte", {"width": width})
        return self


def _kind(cls: type[Schema]) -> str:
    """A table kind's `art`: the one value its field `kind` allows."""
    return typing.get_args(cls.model_fields["kind"].annotation)[0]


TABLE_KINDS: dict[str, type[Schema]] = {_kind(cls): cls for cls in (ChangeTable, ProfileTable)}
"""Every kind of statistical table by its `art`: the one list a new kind is added to."""


def _table_tag(value: Any) -> str | None:
    """The kind of a table as written (`art`), or None where there is none."""
    kind = value.get("art") if isinstance(value, dict) else getattr(value, "kind", None)
    return f"<{kind}>" if kind in TABLE_KINDS else None


StatTable = Annotated[
    Union[tuple(Annotated[cls, Tag(f"<{key}>")] for key, cls in TABLE_KINDS.items())],  # type: ignore[misc]
    Discriminator(_table_tag, custom_error_type="tabelle",
                  custom_error_message="art muss eine der Tabellenarten " + ", ".join(TABLE_KINDS) + " sein",
                  custom_error_context={"allowed": ", ".join(TABLE_KINDS)}),
]
"""A statistical table of any kind, told apart by its `art`."""
