"""Languages: choosing one for a caller and looking up messages in it.

Every text a person can read lives in the catalogues of `chalicelib.messages`, one module
per area, each mapping a stable key to its Dutch, French, German and English text.
The language comes from `Accept-Language`, then the token's `prefLanguage`, then Dutch.
"""

from __future__ import annotations

import string
from functools import lru_cache
from typing import Any, Iterable

LANGUAGES: tuple[str, ...] = ("nl", "fr", "de", "en")
DEFAULT_LANGUAGE = "nl"

# Accept-Language headers are client-controlled; past this many entries the rest is ignored.
_MAX_LANGUAGE_RANGES = 20


def normalize_language(value: str | None) -> str | None:
    """Map a language tag such as `fr-BE`, `NL` or FAS's `fr` to one of LANGUAGES, or None."""
    if not value:
        return None
    primary = value.strip().split("-")[0].split("_")[0].lower()
    return primary if primary in LANGUAGES else None


def parse_accept_language(header: str | None) -> list[str]:
    """Return the supported languages named in an Accept-Language header, best first.

    Ranges with q=0 are excluded, `*` matches nothing in particular, and ties keep the
    header's order, as RFC 9110 section 12.5.4 describes.
    """
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")[:_MAX_LANGUAGE_RANGES]):
        parts = item.strip().split(";")
        language = normalize_language(parts[0])
        if language is None:
            continue
        quality = 1.0
        for parameter in parts[1:]:
            name, _, value = parameter.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            weighted.append((-quality, position, language))
    ordered: list[str] = []
    for _, _, language in sorted(weighted):
        if language not in ordered:
            ordered.append(language)
    return ordered


def choose_language(accept_language: str | None, preferred: str | None = None) -> str:
    """Pick the caller's language: Accept-Language first, then the token's prefLanguage, then Dutch."""
    for language in parse_accept_language(accept_language):
        return language
    return normalize_language(preferred) or DEFAULT_LANGUAGE


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Merge every area's catalogue into one mapping of key to {language: text}."""
    from chalicelib.messages import CATALOGUES

    merged: dict[str, dict[str, str]] = {}
    for area in CATALOGUES:
        for key, texts in area.items():
            if key in merged:
                raise ValueError(f"message key {key!r} is defined twice")
            merged[key] = texts
    return merged


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def translate(key: str, language: str, **params: Any) -> str:
    """Return the text for `key` in `language`, with `{name}` placeholders filled from params."""
    texts = catalogue().get(key)
    if texts is None:
        texts = catalogue()["unknown_error"]
    template = texts.get(language) or texts[DEFAULT_LANGUAGE]
    return string.Formatter().vformat(template, (), _KeepMissing(params))


def status_title(status: int, language: str) -> str:
    key = f"http_{status}"
    if key not in catalogue():
        key = "http_500" if status >= 500 else "http_400"
    return translate(key, language)


def role_name(role: str, language: str) -> str:
    return translate(f"role_{role}", language)


def all_keys() -> Iterable[str]:
    return catalogue().keys()
