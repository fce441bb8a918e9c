"""The HTTP middleware: language, body limits, store binding, and Chalice's own errors.

Views answer their own domain errors (see routing.py). What reaches this middleware as an
error is what Chalice answers before or around a view: a method the route lacks (405), a
media type the route does not take (415), or a failure outside any view. Those come back
from Chalice as `{"Code": ..., "Message": ...}` in English; here they become localized
problem+json like every other error.
"""

from __future__ import annotations

import time
from typing import Callable

from chalice import Chalice, Response
from chalice.app import Request

from chalicelib.api.context import begin_request
from chalicelib.api.routing import problem_response
from chalicelib.errors import (
    BadRequest,
    InternalError,
    MethodNotAllowed,
    PayloadTooLarge,
    RemiError,
    UnsupportedMediaType,
)
from chalicelib.logs import logger
from chalicelib.settings import get_settings
from chalicelib.store import connection

_CHALICE_ERRORS: dict[str, type[RemiError]] = {
    "MethodNotAllowedError": MethodNotAllowed,
    "UnsupportedMediaType": UnsupportedMediaType,
    "BadRequestError": BadRequest,
    "BadRequest": BadRequest,
    "InternalServerError": InternalError,
}

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _chalice_error(response: Response) -> RemiError | None:
    """Return the domain error that matches one of Chalice's own error bodies, or None."""
    if response.status_code < 400 or not isinstance(response.body, dict):
        return None
    error_class = _CHALICE_ERRORS.get(str(response.body.get("Code")))
    if error_class is None:
        return None
    allow = response.headers.get("Allow")
    return error_class(headers={"Allow": allow} if allow else None)


def handle_request(request: Request, get_response: Callable[[Request], Response]) -> Response:
    started = time.perf_counter()
    state = begin_request(request.headers.get("accept-language"))
    logger.append_keys(request_id=request.context.get("requestId"))

    if len(request.raw_body or b"") > get_settings().max_body_bytes:
        response = problem_response(PayloadTooLarge(params={"limit": get_settings().max_body_bytes}), state.language)
    else:
        connection.bind()
        response = get_response(request)
        error = _chalice_error(response)
        if error is not None:
            response = problem_response(error, state.language)

    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.setdefault("Content-Language", state.language)
    logger.info(
        "request handled",
        extra={
            "method": request.method,
            "route": request.context.get("resourcePath"),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )
    logger.remove_keys(["request_id"])
    return response


def install(app: Chalice) -> None:
    app.register_middleware(handle_request, "http")
