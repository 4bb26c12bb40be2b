"""Dates, times, numbers, percentages and money in the active language (babel, CLDR data).

Dutch uses nl_NL conventions (``29 mrt 2026``, ``1.234,56``, ``€ 1.234,56``), English uses
en_GB (``29 Mar 2026``, ``1,234.56``, ``€1,234.56``). Datetimes must be timezone-aware, as the
domain stores them; they are shown in Europe/Amsterdam time whatever the device's zone.
Money is held as integer cents in euros and never passes through a float.

Phone numbers, email addresses, postcodes, house numbers and addresses are written left to
right in every language: their formatters wrap them in a left-to-right isolate
(:mod:`fieldapp.i18n.bidi`), so an Arabic screen keeps ``06-12345678`` and ``1013 AC 5`` in
their order. Show such a value only through these.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, time
from decimal import ROUND_FLOOR, Decimal
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from babel import dates, numbers

from fieldapp.domain.clock import local_zone
from fieldapp.i18n.bidi import isolate_ltr
from fieldapp.i18n.translator import Translator, active

Style = Literal["short", "medium", "long", "full"]

CURRENCY = "EUR"


def display_timezone() -> ZoneInfo:
    """The organisation's zone (:func:`fieldapp.domain.clock.local_zone`), Europe/Amsterdam."""
    return local_zone()


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


def format_day_month(value: date | datetime, *, translator: Translator | None = None) -> str:
    """Day and short month without the year (``10 okt``), for a chart's narrow labels."""
    if isinstance(value, datetime):
        value = to_display_time(value).date()
    return dates.format_skeleton("dMMM", value, locale=_translator(translator).locale)


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


def format_number(
    value: int | float | Decimal,
    *,
    translator: Translator | None = None,
    decimals: int | None = None,
) -> str:
    """A number with the locale's grouping and decimal sign (``1.234,5``): up to 3 decimals,
    or exactly ``decimals`` (``1,0`` for one)."""
    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return numbers.format_decimal(value, format=pattern, locale=_translator(translator).locale)


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


class AddressParts(Protocol):
    """What an address shows (the domain's ``Address`` has it)."""

    @property
    def postcode(self) -> str: ...
    @property
    def house_number(self) -> int: ...
    @property
    def house_number_addition(self) -> str: ...
    @property
    def street(self) -> str: ...
    @property
    def city(self) -> str: ...


def format_phone(phone: str) -> str:
    """A phone number kept left to right in any language (``06-12345678``); empty stays empty."""
    return isolate_ltr(phone.strip())


def format_email(email: str) -> str:
    """An email address kept left to right in any language; empty stays empty."""
    return isolate_ltr(email.strip())


def format_postcode(postcode: str) -> str:
    """A postcode kept left to right in any language (``1091 AB``)."""
    return isolate_ltr(postcode.strip())


def house_number_text(number: int, addition: str = "") -> str:
    """``12``, ``12A``, ``12-2``: a number addition is set off by a hyphen. No isolate: use
    :func:`format_house_number` to show it."""
    addition = addition.strip()
    if addition[:1].isdigit():
        return f"{number}-{addition}"
    return f"{number}{addition}"


def format_house_number(number: int, addition: str = "") -> str:
    """A house number with its addition, kept left to right in any language."""
    return isolate_ltr(house_number_text(number, addition))


def address_text(address: AddressParts) -> str:
    """The Dutch way, without isolates: ``Kerkstraat 12A, 1091 AB Amsterdam``; without a
    street ``1091 AB 12A`` (``, Amsterdam`` when the town is known). Use
    :func:`format_address` to show it."""
    number = house_number_text(address.house_number, address.house_number_addition)
    street, city = address.street.strip(), address.city.strip()
    if street:
        return f"{street} {number}, {' '.join(filter(None, (address.postcode, city)))}"
    return f"{address.postcode} {number}" + (f", {city}" if city else "")


def format_address(address: AddressParts) -> str:
    """A whole address as one left-to-right island (:func:`address_text`)."""
    return isolate_ltr(address_text(address))
