"""Draw Veldwerk's app icons and splash image into ``assets/`` for ``flet build apk``/``ipa``.

``flet build`` (flet-cli 1.0.5) looks in ``<app path>/assets`` for ``icon_<platform>.png``, then
``icon.png``, for the launcher icons, and for ``splash_<platform>.png``, then ``splash.png``, then
``icon.png``, for the splash screen (``customize_icons`` and ``customize_splash_images`` in
``flet_cli/commands/build_base.py``). This script writes four 1024x1024 PNGs:

- ``icon.png``: a dark teal rounded square with the white mark (a "V" holding a map pin) and
  transparent corners, for the surfaces that apply no mask (web, desktop).
- ``icon_android.png``: opaque, full-bleed teal with the mark inside the 66 dp safe circle of an
  adaptive icon's 108 dp foreground, so any launcher mask shape keeps it whole.
- ``icon_ios.png``: opaque, full-bleed teal (iOS rounds the corners itself and rejects alpha).
- ``splash.png``: the rounded-square icon at half size on a transparent canvas; it sits inside the
  circle Android 12 shows of a splash icon, so ``flet build`` does not shrink it further.

Drawn with Pillow at four times the size and scaled down (Lanczos), which anti-aliases the
edges.

Usage: ``python tools/make_app_assets.py [--out-dir assets] [--size 1024]``.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

Point = tuple[float, float]
Color = tuple[int, int, int]

TEAL: Color = (0x00, 0x56, 0x5B)
WHITE: Color = (0xFF, 0xFF, 0xFF)
DEFAULT_SIZE = 1024
DEFAULT_OUT_DIR = Path(__file__).resolve().parents[1] / "assets"
SUPERSAMPLE = 4
"""Drawn this many times larger, then scaled down: the scaling anti-aliases the edges."""

# The mark, in a unit square: a bold "V" whose opening holds a map pin.
V_LEFT, V_RIGHT, V_TOP, V_BOTTOM = 0.04, 0.96, 0.12, 0.92
V_STROKE = 0.20  # horizontal width of each arm
PIN_CENTRE_Y, PIN_RADIUS, PIN_TIP_Y, PIN_HOLE = 0.27, 0.12, 0.56, 0.05
MARK_CENTRE: Point = ((V_LEFT + V_RIGHT) / 2, (V_TOP + V_BOTTOM) / 2)


@dataclass(frozen=True)
class Design:
    """One output image: the side of its rounded tile as a share of the canvas (None: the whole
    canvas is teal and opaque) and the mark's size as a share of the canvas."""

    filename: str
    tile: float | None
    mark: float


DESIGNS = (
    Design("icon.png", tile=1.0, mark=0.6),
    Design("icon_android.png", tile=None, mark=0.46),
    Design("icon_ios.png", tile=None, mark=0.6),
    Design("splash.png", tile=0.5, mark=0.3),
)


def _circle(draw: ImageDraw.ImageDraw, centre: Point, radius: float, fill: Color) -> None:
    x, y = centre
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)


def draw_mark(draw: ImageDraw.ImageDraw, centre: Point, size: float) -> None:
    """The white mark, ``size`` pixels across its unit square, centred on ``centre``."""

    def at(u: float, v: float) -> Point:
        return (centre[0] + (u - MARK_CENTRE[0]) * size, centre[1] + (v - MARK_CENTRE[1]) * size)

    mid, half_stroke = MARK_CENTRE[0], V_STROKE / 2
    bottom = [at(mid + half_stroke, V_BOTTOM), at(mid - half_stroke, V_BOTTOM)]
    draw.polygon([at(V_LEFT, V_TOP), at(V_LEFT + V_STROKE, V_TOP), *bottom], fill=WHITE)
    draw.polygon([at(V_RIGHT - V_STROKE, V_TOP), at(V_RIGHT, V_TOP), *bottom], fill=WHITE)
    # The pin: a circle and the triangle of its two tangents from the tip, with a round hole.
    pin_centre, radius = at(mid, PIN_CENTRE_Y), PIN_RADIUS * size
    tip = at(mid, PIN_TIP_Y)
    angle = math.asin(radius / (tip[1] - pin_centre[1]))
    dx, dy = radius * math.cos(angle), radius * math.sin(angle)
    _circle(draw, pin_centre, radius, WHITE)
    point = [
        tip,
        (pin_centre[0] + dx, pin_centre[1] + dy),
        (pin_centre[0] - dx, pin_centre[1] + dy),
    ]
    draw.polygon(point, fill=WHITE)
    _circle(draw, pin_centre, PIN_HOLE * size, TEAL)


def render(design: Design, size: int) -> Image.Image:
    """``design`` as a ``size`` pixel square: RGB when opaque, RGBA with a tile."""
    big = size * SUPERSAMPLE
    centre = (big / 2, big / 2)
    if design.tile is None:
        image = Image.new("RGB", (big, big), TEAL)
    else:
        image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if design.tile is not None:
        half = big * design.tile / 2
        box = (centre[0] - half, centre[1] - half, centre[0] + half - 1, centre[1] + half - 1)
        draw.rounded_rectangle(box, radius=2 * half * 0.2, fill=TEAL)
    draw_mark(draw, centre, big * design.mark)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="side in pixels")
    args = parser.parse_args(argv)
    out_dir: Path = args.out_dir
    size: int = args.size
    out_dir.mkdir(parents=True, exist_ok=True)
    for design in DESIGNS:
        render(design, size).save(out_dir / design.filename, optimize=True)
    written = ", ".join(design.filename for design in DESIGNS)
    sys.stdout.write(f"wrote {written} ({size}x{size}) to {out_dir}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
