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

Only the standard library is used: shapes are signed distance functions, anti-aliased from the
distance at each pixel centre, and the PNG is written with ``zlib`` and ``struct``.

Usage: ``python tools/make_app_assets.py [--out-dir assets] [--size 1024]``.
"""

from __future__ import annotations

import argparse
import math
import struct
import sys
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

Point = tuple[float, float]
Color = tuple[int, int, int]
Sdf = Callable[[float, float], float]
"""Signed distance in pixels from a pixel centre to a shape's edge: negative inside."""

TEAL: Color = (0x00, 0x56, 0x5B)
WHITE: Color = (0xFF, 0xFF, 0xFF)
DEFAULT_SIZE = 1024
DEFAULT_OUT_DIR = Path(__file__).resolve().parents[1] / "assets"

# The mark, in a unit square: a bold "V" whose opening holds a map pin.
V_LEFT, V_RIGHT, V_TOP, V_BOTTOM = 0.04, 0.96, 0.12, 0.92
V_STROKE = 0.20  # horizontal width of each arm
PIN_CENTRE_Y, PIN_RADIUS, PIN_TIP_Y, PIN_HOLE = 0.27, 0.12, 0.56, 0.05
MARK_CENTRE: Point = ((V_LEFT + V_RIGHT) / 2, (V_TOP + V_BOTTOM) / 2)


@dataclass(frozen=True)
class Shape:
    """A signed distance function with the pixel box outside which it is certainly empty."""

    sdf: Sdf
    box: tuple[float, float, float, float]

    def coverage(self, x: float, y: float) -> float:
        x0, y0, x1, y1 = self.box
        if x < x0 or x > x1 or y < y0 or y > y1:
            return 0.0
        return min(1.0, max(0.0, 0.5 - self.sdf(x, y)))


@dataclass(frozen=True)
class Design:
    """One output image: an optional tile (None: the whole canvas is teal) and the white mark."""

    filename: str
    tile: Shape | None
    mark: Shape


def circle(centre: Point, radius: float) -> Sdf:
    cx, cy = centre

    def sdf(x: float, y: float) -> float:
        return math.hypot(x - cx, y - cy) - radius

    return sdf


def convex_polygon(points: Sequence[Point]) -> Sdf:
    """The largest distance to any edge's line: exact inside, close enough in the 1 px fringe."""
    count = len(points)
    area = sum(
        points[i][0] * points[(i + 1) % count][1] - points[(i + 1) % count][0] * points[i][1]
        for i in range(count)
    )
    orientation = 1.0 if area > 0 else -1.0
    edges: list[tuple[float, float, float, float]] = []
    for i in range(count):
        (x0, y0), (x1, y1) = points[i], points[(i + 1) % count]
        length = math.hypot(x1 - x0, y1 - y0)
        nx, ny = orientation * (y1 - y0) / length, -orientation * (x1 - x0) / length
        edges.append((x0, y0, nx, ny))

    def sdf(x: float, y: float) -> float:
        return max((x - x0) * nx + (y - y0) * ny for x0, y0, nx, ny in edges)

    return sdf


def rounded_box(centre: Point, half: float, radius: float) -> Sdf:
    cx, cy = centre
    inner = half - radius

    def sdf(x: float, y: float) -> float:
        qx, qy = abs(x - cx) - inner, abs(y - cy) - inner
        return math.hypot(max(qx, 0.0), max(qy, 0.0)) + min(max(qx, qy), 0.0) - radius

    return sdf


def mark(centre: Point, size: float) -> Shape:
    """The white mark, ``size`` pixels across its unit square, centred on ``centre``."""

    def at(u: float, v: float) -> Point:
        return (centre[0] + (u - MARK_CENTRE[0]) * size, centre[1] + (v - MARK_CENTRE[1]) * size)

    mid, half_stroke = MARK_CENTRE[0], V_STROKE / 2
    left_arm = convex_polygon(
        [
            at(V_LEFT, V_TOP),
            at(V_LEFT + V_STROKE, V_TOP),
            at(mid + half_stroke, V_BOTTOM),
            at(mid - half_stroke, V_BOTTOM),
        ]
    )
    right_arm = convex_polygon(
        [
            at(V_RIGHT - V_STROKE, V_TOP),
            at(V_RIGHT, V_TOP),
            at(mid + half_stroke, V_BOTTOM),
            at(mid - half_stroke, V_BOTTOM),
        ]
    )
    # The pin: a circle and the triangle of its two tangents from the tip, less a round hole.
    pin_centre, radius = at(mid, PIN_CENTRE_Y), PIN_RADIUS * size
    tip = at(mid, PIN_TIP_Y)
    angle = math.asin(radius / (tip[1] - pin_centre[1]))
    dx, dy = radius * math.cos(angle), radius * math.sin(angle)
    head = circle(pin_centre, radius)
    point = convex_polygon(
        [tip, (pin_centre[0] + dx, pin_centre[1] + dy), (pin_centre[0] - dx, pin_centre[1] + dy)]
    )
    hole = circle(pin_centre, PIN_HOLE * size)

    def sdf(x: float, y: float) -> float:
        pin = max(min(head(x, y), point(x, y)), -hole(x, y))
        return min(left_arm(x, y), right_arm(x, y), pin)

    (x0, y0), (x1, y1) = at(V_LEFT, V_TOP), at(V_RIGHT, V_BOTTOM)
    return Shape(sdf, (x0 - 2, y0 - 2, x1 + 2, y1 + 2))


def tile(centre: Point, side: float, radius: float) -> Shape:
    half = side / 2
    box = (centre[0] - half - 2, centre[1] - half - 2, centre[0] + half + 2, centre[1] + half + 2)
    return Shape(rounded_box(centre, half, radius), box)


def designs(size: int) -> list[Design]:
    centre = (size / 2, size / 2)
    splash_side = size * 0.5
    return [
        Design("icon.png", tile(centre, size, size * 0.2), mark(centre, size * 0.6)),
        Design("icon_android.png", None, mark(centre, size * 0.46)),
        Design("icon_ios.png", None, mark(centre, size * 0.6)),
        Design(
            "splash.png",
            tile(centre, splash_side, splash_side * 0.2),
            mark(centre, splash_side * 0.6),
        ),
    ]


def pixel(design: Design, x: float, y: float) -> tuple[int, int, int, int]:
    """Straight (not premultiplied) RGBA at one pixel centre."""
    ink = design.mark.coverage(x, y)
    alpha = 1.0 if design.tile is None else max(design.tile.coverage(x, y), ink)
    red, green, blue = (round(t + (w - t) * ink) for t, w in zip(TEAL, WHITE, strict=True))
    return red, green, blue, round(255 * alpha)


def render_rows(design: Design, size: int) -> list[bytes]:
    """PNG scanlines (filter byte 0 each); every design is symmetric about the vertical axis."""
    opaque = design.tile is None
    half = (size + 1) // 2
    rows: list[bytes] = []
    for row in range(size):
        y = row + 0.5
        left: list[bytes] = []
        for column in range(half):
            rgba = pixel(design, column + 0.5, y)
            left.append(bytes(rgba[:3] if opaque else rgba))
        right = left[: size - half][::-1]
        rows.append(b"\x00" + b"".join(left) + b"".join(right))
    return rows


def png(width: int, height: int, rows: Sequence[bytes], *, alpha: bool) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    colour_type = 6 if alpha else 2  # RGBA or RGB, 8 bits a channel
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", header),
            chunk(b"IDAT", zlib.compress(b"".join(rows), 9)),
            chunk(b"IEND", b""),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="side in pixels")
    args = parser.parse_args(argv)
    out_dir: Path = args.out_dir
    size: int = args.size
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    for design in designs(size):
        data = png(size, size, render_rows(design, size), alpha=design.tile is not None)
        (out_dir / design.filename).write_bytes(data)
        written.append(design.filename)
    sys.stdout.write(f"wrote {', '.join(written)} ({size}x{size}) to {out_dir}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
