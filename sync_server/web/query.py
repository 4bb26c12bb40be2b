"""Reading a page's query string: a value that does not parse filters nothing (a filter form
never answers with an error page)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

from pydantic import BaseModel, Field

from fieldapp.domain.referral import Status
from fieldapp.domain.targets import Urgency
from sync_server.services.teams import ReferralFilter


def choice(kind: type[Any], text: str) -> Any:
    """``kind(text)``, or ``None`` for an empty or unknown value."""
    try:
        return kind(text) if text else None
    except ValueError:
        return None


def page_number(text: str) -> int:
    return int(text) if text.isdigit() and 0 < len(text) < 6 else 1


def list_query(fields: Mapping[str, str]) -> str:
    """A list page's own filter and page, to carry to an item's page and back (only the
    list's known fields: the model that read them)."""
    return urlencode({name: value for name, value in fields.items() if value})


def filter_query(chosen: ReferralFilter) -> str:
    """The filter's part of a list's address, for its paging links (no page number)."""
    return urlencode(
        {
            "status": chosen.status.value if chosen.status else "",
            "urgency": chosen.urgency.value if chosen.urgency else "",
            "overdue": "1" if chosen.overdue else "",
        }
    )


def day(text: str) -> date | None:
    """``YYYY-MM-DD`` as a date input sends it; None for empty or unreadable."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


class ReferralListQuery(BaseModel):
    """A referral list's filter form (the team's inbox; the board adds the team), as text."""

    status: str = Field(default="", max_length=40)
    urgency: str = Field(default="", max_length=20)
    overdue: str = Field(default="", max_length=2)
    page: str = Field(default="", max_length=6)

    def chosen(self) -> ReferralFilter:
        return ReferralFilter(
            status=choice(Status, self.status),
            urgency=choice(Urgency, self.urgency),
            overdue=self.overdue == "1",
            page=page_number(self.page),
        )
