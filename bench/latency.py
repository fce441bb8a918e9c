"""Product routes against the reference routes: status check, invitation acceptance, token exchanges.

Every route runs through chalice.test.Client on moto in this process. Routes that consume
their input (an invitation link, an activation code) get inputs prepared before the timed
loop. Those routes are timed in blocks of a few rounds, each block on a fresh table. moto's
Query reads every item of the table, so a table that grew by thousands of items during the
loop would make later rounds slower for moto's reasons, not the app's.
"""

from __future__ import annotations

import base64
import json
import urllib.parse
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Iterator

from chalice.test import Client

from bench import reference_app
from bench.harness import AwsStack, BenchmarkError, drop_table, use_table
from bench.report import Row, format_operations, milliseconds, within
from bench.timing import Pair, interleave
from tests.support import seed
from tests.support.people import Person, new_person

ENTERPRISE = seed.DEMO_ENTERPRISE
CONTRACT_SIGNED_ON = date(2024, 1, 1)
FORM = "application/x-www-form-urlencoded"
JSON_HEADERS = {"Content-Type": "application/json"}
# Untimed rounds at the start of every block: the first request after a table switch builds
# new botocore clients, which costs tens of milliseconds.
BLOCK_WARMUP = 2


@dataclass(frozen=True)
class LatencyPlan:
    status_rounds: int
    write_rounds: int  # per write route: acceptance, code exchange, refresh exchange
    block: int  # rounds per fresh table for the write routes


def require_status(response: Any, status: int, step: str) -> Any:
    """Return the response, or raise BenchmarkError when its status is not `status`."""
    if response.status_code != status:
        body = response.body.decode("utf-8", "replace") if isinstance(response.body, bytes) else str(response.body)
        raise BenchmarkError(f"{step} returned HTTP {response.status_code}, expected {status}: {body[:300]}")
    return response


def require_green_check(response: Any) -> None:
    """Raise BenchmarkError unless the status check succeeded with access `granted`."""
    require_status(response, 200, "GET /v1/me/status")
    access = response.json_body["access"]
    if access != "granted":
        raise BenchmarkError(f"the status check returned access {access!r}, expected 'granted'")


def basic_authorization(client_id: str, client_secret: str) -> str:
    """HTTP Basic client authentication as RFC 6749 section 2.3.1 builds it (each part form-encoded)."""
    pair = f"{urllib.parse.quote_plus(client_id)}:{urllib.parse.quote_plus(client_secret)}"
    return "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")


def blocks(rounds: int, size: int) -> Iterator[int]:
    """Yield the sizes of consecutive blocks of at most `size` rounds that add up to `rounds`."""
    remaining = rounds
    while remaining > 0:
        yield min(size, remaining)
        remaining -= size


class LatencyBench:
    def __init__(self, stack: AwsStack, plan: LatencyPlan) -> None:
        import app as remi_app

        self.stack = stack
        self.plan = plan
        self.product = Client(remi_app.app)
        self.reference = Client(reference_app.app)
        self._tables = 0
        self._table: str | None = None

    def run(self) -> list[Row]:
        rows = self.status_rows()
        rows.append(self.write_row("accept invitation vs one TransactWriteItems", self.prepare_accept))
        rows.append(self.write_row("code exchange vs one TransactWriteItems", self.prepare_code_exchange))
        rows.append(self.write_row("refresh exchange vs one TransactWriteItems", self.prepare_refresh))
        self.close()
        return rows

    def close(self) -> None:
        self._drop_current_table()

    # Tables

    def _fresh_table(self) -> None:
        from chalicelib.store import organisation_cache

        self._drop_current_table()
        self._tables += 1
        self._table = f"remi-bench-latency-{self._tables}"
        use_table(self._table)
        organisation_cache.clear()

    def _drop_current_table(self) -> None:
        if self._table is not None:
            drop_table(self._table)
            self.stack.check_no_cancellations()
            self._table = None

    # Reference routes

    def _query(self, _: int) -> None:
        require_status(self.reference.http.get("/reference/query"), 200, "GET /reference/query")

    def _transaction(self, _: int) -> None:
        response = self.reference.http.post("/reference/transaction", headers=JSON_HEADERS, body="{}")
        require_status(response, 200, "POST /reference/transaction")

    # Status check

    def prepare_status(self, _: int = 0) -> Callable[[int], None]:
        """Create a fresh table with a social worker whose role is active, and return their status check call."""
        from chalicelib.store.models import person_pk

        self._fresh_table()
        manager, staff = new_person("Mia", "Maes"), new_person("Sam", "Smets")
        seed.organisation(ENTERPRISE, manager, contract_signed_on=CONTRACT_SIGNED_ON)
        seed.assignment(ENTERPRISE, staff, "social_worker")
        headers = self.stack.minter.headers(staff)
        reference_app.point_query_at(person_pk(staff.ssin))

        def status(_: int) -> None:
            require_green_check(self.product.http.get("/v1/me/status", headers=headers))

        return status

    def status_rows(self) -> list[Row]:
        from chalicelib.store import organisation_cache

        status = self.prepare_status()
        rounds = self.plan.status_rounds
        warm = interleave(self.stack.calls, status, self._query, rounds)
        cold = interleave(self.stack.calls, status, self._query, rounds,
                          before_measured=lambda _: organisation_cache.clear())
        return [
            pair_row("status check, organisation cached, vs one Query", warm, 1.5),
            pair_row("status check, organisation not cached, vs one Query", cold, 1.5),
        ]

    # Write routes

    def write_row(self, measurement: str, prepare: Callable[[int], Callable[[int], None]]) -> Row:
        """Time the route that `prepare(n)` returns against one transaction, in blocks on fresh tables."""
        pair = Pair()
        for size in blocks(self.plan.write_rounds, self.plan.block):
            call = prepare(size + BLOCK_WARMUP)
            pair.extend(interleave(self.stack.calls, call, self._transaction, size, warmup=BLOCK_WARMUP))
        return pair_row(measurement, pair, 2.0)

    def prepare_accept(self, count: int) -> Callable[[int], None]:
        """Create a fresh table with `count` invitations and as many new people.

        Return the call that accepts the i-th invitation as the i-th person.
        """
        self._fresh_table()
        manager = new_person("Els", "Maes")
        seed.organisation(ENTERPRISE, manager)
        manager_headers = self.stack.minter.headers(manager)
        tokens = [self._create_invitation(manager_headers) for _ in range(count)]
        people = [new_person("Jan", "Smet") for _ in tokens]
        headers = [self.stack.minter.headers(person) for person in people]

        def accept(index: int) -> None:
            body = json.dumps({"token": tokens[index], "email": people[index].email})
            response = self.product.http.post("/v1/invitations/accept", headers=headers[index], body=body)
            require_status(response, 201, "POST /v1/invitations/accept")

        return accept

    def _create_invitation(self, manager_headers: dict[str, str]) -> str:
        response = self.product.http.post(
            f"/v1/organisations/{ENTERPRISE}/invitations",
            headers=manager_headers,
            body=json.dumps({"roles": ["social_worker"]}),
        )
        require_status(response, 201, "POST /v1/organisations/{enterprise_number}/invitations")
        return response.json_body["token"]

    def _vendor_world(self, staff_count: int) -> tuple[str, list[Person]]:
        """Create a fresh table with an OCMW whose contract is signed, `staff_count` social workers and a vendor."""
        from chalicelib.services import vendors

        self._fresh_table()
        seed.organisation(ENTERPRISE, new_person("Mia", "Maes"), contract_signed_on=CONTRACT_SIGNED_ON)
        staff = [new_person("Sam", "Smets") for _ in range(staff_count)]
        for person in staff:
            seed.assignment(ENTERPRISE, person, "social_worker")
        vendor, secret = vendors.register_vendor("CIPAL Schaubroeck", "api@vendor.example")
        return basic_authorization(vendor.client_id, secret), staff

    def _request_code(self, person: Person) -> str:
        response = self.product.http.post(
            "/v1/me/activation-codes",
            headers=self.stack.minter.headers(person),
            body=json.dumps({"enterprise_number": ENTERPRISE}),
        )
        return require_status(response, 201, "POST /v1/me/activation-codes").json_body["code"]

    def _token_request(self, authorization: str, form: dict[str, str]) -> dict[str, Any]:
        response = self.product.http.post(
            "/v1/oauth/token",
            headers={"Content-Type": FORM, "Authorization": authorization},
            body=urllib.parse.urlencode(form),
        )
        return require_status(response, 200, f"POST /v1/oauth/token ({form['grant_type']})").json_body

    def prepare_code_exchange(self, count: int) -> Callable[[int], None]:
        """Create a fresh table with `count` activation codes, one per social worker.

        Return the call that exchanges the i-th code.
        """
        from chalicelib.services.oauth import ACTIVATION_CODE_GRANT

        authorization, staff = self._vendor_world(count)
        codes = [self._request_code(person) for person in staff]

        def exchange(index: int) -> None:
            self._token_request(authorization, {"grant_type": ACTIVATION_CODE_GRANT, "code": codes[index]})

        return exchange

    def prepare_refresh(self, _: int) -> Callable[[int], None]:
        """Create a fresh table with one app link, and return the refresh call.

        Refresh tokens rotate, so each call presents the token that the previous call returned.
        """
        from chalicelib.services.oauth import ACTIVATION_CODE_GRANT, REFRESH_TOKEN_GRANT

        authorization, staff = self._vendor_world(1)
        code = self._request_code(staff[0])
        current = {"refresh_token": self._token_request(
            authorization, {"grant_type": ACTIVATION_CODE_GRANT, "code": code})["refresh_token"]}

        def refresh(_: int) -> None:
            body = self._token_request(
                authorization, {"grant_type": REFRESH_TOKEN_GRANT, "refresh_token": current["refresh_token"]})
            current["refresh_token"] = body["refresh_token"]

        return refresh


def pair_row(measurement: str, pair: Pair, maximum: float) -> Row:
    """Build the report row of a product route against its reference, with the split of each side's CPU time."""
    ratio = pair.ratio()
    measured, reference = pair.measured, pair.reference
    detail = (
        f"median wall: product {milliseconds(measured.median('seconds'))},"
        f" reference {milliseconds(reference.median('seconds'))}."
        f" Median CPU: product {milliseconds(measured.median('cpu_seconds'))}"
        f" (AWS calls {milliseconds(measured.median('aws_cpu_seconds'))},"
        f" app {milliseconds(measured.median('app_cpu_seconds'))}),"
        f" reference {milliseconds(reference.median('cpu_seconds'))}"
        f" (AWS calls {milliseconds(reference.median('aws_cpu_seconds'))},"
        f" app {milliseconds(reference.median('app_cpu_seconds'))})."
        f" The product's AWS calls alone take {pair.ratio('aws_cpu_seconds', 'cpu_seconds').median:.2f}x"
        f" the reference's CPU time. {len(measured.samples)} rounds."
    )
    requests = f"product DynamoDB {format_operations(measured.request_shapes())}"
    kms = [shape for shape in measured.kms_shapes() if shape]
    if kms:
        requests += f", KMS {format_operations(kms)}"
    requests += f"; reference DynamoDB {format_operations(reference.request_shapes())}"
    cpu_ratio = pair.ratio("cpu_seconds")
    return Row(measurement, ratio, cpu_ratio, f"<= {maximum:g}x", within(ratio, maximum), detail, requests)
