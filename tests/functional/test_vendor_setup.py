"""Starting states and request helpers shared by the vendor-area functional tests.

Other test modules import from here. A world is an OCMW whose contract is signed, a staff
member with an active role, a main access manager and a registered vendor. The helpers
request a code, call the token endpoint and read the resulting link.
"""

from __future__ import annotations

import base64
import urllib.parse
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

import pytest

from tests.support import seed
from tests.support.people import Person, new_person

ENTERPRISE = seed.DEMO_ENTERPRISE
OTHER_ENTERPRISE = "0201234517"
CODE_GRANT = "urn:remi:params:oauth:grant-type:activation-code"
FORM = "application/x-www-form-urlencoded"
# 2026-03-15 11:00 in Brussels, at the start of a 300-second rate window.
NOW = datetime(2026, 3, 15, 10, 0, tzinfo=timezone.utc)


@dataclass
class World:
    enterprise_number: str
    main_manager: Person
    staff: Person
    client_id: str
    client_secret: str


def make_world(contract_signed_on: date | None = date(2024, 1, 1), vendor_name: str = "CIPAL Schaubroeck") -> World:
    from chalicelib.services import vendors

    main_manager = new_person("Mia", "Maes")
    staff = new_person("Sam", "Smets")
    seed.organisation(ENTERPRISE, main_manager, contract_signed_on=contract_signed_on)
    seed.assignment(ENTERPRISE, staff, "social_worker")
    vendor, secret = vendors.register_vendor(vendor_name, "api@vendor.example")
    return World(ENTERPRISE, main_manager, staff, vendor.client_id, secret)


@pytest.fixture
def frozen_clock(aws):
    """Freeze the clock at NOW; modules use it with `pytest.mark.usefixtures("frozen_clock")`."""
    from chalicelib import clock

    clock.set_now(NOW)
    yield
    clock.set_now(None)


@pytest.fixture
def world(client) -> World:
    return make_world()


@pytest.fixture
def tokens(client, fas, world: World) -> dict[str, Any]:
    return link_tokens(client, fas, world)


def basic(client_id: str, client_secret: str) -> str:
    """An HTTP Basic header value as RFC 6749 section 2.3.1 builds it: each part form-encoded first."""
    pair = f"{urllib.parse.quote_plus(client_id)}:{urllib.parse.quote_plus(client_secret)}"
    return "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")


def form_post(client, path: str, form: dict[str, str] | str, authorization: str | None = None,
              headers: dict[str, str] | None = None):
    body = form if isinstance(form, str) else urllib.parse.urlencode(form)
    request_headers = {"Content-Type": FORM, **(headers or {})}
    if authorization is not None:
        request_headers["Authorization"] = authorization
    return client.http.post(path, headers=request_headers, body=body)


def token_request(client, world: World, form: dict[str, str], secret: str | None = None,
                  client_id: str | None = None):
    return form_post(client, "/v1/oauth/token", form,
                     authorization=basic(client_id or world.client_id, secret or world.client_secret))


def request_code(client, fas, person: Person, enterprise_number: str = ENTERPRISE) -> str:
    response = client.http.post(
        "/v1/me/activation-codes",
        headers=fas.headers(person),
        body=f'{{"enterprise_number": "{enterprise_number}"}}',
    )
    assert response.status_code == 201, response.body
    return response.json_body["code"]


def exchange_code(client, world: World, code: str, **overrides: Any):
    return token_request(client, world, {"grant_type": CODE_GRANT, "code": code}, **overrides)


def link_tokens(client, fas, world: World) -> dict[str, Any]:
    """Request a code as the staff member and exchange it; return the token response body."""
    code = request_code(client, fas, world.staff)
    response = exchange_code(client, world, code)
    assert response.status_code == 200, response.body
    return response.json_body


def refresh(client, world: World, refresh_token: str, **overrides: Any):
    return token_request(client, world, {"grant_type": "refresh_token", "refresh_token": refresh_token}, **overrides)


def vendor_me(client, access_token: str, language: str | None = None):
    headers = {"Authorization": f"Bearer {access_token}"}
    if language:
        headers["Accept-Language"] = language
    return client.http.get("/v1/vendor/me", headers=headers)


def load_link(link_id: str):
    from chalicelib.store.models import AppLink, app_link_key

    return AppLink.get(*app_link_key(link_id), consistent_read=True)


def link_id_of(tokens: dict[str, Any]) -> str:
    return tokens["refresh_token"].split(".", 1)[0]


def oauth_error(response) -> str:
    return response.json_body["error"]


def test_world_starts_with_an_active_vendor(world):
    from chalicelib.services import vendors

    assert vendors.get_vendor(world.client_id).status == "active"


class KmsCalls:
    """Counts the KMS requests botocore sends, by operation name."""

    def __init__(self) -> None:
        from collections import Counter

        self.operations: Counter[str] = Counter()

    def reset(self) -> None:
        self.operations.clear()


@pytest.fixture
def kms_calls(monkeypatch) -> KmsCalls:
    from botocore.client import BaseClient

    calls = KmsCalls()
    original = BaseClient._make_api_call

    def counting(self, operation_name, api_params):
        if self.meta.service_model.service_name == "kms":
            calls.operations[operation_name] += 1
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counting)
    return calls
