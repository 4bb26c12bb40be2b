"""A NUL character (U+0000) in any text of a request is invalid input, never a server error.

PostgreSQL cannot store a NUL in text; without the wire models' guard a referral with a NUL in
its recipient reached a clear column and failed in the database. Every body the API takes is a
:class:`fieldapp.wire.WireModel`, which refuses a NUL at any depth, also inside ``body``.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from fieldapp.domain.targets import Target
from fieldapp.wire import Change, EnrollRequest, Problem, StatusUpdate
from sync_server.db.schema import ClientRow, ReferralRow
from sync_server.services.context import ServerContext
from tests.factories import build_client, build_consent
from tests.server.changes import change_of
from tests.server.conftest import LiveServer, enroll
from tests.server.test_referrals import queued

NUL = "\x00"


def _json(change: Change) -> dict[str, Any]:
    return change.model_dump(mode="json")


def _with_nul(document: dict[str, Any], key: str) -> dict[str, Any]:
    return {**document, key: f"{document[key]}{NUL}"}


@pytest.mark.usefixtures("demo")
def test_push_bodies_with_a_nul_are_refused_as_invalid(
    ctx: ServerContext, server: LiveServer
) -> None:
    device = enroll(ctx, server, "jobcoach1")
    client = build_client()
    referral = queued("schuldhulp:amsterdam", Target.SCHULDHULP)
    consent = build_consent(recipient_id="schuldhulp:amsterdam")
    client_change, referral_change = _json(change_of(client)), _json(change_of(referral))
    nested = {
        **client_change["body"],
        "address": _with_nul(client_change["body"]["address"], "city"),
    }
    bodies = [
        _with_nul(client_change["body"], "notes"),  # free text
        nested,  # free text in a nested model
        {**client_change["body"], f"notes{NUL}": "x"},  # a key
        _with_nul(referral_change["body"], "recipient_id"),  # a clear column on the server
    ]
    with server.client(device.token) as api:
        for body in bodies:
            change = client_change if "given_name" in body else referral_change
            consents = [_json(change_of(consent))] if change is referral_change else []
            sent = {"changes": [*consents, {**change, "body": body}]}
            answer = api.post("/sync/push", json=sent)
            assert answer.status_code == 422, answer.text
            problem = Problem.model_validate(answer.json())
            assert problem.code == "request.invalid"
            assert "body" in problem.detail and NUL not in answer.text
    with ctx.db.read() as session:  # nothing of any batch was stored
        assert session.query(ClientRow).count() == 0
        assert session.query(ReferralRow).count() == 0


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize(
    "body",
    [
        {"pairing_code": "ABCD-EFGH-JKLM", "device_label": f"tablet{NUL}"},
        {"pairing_code": f"ABCD-EFGH-JKL{NUL}"},
        {"pairing_code": "ABCD-EFGH-JKLM", f"device_label{NUL}": "tablet"},
    ],
)
def test_enroll_bodies_with_a_nul_are_refused_as_invalid(
    server: LiveServer, body: dict[str, str]
) -> None:
    with server.client() as api:
        answer = api.post("/enroll", json=body)
    assert answer.status_code == 422, answer.text
    assert Problem.model_validate(answer.json()).code == "request.invalid"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children),
    max_leaves=8,
)


@given(JSON, st.text(), st.text())
def test_a_wire_body_refuses_a_nul_at_any_depth(document: Any, before: str, after: str) -> None:
    poisoned = {"outer": [document, {"inner": before + NUL + after}]}
    change = _json(change_of(build_client()))
    with pytest.raises(ValidationError) as caught:
        Change.model_validate({**change, "body": poisoned})
    (detail,) = caught.value.errors(include_input=False)
    assert (detail["type"], detail["loc"]) == ("domain.nul_in_text", ("body",))


def test_every_kind_of_wire_text_refuses_a_nul() -> None:
    for build in (
        lambda: Problem(code=f"x{NUL}"),
        lambda: EnrollRequest(pairing_code="ABCD-EFGH-JKLM", device_label=NUL),
        lambda: StatusUpdate.model_validate({"status": "acknowledged", "note_code": NUL}),
    ):
        with pytest.raises(ValidationError):
            build()
    assert Problem(code="ok", detail="no nul here").code == "ok"
