"""API Gateway's own responses in infra/resources.yaml: CORS headers and problem+json bodies.

API Gateway sends these without calling the app (throttling, unknown routes, timeouts), so
nothing else checks that their hand-written JSON parses and matches the app's problem shape.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from chalice.package import YAMLTemplateSerializer

TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "infra" / "resources.yaml"
TEMPLATE: dict[str, Any] = YAMLTemplateSerializer().load_template(TEMPLATE_PATH.read_text())
API = TEMPLATE["Resources"]["RestAPI"]["Properties"]
RESPONSES: dict[str, Any] = API["GatewayResponses"]
PROBLEM_TYPE_BASE = "https://referencebudgets.be/problems/"

# API Gateway replaces these before sending; messageString arrives as a quoted JSON string.
CONTEXT_VARIABLES = {
    "$context.error.messageString": '"Missing Authentication Token"',
    "$context.error.responseType": "MISSING_AUTHENTICATION_TOKEN",
}


def rendered_body(response_type: str) -> dict[str, Any]:
    body = RESPONSES[response_type]["ResponseTemplates"]["application/json"]
    for variable, value in CONTEXT_VARIABLES.items():
        body = body.replace(variable, value)
    return json.loads(body)


def headers(response_type: str) -> dict[str, Any]:
    return RESPONSES[response_type]["ResponseParameters"]["Headers"]


@pytest.mark.parametrize("response_type", ["DEFAULT_4XX", "DEFAULT_5XX", "THROTTLED", "MISSING_AUTHENTICATION_TOKEN"])
def test_required_gateway_response_is_defined(response_type):
    assert response_type in RESPONSES


@pytest.mark.parametrize("response_type", sorted(RESPONSES))
def test_gateway_response_allows_frontend_origin(response_type):
    assert headers(response_type)["Access-Control-Allow-Origin"] == {"Fn::Sub": "'${FrontendOrigin}'"}


@pytest.mark.parametrize("response_type", sorted(RESPONSES))
def test_gateway_response_is_problem_json(response_type):
    assert headers(response_type)["Content-Type"] == "'application/problem+json'"


@pytest.mark.parametrize("response_type", sorted(RESPONSES))
def test_gateway_response_body_names_type_after_code(response_type):
    body = rendered_body(response_type)

    assert body["type"] == PROBLEM_TYPE_BASE + body["code"]


@pytest.mark.parametrize("response_type", sorted(RESPONSES))
def test_gateway_response_body_has_title_and_detail(response_type):
    body = rendered_body(response_type)

    assert all(isinstance(body.get(member), str) and body[member] for member in ("title", "detail"))


@pytest.mark.parametrize("response_type", sorted(response for response in RESPONSES if "StatusCode" in RESPONSES[response]))
def test_gateway_response_body_status_matches_status_code(response_type):
    assert rendered_body(response_type)["status"] == int(RESPONSES[response_type]["StatusCode"])


def test_unknown_route_answers_404():
    assert RESPONSES["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "404"


def test_throttled_response_asks_to_retry():
    assert headers("THROTTLED")["Retry-After"] == "'1'"


def test_stage_throttles_every_method():
    settings = API["MethodSettings"]

    assert [(item["ResourcePath"], item["HttpMethod"]) for item in settings] == [("/*", "*")]


def test_stage_throttling_comes_from_parameters():
    (settings,) = API["MethodSettings"]

    assert (settings["ThrottlingRateLimit"], settings["ThrottlingBurstLimit"]) == (
        {"Ref": "ApiRateLimit"},
        {"Ref": "ApiBurstLimit"},
    )


def test_frontend_origin_defaults_to_referencebudgets():
    assert TEMPLATE["Parameters"]["FrontendOrigin"]["Default"] == "https://referencebudgets.be"
