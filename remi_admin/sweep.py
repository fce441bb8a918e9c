"""remi-admin commands: sweep."""

from __future__ import annotations

import json

import click


@click.command(name="sweep")
@click.option("--dry-run", is_flag=True,
              help="Count what is due, per kind, without changing anything.")
@click.option("--page-size", type=click.IntRange(1, 1000), default=100, show_default=True,
              help="Items read per Query on the due-for-sweep index.")
def sweep(dry_run: bool, page_size: int) -> None:
    """Expire invitations, role assignments, pending approvals, activation codes and app links
    whose time is over, as the scheduled function does; running it again changes nothing."""
    from chalicelib.services import sweep as sweep_service
    from chalicelib.store import connection

    connection.bind()
    summary = sweep_service.run(page_size=page_size, dry_run=dry_run)
    click.echo(json.dumps(summary, indent=2))
    if summary["failed"]:
        raise click.ClickException(f"{summary['failed']} due items could not be written; run the sweep again")


COMMANDS: list[click.Command] = [sweep]
