"""remi-admin commands: vendors."""

import click

COMMANDS: list[click.Command] = []
