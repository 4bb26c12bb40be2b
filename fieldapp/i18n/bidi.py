"""Left-to-right values inside right-to-left text: Unicode bidi isolates.

In an Arabic screen a phone number, postcode, house number or email address is still written
left to right, but the bidi algorithm reorders its runs against the text around it:
``06-12345678`` can show as ``12345678-06`` and ``1013 AC 5`` as ``AC 5 1013``. An isolate
keeps a value's own order and keeps it from reordering its neighbours:

- LRI (U+2066) ... PDI (U+2069) for values that are always left to right;
- FSI (U+2068) ... PDI for text of either direction (a name, a goal's title, the client's own
  words): its first strong letter decides.

The characters are invisible and change nothing in a left-to-right language; the semantics
tree and screen readers read the value as it is. The web pages use ``<bdi>`` instead
(``sync_server/web/bidi.py``), so a copied phone number carries no hidden characters.
"""

from __future__ import annotations

LRI = "\u2066"
"""Left-to-right isolate."""
RLI = "\u2067"
"""Right-to-left isolate."""
FSI = "\u2068"
"""First-strong isolate: the direction of the first strong letter inside."""
PDI = "\u2069"
"""Pop directional isolate: ends the innermost isolate."""
ISOLATE_MARKS = frozenset({LRI, RLI, FSI, PDI})


def isolate_ltr(text: str) -> str:
    """``text`` as a left-to-right island (LRI ... PDI); empty text stays empty."""
    return f"{LRI}{text}{PDI}" if text else ""


def isolate(text: str) -> str:
    """``text`` of either direction as an island (FSI ... PDI); empty text stays empty."""
    return f"{FSI}{text}{PDI}" if text else ""


def strip_isolates(text: str) -> str:
    """``text`` without isolate marks: for comparing, searching and copying."""
    return "".join(char for char in text if char not in ISOLATE_MARKS)
