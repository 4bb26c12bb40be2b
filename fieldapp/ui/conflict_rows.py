"""The conflict screen's rows: each field that differs, named in the user's language, with
both values as text. Pure (no Flet)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from fieldapp.domain.conflicts import FieldDifference
from fieldapp.i18n import _, field_label

EMPTY = "—"


@dataclass(frozen=True)
class ConflictRow:
    name: str
    label: str
    mine: str
    theirs: str


def as_text(value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, BaseModel):
        return ", ".join(as_text(v) for v in value.model_dump().values() if v not in (None, ""))
    if isinstance(value, tuple | list):
        return ", ".join(as_text(v) for v in value) or EMPTY
    return str(value)


def conflict_rows(differences: list[FieldDifference]) -> list[ConflictRow]:
    return [
        ConflictRow(d.name, field_label(d.name), as_text(d.mine), as_text(d.theirs))
        for d in differences
    ]
