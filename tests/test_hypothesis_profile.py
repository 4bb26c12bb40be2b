"""Property tests may not fail on timing on a loaded machine (issue 17, item 10)."""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@pytest.mark.skipif(
    os.environ.get("HYPOTHESIS_PROFILE", "ci") != "ci", reason="another profile was asked for"
)
def test_the_loaded_profile_has_no_deadline() -> None:
    assert settings().deadline is None
    assert HealthCheck.too_slow in settings().suppress_health_check


@settings(max_examples=3)
@given(st.integers())
def test_a_slow_example_does_not_fail(_n: int) -> None:
    time.sleep(0.25)  # beyond hypothesis's default deadline of 200 ms
