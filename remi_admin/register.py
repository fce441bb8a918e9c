"""remi-admin commands: register."""

import click

COMMANDS: list[click.Command] = []
