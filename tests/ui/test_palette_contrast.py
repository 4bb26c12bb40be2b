"""The app's colour roles meet WCAG 2.2's contrast: text 4.5:1 on what it is drawn on (1.4.3),
outlines 3:1 (1.4.11). The pairs follow Material's naming, not a list the palette keeps: each
``on_X`` on ``X``, and the text roles a screen draws straight on a surface on every surface."""

from __future__ import annotations

import flet as ft
import pytest

from fieldapp.ui.layout import touch_theme
from fieldapp.ui.palette import ROLES

SURFACES = [role for role in ROLES if role == "surface" or role.startswith("surface_container")]
TEXT_ON_SURFACES = ("on_surface", "on_surface_variant", "primary", "error")
"""What screens draw on a surface: text, secondary text, text buttons and links, messages."""


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.2) of ``#RRGGBB``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_formula_gives_wcags_known_ratios() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the usual grey


ON_PAIRS = [(role, role[3:]) for role in ROLES if role.startswith("on_") and role[3:] in ROLES]


def test_every_on_role_has_its_background() -> None:
    # primary, secondary, tertiary and error, each plain and as a container; the surface and
    # the inverse surface (on_surface_variant is drawn on the surfaces, tested below).
    assert len(ON_PAIRS) == 10
    assert {"on_primary_container", "on_error_container", "on_inverse_surface"} <= {
        text for text, _ in ON_PAIRS
    }


@pytest.mark.parametrize(("text", "background"), ON_PAIRS)
def test_each_on_role_reads_on_its_own_background(text: str, background: str) -> None:
    assert contrast(ROLES[text], ROLES[background]) >= 4.5


@pytest.mark.parametrize("background", SURFACES)
@pytest.mark.parametrize("text", TEXT_ON_SURFACES)
def test_text_roles_read_on_every_surface(text: str, background: str) -> None:
    assert contrast(ROLES[text], ROLES[background]) >= 4.5


@pytest.mark.parametrize("background", SURFACES)
def test_outlines_stand_out_from_every_surface(background: str) -> None:
    assert contrast(ROLES["outline"], ROLES[background]) >= 3.0


def test_inverse_primary_reads_on_the_inverse_surface() -> None:
    """A snack bar's action."""
    assert contrast(ROLES["inverse_primary"], ROLES["inverse_surface"]) >= 4.5


def test_the_theme_uses_every_role_of_the_palette() -> None:
    scheme = touch_theme().color_scheme
    assert isinstance(scheme, ft.ColorScheme)
    for role, colour in ROLES.items():
        assert getattr(scheme, role) == colour, role
