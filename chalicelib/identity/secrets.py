"""Random secrets, their stored hashes, and activation codes.

Invitation links, refresh tokens and vendor client secrets carry 256 random bits from
`secrets`; activation codes carry 80 bits. They are random and long, so a plain SHA-256
hash is enough to store them: a slow password hash protects guessable secrets only.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

# Crockford's base32: no I, L, O or U, so a code read aloud or retyped stays unambiguous.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 16 symbols x 5 bits = 80 bits
CODE_GROUP = 4
_CODE_READ_AS = {"I": "1", "L": "1", "O": "0"}


def new_secret() -> str:
    """256 random bits, URL-safe base64 without padding (43 characters)."""
    return secrets.token_urlsafe(32)


def new_id() -> str:
    """Return a 128-bit random identifier for items that appear in API paths."""
    return secrets.token_hex(16)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    """Compare a presented secret with a stored hash in constant time."""
    return hmac.compare_digest(hash_secret(secret), stored_hash)


def split_token(token: str) -> tuple[str, str] | None:
    """Split `<id>.<secret>` into its parts, or return None when it has another shape."""
    identifier, separator, secret = token.partition(".")
    if not separator or not identifier or not secret or len(token) > 200:
        return None
    if not all(character in "0123456789abcdef" for character in identifier):
        return None
    return identifier, secret


def new_activation_code() -> str:
    """Return a code of CODE_LENGTH symbols in groups of four, such as `7K3M-QX2P-9RTB-4WZN`."""
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(symbols[i:i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def normalize_activation_code(text: str) -> str | None:
    """Uppercase, drop dashes and spaces, read I/L as 1 and O as 0; None if it cannot be a code."""
    cleaned = "".join(character for character in text.upper() if character not in "- \t")
    cleaned = "".join(_CODE_READ_AS.get(character, character) for character in cleaned)
    if len(cleaned) != CODE_LENGTH or any(character not in CODE_ALPHABET for character in cleaned):
        return None
    return cleaned


def hash_activation_code(text: str) -> str | None:
    normalized = normalize_activation_code(text)
    return hash_secret(normalized) if normalized else None
