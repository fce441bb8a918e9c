"""The `remi-admin` command group. Each area adds its commands from its own module."""

from __future__ import annotations

import os

import click

from remi_admin import contracts, demo, register, sweep, tables, vendors


@click.group()
@click.option("--local", "use_local_stack", is_flag=True,
              help="Use the local stack started by `make run` (moto on 127.0.0.1:5000).")
def cli(use_local_stack: bool) -> None:
    """Operate REMI access: vendors, contracts, the legal-representative register, sweeps.

    Without --local it uses the AWS account, region and table named by the environment
    (AWS_PROFILE or credentials, AWS_DEFAULT_REGION, REMI_TABLE_NAME, REMI_SIGNING_KEY_ID).
    """
    from chalicelib.settings import reset_settings
    from chalicelib.store import connection

    if use_local_stack:
        from devstack.stack import Ports, stack_environment

        os.environ.update(stack_environment("127.0.0.1", Ports()))
    reset_settings()
    connection.unbind()
    _log_to_stderr()


def _log_to_stderr() -> None:
    """Keep the service's JSON log lines off stdout, so command output can be piped."""
    import logging
    import sys

    from chalicelib.logs import logger

    for handler in logging.getLogger(logger.service).handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(sys.stderr)


for module in (tables, demo, register, vendors, contracts, sweep):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    cli(prog_name="remi-admin")
