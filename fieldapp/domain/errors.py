"""Every error the domain raises, each with a stable code.

Codes are part of the product's contract: the UI and the HTTP layer turn them into translated
text (see ``fieldapp.i18n.messages``); they never carry client data, only field names and
numbers, so an exception can be logged safely.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Stable error codes. Add, never rename: catalogs and the server depend on them."""

    BSN_IN_TEXT = "domain.bsn_in_text"
    NUL_IN_TEXT = "domain.nul_in_text"
    INVALID_POSTCODE = "domain.invalid_postcode"
    NAIVE_DATETIME = "domain.naive_datetime"
    DATETIME_OUT_OF_RANGE = "domain.datetime_out_of_range"
    GOAL_MINUTES_EXCEED_DURATION = "domain.goal_minutes_exceed_duration"
    WHO5_ITEM_COUNT = "domain.who5_item_count"
    UNKNOWN_SIGNAL = "domain.unknown_signal"
    NOT_FOUND = "domain.not_found"
    MIXED_CLIENTS = "domain.mixed_clients"
    GOAL_PERIOD_REVERSED = "domain.goal_period_reversed"
    CONSENT_MISSING = "consent.missing"
    CONSENT_OTHER_RECIPIENT = "consent.other_recipient"
    CONSENT_EXPIRED = "consent.expired"
    CONSENT_WITHDRAWN = "consent.withdrawn"
    CONSENT_NOT_FREE = "consent.not_free"
    CONSENT_WRONG_PURPOSE = "consent.wrong_purpose"
    CONSENT_OTHER_CLIENT = "consent.other_client"
    CONSENT_DATES_INVALID = "consent.dates_invalid"
    CONSENT_NOT_YET_GIVEN = "consent.not_yet_given"
    REFERRAL_BAD_TRANSITION = "referral.bad_transition"
    REFERRAL_TIME_BACKWARDS = "referral.time_backwards"
    REFERRAL_ADVICE_ONLY_TARGET = "referral.advice_only_target"
    REFERRAL_AMOUNTS_WITHOUT_CONSENT = "referral.amounts_without_consent"
    RULES_INVALID = "rules.invalid"
    INVALID_KVK = "domain.invalid_kvk"
    PLACEMENT_DATES_REVERSED = "placement.dates_reversed"
    PLACEMENT_END_REASON_MISSING = "placement.end_reason_missing"
    PLACEMENT_END_REASON_WITHOUT_END = "placement.end_reason_without_end"
    PLACEMENT_LOONWAARDE_MISSING = "placement.loonwaarde_missing"
    PLACEMENT_DUPLICATE = "placement.duplicate"
    PLACEMENT_UNKNOWN_SITE = "placement.unknown_site"
    INVALID_PHONE = "domain.invalid_phone"
    INVALID_EMAIL = "domain.invalid_email"
    REQUEST_NO_CONTACT = "request.no_contact"
    CONCERN_EMPTY = "concern.empty"


class DomainError(Exception):
    """Base of the domain's error family: a stable ``code`` plus safe parameters.

    ``params`` holds only field names, identifiers and numbers (never client text), so the
    message is safe for logs and the edge can render ``code`` with ``params`` in any language.
    """

    def __init__(self, code: ErrorCode, **params: Any) -> None:
        self.code = code
        self.params = params
        detail = ", ".join(f"{key}={value}" for key, value in sorted(params.items()))
        super().__init__(f"{code.value}" + (f" ({detail})" if detail else ""))


class ConsentError(DomainError):
    """The consent gate refused: no valid, unexpired consent for exactly this recipient."""


class TransitionError(DomainError):
    """A referral status change that the lifecycle does not allow."""


class RulesError(DomainError):
    """An organisation's rule table could not be used."""
