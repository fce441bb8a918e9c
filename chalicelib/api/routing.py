"""Blueprints whose views answer domain errors as problem+json, and request helpers.

Chalice catches every exception a view raises and answers a generic 500 before any
middleware sees it, so each view is wrapped here instead: domain errors become
localized problem+json, and anything unexpected is logged and answered with a 500
problem that carries no detail of the failure.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from typing import Any, Callable, Mapping

from chalice import Blueprint, Response
from pynamodb.exceptions import TransactWriteError

from chalicelib import clock
from chalicelib.api.context import authenticate, current_language
from chalicelib.errors import (
    PROBLEM_CONTENT_TYPE,
    BadRequest,
    Conflict,
    InternalError,
    OAuthError,
    RemiError,
    UnsupportedMediaType,
    problem_json,
)
from chalicelib.identifiers import InvalidIdentifier, parse_enterprise_number
from chalicelib.logs import logger
from chalicelib.services.permissions import Caller

JSON_CONTENT_TYPE = "application/json"


def problem_response(error: RemiError, language: str | None = None) -> Response:
    headers = {"Content-Type": PROBLEM_CONTENT_TYPE, **error.headers}
    return Response(body=problem_json(error, language or current_language()), status_code=error.status, headers=headers)


def oauth_error_response(error: OAuthError) -> Response:
    """RFC 6749 section 5.2: `error` and `error_description`, never cached."""
    from chalicelib.i18n import translate

    body = {"error": error.error, "error_description": translate(error.description_code, current_language())}
    headers = {"Content-Type": JSON_CONTENT_TYPE, "Cache-Control": "no-store", "Pragma": "no-cache", **error.headers}
    return Response(body=json.dumps(body, ensure_ascii=False), status_code=error.status, headers=headers)


def _answer_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except RemiError as error:
            logger.info("request refused", extra={"code": error.code, "status": error.status})
            return problem_response(error)
        except OAuthError as error:
            logger.info("token request refused", extra={"oauth_error": error.error, "code": error.description_code})
            return oauth_error_response(error)
        except TransactWriteError as error:
            if not _lost_race(error):
                logger.exception("transaction failed")
                return problem_response(InternalError())
            # Another request changed one of the same items at the same moment; DynamoDB
            # cancelled this transaction whole, so nothing was written and a retry is safe.
            logger.warning("transaction conflict", extra={"reasons": _reason_codes(error)})
            return problem_response(Conflict("concurrent_change", headers={"Retry-After": "1"}))
        except Exception:
            logger.exception("unhandled error")
            return problem_response(InternalError())

    return wrapper


def _reason_codes(error: TransactWriteError) -> list[str]:
    return [reason.code for reason in error.cancellation_reasons if reason is not None]


def _lost_race(error: TransactWriteError) -> bool:
    """Return whether DynamoDB cancelled the transaction because a concurrent one touched its items."""
    return error.cause_response_code == "TransactionConflictException" or "TransactionConflict" in _reason_codes(error)


class ApiBlueprint(Blueprint):
    """A Blueprint whose routes answer RemiError and OAuthError in the caller's language."""

    def route(self, path: str, **kwargs: Any) -> Callable[..., Any]:
        register = super().route(path, **kwargs)

        def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
            register(_answer_errors(view))
            return view

        return decorator

    def caller(self) -> Caller:
        """Return the person named by the request's FAS ID token, or raise Unauthorized."""
        return authenticate(self.current_request.headers.get("authorization"))

    def json_body(self) -> dict[str, Any]:
        """Parse the request body as a JSON object, and raise on other media types or malformed JSON."""
        request = self.current_request
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if content_type != JSON_CONTENT_TYPE:
            raise UnsupportedMediaType("body_not_json")
        try:
            body = json.loads(request.raw_body or b"{}")
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadRequest("body_not_json") from exc
        if not isinstance(body, dict):
            raise BadRequest("body_not_object")
        return body


def json_response(body: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return Response(
        body=json.dumps(body, ensure_ascii=False, default=_json_default),
        status_code=status,
        headers={"Content-Type": JSON_CONTENT_TYPE, **(headers or {})},
    )


def no_content() -> Response:
    return Response(body="", status_code=204)


def _json_default(value: Any) -> Any:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value.isoformat()
    if hasattr(value, "astimezone"):
        return clock.isoformat(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def enterprise_number_from_path(value: str) -> str:
    try:
        return parse_enterprise_number(value)
    except InvalidIdentifier as exc:
        raise BadRequest("enterprise_number_invalid", params={"field": "enterprise_number"}) from exc


def query_params(request: Any) -> dict[str, str]:
    return dict(request.query_params or {})
