"""Structured JSON logs that never carry a national number, token, code or secret.

Log lines name a person by a keyed pseudonym of the SSIN (HMAC-SHA256 with a key from the
settings), so operators can follow one person across lines without learning who it is.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from aws_lambda_powertools import Logger

logger = Logger(service="remi-access")


@lru_cache(maxsize=4096)
def _pseudonym(ssin: str, key: bytes) -> str:
    return hmac.new(key, ssin.encode("ascii"), hashlib.sha256).hexdigest()[:16]


def pseudonym(ssin: str | None) -> str | None:
    """Return a stable, keyed pseudonym of an SSIN for logs. The SSIN cannot be read back from it."""
    if not ssin:
        return None
    from chalicelib.settings import get_settings

    return "p-" + _pseudonym(ssin, get_settings().pseudonym_key)
