"""The in-process AWS stand-ins, tables, FAS tokens and request counters the benchmark runs on.

The environment, the token minter and the way the FAS verifier is replaced come from the
functional tests (tests/conftest.py). moto serves DynamoDB and KMS inside this process, and
the app trusts a development identity provider whose JWKS it reads without HTTP.
"""

from __future__ import annotations

import copy
import gc
import os
import time
from collections import Counter
from contextlib import ExitStack
from typing import Any, Callable

# Importing tests.conftest sets the test environment (fake credentials, region, FAS issuer)
# before any boto3 client exists, so nothing here can reach a real AWS account.
from tests.conftest import TEST_ENVIRONMENT, TokenMinter

# Settings the benchmark needs on top of the test environment. Activation codes prepared
# before a timed loop must still be valid when the loop reaches them. The organisation
# cache must not expire in the middle of a warm-cache series; the cold series clears it.
BENCH_ENVIRONMENT = {
    "REMI_ACTIVATION_CODE_MINUTES": "60",
    "REMI_ORGANISATION_CACHE_SECONDS": "3600",
}


class BenchmarkError(RuntimeError):
    """A benchmark step returned something other than success, so its timings mean nothing."""


class AwsCalls:
    """AWS requests sent through botocore, counted by (service, operation), and the time spent in them.

    The time covers the whole client call: request serialization, moto's handling of the
    request in this process, and parsing the response. `seconds` is wall time and
    `cpu_seconds` the CPU time of this process.
    """

    def __init__(self) -> None:
        self.operations: Counter[tuple[str, str]] = Counter()
        self.seconds = 0.0
        self.cpu_seconds = 0.0

    def reset(self) -> None:
        self.operations.clear()
        self.seconds = 0.0
        self.cpu_seconds = 0.0

    def count(self, service: str) -> int:
        return sum(number for (name, _), number in self.operations.items() if name == service)

    def by_operation(self, service: str) -> dict[str, int]:
        return {operation: number for (name, operation), number in sorted(self.operations.items()) if name == service}


class TransactionCancellations:
    """Cancelled TransactWriteItems calls while moto's table backup is switched off."""

    def __init__(self) -> None:
        self.count = 0


class _SkipTableBackup:
    """Stands in for the `copy` module inside moto's DynamoDB backend.

    moto 5.2.5 deep-copies every table a transaction touches, once per action, so that it can
    restore the table when the transaction is cancelled. That costs time in proportion to the
    table's size (about 50 ms for 1,000 items on this machine), so a benchmark on moto would
    measure the copy instead of the app. With this stand-in, tables are not copied and every
    other deep copy works as before.
    """

    def __init__(self, table_type: type) -> None:
        self._table_type = table_type

    def deepcopy(self, value: Any, memo: dict[int, Any] | None = None) -> Any:
        if isinstance(value, self._table_type):
            return value
        return copy.deepcopy(value, memo)

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


class AwsStack:
    """moto in this process, the signing key, request counting and the FAS test identity provider."""

    def __init__(self, keep_moto_table_backup: bool = False) -> None:
        self.keep_moto_table_backup = keep_moto_table_backup
        self.calls = AwsCalls()
        self.cancellations = TransactionCancellations()
        self.minter: TokenMinter | None = None
        self._exit_stack = ExitStack()

    def __enter__(self) -> "AwsStack":
        os.environ.update(TEST_ENVIRONMENT)
        os.environ.update(BENCH_ENVIRONMENT)
        for name in ("REMI_DYNAMODB_ENDPOINT", "REMI_KMS_ENDPOINT"):
            os.environ.pop(name, None)

        from moto import mock_aws

        self._exit_stack.enter_context(mock_aws())
        self._count_requests()
        if not self.keep_moto_table_backup:
            self._skip_table_backup()
        self._create_signing_key()
        self.minter = self._trust_identity_provider()
        _silence_app_logs()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._exit_stack.close()

    def _count_requests(self) -> None:
        from botocore.client import BaseClient

        calls = self.calls
        original = BaseClient._make_api_call

        def timed_call(client: Any, operation_name: str, api_params: dict[str, Any]) -> Any:
            started = time.perf_counter()
            cpu_started = time.process_time()
            try:
                return original(client, operation_name, api_params)
            finally:
                calls.seconds += time.perf_counter() - started
                calls.cpu_seconds += time.process_time() - cpu_started
                calls.operations[(client.meta.service_model.service_name, operation_name)] += 1

        BaseClient._make_api_call = timed_call
        self._exit_stack.callback(setattr, BaseClient, "_make_api_call", original)

    def _skip_table_backup(self) -> None:
        import moto.dynamodb.models as backend_module
        from moto.dynamodb.exceptions import TransactionCanceledException
        from moto.dynamodb.models.table import Table

        backend_module.copy = _SkipTableBackup(Table)
        self._exit_stack.callback(setattr, backend_module, "copy", copy)

        # Without the backup a cancelled transaction keeps its earlier actions, so every
        # cancellation is counted and the benchmark stops (see check_no_cancellations).
        backend_class = backend_module.DynamoDBBackend
        original = backend_class.transact_write_items
        cancellations = self.cancellations

        def counted_transaction(backend: Any, transact_items: list[dict[str, Any]]) -> None:
            try:
                original(backend, transact_items)
            except TransactionCanceledException:
                cancellations.count += 1
                raise

        backend_class.transact_write_items = counted_transaction
        self._exit_stack.callback(setattr, backend_class, "transact_write_items", original)

    def check_no_cancellations(self) -> None:
        if self.cancellations.count:
            raise BenchmarkError(
                f"{self.cancellations.count} DynamoDB transaction(s) were cancelled while moto's table "
                "backup was off, so the table may hold partial writes; rerun with --keep-moto-table-backup "
                "to find the failing step"
            )

    def _create_signing_key(self) -> None:
        import boto3

        region = TEST_ENVIRONMENT["AWS_DEFAULT_REGION"]
        kms = boto3.client("kms", region_name=region)
        key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY",
                             Description="REMI vendor tokens (benchmark)")
        kms.create_alias(AliasName=TEST_ENVIRONMENT["REMI_SIGNING_KEY_ID"], TargetKeyId=key["KeyMetadata"]["KeyId"])

    def _trust_identity_provider(self) -> TokenMinter:
        """Make the app verify FAS ID tokens against a development identity provider, as the `fas` fixture does."""
        from chalicelib.api import context
        from chalicelib.identity.fas import FasSettings, FasTokenVerifier, JwksCache
        from chalicelib.settings import get_settings
        from devstack.identity_provider import DevIdentityProvider

        settings = get_settings()
        provider = DevIdentityProvider(settings.fas_issuer, settings.fas_client_id, None)
        fas_settings = FasSettings(
            issuer=settings.fas_issuer,
            audience=settings.fas_client_id,
            jwks_url=settings.fas_jwks_url,
            accepted_acr=settings.fas_accepted_acr,
            leeway_seconds=settings.fas_leeway_seconds,
        )
        jwks = JwksCache(settings.fas_jwks_url, fetch=lambda url, timeout: provider.jwks())
        verifier = FasTokenVerifier(fas_settings, jwks)
        original = context.fas_verifier
        context.fas_verifier = lambda: verifier
        self._exit_stack.callback(setattr, context, "fas_verifier", original)
        return TokenMinter(provider)


def _silence_app_logs() -> None:
    """Send the app's JSON log lines to /dev/null: they are still formatted and written, but not shown."""
    from chalicelib.logs import logger

    logger.registered_handler.setStream(open(os.devnull, "w"))


def use_table(name: str) -> None:
    """Point the app at table `name`, creating it when it does not exist yet."""
    from chalicelib.settings import reset_settings
    from chalicelib.store import connection

    os.environ["REMI_TABLE_NAME"] = name
    reset_settings()
    connection.unbind()
    connection.create_table()


def drop_table(name: str) -> None:
    """Delete table `name` from moto and release its memory."""
    import boto3

    boto3.client("dynamodb", region_name=TEST_ENVIRONMENT["AWS_DEFAULT_REGION"]).delete_table(TableName=name)
    gc.collect()


def without_garbage_collection(step: Callable[[], Any]) -> Any:
    """Run a bulk load with the cyclic garbage collector off, then move what it built out of later collections.

    Loading 100,000 items creates millions of objects. With the collector on, each full
    collection scans all of them, so the load slows down as the table grows. `gc.freeze()`
    afterwards keeps those objects out of the collections that run during timed requests.
    """
    gc.disable()
    try:
        return step()
    finally:
        gc.enable()
        gc.collect()
        gc.freeze()
