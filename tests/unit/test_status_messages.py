"""The diagnosis messages: one per code, in every language, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from chalicelib.i18n import LANGUAGES, translate
from chalicelib.messages.status import MESSAGES
from chalicelib.services.status import DIAGNOSIS_CODES
from openapi.load import load_document


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", DIAGNOSIS_CODES)
def test_each_diagnosis_has_a_message_in_every_language(code):
    texts = MESSAGES[f"diagnosis_{code}"]
    assert set(texts) == set(LANGUAGES)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_message_placeholders_agree_across_languages(key):
    texts = MESSAGES[key]
    assert {language: placeholders(texts[language]) for language in LANGUAGES} == {
        language: placeholders(texts["en"]) for language in LANGUAGES
    }


def test_diagnosis_messages_match_the_codes():
    diagnosis_keys = {key for key in MESSAGES if key.startswith("diagnosis_")}
    assert diagnosis_keys == {f"diagnosis_{code}" for code in DIAGNOSIS_CODES}


def test_diagnosis_message_fills_its_placeholders():
    text = translate("diagnosis_role_not_yet_valid", "de", role="ÖSHZ REMI DSB", organisation="ÖSHZ Eupen",
                     date="01.04.2026")
    assert text.startswith("Ihre Rolle ÖSHZ REMI DSB bei ÖSHZ Eupen beginnt am 01.04.2026.")


def test_openapi_lists_every_diagnosis_code():
    status = load_document()["paths"]["/v1/me/status"]["get"]
    schema = status["responses"]["200"]["content"]["application/json"]["schema"]
    enum = schema["properties"]["diagnosis"]["items"]["properties"]["code"]["enum"]
    assert enum == list(DIAGNOSIS_CODES)
