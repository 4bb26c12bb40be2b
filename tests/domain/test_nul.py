"""The NUL guard: text holding U+0000 is refused in every domain model, at any depth.

PostgreSQL cannot store a NUL in text, so a NUL that got past the models would fail in the
server's database. Refusals carry the stable type ``domain.nul_in_text``, name the field and
never repeat the text; the app shows them in words.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import Field, ValidationError
from pydantic_core import ErrorDetails

from fieldapp.domain.base import DomainModel
from fieldapp.domain.errors import ErrorCode
from fieldapp.i18n.messages import message_for
from fieldapp.i18n.translator import Translator
from tests.domain.test_bsn import FREE_TEXT_FIELDS
from tests.factories import build_referral, build_visit

NUL = "\x00"
CANARY = "Jansen"


class Sample(DomainModel):
    """Every shape of text a model holds: a field, a list, a tuple and a dict (keys too)."""

    text: str = ""
    texts: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    labels: dict[str, str] = Field(default_factory=dict)


def _refusal(build: Callable[[], object]) -> ErrorDetails:
    with pytest.raises(ValidationError) as caught:
        build()
    (detail,) = caught.value.errors(include_input=False)
    assert CANARY not in str(caught.value)
    return detail


@st.composite
def texts_with_a_nul(draw: st.DrawFn) -> str:
    """Any text with at least one NUL anywhere (also only NULs, also at either end)."""
    before, after = draw(st.text()), draw(st.text())
    return before + NUL + after


@given(texts_with_a_nul(), st.sampled_from(["text", "texts", "pairs", "key", "value"]))
def test_any_text_with_a_nul_is_refused_wherever_it_sits(text: str, where: str) -> None:
    placed = {
        "text": {"text": text},
        "texts": {"texts": ["fine", text]},
        "pairs": {"pairs": [("fine", text)]},
        "key": {"labels": {text: "fine"}},
        "value": {"labels": {"fine": text}},
    }[where]
    field = "labels" if where in {"key", "value"} else where
    detail = _refusal(lambda: Sample.model_validate(placed))
    assert detail["type"] == ErrorCode.NUL_IN_TEXT.value == "domain.nul_in_text"
    assert detail["loc"] == (field,)
    assert f"'{field}'" in detail["msg"]


@given(st.text())
def test_text_without_a_nul_is_not_refused_for_it(text: str) -> None:
    try:
        Sample(text=text.replace(NUL, ""))
    except ValidationError as error:  # a BSN-like number in random text is another matter
        assert {item["type"] for item in error.errors()} == {"domain.bsn_in_text"}


@pytest.mark.parametrize("where", sorted(FREE_TEXT_FIELDS))
def test_every_free_text_field_refuses_a_nul_naming_the_field(where: str) -> None:
    build, field = FREE_TEXT_FIELDS[where]
    detail = _refusal(lambda: build(f"{CANARY}{NUL}"))
    assert (detail["type"], detail["loc"][-1]) == ("domain.nul_in_text", field)


def test_ids_and_codes_refuse_a_nul_too() -> None:
    assert _refusal(lambda: build_referral(recipient_id=f"schuldhulp{NUL}"))["type"] == (
        "domain.nul_in_text"
    )
    detail = _refusal(lambda: build_visit(participants=[{"role": "employer", "name": NUL}]))
    assert detail["type"] == "domain.nul_in_text"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "‘Notes’ holds an invisible NUL character that cannot be stored.")],
)
def test_the_refusal_reads_as_words_naming_the_field(lang: str, expected: str) -> None:
    text = message_for(ErrorCode.NUL_IN_TEXT, field="notes", translator=Translator(lang))
    assert text.startswith(expected)
