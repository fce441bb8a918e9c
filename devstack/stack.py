"""The local stack: moto as DynamoDB and KMS, the development identity provider, demo data
and `chalice local`, all on loopback, stopped together by Ctrl-C.

Run it with `make run` (or `.venv/bin/python -m devstack`). Everything lives in memory:
each start begins with empty tables and fresh demo data.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
STATE_DIR = PROJECT_DIR / ".devstack"
REGION = "eu-west-1"
TABLE_NAME = "remi-access-local"
SIGNING_KEY_ALIAS = "alias/remi-access-local-signing"
FAS_CLIENT_ID = "remi-access-local"


@dataclass(frozen=True)
class Ports:
    api: int = 8000
    aws: int = 5000
    identity_provider: int = 8001


def stack_environment(host: str, ports: Ports) -> dict[str, str]:
    """Return the environment that `chalice local` and remi-admin need to use this stack."""
    aws_endpoint = f"http://{host}:{ports.aws}"
    issuer = f"http://{host}:{ports.identity_provider}/fas/oauth2"
    api = f"http://{host}:{ports.api}"
    return {
        # moto accepts any credentials; these keep boto3 from looking for real ones.
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_EC2_METADATA_DISABLED": "true",
        "REMI_STAGE": "local",
        "REMI_TABLE_NAME": TABLE_NAME,
        "REMI_DYNAMODB_ENDPOINT": aws_endpoint,
        "REMI_KMS_ENDPOINT": aws_endpoint,
        "REMI_SIGNING_KEY_ID": SIGNING_KEY_ALIAS,
        "REMI_FAS_ISSUER": issuer,
        "REMI_FAS_JWKS_URL": issuer + "/connect/jwk_uri",
        "REMI_FAS_CLIENT_ID": FAS_CLIENT_ID,
        "REMI_TOKEN_ISSUER": api,
        "REMI_TOKEN_AUDIENCE": api + "/v1/vendor",
        "REMI_INVITATION_LINK_BASE": api + "/invitation",
        "REMI_PSEUDONYM_KEY": "local-development-only",
        "REMI_DEV_IDENTITY_PROVIDER": f"http://{host}:{ports.identity_provider}",
        "REMI_API_URL": api,
    }


def require_loopback(host: str) -> None:
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SystemExit(f"--host {host}: the local stack binds only loopback addresses such as 127.0.0.1")


def start_moto(host: str, port: int):
    from moto.server import ThreadedMotoServer

    # moto's werkzeug server logs every request; the stack's own output is what matters here.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # ThreadedMotoServer binds 0.0.0.0 unless given an address.
    server = ThreadedMotoServer(ip_address=host, port=port, verbose=False)
    server.start()
    return server


def create_resources() -> None:
    """Create the table and the vendor-token signing key in the moto server named by the environment."""
    import boto3

    from chalicelib.settings import get_settings, reset_settings
    from chalicelib.store import connection

    reset_settings()
    connection.unbind()
    connection.create_table()
    settings = get_settings()
    kms = boto3.client("kms", region_name=settings.region, endpoint_url=settings.kms_endpoint)
    aliases = {alias["AliasName"] for alias in kms.list_aliases()["Aliases"]}
    if settings.signing_key_id not in aliases:
        key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY", Description="REMI vendor tokens (local)")
        kms.create_alias(AliasName=settings.signing_key_id, TargetKeyId=key["KeyMetadata"]["KeyId"])


def wait_for(url: str, timeout_seconds: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"chalice local exited with code {process.returncode} before responding at {url}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not respond within {timeout_seconds:.0f} s")


def start_chalice_local(host: str, port: int, environment: dict[str, str]) -> subprocess.Popen:
    command = [sys.executable, "-m", "devstack.chalice_local", "local", "--host", host, "--port", str(port),
               "--stage", "local", "--no-autoreload"]
    return subprocess.Popen(command, cwd=PROJECT_DIR, env={**os.environ, **environment})


def require_free_ports(host: str, ports: Ports) -> None:
    """Exit with the option to use when a port is taken, before anything starts."""
    options = {"api": "--api-port", "aws": "--aws-port", "identity_provider": "--idp-port"}
    for name, option in options.items():
        port = getattr(ports, name)
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                raise SystemExit(
                    f"port {port} on {host} is already in use (is another `make run` up?). "
                    f'Stop that program, or choose another port: make run ARGS="{option} <port>"'
                ) from None


def run(host: str, ports: Ports, seed_demo: bool) -> int:
    require_loopback(host)
    require_free_ports(host, ports)
    STATE_DIR.mkdir(exist_ok=True)
    environment = stack_environment(host, ports)
    os.environ.update(environment)

    moto = start_moto(host, ports.aws)
    identity_server = None
    chalice_process = None
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        create_resources()

        from devstack.identity_provider import DevIdentityProvider, serve

        provider = DevIdentityProvider(environment["REMI_FAS_ISSUER"], FAS_CLIENT_ID, STATE_DIR / "identity-provider-key.pem")
        identity_server = serve(provider, host=host, port=ports.identity_provider)

        demo = None
        if seed_demo:
            from devstack.demo import seed

            demo = seed()

        chalice_process = start_chalice_local(host, ports.api, environment)
        wait_for(f"http://{host}:{ports.api}/v1/health", 60, chalice_process)

        from devstack.demo import next_steps

        print(next_steps(environment, demo), flush=True)
        print(f"REMI local stack ready on http://{host}:{ports.api} (Ctrl-C stops it)", flush=True)
        while not stop.is_set():
            if chalice_process.poll() is not None:
                print(f"chalice local exited with code {chalice_process.returncode}", file=sys.stderr)
                return 1
            stop.wait(0.5)
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        if chalice_process is not None and chalice_process.poll() is None:
            chalice_process.terminate()
            try:
                chalice_process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                chalice_process.kill()
        if identity_server is not None:
            identity_server.shutdown()
            identity_server.server_close()
        moto.stop()
        print("REMI local stack stopped.", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--api-port", type=int, default=Ports.api, help="port of chalice local (default 8000)")
    parser.add_argument("--aws-port", type=int, default=Ports.aws, help="port of the moto server (default 5000)")
    parser.add_argument("--idp-port", type=int, default=Ports.identity_provider,
                        help="port of the development identity provider (default 8001)")
    parser.add_argument("--no-demo", action="store_true", help="start with empty tables")
    args = parser.parse_args(argv)
    ports = Ports(api=args.api_port, aws=args.aws_port, identity_provider=args.idp_port)
    return run(args.host, ports, seed_demo=not args.no_demo)
