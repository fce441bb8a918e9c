"""remi-admin commands for the local stack: demo data and ID tokens from the development
identity provider. Both refuse anything but a loopback address."""

from __future__ import annotations

import ipaddress
import json
import os
import urllib.error
import urllib.parse
import urllib.request

import click


def _require_loopback(url: str) -> None:
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise click.UsageError(f"{url} is not a loopback address: demo commands talk to the local stack only")


@click.command("dev-token")
@click.argument("person_key", required=False)
@click.option("--ssin", help="SSIN of a person not in the demo roster.")
@click.option("--given-name", default="Test", show_default=True)
@click.option("--surname", default="Persoon", show_default=True)
@click.option("--email", default=None)
@click.option("--language", type=click.Choice(["nl", "fr", "de", "en"]), default=None,
              help="prefLanguage claim; the roster's language when unset.")
@click.option("--acr", default="urn:be:fedict:iam:fas:Level500", show_default=True,
              help="authentication level: Level500 is eID, Level450 is itsme.")
@click.option("--identity-provider", envvar="REMI_DEV_IDENTITY_PROVIDER", default="http://127.0.0.1:8001",
              show_default=True, help="base URL of the development identity provider")
def dev_token(person_key, ssin, given_name, surname, email, language, acr, identity_provider) -> None:
    """Print a FAS-shaped ID token for a demo person (see `remi-admin demo people`) or an SSIN.

    Only the local stack's development identity provider mints these tokens.
    """
    from devstack.roster import person

    _require_loopback(identity_provider)
    if person_key:
        demo = person(person_key)
        request = {"ssin": demo.ssin, "given_name": demo.given_name, "surname": demo.surname,
                   "email": demo.email, "preferred_language": language or demo.language, "acr": acr}
    elif ssin:
        request = {"ssin": ssin, "given_name": given_name, "surname": surname, "email": email,
                   "preferred_language": language or "nl", "acr": acr}
    else:
        raise click.UsageError("name a demo person (e.g. social-worker) or pass --ssin")
    url = identity_provider.rstrip("/") + "/fas/oauth2/dev/token"
    body = json.dumps({key: value for key, value in request.items() if value is not None}).encode()
    http_request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(http_request, timeout=5) as response:
            click.echo(json.load(response)["id_token"])
    except urllib.error.HTTPError as exc:
        raise click.ClickException(f"the identity provider rejected the request: {exc.read().decode(errors='replace')}")
    except urllib.error.URLError as exc:
        raise click.ClickException(f"no identity provider at {identity_provider} ({exc.reason}); is `make run` running?")


@click.group("demo")
def demo() -> None:
    """Show and write the local stack's demo OCMW and people."""


@demo.command("people")
def people() -> None:
    """List the demo people and what each one shows."""
    from chalicelib.identifiers import format_ssin
    from devstack.roster import PEOPLE

    click.echo(f"{'name':22} {'person':16} {'SSIN':16} {'language':9} role")
    for entry in PEOPLE.values():
        full_name = f"{entry.given_name} {entry.surname}"
        click.echo(f"{entry.key:22} {full_name:16} {format_ssin(entry.ssin):16} {entry.language:9} {entry.description}")


@demo.command("seed")
def seed_command() -> None:
    """Write the demo OCMW, its managers and a vendor into the tables (the local stack does this at start)."""
    _require_loopback(os.environ.get("REMI_DYNAMODB_ENDPOINT") or "http://aws.invalid")
    from devstack.demo import seed

    result = seed()
    click.echo(json.dumps(result.printable(), indent=2))


COMMANDS: list[click.Command] = [dev_token, demo]
