"""The pure parts of issue 18's pages: opening hours for schema.org, `tel:` links, the price scale's symbol."""

from __future__ import annotations

import pytest

from generator.plan.seo import PLACE_TYPES, opening_hours
from generator.plan.views import PRICE_SCALE_FALLBACK, price_shown, price_symbol, tel_uri


@pytest.mark.parametrize(("hours", "expected"), [
    ("Mo-Fr 09:00-18:00", ["Mo-Fr 09:00-18:00"]),
    ("Mon-Fri 9:00-17:30", ["Mo-Fr 09:00-17:30"]),
    ("mon - fri 9:00 – 18:00", ["Mo-Fr 09:00-18:00"]),
    ("Tu,Th 16:00-20:00", ["Tu,Th 16:00-20:00"]),
    ("Mo-Fr 08:00-12:00; Tu,Th 15:00-18:00", ["Mo-Fr 08:00-12:00", "Tu,Th 15:00-18:00"]),
    ("Mon-Fri 10:00-19:00, Sat 10:00-16:00", ["Mo-Fr 10:00-19:00", "Sa 10:00-16:00"]),
    ("Mo-Su", ["Mo-Su"]),
    ("by appointment", None),
    ("пн–пт 9:00–18:00", None),
    ("Mo-Fr 9-18", None),
    ("Mo 10:00-12:00 and by appointment", None),
    ("Mo 25:00-26:00", None),
    ("", None),
    (None, None),
])
def test_opening_hours_are_given_to_search_engines_only_in_schema_orgs_form(hours: str | None, expected: list[str] | None) -> None:
    assert opening_hours(hours) == expected


@pytest.mark.parametrize(("phone", "uri"), [
    ("+7 727 123 45 67", "tel:+77271234567"),
    ("+49 (30) 123-45/67", "tel:+49301234567"),
    ("030 1234567 ext 12", "tel:0301234567;ext=12"),
    ("+7 (727) 250-00-00 EXT. 3", "tel:+77272500000;ext=3"),
])
def test_a_phone_number_becomes_a_tel_link_of_its_digits(phone: str, uri: str) -> None:
    assert tel_uri(phone) == uri


def test_a_price_scale_is_the_local_currencys_symbol_and_a_word() -> None:
    assert price_symbol("DE") == "€"
    assert price_symbol("KZ") == "₸"
    assert price_symbol("CH") == PRICE_SCALE_FALLBACK  # CHF has no one-character symbol
    assert price_shown(3, "DE", str) == ("€€€", "expensive")
    assert price_shown("from 20 EUR a lesson", "DE", str) == ("from 20 EUR a lesson", None)
    assert price_shown(None, "DE", str) == (None, None)


def test_every_schema_org_type_is_a_known_category() -> None:
    from generator.content.model import PLACE_CATEGORIES

    assert set(PLACE_TYPES) <= set(PLACE_CATEGORIES)
    assert PLACE_TYPES["dentist"] == "Dentist" and PLACE_TYPES["doctor"] == "Physician"
