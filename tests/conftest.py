"""Fixtures shared by all tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fieldapp.i18n import Translator, active, install


@pytest.fixture
def english() -> Iterator[None]:
    """English texts for the test, then the previous language again."""
    previous = active()
    install(Translator("en"))
    yield
    install(previous)
