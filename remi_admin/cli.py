"""The `remi-admin` command group. Each area adds its commands from its own module."""

from __future__ import annotations

import click

from remi_admin import contracts, demo, register, sweep, tables, vendors


@click.group()
@click.option("--endpoint", envvar="REMI_DYNAMODB_ENDPOINT", default=None,
              help="DynamoDB endpoint URL, e.g. the local moto server; AWS when unset.")
def cli(endpoint: str | None) -> None:
    """Operate REMI access: vendors, contracts, the legal-representative register, sweeps."""
    import os

    from chalicelib.settings import reset_settings
    from chalicelib.store import connection

    if endpoint:
        os.environ["REMI_DYNAMODB_ENDPOINT"] = endpoint
    reset_settings()
    connection.unbind()


for module in (tables, demo, register, vendors, contracts, sweep):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    cli(prog_name="remi-admin")
