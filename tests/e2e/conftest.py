"""Starts the local stack (`python -m devstack`) once for the end-to-end tier.

The stack runs on free ports, so a developer's own `make run` on the default ports does
not collide with it. Tests talk to it over real HTTP only.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
READY_LINE = "REMI local stack ready"
START_TIMEOUT_SECONDS = 120


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class HttpResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class LocalStack:
    api_url: str
    identity_provider_url: str
    environment: dict[str, str]
    output: list[str]

    def request(self, method: str, path: str, *, token: str | None = None, body=None,
                headers: dict[str, str] | None = None, form: dict[str, str] | None = None) -> HttpResponse:
        """One HTTP request to the stack's API; never raises on 4xx/5xx."""
        request_headers = dict(headers or {})
        data = None
        if token:
            request_headers["Authorization"] = f"Bearer {token}"
        if body is not None:
            data = json.dumps(body).encode()
            request_headers.setdefault("Content-Type", "application/json")
        if form is not None:
            from urllib.parse import urlencode

            data = urlencode(form).encode()
            request_headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.api_url + path, data=data, headers=request_headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return HttpResponse(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return HttpResponse(error.code, dict(error.headers), error.read())

    def id_token(self, person_key: str | None = None, **claims) -> str:
        """An ID token from the stack's development identity provider, as `remi-admin dev-token` gets one."""
        if person_key:
            from devstack.roster import person

            demo = person(person_key)
            claims = {"ssin": demo.ssin, "given_name": demo.given_name, "surname": demo.surname,
                      "email": demo.email, "preferred_language": demo.language, **claims}
        request = urllib.request.Request(
            self.identity_provider_url + "/fas/oauth2/dev/token",
            data=json.dumps(claims).encode(), headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)["id_token"]

    def remi_admin(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run `remi-admin` against this stack, as an operator would."""
        completed = subprocess.run(
            [sys.executable, "-m", "remi_admin", *arguments], cwd=PROJECT_DIR,
            env={**os.environ, **self.environment}, capture_output=True, text=True, timeout=60)
        if check and completed.returncode != 0:
            raise AssertionError(f"remi-admin {' '.join(arguments)} failed: {completed.stderr}")
        return completed


@pytest.fixture(scope="session")
def stack():
    from devstack.stack import Ports, stack_environment

    ports = Ports(api=_free_port(), aws=_free_port(), identity_provider=_free_port())
    environment = {key: value for key, value in os.environ.items() if not key.startswith("REMI_")}
    environment.update(PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "devstack", "--api-port", str(ports.api), "--aws-port", str(ports.aws),
               "--idp-port", str(ports.identity_provider)]
    process = subprocess.Popen(command, cwd=PROJECT_DIR, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    ready = threading.Event()

    def read_output() -> None:
        for line in process.stdout:
            output.append(line)
            if READY_LINE in line:
                ready.set()

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not ready.is_set() and process.poll() is None and time.monotonic() < deadline:
        ready.wait(0.5)
    if not ready.is_set():
        process.kill()
        pytest.fail("the local stack did not start:\n" + "".join(output[-60:]))

    yield LocalStack(
        api_url=f"http://127.0.0.1:{ports.api}",
        identity_provider_url=f"http://127.0.0.1:{ports.identity_provider}",
        environment=stack_environment("127.0.0.1", ports),
        output=output,
    )

    process.send_signal(subprocess.signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
