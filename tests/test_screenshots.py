"""Every screenshot in the README's folder is free of Flutter's grey error box (issue 18): a
screenshot of step 1 of the visit wizard showed only the box while every test passed. The
broken screenshot is kept as a fixture the check must flag."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.error_box import FLAGGED_SHARE, assert_no_error_box, grey_share

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCREENSHOTS = sorted((REPO / "docs" / "screenshots").glob("*.png"))


def test_the_check_flags_the_broken_step_one_and_passes_a_clean_screen() -> None:
    assert grey_share(FIXTURES / "error-box-visit-step1-phone-nl.png") > 0.3
    assert grey_share(FIXTURES / "clean-caseload-phone-nl.png") < FLAGGED_SHARE
    with pytest.raises(AssertionError, match="grey error box"):
        assert_no_error_box(FIXTURES / "error-box-visit-step1-phone-nl.png")


def test_there_are_screenshots_to_check() -> None:
    assert len(SCREENSHOTS) >= 20


@pytest.mark.parametrize("path", SCREENSHOTS, ids=[path.name for path in SCREENSHOTS])
def test_no_screenshot_in_the_docs_shows_the_error_box(path: Path) -> None:
    assert_no_error_box(path)
