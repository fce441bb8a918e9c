"""`chalice local` with unknown routes answered the way the deployed API answers them.

API Gateway answers a path that no route takes with its MISSING_AUTHENTICATION_TOKEN
response, which infra/resources.yaml turns into a 404 problem+json. chalice local instead
answers 403 and, when the request carries an Authorization header, echoes that header
(the bearer token) in its body. This wrapper answers a localized 404 problem+json instead.
"""

from __future__ import annotations

import sys
from typing import Any

from chalice import local
from chalice.cli import main as chalice_main

from chalicelib.errors import PROBLEM_CONTENT_TYPE, NotFound, problem_json
from chalicelib.i18n import choose_language


class UnknownRouteError(local.LocalGatewayException):
    CODE = 404


_handle_request = local.LocalGateway.handle_request


def _header(headers: Any, name: str) -> str | None:
    for key, value in dict(headers).items():
        if key.lower() == name:
            return value
    return None


def handle_request(self, method, path, headers, body):
    try:
        return _handle_request(self, method, path, headers, body)
    except local.ForbiddenError as error:
        if error.headers.get("x-amzn-ErrorType") != "UnauthorizedException":
            raise
        language = choose_language(_header(headers, "accept-language"))
        problem = problem_json(NotFound("not_found"), language).encode("utf-8")
        raise UnknownRouteError({"Content-Type": PROBLEM_CONTENT_TYPE, "Content-Language": language}, problem) from None


def main() -> int:
    local.LocalGateway.handle_request = handle_request
    sys.argv = ["chalice", *sys.argv[1:]]
    return chalice_main()


if __name__ == "__main__":
    sys.exit(main())
