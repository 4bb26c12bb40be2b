"""Reading a posted HTML form (``application/x-www-form-urlencoded``) with limits.

A form larger than its limit is refused with 413 (:class:`FormTooLargeError`, so a page can
answer with its own words instead), and a field holding a NUL character with 400: no text
with a NUL goes further (PostgreSQL cannot store one). A field named in ``raw`` is passed on
with its NULs for the caller to report at that field (the routing CSV names the line).
"""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import parse_qsl

from fastapi import HTTPException, Request

MAX_FORM_BYTES = 64 * 1024
NUL = "\x00"


class FormTooLargeError(HTTPException):
    def __init__(self) -> None:
        super().__init__(413, "form too large")


async def read_form(
    request: Request, *, max_bytes: int = MAX_FORM_BYTES, raw: Collection[str] = ()
) -> dict[str, str]:
    """The fields of a posted form (the last value of a repeated name wins)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise HTTPException(415, "a form post is expected")
    body = await request.body()
    if len(body) > max_bytes:
        raise FormTooLargeError
    try:
        pairs = parse_qsl(body.decode(), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise HTTPException(400, "form is not UTF-8") from None
    for name, value in pairs:
        if NUL in name or (NUL in value and name not in raw):
            raise HTTPException(400, "a form field holds a NUL character")
    return dict(pairs)
