"""What the visit wizard's screens are given: the draft and what goes with it, and the actions
they call back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from fieldapp.domain.visit_draft import VisitDraft
from fieldapp.services.visit_wizard import Summary

Change = Callable[..., None]
"""``on_change(field=value, ...)``: the draft changed."""
UNANSWERED = "-"


@dataclass(frozen=True)
class WizardScreen:
    draft: VisitDraft
    client_name: str
    easy: bool = False
    """The client needs easy language (consent texts in their B1 version)."""
    goals: list[tuple[str, str]] = field(default_factory=list)
    """(goal id, title) of the client's goals."""
    workplaces: list[tuple[str, str]] = field(default_factory=list)
    """(placement id, words) of the placements running now."""
    summary: Summary | None = None
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WizardActions:
    change: Change
    redraw: Callable[..., Awaitable[None]]
    """``redraw(field=value, ...)``: change the draft and show it again (another step, or
    content that depends on a choice)."""
    save: Callable[[], Awaitable[None]]
    add_goal: Callable[[], Awaitable[None]] | None = None
    """Open the goal form; back in the wizard after saving, the new goal listed."""
