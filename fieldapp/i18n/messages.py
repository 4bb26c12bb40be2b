"""The one place where stable error codes become translated text for people.

Codes come from :class:`fieldapp.domain.errors.ErrorCode`, from
:class:`fieldapp.domain.store_errors.StoreErrorCode` and from pydantic's own error types
(``missing``, ``string_too_long``, ...). Parameters name fields, statuses and numbers, never
client data: a message is built only from the code's template and those parameters, never from
the input that failed. An unknown code gives a generic message that names the code.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from fieldapp.domain.errors import ErrorCode
from fieldapp.domain.referral import Status
from fieldapp.domain.store_errors import StoreErrorCode
from fieldapp.i18n.field_errors import field_error_template
from fieldapp.i18n.formatting import format_number
from fieldapp.i18n.labels import field_label, status_label
from fieldapp.i18n.translator import N_, Translator, active

# TRANSLATORS: {code} is a technical code such as store.locked; keep it unchanged.
GENERIC = N_("Something went wrong (code: {code}).")
"""For a code without a message of its own."""

MISSING_PARAM = "…"
"""Shown where a template's parameter was not given, instead of failing."""

CODES: Mapping[str, str] = {
    # TRANSLATORS: {field} is a form field's translated label; BSN = burgerservicenummer.
    ErrorCode.BSN_IN_TEXT: N_(
        "‘{field}’ seems to contain a BSN. Veldwerk never stores a BSN: remove the number."
    ),
    # TRANSLATORS: {field} is a form field's translated label; a NUL is an invisible character.
    ErrorCode.NUL_IN_TEXT: N_(
        "‘{field}’ holds an invisible NUL character that cannot be stored. Type the text again."
    ),
    ErrorCode.INVALID_POSTCODE: N_(
        "Enter the postcode as 4 digits and 2 letters, for example 1234 AB."
    ),
    ErrorCode.NAIVE_DATETIME: N_("‘{field}’ has no time zone."),
    # TRANSLATORS: {earliest} and {latest} are years, e.g. 1900 and 2200.
    ErrorCode.DATETIME_OUT_OF_RANGE: N_(
        "Check the date: it must lie between {earliest} and {latest}."
    ),
    ErrorCode.GOAL_MINUTES_EXCEED_DURATION: N_(
        "The minutes spent on goals add up to more than the visit lasted."
    ),
    ErrorCode.WHO5_ITEM_COUNT: N_(
        "Give an answer from 0 to 5 for each of the five WHO-5 questions."
    ),
    ErrorCode.UNKNOWN_SIGNAL: N_("Unknown signal code: {signal_code}."),
    ErrorCode.NOT_FOUND: N_("This item was not found. It may have been removed."),
    ErrorCode.MIXED_CLIENTS: N_("Everything saved with a visit must belong to the same client."),
    ErrorCode.GOAL_PERIOD_REVERSED: N_("The period of a goal must end on or after its start."),
    ErrorCode.CONSENT_MISSING: N_(
        "The client has not given consent for this recipient. Ask for consent first."
    ),
    ErrorCode.CONSENT_OTHER_RECIPIENT: N_(
        "The consent is for another recipient. Ask for consent for this recipient."
    ),
    ErrorCode.CONSENT_EXPIRED: N_("The consent has expired. Ask for consent again."),
    ErrorCode.CONSENT_WITHDRAWN: N_("The client has withdrawn consent. Nothing will be sent."),
    ErrorCode.CONSENT_NOT_FREE: N_(
        "Consent given through the employer does not count. Ask the client yourself."
    ),
    ErrorCode.CONSENT_WRONG_PURPOSE: N_("The consent was given for another purpose."),
    ErrorCode.CONSENT_OTHER_CLIENT: N_("The consent belongs to another client."),
    ErrorCode.CONSENT_DATES_INVALID: N_(
        "The consent cannot expire or be withdrawn before it was given. Check the dates."
    ),
    ErrorCode.CONSENT_NOT_YET_GIVEN: N_(
        "The consent is dated in the future. Check the date and time of the device."
    ),
    ErrorCode.REFERRAL_BAD_TRANSITION: N_("A referral cannot go from ‘{from_status}’ to ‘{to}’."),
    ErrorCode.REFERRAL_TIME_BACKWARDS: N_(
        "This status change is dated before the previous one. Check the date and time of "
        "the device."
    ),
    ErrorCode.REFERRAL_ADVICE_ONLY_TARGET: N_(
        "This is advice for the client, not a referral. No data is sent there."
    ),
    ErrorCode.REFERRAL_AMOUNTS_WITHOUT_CONSENT: N_(
        "Amounts can only be sent along when the client agrees."
    ),
    ErrorCode.RULES_INVALID: N_(
        "Your organisation's rule table cannot be used. Ask your coordinator to check it."
    ),
    ErrorCode.INVALID_KVK: N_("A KvK number has 8 digits, for example 12345678."),
    ErrorCode.PLACEMENT_DATES_REVERSED: N_("‘{field}’ cannot be before the start."),
    ErrorCode.PLACEMENT_END_REASON_MISSING: N_("Choose why the placement ended."),
    ErrorCode.PLACEMENT_END_REASON_WITHOUT_END: N_(
        "Fill in the day the placement ended, or leave the reason empty."
    ),
    ErrorCode.PLACEMENT_LOONWAARDE_MISSING: N_(
        "Fill in the loonwaarde in percent: it goes with the loonkostensubsidie."
    ),
    ErrorCode.PLACEMENT_DUPLICATE: N_(
        "This client already has a placement of this kind at this employer and site at "
        "that time. Change the dates, or edit the other placement."
    ),
    ErrorCode.PLACEMENT_UNKNOWN_SITE: N_("Choose one of this employer's work sites."),
    ErrorCode.INVALID_PHONE: N_(
        "Enter a phone number of 8 to 20 digits, for example 020 123 4567."
    ),
    ErrorCode.INVALID_EMAIL: N_("Enter an email address, for example name@company.nl."),
    ErrorCode.CONCERN_EMPTY: N_("Tick what you noticed, or describe it in a few words."),
    ErrorCode.REQUEST_NO_CONTACT: N_(
        "Give a phone number or an email address, so that we can make an appointment."
    ),
    StoreErrorCode.WRONG_PASSPHRASE: N_("The passphrase is not correct. Try again."),
    StoreErrorCode.INTEGRITY: N_(
        "A data file on this device is damaged or has been changed. Contact your coordinator."
    ),
    StoreErrorCode.LOCKED: N_("The data is locked. Unlock the app with your passphrase first."),
    StoreErrorCode.NOT_FOUND: N_("There is no data on this device yet."),
    StoreErrorCode.ALREADY_EXISTS: N_("There is already data on this device."),
    StoreErrorCode.IN_USE: N_(
        "The data is already open in another window of the app. Close it and try again."
    ),
    StoreErrorCode.WEAK_PASSPHRASE: N_("This passphrase is too short. Choose a longer one."),
    StoreErrorCode.UNSUPPORTED_FORMAT: N_(
        "This version of the app cannot read the data on this device. Update the app."
    ),
    StoreErrorCode.DATA_MISSING: N_(
        "Some data on this device is missing or older than it should be. Lock and unlock the "
        "app to see what, and choose what to do."
    ),
    StoreErrorCode.BUSY: N_(
        "The app is still busy with another unlock. Wait a moment and try again."
    ),
    # TRANSLATORS: {time} is a clock time such as 14:05.
    StoreErrorCode.THROTTLED: N_(
        "Too many wrong passphrases in a row. You can try again at {time}."
    ),
    # Sync (fieldapp.sync.errors.SyncErrorCode; named by value: i18n does not import sync)
    "sync.not_enrolled": N_("This device is not linked to a server yet. Everything stays here."),
    "sync.bad_url": N_("This server address cannot be used. It must start with https://."),
    "sync.network": N_("No connection to the server. Your work is kept and sent later."),
    "sync.tls": N_(
        "The server's certificate is not trusted, so nothing was sent. Contact your coordinator."
    ),
    "sync.server_unavailable": N_("The server is busy or down. Trying again shortly."),
    "auth.required": N_("The server did not accept this device. Contact your coordinator."),
    "device.revoked": N_(
        "This device was removed from Veldwerk by your organisation. Its data has been erased."
    ),
    "sync.refused": N_("The server refused the request. Contact your coordinator."),
    "sync.protocol": N_("The server gave an answer the app does not understand. Trying again."),
    "enroll.invalid_code": N_(
        "This pairing code is not right, or it was used or has expired. Check it (12 letters "
        "and digits, like K7QM-2XWD-9PRT) or ask your coordinator for a new one."
    ),
    "enroll.throttled": N_(
        "Too many wrong pairing codes were tried, so linking is paused for a while. Try again "
        "later; if your code has expired by then, ask your coordinator for a new one."
    ),
    # Codes the server gives a refused change (see docs/sync-protocol.md)
    "client.not_in_caseload": N_(
        "The server does not know this client in your caseload. Save the client's details "
        "first, or ask your coordinator."
    ),
    "change.version_conflict": N_("Someone else changed this too. Choose which version to keep."),
    "change.key_reused": N_("The server already has a different change under this key."),
    "change.after_rejected": N_(
        "An earlier change to this record was refused; fix that one first."
    ),
    "change.mismatch": N_("This change does not fit the record on the server."),
    # A change the app itself holds: alone it is larger than the server accepts.
    "change.too_large": N_(
        "This change is too large for the server to accept. Shorten its texts and save it "
        "again, or contact your coordinator."
    ),
    "referral.server_owned": N_(
        "The receiving team now handles this referral; it can only be withdrawn."
    ),
    "referral.not_queued": N_("A referral can only be sent after the client's consent."),
    "device.lease_expired": N_(
        "This device has not reached the server for too long. Connect to the internet and "
        "unlock again."
    ),
}
"""Every domain, store and sync error code with its English template."""

_STATUS_PARAMS = frozenset({"from_status", "to"})
_STATUSES = frozenset(Status)


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return MISSING_PARAM


def _render(params: Mapping[str, object], translator: Translator) -> _Params:
    rendered = _Params()
    for key, value in params.items():
        if key == "field" and isinstance(value, str):
            rendered[key] = field_label(value, translator=translator)
        elif key in _STATUS_PARAMS and isinstance(value, str) and value in _STATUSES:
            rendered[key] = status_label(Status(value), translator=translator)
        elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            rendered[key] = format_number(value, translator=translator)
        else:
            rendered[key] = str(value)
    return rendered


def _template(code: str, params: Mapping[str, object], translator: Translator) -> str | None:
    if code in CODES:
        return translator.gettext(CODES[code])
    return field_error_template(code, params, translator)


def render(
    code: str,
    params: Mapping[str, object],
    *,
    translator: Translator | None = None,
    default: str | None = None,
) -> str:
    """:func:`message_for` with the parameters as a mapping, and an optional ``default``.

    ``default`` (an English source string) replaces the generic message for an unknown code.
    """
    t = translator if translator is not None else active()
    template = _template(code, params, t)
    if template is None and default is not None:
        template = t.gettext(default)
    if template is None:
        template, params = t.gettext(GENERIC), {**params, "code": str(code)}
    return template.format_map(_render(params, t))


def message_for(code: str, /, *, translator: Translator | None = None, **params: object) -> str:
    """Translated text for an error ``code``, filled with ``params`` (e.g. ``field="notes"``).

    ``field`` is shown by its translated label and statuses by theirs; numbers are formatted
    for the language. An unknown code gives "Something went wrong (code: X)".
    """
    return render(code, params, translator=translator)
