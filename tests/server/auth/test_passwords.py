"""Password hashes through argon2-cffi: the PHC strings the server stored before verify as
they are, weaker ones are rehashed at the next login, nothing else ever matches."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import select

from sync_server.auth import passwords
from sync_server.db.schema import User
from sync_server.demo import DEMO_PASSWORD
from sync_server.services import web_auth
from sync_server.services.context import ServerContext

# Made by the server's own Argon2id code before it used argon2-cffi (cryptography's Argon2id,
# base64 without padding), for the password "veldwerk-demo-2026".
OLD_POLICY_HASH = (
    "$argon2id$v=19$m=19456,t=2,p=1$PWpDpLLIuToiQOIZvMpcLg$"
    "CksJ71c5j0Iyli+WF4RbmiFT33dbQ7EKNXAL32cm/is"
)
OLD_WEAKER_HASH = (
    "$argon2id$v=19$m=8192,t=1,p=1$puOVYl0zIIyLs6oYvYUo4w$"
    "YILqP2WyJg57YbvzKQ6MCRAdZGLucBWkbKaQqZLsQ74"
)
POLICY_PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$"


def test_a_hash_made_by_the_old_code_verifies_and_needs_no_rehash() -> None:
    assert passwords.verify_password(OLD_POLICY_HASH, DEMO_PASSWORD)
    assert not passwords.verify_password(OLD_POLICY_HASH, "veldwerk-demo-2027")
    assert not passwords.needs_rehash(OLD_POLICY_HASH)


def test_a_hash_with_weaker_parameters_verifies_and_needs_a_rehash() -> None:
    assert passwords.verify_password(OLD_WEAKER_HASH, DEMO_PASSWORD)
    assert passwords.needs_rehash(OLD_WEAKER_HASH)


def test_a_new_hash_is_argon2id_with_the_policy_and_a_fresh_salt() -> None:
    first, second = passwords.hash_password(DEMO_PASSWORD), passwords.hash_password(DEMO_PASSWORD)
    assert first.startswith(POLICY_PREFIX) and second.startswith(POLICY_PREFIX)
    assert first != second
    assert passwords.verify_password(first, DEMO_PASSWORD)
    assert not passwords.needs_rehash(first)


@pytest.mark.parametrize("length", [passwords.MIN_LENGTH - 1, passwords.MAX_LENGTH + 1])
def test_a_password_too_short_or_too_long_is_not_hashed(length: int) -> None:
    with pytest.raises(ValueError, match="12 to 256"):
        passwords.hash_password("x" * length)


def test_nothing_matches_no_hash_a_huge_password_or_a_string_of_another_kind() -> None:
    argon2i = PasswordHasher(type=Type.I).hash(DEMO_PASSWORD)
    assert PasswordHasher(type=Type.I).verify(argon2i, DEMO_PASSWORD)
    assert not passwords.verify_password(argon2i, DEMO_PASSWORD)
    assert passwords.needs_rehash(argon2i)
    assert not passwords.verify_password(None, DEMO_PASSWORD)
    assert not passwords.verify_password(OLD_POLICY_HASH, "x" * (passwords.MAX_LENGTH + 1))
    assert not passwords.verify_password("$argon2id$v=19$garbage", DEMO_PASSWORD)
    assert passwords.needs_rehash("$argon2id$v=19$garbage")
    assert not passwords.verify_password(passwords.dummy_hash(), DEMO_PASSWORD)


def test_a_login_rehashes_a_weaker_stored_hash(ctx: ServerContext, demo: object) -> None:
    with ctx.db.write() as session:
        user = session.execute(select(User).where(User.username == "schuldhulp1")).scalar_one()
        user.password_hash = OLD_WEAKER_HASH
    web_auth.login(ctx, "schuldhulp1", DEMO_PASSWORD, "127.0.0.1", "nl")
    with ctx.db.read() as session:
        stored = session.execute(
            select(User.password_hash).where(User.username == "schuldhulp1")
        ).scalar_one()
    assert stored is not None and stored.startswith(POLICY_PREFIX)
    assert passwords.verify_password(stored, DEMO_PASSWORD)
