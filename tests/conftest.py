"""Fixtures shared by all tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from fieldapp.i18n import Translator, active, install

# Property tests never fail on timing: a loaded CI machine took 359 ms for an example that a
# 200 ms deadline refused (issue 17). "ci" is the default everywhere; HYPOTHESIS_PROFILE=dev
# brings back hypothesis's own deadline for someone hunting slow examples.
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("dev")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def english() -> Iterator[None]:
    """English texts for the test, then the previous language again."""
    previous = active()
    install(Translator("en"))
    yield
    install(previous)
