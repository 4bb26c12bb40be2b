"""Flutter's release-mode error box, found in a screenshot.

When a widget throws while it is built or laid out, a release (web) build paints a flat grey box
(RGB 196, 196, 196) where the widget should be and reports nothing else: the browser console
stays quiet. A screenshot in which that exact grey covers a noticeable share of the pixels shows
the box. The project's own check (it needs nothing from outside this repository), used on
every screenshot a browser test takes and on every PNG in ``docs/screenshots``.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

GREY = (196, 196, 196)
FLAGGED_SHARE = 0.02
"""The share of pixels in that grey from which an image counts as showing the box."""


def grey_share(path: Path) -> float:
    """The share of the image's pixels in Flutter's error-box grey."""
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        counts = rgb.getcolors(maxcolors=rgb.width * rgb.height) or []
        grey = sum(count for count, colour in counts if colour == GREY)
        return grey / (rgb.width * rgb.height)


def assert_no_error_box(path: Path) -> None:
    share = grey_share(path)
    assert share < FLAGGED_SHARE, (
        f"{path.name}: {share:.0%} of the screenshot is Flutter's grey error box "
        "(a widget failed to build or lay out)"
    )
