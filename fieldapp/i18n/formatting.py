"""Dates, times, numbers, percentages and money in the active language (babel, CLDR data).

Dutch uses nl_NL conventions (``29 mrt 2026``, ``1.234,56``, ``€ 1.234,56``), English uses
en_GB (``29 Mar 2026``, ``1,234.56``, ``€1,234.56``). Datetimes must be timezone-aware, as the
domain stores them; they are shown in Europe/Amsterdam time whatever the device's zone.
Money is held as integer cents in euros and never passes through a float.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, time
from decimal import ROUND_FLOOR, Decimal
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from babel import dates, numbers

from fieldapp.i18n.translator import Translator, active

Style = Literal["short", "medium", "long", "full"]

DISPLAY_TIMEZONE = "Europe/Amsterdam"
CURRENCY = "EUR"


@lru_cache(maxsize=1)
def display_timezone() -> ZoneInfo:
    """Europe/Amsterdam (needs the system tz database or the ``tzdata`` package)."""
    return ZoneInfo(DISPLAY_TIMEZONE)


def _translator(translator: Translator | None) -> Translator:
    return translator if translator is not None else active()


def to_display_time(value: datetime) -> datetime:
    """``value`` converted to Amsterdam time; a naive datetime is refused (ValueError)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("a datetime to display must carry a timezone")
    return value.astimezone(display_timezone())


def format_date(
    value: date | datetime, style: Style = "medium", *, translator: Translator | None = None
) -> str:
    """A date (``29 mrt 2026``); a datetime counts by its Amsterdam calendar day."""
    if isinstance(value, datetime):
        value = to_display_time(value).date()
    return dates.format_date(value, style, locale=_translator(translator).locale)


def format_time(
    value: datetime | time, style: Style = "short", *, translator: Translator | None = None
) -> str:
    """A time of day (``14:05``); an aware datetime is shown in Amsterdam time.

    A plain :class:`~datetime.time` is taken as wall-clock time and not converted.
    """
    if isinstance(value, datetime):
        value = to_display_time(value)
        return dates.format_time(
            value, style, tzinfo=value.tzinfo, locale=_translator(translator).locale
        )
    return dates.format_time(value, style, locale=_translator(translator).locale)


def format_datetime(
    value: datetime,
    date_style: Style = "medium",
    time_style: Style = "short",
    *,
    translator: Translator | None = None,
) -> str:
    """Date and time in Amsterdam time, joined the locale's way (``29 mrt 2026, 14:05``)."""
    local = to_display_time(value)
    locale = _translator(translator).locale
    day = dates.format_date(local.date(), date_style, locale=locale)
    clock = dates.format_time(local, time_style, tzinfo=local.tzinfo, locale=locale)
    pattern = dates.get_datetime_format(date_style, locale=locale)
    return str(pattern).replace("'", "").replace("{1}", day).replace("{0}", clock)


def format_number(value: int | float | Decimal, *, translator: Translator | None = None) -> str:
    """A number with the locale's grouping and decimal sign (``1.234,5``); up to 3 decimals."""
    return numbers.format_decimal(value, locale=_translator(translator).locale)


def format_percent(fraction: int | float | Decimal, *, translator: Translator | None = None) -> str:
    """A fraction as a percentage: ``0.25`` -> ``25%``.

    A WHO-5 percentage (0-100) is passed divided by 100.
    """
    return numbers.format_percent(fraction, locale=_translator(translator).locale)


def cents_to_euros(cents: int) -> Decimal:
    """Exact euros for an amount in cents (``123456`` -> ``Decimal('1234.56')``)."""
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError("money is an integer number of cents")
    return Decimal(cents).scaleb(-2)


def format_money(cents: int, *, translator: Translator | None = None) -> str:
    """An amount in euros from integer cents: ``€ 1.234,56`` (nl), ``€1,234.56`` (en)."""
    return numbers.format_currency(
        cents_to_euros(cents), CURRENCY, locale=_translator(translator).locale
    )


def format_whole_euros(cents: int, *, translator: Translator | None = None) -> str:
    """An amount rounded down to whole euros, for rough figures such as income bands:
    ``€ 1.401`` (nl), ``€1,401`` (en), ``1 401 €`` (pl)."""
    locale = _translator(translator).locale
    pattern = copy.copy(locale.currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    euros = cents_to_euros(cents).to_integral_value(rounding=ROUND_FLOOR)
    return str(pattern.apply(euros, locale, currency=CURRENCY, currency_digits=False))
