"""The server's problem codes: the stable ``code`` of every refusal it answers with.

A code leaves the server in a :class:`fieldapp.wire.Problem` (API), as the ``code`` of a
refused change in a push result, or on an error line of the command line; the app and the web
pages turn it into words. The values never change once released (devices compare them).

Not listed here: the domain's own codes (:class:`fieldapp.domain.errors.ErrorCode`, passed on
as they are) and ``http.<status>`` for Starlette's own HTTP errors.
"""

from __future__ import annotations

from enum import StrEnum


class ProblemCode(StrEnum):
    # authentication and authorisation
    AUTH_REQUIRED = "auth.required"
    AUTH_FAILED = "auth.failed"
    AUTH_FORBIDDEN = "auth.forbidden"
    NOT_FOUND = "not_found"
    """The same answer for "does not exist" and "not yours": existence is not revealed."""
    DEVICE_REVOKED = "device.revoked"
    ENROLL_INVALID_CODE = "enroll.invalid_code"
    ENROLL_THROTTLED = "enroll.throttled"

    # a pushed change
    CHANGE_INVALID = "change.invalid"
    CHANGE_MISMATCH = "change.mismatch"
    CHANGE_OPERATION_NOT_ALLOWED = "change.operation_not_allowed"
    CHANGE_VERSION_CONFLICT = "change.version_conflict"
    CHANGE_KEY_REUSED = "change.key_reused"
    CLIENT_NOT_IN_CASELOAD = "client.not_in_caseload"
    REFERRAL_NOT_QUEUED = "referral.not_queued"
    REFERRAL_SERVER_OWNED = "referral.server_owned"

    # teams, coordinators, reports, pull
    REFERRAL_STATUS_NOT_FOR_TEAMS = "referral.status_not_for_teams"
    ASSIGN_BAD_JOBCOACH = "assign.bad_jobcoach"
    REPORT_BAD_MONTH = "report.bad_month"
    REPORT_BAD_YEAR = "report.bad_year"
    PULL_BAD_CURSOR = "pull.bad_cursor"
    VISIT_REQUEST_THROTTLED = "visit_request.throttled"
    RATING_LINK_THROTTLED = "rating_link.throttled"

    # administration (command line, demo)
    ORGANISATION_EXISTS = "organisation.exists"
    ORGANISATION_NOT_FOUND = "organisation.not_found"
    TEAM_ADVICE_ONLY_TARGET = "team.advice_only_target"
    TEAM_BAD_RECIPIENT_ID = "team.bad_recipient_id"
    TEAM_EXISTS = "team.exists"
    TEAM_NOT_FOUND = "team.not_found"
    USER_BAD_USERNAME = "user.bad_username"
    USER_EXISTS = "user.exists"
    USER_NOT_FOUND = "user.not_found"
    USER_TEAM_REQUIRED = "user.team_required"
    USER_EMPLOYER_REQUIRED = "user.employer_required"

    # the HTTP edge
    REQUEST_INVALID = "request.invalid"
    REQUEST_TOO_LARGE = "request.too_large"
    SERVER_ERROR = "server.error"
