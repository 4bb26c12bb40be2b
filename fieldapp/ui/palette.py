"""The field app's colours, by Material 3 role (light theme; the app sets no dark one).

Chosen so that every text role reads at 4.5:1 or more on the backgrounds it is drawn on
(WCAG 2.2, 1.4.3), and outlines at 3:1 (1.4.11, a control's boundary); the accent is the web
pages' (``sync_server/web/static/veldwerk.css``). ``tests/ui/test_palette_contrast.py``
computes the ratios. Every role is given, so none is left to Flutter's seed algorithm, which no
test here can check.
"""

from __future__ import annotations

from typing import Final

ROLES: Final[dict[str, str]] = {
    "primary": "#00507A",
    "on_primary": "#FFFFFF",
    "primary_container": "#CFE5F7",
    "on_primary_container": "#001D2E",
    "secondary": "#4B5F6D",
    "on_secondary": "#FFFFFF",
    "secondary_container": "#D3E3F0",
    "on_secondary_container": "#0D1D28",
    "tertiary": "#5D5B7D",
    "on_tertiary": "#FFFFFF",
    "tertiary_container": "#E2DFFF",
    "on_tertiary_container": "#1A1836",
    "error": "#B3261E",
    "on_error": "#FFFFFF",
    "error_container": "#F9DEDC",
    "on_error_container": "#410E0B",
    "surface": "#FCFCFF",
    "on_surface": "#1A1C1E",
    "on_surface_variant": "#42474E",
    "surface_container_lowest": "#FFFFFF",
    "surface_container_low": "#F5F7FA",
    "surface_container": "#EEF1F5",
    "surface_container_high": "#E8ECF0",
    "surface_container_highest": "#E2E6EB",
    "outline": "#6F767D",
    "outline_variant": "#C2C7CE",
    "inverse_surface": "#2F3033",
    "on_inverse_surface": "#F1F0F4",
    "inverse_primary": "#93CCF2",
    "surface_tint": "#00507A",
    "shadow": "#000000",
    "scrim": "#000000",
}
SEED: Final = ROLES["primary"]
