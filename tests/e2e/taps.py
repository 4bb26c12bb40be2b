"""Taps as a person makes them, counted: :class:`Taps` brings a control into view the way a
thumb does (scrolling the list, since Flutter does not follow the browser's scrollIntoView),
taps it, and counts every tap and every text entry (issue 18's ``app.visit_taps.typical``)."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Locator, Page

from tests.e2e.conftest import type_into

TOP_BAR = 120
"""Pixels at the top that the app bar and a screen's pinned heading can cover."""
BOTTOM_BAR = 100
"""Pixels at the bottom that a screen's pinned actions can cover."""


def into_view(page: Page, target: Locator) -> None:
    """Scroll with the mouse wheel until ``target`` lies clear of the pinned bars."""
    viewport = page.viewport_size or {"width": 390, "height": 844}
    height = viewport["height"]
    for _ in range(40):
        box = target.bounding_box()
        if box and box["y"] > TOP_BAR and box["y"] + box["height"] <= height - BOTTOM_BAR:
            return
        page.mouse.move(viewport["width"] / 2, height / 2)
        down = box is None or box["y"] > height / 2
        page.mouse.wheel(0, 150 if down else -150)
        page.wait_for_timeout(200)


@dataclass
class Taps:
    page: Page
    count: int = 0

    def tap(self, target: Locator) -> None:
        into_view(self.page, target)
        target.click()
        self.count += 1

    def type(self, textbox: str, text: str) -> None:
        """One text entry counts as one: the tap into the field and the typing."""
        into_view(self.page, self.page.get_by_role("textbox", name=textbox))
        type_into(self.page, textbox, text)
        self.count += 1
