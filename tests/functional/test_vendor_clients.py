"""`remi-admin vendor ...` and the vendor service behind it, on moto."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from chalicelib.errors import BadRequest, Conflict, NotFound
from chalicelib.identity.secrets import hash_secret
from chalicelib.services import vendors
from chalicelib.store.models import RemiItem, VendorClient, vendor_key
from remi_admin.cli import cli

CLIENT_ID = re.compile(r"^client_id:\s+(remi-[0-9a-f]{20})$", re.MULTILINE)
CLIENT_SECRET = re.compile(r"^client_secret:\s+(\S+)$", re.MULTILINE)


@pytest.fixture
def runner(aws) -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *arguments: str):
    return runner.invoke(cli, list(arguments), catch_exceptions=False)


def register(runner: CliRunner, name: str = "CIPAL Schaubroeck") -> tuple[str, str]:
    result = run(runner, "vendor", "register", "--name", name, "--contact-email", "api@vendor.example")
    return CLIENT_ID.search(result.output).group(1), CLIENT_SECRET.search(result.output).group(1)


def test_register_prints_client_id(runner):
    result = run(runner, "vendor", "register", "--name", "CEVI", "--contact-email", "api@cevi.example")
    assert CLIENT_ID.search(result.output)


def test_register_prints_secret_of_256_bits(runner):
    _, secret = register(runner)
    assert len(secret) >= 43


def test_register_stores_only_secret_hash(runner):
    client_id, secret = register(runner)
    raw = RemiItem._get_connection().get_item(*vendor_key(client_id), consistent_read=True)
    assert secret not in json.dumps(raw)


def test_register_stores_hash_that_matches_secret(runner):
    client_id, secret = register(runner)
    assert VendorClient.get(*vendor_key(client_id)).secret_hash == hash_secret(secret)


def test_register_without_name_fails(runner):
    result = runner.invoke(cli, ["vendor", "register", "--contact-email", "api@vendor.example"])
    assert result.exit_code != 0


def test_register_with_invalid_email_fails(runner):
    result = runner.invoke(cli, ["vendor", "register", "--name", "CEVI", "--contact-email", "not-an-email"])
    assert result.exit_code == 1
    assert "contact_email" in result.output


def test_list_shows_registered_vendors(runner):
    first, _ = register(runner, "CIPAL Schaubroeck")
    second, _ = register(runner, "CEVI")
    output = run(runner, "vendor", "list").output
    assert [line.split("\t")[0] for line in output.splitlines()] == [second, first]


def test_list_never_shows_secrets(runner):
    _, secret = register(runner)
    assert secret not in run(runner, "vendor", "list").output


def test_disable_marks_vendor_disabled(runner):
    client_id, _ = register(runner)
    run(runner, "vendor", "disable", client_id)
    assert VendorClient.get(*vendor_key(client_id)).status == "disabled"


def test_enable_marks_vendor_active(runner):
    client_id, _ = register(runner)
    run(runner, "vendor", "disable", client_id)
    run(runner, "vendor", "enable", client_id)
    assert VendorClient.get(*vendor_key(client_id)).status == "active"


def test_disable_twice_fails(runner):
    client_id, _ = register(runner)
    run(runner, "vendor", "disable", client_id)
    result = runner.invoke(cli, ["vendor", "disable", client_id])
    assert result.exit_code == 1
    assert "already disabled" in result.output


def test_disable_unknown_vendor_fails(runner):
    result = runner.invoke(cli, ["vendor", "disable", "remi-unknown"])
    assert result.exit_code == 1
    assert "No vendor has client id remi-unknown" in result.output


def test_rotate_secret_prints_new_secret(runner):
    client_id, old_secret = register(runner)
    result = run(runner, "vendor", "rotate-secret", client_id)
    assert CLIENT_SECRET.search(result.output).group(1) != old_secret


def test_rotate_secret_stops_old_secret(runner):
    client_id, old_secret = register(runner)
    run(runner, "vendor", "rotate-secret", client_id)
    vendor = VendorClient.get(*vendor_key(client_id))
    assert vendors.client_secret_matches(vendor, old_secret) is False


def test_rotate_secret_accepts_new_secret(runner):
    client_id, _ = register(runner)
    new_secret = CLIENT_SECRET.search(run(runner, "vendor", "rotate-secret", client_id).output).group(1)
    vendor = VendorClient.get(*vendor_key(client_id))
    assert vendors.client_secret_matches(vendor, new_secret) is True


def test_rotate_secret_records_rotation_time(runner):
    client_id, _ = register(runner)
    run(runner, "vendor", "rotate-secret", client_id)
    assert VendorClient.get(*vendor_key(client_id)).secret_rotated_at is not None


def test_rotate_secret_of_unknown_vendor_fails(runner):
    result = runner.invoke(cli, ["vendor", "rotate-secret", "remi-unknown"])
    assert result.exit_code == 1


def test_service_register_rejects_blank_name(aws):
    with pytest.raises(BadRequest) as raised:
        vendors.register_vendor("  ", "api@vendor.example")
    assert raised.value.code == "field_missing"


def test_service_register_rejects_long_name(aws):
    with pytest.raises(BadRequest) as raised:
        vendors.register_vendor("x" * 101, "api@vendor.example")
    assert raised.value.code == "field_invalid"


def test_service_client_id_has_remi_prefix(aws):
    vendor, _ = vendors.register_vendor("CEVI", "api@cevi.example")
    assert re.match(r"^remi-[0-9a-f]{20}$", vendor.client_id)


def test_service_get_unknown_vendor_is_not_found(aws):
    with pytest.raises(NotFound) as raised:
        vendors.get_vendor("remi-unknown")
    assert raised.value.code == "vendor_not_found"


def test_service_enable_active_vendor_is_conflict(aws):
    vendor, _ = vendors.register_vendor("CEVI", "api@cevi.example")
    with pytest.raises(Conflict) as raised:
        vendors.enable_vendor(vendor.client_id)
    assert raised.value.code == "vendor_already_active"


def test_unknown_vendor_never_matches_a_secret(aws):
    assert vendors.client_secret_matches(None, "anything") is False
