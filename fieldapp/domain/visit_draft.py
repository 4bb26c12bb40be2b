"""A visit as the wizard holds it before it is saved: text as typed, choices as made.

Saved (encrypted) after every change, so killing the app mid-visit loses nothing. Being a
domain model, a draft refuses BSN-looking text like every other record.
"""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from fieldapp.domain.base import AwareDatetime, DomainModel
from fieldapp.domain.signals import SignalSource
from fieldapp.domain.visit import ParticipantRole, VisitType
from fieldapp.domain.wellbeing import ITEM_COUNT

STEPS = ("visit", "notes", "wellbeing", "signals", "summary")


class VisitDraft(DomainModel):
    """What the wizard holds, saved (encrypted) after every change; text as typed."""

    id: UUID
    client_id: UUID
    step: int = Field(default=0, ge=0, lt=len(STEPS))
    reached: int = Field(default=0, ge=0, lt=len(STEPS))
    """The furthest step shown so far (the step indicator ticks the ones visited)."""
    visit_type: VisitType = VisitType.WORKPLACE_VISIT
    day: str = Field(default="", max_length=10)
    """``YYYY-MM-DD``, Amsterdam calendar day."""
    clock: str = Field(default="", max_length=5)
    """``HH:MM``, Amsterdam time."""
    duration: str = Field(default="60", max_length=6)
    participants: tuple[ParticipantRole, ...] = (ParticipantRole.CLIENT,)
    goal_minutes: dict[str, str] = Field(default_factory=dict)
    notes_internal: str = Field(default="", max_length=8000)
    notes_for_funder: str = Field(default="", max_length=4000)
    placement_id: str = Field(default="", max_length=36)
    """The placement a workplace visit is made at; empty: none (or not a workplace visit)."""
    who5_consent: bool = False
    who5: tuple[int | None, ...] = (None,) * ITEM_COUNT
    signal_codes: tuple[str, ...] = ()
    signal_source: SignalSource = SignalSource.OBSERVED_BY_JOBCOACH
    client_words: str = Field(default="", max_length=2000)
    consented: tuple[str, ...] = ()
    """Recipient ids the client agreed to, on the summary step."""
    language: str = Field(default="nl", max_length=12)
    """The language the consent texts and WHO-5 were shown in."""
    saved_at: AwareDatetime | None = None

    def changed(self, **changes: object) -> VisitDraft:
        return VisitDraft.model_validate({**self.model_dump(), **changes})
