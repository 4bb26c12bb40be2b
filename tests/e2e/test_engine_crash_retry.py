"""A browser test gets one more try after Flutter's engine crashed (a WebAssembly trap), and
only then: any other error in the page fails it at once, and a page that crashes on every try
fails too. Run in a separate pytest over stand-in tests that report what a page would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.e2e.guard import Watch, hung_pages, is_engine_trap

REPO = Path(__file__).resolve().parents[2]

CONFTEST = """
from tests.e2e.conftest import (
    no_errors_in_the_browser,
    pytest_collection_modifyitems,
    pytest_runtest_call,
)
"""

STAND_INS = """
from pathlib import Path

from tests.e2e.conftest import WATCHES
from tests.e2e.guard import Watch

TRIES = Path(__file__).with_name("tries")


def reported(problem):
    watch = Watch()
    watch.problems.append(problem)
    WATCHES.append(watch)


def test_crashes_on_the_first_try_only():
    first = not TRIES.exists()
    TRIES.write_text("1")
    if first:
        reported("page error: memory access out of bounds")
        raise TimeoutError("the frame never came")


def test_crashes_on_every_try():
    reported("page error: table index is out of bounds")
    raise TimeoutError("the frame never came")


def test_crashes_after_its_last_check():
    reported("page error: function signature mismatch")


def test_has_an_error_of_its_own():
    reported("console error: Failed to load resource (404)")


def test_fails_of_itself():
    assert 1 + 1 == 3
"""


def statuses(output: str) -> dict[str, list[str]]:
    """Each stand-in's reports in order (RERUN, PASSED, FAILED, ERROR) from ``pytest -v``."""
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        match = re.match(r"tests/e2e/test_stand_ins\.py::(\w+) (RERUN|PASSED|FAILED|ERROR)", line)
        if match:
            found.setdefault(match[1], []).append(match[2])
    return found


def test_only_a_crash_of_the_engine_earns_one_more_try(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(**{"tests/e2e/conftest": CONFTEST, "tests/e2e/test_stand_ins": STAND_INS})
    pytester.makeini("[pytest]\npythonpath = " + str(REPO))
    result = pytester.runpytest_subprocess("-v", "-p", "no:randomly", "-p", "no:cacheprovider")
    output = result.stdout.str()
    reports = statuses(output)
    # The crash is named, with what the test was doing as its cause.
    assert "FlutterEngineCrashError: ['page error: table index is out of bounds']" in output
    # Crashed once: tried again, and passes.
    assert reports["test_crashes_on_the_first_try_only"][-1] == "PASSED", output
    assert "RERUN" in reports["test_crashes_on_the_first_try_only"]
    assert not {"FAILED", "ERROR"} & set(reports["test_crashes_on_the_first_try_only"])
    # Crashed on both tries, in the test or after it: fails.
    assert {"RERUN", "FAILED"} <= set(reports["test_crashes_on_every_try"]), output
    assert {"RERUN", "ERROR"} <= set(reports["test_crashes_after_its_last_check"]), output
    # A page's own error and a test's own failure: no second try.
    assert reports["test_has_an_error_of_its_own"] == ["PASSED", "ERROR"], output
    assert "the page reported errors" in output
    assert reports["test_fails_of_itself"] == ["FAILED"], output


def test_a_page_whose_script_spins_is_found_hung_and_an_idle_one_is_not(browser: Browser) -> None:
    """After a failure, a page that does not answer within seconds counts as Flutter's engine
    having hung (a trap), so the test gets its one more try; a page that answers does not."""
    idle, spinning = browser.new_page(), browser.new_page()
    watches = [Watch().attach(idle), Watch().attach(spinning)]
    spinning.evaluate("() => { setTimeout(() => { for (;;) {} }, 0); }")
    spinning.wait_for_timeout(300)
    assert hung_pages(watches) == [spinning.url]
    assert watches[0].problems == []
    assert [is_engine_trap(p) for p in watches[1].problems] == [True]
    idle.close()
    spinning.close()
