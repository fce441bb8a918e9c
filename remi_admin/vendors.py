"""remi-admin commands: vendor clients (register, disable, enable, rotate-secret, list).

The commands only call chalicelib.services.vendors. A client secret is printed once, when it
is made. REMI keeps only its hash, so a lost secret is replaced with `rotate-secret`.
"""

from __future__ import annotations

import click

from chalicelib.errors import RemiError
from chalicelib.i18n import translate

OUTPUT_LANGUAGE = "en"


def _fail(error: RemiError) -> None:
    raise click.ClickException(translate(error.code, OUTPUT_LANGUAGE, **error.params))


@click.group(name="vendor")
def vendor() -> None:
    """Register and manage the vendor clients that exchange activation codes."""
    from chalicelib.store import connection

    connection.bind()


@vendor.command(name="register")
@click.option("--name", required=True, help="Vendor name shown to staff and managers, e.g. 'CIPAL Schaubroeck'.")
@click.option("--contact-email", required=True, help="E-mail address of the vendor's technical contact.")
def register(name: str, contact_email: str) -> None:
    """Register a vendor and print its client id and secret. The secret is not shown again."""
    from chalicelib.services import vendors

    try:
        client, secret = vendors.register_vendor(name, contact_email)
    except RemiError as error:
        _fail(error)
        return
    click.echo(f"client_id:     {client.client_id}")
    click.echo(f"client_secret: {secret}")
    click.echo("Store the secret now: REMI keeps only its hash and cannot show it again.", err=True)


@vendor.command(name="disable")
@click.argument("client_id")
def disable(client_id: str) -> None:
    """Disable a vendor: token requests fail and its access tokens stop working."""
    from chalicelib.services import vendors

    try:
        vendors.disable_vendor(client_id)
    except RemiError as error:
        _fail(error)
    click.echo(f"{client_id} disabled")


@vendor.command(name="enable")
@click.argument("client_id")
def enable(client_id: str) -> None:
    """Enable a disabled vendor again."""
    from chalicelib.services import vendors

    try:
        vendors.enable_vendor(client_id)
    except RemiError as error:
        _fail(error)
    click.echo(f"{client_id} enabled")


@vendor.command(name="rotate-secret")
@click.argument("client_id")
def rotate_secret(client_id: str) -> None:
    """Give a vendor a new secret and print it once. The old secret stops working at once."""
    from chalicelib.services import vendors

    try:
        _, secret = vendors.rotate_secret(client_id)
    except RemiError as error:
        _fail(error)
        return
    click.echo(f"client_id:     {client_id}")
    click.echo(f"client_secret: {secret}")
    click.echo("Store the secret now: REMI keeps only its hash and cannot show it again.", err=True)


@vendor.command(name="list")
def list_vendors() -> None:
    """List the vendors with client id, status, name and contact, but never a secret."""
    from chalicelib.services import vendors

    for client in vendors.list_vendors():
        click.echo(f"{client.client_id}\t{client.status}\t{client.name}\t{client.contact_email}")


COMMANDS: list[click.Command] = [vendor]
