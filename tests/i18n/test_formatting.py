"""Dates, times, numbers, percentages and euros in nl_NL and en_GB, shown in Amsterdam time.

Babel (CLDR) puts a no-break space (U+00A0) between the euro sign and a Dutch amount.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest

from fieldapp.i18n import formatting
from fieldapp.i18n.formatting import (
    cents_to_euros,
    format_date,
    format_datetime,
    format_money,
    format_number,
    format_percent,
    format_time,
)
from fieldapp.i18n.translator import Translator, set_locale

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("cents", "dutch", "english"),
    [
        (123456, f"€{NBSP}1.234,56", "€1,234.56"),
        (5, f"€{NBSP}0,05", "€0.05"),
        (0, f"€{NBSP}0,00", "€0.00"),
        (-1250, f"€{NBSP}-12,50", "-€12.50"),
        (1_300_000, f"€{NBSP}13.000,00", "€13,000.00"),
    ],
)
def test_format_money_from_integer_cents(
    cents: int, dutch: str, english: str, nl: Translator, en: Translator
) -> None:
    assert format_money(cents, translator=nl) == dutch
    assert format_money(cents, translator=en) == english


def test_money_is_exact_and_never_a_float() -> None:
    assert cents_to_euros(123456) == Decimal("1234.56")
    assert cents_to_euros(10**17 + 1) == Decimal("1000000000000000.01")
    with pytest.raises(TypeError):
        cents_to_euros(12.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cents_to_euros(True)


def test_format_date(nl: Translator, en: Translator) -> None:
    day = date(2026, 3, 29)
    assert format_date(day, translator=nl) == "29 mrt 2026"
    assert format_date(day, translator=en) == "29 Mar 2026"
    assert format_date(day, "short", translator=nl) == "29-03-2026"
    assert format_date(day, "short", translator=en) == "29/03/2026"
    assert format_date(day, "long", translator=nl) == "29 maart 2026"
    assert format_date(day, "full", translator=nl) == "zondag 29 maart 2026"
    assert format_date(day, "full", translator=en) == "Sunday, 29 March 2026"


def test_a_datetime_counts_by_its_amsterdam_day(nl: Translator) -> None:
    late_utc = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    assert format_date(late_utc, translator=nl) == "1 feb 2026"


def test_times_are_shown_in_amsterdam_time_across_daylight_saving(
    nl: Translator, en: Translator
) -> None:
    winter = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 01:30 CET, before the switch
    summer = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST
    new_york = datetime(2026, 7, 1, 8, 0, tzinfo=timezone(timedelta(hours=-4)))  # 14:00 CEST
    assert format_time(winter, translator=nl) == "01:30"
    assert format_time(summer, translator=nl) == "03:30"
    assert format_time(new_york, translator=en) == "14:00"
    assert format_datetime(winter, translator=nl) == "29 mrt 2026, 01:30"
    assert format_datetime(summer, translator=en) == "29 Mar 2026, 03:30"
    assert format_datetime(new_york, "long", "short", translator=nl) == "1 juli 2026, 14:00"


def test_a_plain_time_is_wall_clock_time(nl: Translator) -> None:
    assert format_time(time(9, 5), translator=nl) == "09:05"


def test_naive_datetimes_are_refused(nl: Translator) -> None:
    naive = datetime(2026, 3, 29, 12, 0)
    for call in (format_date, format_time, format_datetime):
        with pytest.raises(ValueError, match="timezone"):
            call(naive, translator=nl)


def test_numbers_and_percentages(nl: Translator, en: Translator) -> None:
    assert format_number(1234567.891, translator=nl) == "1.234.567,891"
    assert format_number(1234567.891, translator=en) == "1,234,567.891"
    assert format_number(Decimal("12.5"), translator=nl) == "12,5"
    assert format_number(8000, translator=nl) == "8.000"
    assert format_percent(0.48, translator=nl) == "48%"
    assert format_percent(Decimal("0.8"), translator=en) == "80%"


def test_formatting_follows_the_app_wide_language(app_translator: Translator) -> None:
    assert format_money(123456) == f"€{NBSP}1.234,56"
    set_locale("en")
    assert format_money(123456) == "€1,234.56"
    assert format_date(date(2026, 3, 29)) == "29 Mar 2026"


def test_the_display_timezone_is_amsterdam() -> None:
    assert formatting.display_timezone().key == "Europe/Amsterdam"
