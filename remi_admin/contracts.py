"""remi-admin commands: contracts.

    remi-admin contract record 0409.667.028 --signed-on 2026-01-15 [--ends-on 2028-12-31]
    remi-admin contract end 0409.667.028 --on 2027-06-30
    remi-admin contract show 0409.667.028
"""

from __future__ import annotations

import json
from datetime import date, datetime

import click

from chalicelib import clock
from chalicelib.errors import RemiError
from chalicelib.i18n import translate
from chalicelib.identifiers import InvalidIdentifier, format_enterprise_number, parse_enterprise_number

# Operators read English; the same message keys serve the API in four languages.
_OPERATOR_LANGUAGE = "en"


class EnterpriseNumber(click.ParamType):
    """An enterprise number in any form parse_enterprise_number accepts, as its 10 digits."""

    name = "ENTERPRISE_NUMBER"

    def convert(self, value, param, ctx):
        try:
            return parse_enterprise_number(value)
        except InvalidIdentifier as exc:
            self.fail(str(exc), param, ctx)


def _parse_day(ctx: click.Context, param: click.Parameter, value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _day_option(*names: str, required: bool, help: str):
    return click.option(*names, type=click.DateTime(formats=["%Y-%m-%d"]), required=required,
                        callback=_parse_day, help=help)


def _print_contract(enterprise_number: str) -> None:
    from chalicelib.services import contracts

    organisation = contracts.load_organisation(enterprise_number)
    details = {
        "enterprise_number": format_enterprise_number(enterprise_number),
        "name": organisation.name,
        **contracts.contract_snapshot(organisation),
        "active_today": organisation.contract_active(clock.today_in_brussels()),
    }
    click.echo(json.dumps(details, ensure_ascii=False, indent=2))


def _run(action) -> None:
    """Bind the table, run `action`, and turn a refusal into a one-line error and exit code 1."""
    from chalicelib.store import connection

    connection.bind()
    try:
        action()
    except RemiError as error:
        raise click.ClickException(translate(error.code, _OPERATOR_LANGUAGE, **error.params)) from error


@click.group(name="contract")
def contract() -> None:
    """Record, end and show an OCMW's REMI contract."""


@contract.command(name="record")
@click.argument("enterprise_number", type=EnterpriseNumber())
@_day_option("--signed-on", required=True, help="Day the OCMW signed the contract, YYYY-MM-DD.")
@_day_option("--ends-on", required=False,
             help="Last day the contract is active, YYYY-MM-DD (inclusive); no end when omitted.")
def record(enterprise_number: str, signed_on: date, ends_on: date | None) -> None:
    """Record the signed contract; recording again replaces the dates."""
    from chalicelib.services import contracts

    def action() -> None:
        contracts.record_contract(enterprise_number, signed_on, ends_on)
        _print_contract(enterprise_number)

    _run(action)


@contract.command(name="end")
@click.argument("enterprise_number", type=EnterpriseNumber())
@_day_option("--on", "on", required=True, help="Last day the contract is active, YYYY-MM-DD (inclusive).")
def end(enterprise_number: str, on: date) -> None:
    """End the contract after the given day."""
    from chalicelib.services import contracts

    def action() -> None:
        contracts.end_contract(enterprise_number, on)
        _print_contract(enterprise_number)

    _run(action)


@contract.command(name="show")
@click.argument("enterprise_number", type=EnterpriseNumber())
def show(enterprise_number: str) -> None:
    """Print the contract dates and whether the contract is active today."""
    _run(lambda: _print_contract(enterprise_number))


COMMANDS: list[click.Command] = [contract]
