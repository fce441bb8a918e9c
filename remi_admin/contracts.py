"""remi-admin commands: contracts."""

import click

COMMANDS: list[click.Command] = []
