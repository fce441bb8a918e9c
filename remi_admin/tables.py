"""remi-admin commands: creating the table where no CloudFormation stack does it."""

from __future__ import annotations

import click


@click.group("table")
def table() -> None:
    """Manage the DynamoDB table where no CloudFormation stack creates it."""


@table.command("create")
def create() -> None:
    """Create the table, its indexes and its TTL setting, unless the table exists."""
    from chalicelib.settings import get_settings
    from chalicelib.store import connection

    connection.create_table()
    click.echo(f"table {get_settings().table_name} is ready")


COMMANDS: list[click.Command] = [table]
