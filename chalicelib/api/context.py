"""Per-request state: the caller's language and, once verified, who the caller is."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from functools import lru_cache

from chalicelib.i18n import choose_language
from chalicelib.identity.fas import FasSettings, FasTokenVerifier, extract_bearer_token
from chalicelib.services.permissions import Caller
from chalicelib.settings import get_settings


@dataclass
class RequestState:
    accept_language: str | None
    language: str
    caller: Caller | None = None


_state: contextvars.ContextVar[RequestState] = contextvars.ContextVar("remi_request_state")


def begin_request(accept_language: str | None) -> RequestState:
    state = RequestState(accept_language=accept_language, language=choose_language(accept_language))
    _state.set(state)
    return state


def current_state() -> RequestState:
    try:
        return _state.get()
    except LookupError:
        return begin_request(None)


def current_language() -> str:
    return current_state().language


@lru_cache(maxsize=1)
def fas_verifier() -> FasTokenVerifier:
    """Return the process's single verifier, so its JWKS cache lives across requests."""
    settings = get_settings()
    return FasTokenVerifier(
        FasSettings(
            issuer=settings.fas_issuer,
            audience=settings.fas_client_id,
            jwks_url=settings.fas_jwks_url,
            accepted_acr=settings.fas_accepted_acr,
            leeway_seconds=settings.fas_leeway_seconds,
        )
    )


def authenticate(authorization_header: str | None) -> Caller:
    """Verify the FAS ID token in the Authorization header and remember the caller."""
    state = current_state()
    identity = fas_verifier().verify(extract_bearer_token(authorization_header))
    caller = Caller(
        ssin=identity.ssin,
        given_name=identity.given_name,
        surname=identity.surname,
        email=identity.email,
        language=choose_language(None, identity.preferred_language),
    )
    state.caller = caller
    state.language = choose_language(state.accept_language, identity.preferred_language)
    return caller
