"""The employer register's rows: kind, number of sites and their towns in words, and a search
that finds an employer by name, KvK number or town and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fieldapp.i18n import Translator, install
from fieldapp.services.demo_work import demo_employers
from fieldapp.ui.employer_list_model import employer_rows

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("english")


def test_rows_say_kind_sites_and_towns_in_the_apps_language() -> None:
    install(Translator("nl"))  # the english fixture puts the language back
    rows = {row.name: row for row in employer_rows(demo_employers(NOW))}
    assert rows["Pantar"].summary == "SW-bedrijf, 1 vestiging, Amsterdam"
    assert rows["Stadsbeheer Oost"].summary == "Overheidsorganisatie, 0 vestigingen"


def test_search_text_holds_name_kvk_and_town_only() -> None:
    rows = {row.name: row for row in employer_rows(demo_employers(NOW))}
    pantar = rows["Pantar"].search_text
    assert {"pantar", "34215678", "amsterdam"} <= set(pantar.split())
    bakery = rows["Bakkerij Van der Linden"].search_text
    assert "marieke" not in bakery  # contact people are not searched
