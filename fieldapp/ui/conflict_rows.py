"""The conflict screen's rows: each field that differs, named in the user's language, with
both values as text. Pure (no Flet)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel

from fieldapp.domain.conflicts import FieldDifference
from fieldapp.i18n import _, field_label
from fieldapp.i18n.work_labels import TABLES as WORK_CODES
from fieldapp.i18n.work_labels import work_label

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
    if isinstance(value, BaseModel):  # a site, a contact person, an address: no ids
        parts = (as_text(getattr(value, name)) for name in type(value).model_fields)
        shown = [
            part
            for name, part in zip(type(value).model_fields, parts, strict=True)
            if name != "id" and part != EMPTY
        ]
        return ", ".join(shown) or EMPTY
    if isinstance(value, Enum) and type(value) in WORK_CODES:
        return work_label(value)
    if isinstance(value, tuple | list):
        return ", ".join(as_text(v) for v in value) or EMPTY
    return str(value)


def conflict_rows(differences: list[FieldDifference]) -> list[ConflictRow]:
    return [
        ConflictRow(d.name, field_label(d.name), as_text(d.mine), as_text(d.theirs))
        for d in differences
    ]
