"""What the damage screen says about each missing or rolled-back part of the store: what
happened, what it held, and what each way out brings back or loses. Words only; the store's
:class:`~fieldapp.domain.store_errors.Damage` carries codes and counts."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.store_errors import Damage, DamageKind
from fieldapp.i18n import N_, _, ngettext
from fieldapp.ui.sync_records import KINDS

_WHAT = {
    DamageKind.SEGMENT_MISSING: N_("Part of a file on this device is missing."),
    DamageKind.SEGMENT_ROLLED_BACK: N_(
        "Part of a file on this device was replaced by an older copy."
    ),
    DamageKind.PARTITION_MISSING: N_("A whole file on this device is missing."),
    DamageKind.MANIFEST_MISSING: N_(
        "The list the app uses to check its files is missing, so it cannot tell what is gone."
    ),
}


@dataclass(frozen=True)
class DamageRow:
    what: str
    whose: str
    held: str
    restore_label: str | None
    """None: no usable previous copy."""
    restore_effect: str
    go_on_effect: str


def _kinds(kinds: tuple[str, ...]) -> str:
    labels = []
    for kind in kinds:
        try:
            labels.append(_(KINDS[EntityKind(kind)]))
        except (ValueError, KeyError):
            labels.append(_("the app's own data"))
    return ", ".join(dict.fromkeys(labels)) if labels else _("nothing that the app knows of")


def _unsent(count: int) -> str:
    if not count:
        return _("No unsent changes were in it.")
    return ngettext(
        "{count} change had not been sent to the server yet.",
        "{count} changes had not been sent to the server yet.",
        count,
    ).format(count=count)


def _whose(damage: Damage, client_name: str | None) -> str:
    if client_name:
        return _("It belongs to the file of {name}.").format(name=client_name)
    if damage.partition.startswith("client:"):
        return _("It belongs to a client's file.")
    return _("It belongs to the app's own data (settings, sync, events).")


def client_of(damage: Damage) -> UUID | None:
    """The client whose file is damaged, if it is a client's."""
    prefix, _sep, rest = damage.partition.partition(":")
    try:
        return UUID(rest) if prefix == "client" else None
    except ValueError:
        return None


def damage_row(damage: Damage, client_name: str | None = None) -> DamageRow:
    """``client_name``: as the caseload last listed the client (None: not known)."""
    held = _("It held: {kinds}.").format(kinds=_kinds(damage.kinds)) + " " + _unsent(damage.unsent)
    restore_label = None
    restore_effect = ""
    if damage.previous is not None:
        restore_label = _("Put back the earlier copy")
        restore_effect = (
            _("The earlier copy holds: {kinds}.").format(kinds=_kinds(damage.previous.kinds))
            + " "
            + _unsent(damage.previous.unsent)
            + " "
            + _("What was saved in this part after that copy stays lost.")
        )
    if damage.kind is DamageKind.MANIFEST_MISSING:
        go_on = _("The app records its files as they are now and checks them from then on.")
    else:
        go_on = _("Continuing without it loses what it held, including unsent changes.")
    return DamageRow(
        what=_(_WHAT[damage.kind]),
        whose=_whose(damage, client_name),
        held=held if damage.kind is not DamageKind.MANIFEST_MISSING else "",
        restore_label=restore_label,
        restore_effect=restore_effect,
        go_on_effect=go_on,
    )
