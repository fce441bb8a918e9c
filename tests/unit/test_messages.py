"""Every message a person can read exists in Dutch, French, German and English."""

import re

import pytest

from chalicelib.i18n import LANGUAGES, all_keys, catalogue, choose_language, parse_accept_language, translate

PLACEHOLDER = re.compile(r"{(\w+)}")


@pytest.mark.parametrize("key", sorted(all_keys()))
def test_message_exists_in_every_language(key):
    texts = catalogue()[key]
    missing = [language for language in LANGUAGES if not texts.get(language, "").strip()]
    assert missing == [], f"{key} lacks {missing}"


@pytest.mark.parametrize("key", sorted(all_keys()))
def test_message_languages_share_placeholders(key):
    texts = catalogue()[key]
    placeholders = {language: set(PLACEHOLDER.findall(texts[language])) for language in LANGUAGES}
    assert len({frozenset(names) for names in placeholders.values()}) == 1, placeholders


@pytest.mark.parametrize("key", sorted(all_keys()))
def test_message_has_no_unknown_language(key):
    assert set(catalogue()[key]) <= set(LANGUAGES)


def test_accept_language_orders_by_quality():
    assert parse_accept_language("en;q=0.5, fr-BE, de;q=0.7") == ["fr", "de", "en"]


def test_accept_language_skips_unsupported_and_zero_quality():
    assert parse_accept_language("es, fr;q=0, it") == []


def test_language_falls_back_to_preferred_then_dutch():
    assert choose_language("es", "FR") == "fr"
    assert choose_language(None, None) == "nl"


def test_translate_fills_placeholders():
    assert translate("field_missing", "en", field="email") == "The field email is missing."


def test_translate_keeps_unknown_placeholder_visible():
    assert "{field}" in translate("field_missing", "nl")
