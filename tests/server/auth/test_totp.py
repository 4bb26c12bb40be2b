"""TOTP through pyotp: RFC 6238's test vectors, one step of drift either way, and no code
accepted twice (the replay guard kept around pyotp)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sync_server.auth import totp

RFC_SECRET = b"12345678901234567890"
"""The SHA-1 key of RFC 6238, Appendix B."""
SECRET = b"veldwerk-test-totp!!"
AT = datetime(2026, 3, 2, 9, 30, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("unix_time", "eight_digits"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_the_codes_of_rfc_6238_appendix_b(unix_time: int, eight_digits: str) -> None:
    step = totp.step_of(datetime.fromtimestamp(unix_time, UTC))
    assert step == unix_time // 30
    assert totp.code_at(RFC_SECRET, step) == eight_digits[-totp.DIGITS :]


def test_a_code_of_now_or_one_step_either_side_is_accepted_with_its_step() -> None:
    now = totp.step_of(AT)
    for step in (now - 1, now, now + 1):
        assert totp.verify(SECRET, totp.code_at(SECRET, step), AT, None) == step
    for step in (now - 2, now + 2):
        assert totp.verify(SECRET, totp.code_at(SECRET, step), AT, None) is None


def test_a_code_is_never_accepted_twice_nor_one_older_than_the_last_used() -> None:
    now = totp.step_of(AT)
    code = totp.code_at(SECRET, now)
    used = totp.verify(SECRET, code, AT, None)
    assert used == now
    assert totp.verify(SECRET, code, AT, used) is None
    assert totp.verify(SECRET, code, AT + timedelta(seconds=20), used) is None
    assert totp.verify(SECRET, totp.code_at(SECRET, now - 1), AT, used) is None
    assert totp.verify(SECRET, totp.code_at(SECRET, now + 1), AT, used) == now + 1


def test_spaces_are_ignored_and_anything_but_six_ascii_digits_is_refused() -> None:
    code = totp.code_at(SECRET, totp.step_of(AT))
    assert totp.verify(SECRET, f" {code[:3]} {code[3:]} ", AT, None) is not None
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in code)
    for wrong in ("", code[:5], code + "0", "abcdef", fullwidth):
        assert totp.verify(SECRET, wrong, AT, None) is None


def test_a_secret_survives_base32_and_the_uri_names_every_parameter() -> None:
    secret = totp.new_secret()
    assert len(secret) == totp.SECRET_BYTES
    assert totp.decode_secret(totp.encode_secret(secret)) == secret
    assert totp.provisioning_uri(SECRET, "coordinator") == (
        "otpauth://totp/Veldwerk%3Acoordinator?secret=OZSWYZDXMVZGWLLUMVZXILLUN52HAIJB"
        "&issuer=Veldwerk&algorithm=SHA1&digits=6&period=30"
    )
