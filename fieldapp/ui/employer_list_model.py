"""The employer register's rows: name, kind, number of work sites and their towns, and what a
search matches (name, KvK number, town)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fieldapp.domain.employer import Employer
from fieldapp.i18n import ngettext
from fieldapp.i18n.work_labels import work_label


@dataclass(frozen=True)
class EmployerRow:
    employer_id: str
    name: str
    summary: str
    search_text: str


def employer_rows(employers: Sequence[Employer]) -> list[EmployerRow]:
    rows = []
    for employer in employers:
        sites = len(employer.sites)
        towns = sorted({s.address.city for s in employer.sites if s.address and s.address.city})
        summary = ", ".join(
            [
                work_label(employer.kind),
                ngettext("%(n)d work site", "%(n)d work sites", sites) % {"n": sites},
                *towns,
            ]
        )
        words = [employer.name, employer.kvk or "", *towns]
        rows.append(
            EmployerRow(str(employer.id), employer.name, summary, " ".join(words).casefold())
        )
    return rows
