"""The Flet web client, served without a single request outside this machine.

Flet's web bundle (flet_web 1.0.5) loads Rive's animation runtime from a CDN on every start,
even with ``no_cdn``: the URL is compiled into ``main.dart.wasm`` and ``main.dart.js``. An
offline app must not call out (the request fails offline, and online it tells a third party
who uses the app and when), and Veldwerk shows no Rive animations. So the app serves a copy of
the bundle in which that URL is a ``data:`` script of the same length that answers "no Rive":
the client then behaves as when the CDN is unreachable, but without a request.

Flutter's engine also fetches a Noto font from the server when a text shows letters its fonts
lack (Arabic, in a language name on the first-run screen): with ``no_cdn`` it asks this app
for ``assets/fonts/notosansarabic/...``, which the bundle does not contain (a 404 in the
console). The copy serves the app's own Arabic-capable font (DejaVu Sans, ``assets/fonts``)
under that name.

The copy is made once per bundle, in the user's cache, with hard links for every file but the
patched ones (a plain copy where links cannot be made), and Flet is pointed at it through its
``FLET_WEB_PATH`` setting.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
from pathlib import Path

import flet_web

logger = logging.getLogger(__name__)

RIVE_CDN = b"https://cdn.jsdelivr.net/npm/@rive-app/flutter-native-wasm@44.0.0/"
NO_RIVE = b"data:text/javascript,RiveNative=_=>new Promise(_=>0);;;;;;;;;;;;//"
"""A loader that never finishes, as when the CDN cannot be reached (the client waits for Rive
only where an animation asks for it, and none does). Same length as :data:`RIVE_CDN`: the wasm
module's string table cannot change size. The loader appends a file name, which the ``//``
turns into a comment."""
PATCHED = ("main.dart.wasm", "main.dart.js")
ARABIC_FALLBACK = re.compile(rb"notosansarabic/v\d+/[\w-]+\.woff2")
"""Where the engine looks for its Arabic fallback font, under ``assets/fonts/``."""
DONE = ".veldwerk-offline"


def cache_home() -> Path:
    configured = os.environ.get("XDG_CACHE_HOME")
    return (Path(configured) if configured else Path.home() / ".cache") / "veldwerk"


def patched(data: bytes) -> bytes:
    """``data`` with the CDN loader replaced (unchanged when the bundle has none)."""
    assert len(RIVE_CDN) == len(NO_RIVE)
    return data.replace(RIVE_CDN, NO_RIVE)


def _fingerprint(source: Path, arabic_font: Path) -> str:
    digest = hashlib.sha256(NO_RIVE + arabic_font.read_bytes())
    for name in PATCHED:
        file = source / name
        if file.exists():
            stat = file.stat()
            digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def fallback_font_paths(source: Path) -> list[str]:
    """The Arabic fallback fonts the engine at ``source`` asks for (paths under assets/fonts)."""
    found: set[bytes] = set()
    for name in PATCHED:
        if (source / name).exists():
            found.update(ARABIC_FALLBACK.findall((source / name).read_bytes()))
    return sorted(path.decode() for path in found)


def offline_web_root(source: Path, cache: Path, arabic_font: Path) -> Path:
    """A copy of Flet's web bundle at ``source`` without the CDN request and with
    ``arabic_font`` where the engine looks for its Arabic fallback, built once."""
    target = cache / f"flet-web-{_fingerprint(source, arabic_font)}"
    if (target / DONE).exists():
        return target
    building = target.with_name(target.name + f".building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        destination = building / relative
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        if relative.as_posix() in PATCHED:
            destination.write_bytes(patched(path.read_bytes()))
        else:
            _link_or_copy(path, destination)
    for font_path in fallback_font_paths(source):
        font = building / "assets" / "fonts" / font_path
        font.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(arabic_font, font)
    (building / DONE).write_text("patched: no CDN request for Rive\n")
    try:
        building.rename(target)
    except OSError:  # another process finished first: use its copy
        shutil.rmtree(building, ignore_errors=True)
    logger.info("offline web client prepared")
    return target


def serve_offline_web_client(arabic_font: Path) -> None:
    """Point Flet at the patched bundle (before ``ft.run``); leaves a configured one alone."""
    if os.environ.get("FLET_WEB_PATH"):
        return
    source = Path(flet_web.get_package_web_dir())
    os.environ["FLET_WEB_PATH"] = str(offline_web_root(source, cache_home(), arabic_font))
