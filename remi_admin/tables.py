"""remi-admin commands: tables."""

import click

COMMANDS: list[click.Command] = []
