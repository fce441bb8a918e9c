"""Domain errors and their single mapping to RFC 9457 problem+json.

Services raise these plain exceptions; only `problem_response` turns them into HTTP.
Each error carries a stable `code` that is also the key of its message in the
catalogues under `chalicelib/messages/`, so the frontend can rely on the code while a
person reads the localized `detail`.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://referencebudgets.be/problems/"


class RemiError(Exception):
    """A refusal the caller can act on: an HTTP status, a stable code and message parameters."""

    status: int = 400
    default_code: str = "bad_request"

    def __init__(
        self,
        code: str | None = None,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        self.code = code or self.default_code
        self.params = dict(params or {})
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})
        super().__init__(self.code)


class BadRequest(RemiError):
    status = 400
    default_code = "bad_request"


class Unauthorized(RemiError):
    status = 401
    default_code = "token_invalid"


class Forbidden(RemiError):
    status = 403
    default_code = "forbidden"


class NotFound(RemiError):
    status = 404
    default_code = "not_found"


class MethodNotAllowed(RemiError):
    status = 405
    default_code = "method_not_allowed"


class NotAcceptable(RemiError):
    status = 406
    default_code = "not_acceptable"


class Conflict(RemiError):
    status = 409
    default_code = "conflict"


class Gone(RemiError):
    status = 410
    default_code = "gone"


class PayloadTooLarge(RemiError):
    status = 413
    default_code = "payload_too_large"


class UnsupportedMediaType(RemiError):
    status = 415
    default_code = "unsupported_media_type"


class TooManyRequests(RemiError):
    status = 429
    default_code = "too_many_requests"


class InternalError(RemiError):
    status = 500
    default_code = "internal_error"


class ServiceUnavailable(RemiError):
    status = 503
    default_code = "service_unavailable"


class OAuthError(Exception):
    """An RFC 6749 section 5.2 error: the token endpoint answers these in OAuth's own format."""

    def __init__(
        self,
        error: str,
        description_code: str,
        *,
        status: int = 400,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.error = error
        self.description_code = description_code
        self.status = status
        self.headers = dict(headers or {})
        super().__init__(error)


def problem_body(error: RemiError, language: str) -> dict[str, Any]:
    """Build the problem+json document for `error` in `language`."""
    # Imported here so that errors.py stays importable by the message catalogues.
    from chalicelib.i18n import status_title, translate

    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + error.code,
        "title": status_title(error.status, language),
        "status": error.status,
        "code": error.code,
        "detail": translate(error.code, language, **error.params),
    }
    body.update(error.extra)
    return body


def problem_json(error: RemiError, language: str) -> str:
    return json.dumps(problem_body(error, language), ensure_ascii=False)
