"""The whole flow, with every log line captured: no SSIN, token, code or secret may appear."""

from __future__ import annotations

import base64
import io
import json
import logging
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest

from chalicelib.identifiers import find_ssins
from chalicelib.logs import logger
from chalicelib.services import contracts, onboarding, vendors
from tests.support.people import new_person

ENTERPRISE = "0212345668"
ORGANISATION = f"/v1/organisations/{ENTERPRISE}"
ACTIVATION_CODE_GRANT = "urn:remi:params:oauth:grant-type:activation-code"


def _json(body: dict) -> str:
    return json.dumps(body)


@pytest.fixture
def app_log() -> io.StringIO:
    """Every line the app's logger writes during the test, as JSON, even at DEBUG level."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.registered_formatter)
    service_logger = logging.getLogger(logger.service)
    level = logger.log_level
    service_logger.addHandler(handler)
    logger.setLevel("DEBUG")
    yield stream
    logger.setLevel(level)
    service_logger.removeHandler(handler)


def _walk_the_flow(client, fas) -> list[str]:
    """Run every step of the guide and return the secrets it produced."""
    legal, manager, access_manager, worker = (new_person("Lieve", "Janssens"), new_person("Marc", "Claes"),
                                              new_person("Sofie", "Maes"), new_person("Tom", "Wouters"))
    onboarding.import_register([onboarding.RegisterRow(1, ENTERPRISE, "OCMW Demodorp", "Markt 1", legal.ssin)])
    secrets: list[str] = []

    registration = {"enterprise_number": ENTERPRISE, "email": "directie@ocmw.example", "phone": "+32 14 00 00 00",
                    "terms_confirmed": True,
                    "main_access_manager": {"ssin": manager.ssin, "email": manager.email, "language": "nl"}}
    assert client.http.post("/v1/organisations", headers=fas.headers(legal), body=_json(registration)).status_code == 201
    added = {"ssin": access_manager.ssin, "email": access_manager.email, "language": "nl", "level": "domain",
             "domain": "social_security"}
    assert client.http.post(ORGANISATION + "/access-managers", headers=fas.headers(manager),
                            body=_json(added)).status_code == 201

    invitation = client.http.post(ORGANISATION + "/invitations", headers=fas.headers(access_manager),
                                  body=_json({"roles": ["social_worker", "dpo"], "expires_on": (date.today() + timedelta(days=30)).isoformat(),
                                              "invitees": [{"surname": "Wouters", "given_name": "Tom",
                                                            "email": worker.email, "ssin": worker.ssin}]})).json_body
    secrets.append(invitation["token"])
    client.http.post("/v1/invitations/preview", headers=fas.headers(worker), body=_json({"token": invitation["token"]}))
    client.http.post("/v1/invitations/accept", headers=fas.headers(new_person()),
                     body=_json({"token": invitation["token"], "email": "someone@example.org"}))
    client.http.post("/v1/invitations/accept", headers=fas.headers(worker),
                     body=_json({"token": invitation["token"], "email": worker.email}))
    client.http.get("/v1/me/status", headers=fas.headers(worker))
    client.http.get(ORGANISATION + "/assignments", headers=fas.headers(access_manager))
    client.http.get(ORGANISATION + "/assignments", headers={**fas.headers(access_manager), "Accept": "text/csv"})

    contracts.record_contract(ENTERPRISE, date(2024, 1, 1), None)
    code = client.http.post("/v1/me/activation-codes", headers=fas.headers(worker),
                            body=_json({"enterprise_number": ENTERPRISE})).json_body["code"]
    secrets.append(code)
    vendor, client_secret = vendors.register_vendor("Demo Software NV", "integratie@demo.example")
    secrets.append(client_secret)
    basic = base64.b64encode(f"{vendor.client_id}:{client_secret}".encode()).decode()
    form_headers = {"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"}
    tokens = client.http.post("/v1/oauth/token", headers=form_headers,
                              body=urlencode({"grant_type": ACTIVATION_CODE_GRANT, "code": code})).json_body
    secrets += [tokens["access_token"], tokens["refresh_token"]]
    client.http.post("/v1/oauth/token", headers=form_headers,
                     body=urlencode({"grant_type": ACTIVATION_CODE_GRANT, "code": code}))
    client.http.get("/v1/vendor/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    refreshed = client.http.post("/v1/oauth/token", headers=form_headers,
                                 body=urlencode({"grant_type": "refresh_token",
                                                 "refresh_token": tokens["refresh_token"]})).json_body
    client.http.post("/v1/oauth/token", headers=form_headers,
                     body=urlencode({"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}))
    if "refresh_token" in refreshed:
        secrets.append(refreshed["refresh_token"])
    client.http.post("/v1/oauth/revoke", headers=form_headers, body=urlencode({"token": tokens["refresh_token"]}))

    # Refusals that carry an SSIN or a token in the request.
    client.http.post(ORGANISATION + "/access-managers", headers=fas.headers(manager),
                     body=_json({**added, "ssin": "85073003399"}))
    client.http.get("/v1/me/status", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    client.lambda_.invoke("expiry_sweep", client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={},
        resources=["arn:aws:events:eu-west-1:123456789012:rule/remi-sweep"]))
    return secrets


def test_flow_logs_no_ssin_or_secret(client, fas, app_log, caplog):
    caplog.set_level(logging.INFO)
    secrets = _walk_the_flow(client, fas)
    # The app's JSON lines with their extra fields, and every other logger at INFO.
    logged = app_log.getvalue() + caplog.text

    assert logged.count("\n") > 20, "the flow wrote too few log lines for this check to mean anything"
    assert find_ssins(logged) == []
    leaked = [secret[:6] + "..." for secret in secrets if secret in logged or secret.replace("-", "") in logged]
    assert leaked == []
