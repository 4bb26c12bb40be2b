"""The blind index's normalisation and tokens (sync_server/blind_index.py): spellings of one
name give one token, other names and other keys give other tokens, and a token carries its
kind, so a family name never matches as a postcode."""

from __future__ import annotations

import secrets
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from sync_server.blind_index import (
    TokenKind,
    client_tokens,
    normalise_name,
    normalise_postcode,
    normalise_reference,
    token,
)

KEY = secrets.token_bytes(32)
names = st.text(st.characters(categories=("L", "Zs", "Pd")), min_size=1, max_size=40)


@given(names)
def test_normalising_twice_changes_nothing(name: str) -> None:
    assert normalise_name(normalise_name(name)) == normalise_name(name)


@given(names)
def test_case_spacing_hyphens_and_accents_do_not_matter(name: str) -> None:
    variant = "  " + unicodedata.normalize("NFD", name.upper()).replace(" ", " - ") + " "
    assert normalise_name(variant) == normalise_name(name)


def test_known_spellings_meet() -> None:
    same = {"Fatima El-Amrani", " fatima  el amrani", "FATIMA EL AMRANI", "Fátima El Amraní"}
    assert {normalise_name(name) for name in same} == {"fatima el amrani"}
    assert normalise_name("Zoë Müller-Jansen") == "zoe muller jansen"
    assert normalise_name("YILMAZ") == normalise_name("Yılmaz") == "yilmaz"
    assert normalise_name("Łukasz Wójcik") == "lukasz wojcik"
    assert normalise_name("---") == ""


@given(st.from_regex(r"[0-9]{4} ?[A-Za-z]{2}", fullmatch=True))
def test_a_postcode_in_any_spacing_or_case_is_one_value(postcode: str) -> None:
    assert normalise_postcode(postcode) == postcode.replace(" ", "").upper()


def test_what_is_not_a_postcode_or_reference_has_no_value() -> None:
    assert [normalise_postcode(p) for p in ("10911", "1091 A", "AB 1091", "")] == [""] * 4
    assert normalise_reference("3f9a-1c2b") == normalise_reference("3F9A1C2B") == "3F9A1C2B"
    assert [normalise_reference(r) for r in ("3F9A-1C2", "XYZW-1C2B", "")] == [""] * 3


@given(st.text(min_size=1, max_size=30), st.text(min_size=1, max_size=30))
def test_tokens_differ_by_value_kind_and_key(first: str, second: str) -> None:
    if first != second:
        assert token(KEY, TokenKind.NAME, first) != token(KEY, TokenKind.NAME, second)
    assert token(KEY, TokenKind.NAME, first) != token(KEY, TokenKind.FAMILY_NAME, first)
    assert token(KEY, TokenKind.NAME, first) != token(
        secrets.token_bytes(32), TokenKind.NAME, first
    )


def test_a_client_has_a_token_per_value_it_has() -> None:
    full = client_tokens(
        KEY, given_name="Sanne", family_name="de Vries", postcode="1091 AB", reference="3F9A-1C2B"
    )
    assert {kind for kind, _ in full} == set(TokenKind)
    no_address = client_tokens(
        KEY, given_name="Sanne", family_name="de Vries", postcode=None, reference="3F9A-1C2B"
    )
    assert {kind for kind, _ in no_address} == set(TokenKind) - {TokenKind.POSTCODE}
