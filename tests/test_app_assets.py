"""The app's icons and splash as `flet build` needs them (tools/make_app_assets.py): iOS gets
no alpha, the web icon has transparent corners, and Android's mark stays inside the safe circle
that any launcher mask keeps."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

from PIL import Image

TOOL = Path(__file__).resolve().parents[1] / "tools" / "make_app_assets.py"
SIZE = 128


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_app_assets", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _pixel(image: Image.Image, x: int, y: int) -> tuple[int, ...]:
    value = image.getpixel((x, y))
    assert isinstance(value, tuple)
    return value


def _images(tmp_path: Path) -> dict[str, Image.Image]:
    assert _tool().main(["--out-dir", str(tmp_path), "--size", str(SIZE)]) == 0
    images = {}
    for path in sorted(tmp_path.glob("*.png")):
        with Image.open(path) as image:
            images[path.name] = image.copy()  # read whole: the file is closed again
    return images


def test_each_platform_gets_the_image_it_accepts(tmp_path: Path) -> None:
    images = _images(tmp_path)
    assert set(images) == {"icon.png", "icon_android.png", "icon_ios.png", "splash.png"}
    assert all(image.size == (SIZE, SIZE) for image in images.values())
    assert images["icon_ios.png"].mode == "RGB"  # the App Store refuses alpha
    assert images["icon_android.png"].mode == "RGB"
    icon = images["icon.png"].convert("RGBA")
    assert _pixel(icon, 0, 0)[3] == 0  # rounded, transparent corners
    assert _pixel(icon, SIZE // 2, SIZE - 4)[3] == 255


def test_the_android_mark_lies_inside_the_adaptive_icons_safe_circle(tmp_path: Path) -> None:
    """An adaptive icon's foreground is 108 dp; launchers keep a 66 dp circle whole."""
    android = _images(tmp_path)["icon_android.png"]
    safe = SIZE * 66 / 108 / 2
    centre = SIZE / 2
    white = [(x, y) for x in range(SIZE) for y in range(SIZE) if min(_pixel(android, x, y)) > 128]
    assert white, "the mark is drawn"
    assert max(math.hypot(x + 0.5 - centre, y + 0.5 - centre) for x, y in white) < safe
