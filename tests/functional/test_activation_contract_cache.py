"""A contract recorded by another process is honoured at once when a code is asked for."""

from datetime import date

from tests.support import seed
from tests.support.people import new_person

ENTERPRISE = "0212345668"


def test_code_after_contract_signed_elsewhere_is_issued(client, fas):
    manager, worker = new_person("Marc", "Claes"), new_person("Tom", "Wouters")
    seed.organisation(ENTERPRISE, manager)
    seed.assignment(ENTERPRISE, worker, "social_worker")
    # The status check caches the organisation while it has no contract yet.
    assert client.http.get("/v1/me/status", headers=fas.headers(worker)).json_body["can_use_remi_now"] is False
    # remi-admin records the contract in its own process, so this process's cache is stale.
    seed.sign_contract(ENTERPRISE, date(2024, 1, 1))

    response = client.http.post("/v1/me/activation-codes", headers=fas.headers(worker),
                                body='{"enterprise_number": "0212345668"}')

    assert response.status_code == 201
