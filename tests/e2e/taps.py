"""Taps as a person makes them, counted: :class:`Taps` brings a control into view the way a
thumb does (scrolling the list, since Flutter does not follow the browser's scrollIntoView),
taps it, and counts every tap and every text entry (issue 18's ``app.visit_taps.typical``)."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Locator, Page

from tests.e2e.conftest import into_view, type_into

__all__ = ["Taps", "into_view"]


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
