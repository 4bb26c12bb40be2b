"""Blind index tokens: how a sealed client can be found by name, postcode or reference without
a plaintext column (issue 20, item 5; a duplicate check for a data-subject request can use the
same tokens).

A token is HMAC-SHA256, under the server's search key (:attr:`ServerKeys.search`), of the
kind and the normalised value: "Sanne  de Vries" and "sanne de vriës" give the same token;
"1091ab" and "1091 AB" too. A family name is indexed with and without its prefix ("de Vries",
"Vries"). Matching is exact on the whole normalised value: the index answers "which clients
have this name", never "names starting with". A database dump shows only which
clients share a token, and without the key nobody can test a guessed name against it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from enum import StrEnum

_SPACES = re.compile(r"\s+")
_POSTCODE = re.compile(r"^(\d{4})\s*([A-Za-z]{2})$")
_REFERENCE = re.compile(r"^([0-9A-Fa-f]{4})-?([0-9A-Fa-f]{4})$")


class TokenKind(StrEnum):
    NAME = "name"
    """Given and family name together."""
    FAMILY_NAME = "family_name"
    POSTCODE = "postcode"
    REFERENCE = "reference"
    """The short reference back-office pages show (``3F9A-1C2B``)."""


_FOLD = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "æ": "ae", "œ": "oe"})
"""Letters with a stroke or a missing dot that no Unicode decomposition takes to their base
letter: "Yılmaz" typed as "YILMAZ" or "Yilmaz", "Łukasz" as "Lukasz", are the same name."""


def normalise_name(text: str) -> str:
    """Letters and digits only, without accents, in lower case, single spaces:
    ``" Fatima  El-Amrani "`` -> ``"fatima el amrani"``, ``"YILMAZ"`` -> ``"yilmaz"``."""
    # Case folded before and after the decomposition: "ᴬ" decomposes to a capital "A".
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = unicodedata.normalize("NFKD", stripped.casefold()).translate(_FOLD)
    kept = "".join(c if c.isalnum() else " " for c in plain)
    return _SPACES.sub(" ", kept).strip()


def normalise_postcode(text: str) -> str:
    """A Dutch postcode as ``1091AB``; "" when ``text`` is not one."""
    match = _POSTCODE.match(text.strip())
    return f"{match[1]}{match[2].upper()}" if match else ""


def normalise_reference(text: str) -> str:
    """A short reference as ``3F9A1C2B``; "" when ``text`` is not one."""
    match = _REFERENCE.match(text.strip())
    return f"{match[1]}{match[2]}".upper() if match else ""


def token(key: bytes, kind: TokenKind, normalised: str) -> bytes:
    """The token of an already normalised value (empty values have none: callers skip them)."""
    return hmac.new(key, f"{kind.value}\x1f{normalised}".encode(), hashlib.sha256).digest()


PREFIXES = frozenset(
    {"de", "den", "der", "van", "het", "t", "te", "ten", "ter", "in", "op", "el", "al"}
)
"""Words before a family name ("de Vries", "van der Berg", "El Amrani"): the name is found
with them and without them, as people file and say it."""


def without_prefix(normalised: str) -> str:
    """A normalised family name without its leading prefix words ("van der berg" -> "berg");
    the name itself when it is all prefix."""
    words = normalised.split()
    while len(words) > 1 and words[0] in PREFIXES:
        words = words[1:]
    return " ".join(words)


def client_tokens(
    key: bytes, *, given_name: str, family_name: str, postcode: str | None, reference: str
) -> set[tuple[TokenKind, bytes]]:
    """Every token a client is found by."""
    family = normalise_name(family_name)
    values = [
        (TokenKind.NAME, normalise_name(f"{given_name} {family_name}")),
        (TokenKind.FAMILY_NAME, family),
        (TokenKind.FAMILY_NAME, without_prefix(family)),
        (TokenKind.POSTCODE, normalise_postcode(postcode or "")),
        (TokenKind.REFERENCE, normalise_reference(reference)),
    ]
    return {(kind, token(key, kind, value)) for kind, value in values if value}
