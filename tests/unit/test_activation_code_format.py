"""Activation codes as a person reads and types them, and the token endpoint's description texts."""

from __future__ import annotations

import math
import re

from chalicelib.identity import secrets
from chalicelib.messages.vendors import MESSAGES

GROUPED = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")


def test_code_carries_at_least_80_bits():
    assert secrets.CODE_LENGTH * math.log2(len(secrets.CODE_ALPHABET)) >= 80


def test_code_is_four_groups_of_four_crockford_symbols():
    assert GROUPED.match(secrets.new_activation_code())


def test_code_alphabet_has_no_ambiguous_letters():
    assert not set("ILOU") & set(secrets.CODE_ALPHABET)


def test_codes_differ():
    assert len({secrets.new_activation_code() for _ in range(100)}) == 100


def test_normalize_ignores_dashes_case_and_spaces():
    assert secrets.normalize_activation_code("7k3m-qx2p 9rtb-4wzn") == "7K3MQX2P9RTB4WZN"


def test_normalize_reads_ambiguous_letters():
    assert secrets.normalize_activation_code("O0IL-0000-0000-0000") == "0011000000000000"


def test_normalize_rejects_wrong_length():
    assert secrets.normalize_activation_code("7K3M-QX2P-9RTB") is None


def test_normalize_rejects_letter_u():
    assert secrets.normalize_activation_code("UUUU-0000-0000-0000") is None


def test_hash_is_the_same_for_typed_variants():
    assert secrets.hash_activation_code("7k3m-qx2p-9rtb-4wzn") == secrets.hash_activation_code("7K3MQX2P9RTB4WZN")


def test_hash_is_none_for_non_code():
    assert secrets.hash_activation_code("not a code") is None


# RFC 6749 section 5.2: error_description is %x20-21 / %x23-5B / %x5D-7E.
_ERROR_DESCRIPTION = re.compile(r'^[\x20-\x21\x23-\x5B\x5D-\x7E]*$')


def test_oauth_descriptions_use_only_rfc6749_characters():
    offending = sorted(
        f"{key}/{language}"
        for key, texts in MESSAGES.items() if key.startswith("oauth_")
        for language, text in texts.items() if not _ERROR_DESCRIPTION.match(text)
    )
    assert offending == []
