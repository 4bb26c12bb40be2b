"""The web client the app serves asks nothing of other machines: Flet's bundle is copied once
with the CDN loader for Rive replaced by a same-length ``data:`` script."""

from __future__ import annotations

from pathlib import Path

import flet_web

from fieldapp.wiring.web_runtime import (
    DONE,
    NO_RIVE,
    PATCHED,
    RIVE_CDN,
    fallback_font_paths,
    offline_web_root,
    patched,
)

ARABIC = "notosansarabic/v28/nwpx-Example_1.woff2"


def _bundle(root: Path) -> Path:
    source = root / "web"
    (source / "canvaskit").mkdir(parents=True)
    (source / "canvaskit" / "skwasm.wasm").write_bytes(b"\0asm" + RIVE_CDN)
    (source / "index.html").write_text("<html></html>")
    for name in PATCHED:
        (source / name).write_bytes(b"\x00\x00B" + RIVE_CDN + b"\x03do" + ARABIC.encode())
    return source


def test_the_loader_is_replaced_by_a_script_of_the_same_length() -> None:
    data = b"before" + RIVE_CDN + b"after"
    assert patched(data) == b"before" + NO_RIVE + b"after"
    assert len(NO_RIVE) == len(RIVE_CDN)
    assert NO_RIVE.startswith(b"data:text/javascript,") and NO_RIVE.endswith(b"//")
    assert patched(b"no loader here") == b"no loader here"


def test_the_copy_is_patched_made_once_and_leaves_other_files_as_they_are(tmp_path: Path) -> None:
    source = _bundle(tmp_path)
    font = tmp_path / "DejaVuSans.ttf"
    font.write_bytes(b"a font with Arabic letters")
    root = offline_web_root(source, tmp_path / "cache", font)
    for name in PATCHED:
        served = (root / name).read_bytes()
        assert RIVE_CDN not in served and NO_RIVE in served
        assert RIVE_CDN in (source / name).read_bytes()  # the installed bundle is untouched
    assert (root / "canvaskit" / "skwasm.wasm").read_bytes() == b"\0asm" + RIVE_CDN
    assert (root / "index.html").read_text() == "<html></html>"
    assert (root / DONE).exists()
    served_font = root / "assets" / "fonts" / ARABIC
    assert served_font.read_bytes() == font.read_bytes()
    (root / "index.html").unlink()  # a second start reuses the finished copy
    assert offline_web_root(source, tmp_path / "cache", font) == root
    assert not (root / "index.html").exists()


def test_flets_installed_bundle_still_has_the_loader_this_replaces() -> None:
    """When a Flet upgrade changes the URL, this fails rather than letting the CDN back in."""
    web = Path(flet_web.get_package_web_dir())
    assert RIVE_CDN in (web / "main.dart.wasm").read_bytes()
    assert fallback_font_paths(web), "the engine no longer names its Arabic fallback font"
