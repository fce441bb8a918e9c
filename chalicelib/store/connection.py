"""Binding the models to a table, and transactions on it.

pynamodb reads `Meta.table_name`, `Meta.host` and `Meta.region` when a model first opens
its connection and then caches that connection, so `bind()` sets them on the shared Meta
and drops every cached connection. It runs on the first request, not at import time,
because `chalice package` and the test client import app.py without the stage's environment.
"""

from __future__ import annotations

import threading

from pynamodb.connection import Connection
from pynamodb.transactions import TransactGet, TransactWrite

from chalicelib.settings import Settings, get_settings
from chalicelib.store.models import ALL_MODELS, RemiItem

_lock = threading.Lock()
_bound: tuple[str, str | None, str] | None = None
_connection: Connection | None = None


def bind(settings: Settings | None = None) -> None:
    """Point every model at the configured table and endpoint; cheap when already bound."""
    global _bound, _connection
    settings = settings or get_settings()
    target = (settings.table_name, settings.dynamodb_endpoint, settings.region)
    if _bound == target:
        return
    with _lock:
        RemiItem.Meta.table_name = settings.table_name
        RemiItem.Meta.host = settings.dynamodb_endpoint
        RemiItem.Meta.region = settings.region
        for model in ALL_MODELS:
            model._connection = None
        _connection = Connection(region=settings.region, host=settings.dynamodb_endpoint)
        _bound = target


def unbind() -> None:
    """Forget the binding, so the next `bind()` reads the settings again (tests)."""
    global _bound, _connection
    with _lock:
        _bound = None
        _connection = None


def connection() -> Connection:
    bind()
    assert _connection is not None
    return _connection


def transaction() -> TransactWrite:
    """Return a TransactWrite on the bound table, because pynamodb needs the connection passed explicitly."""
    return TransactWrite(connection=connection())


def transact_get() -> TransactGet:
    return TransactGet(connection=connection())


def create_table() -> None:
    """Create the table, its indexes and its TTL setting, unless it exists (local and tests)."""
    bind()
    if not RemiItem.exists():
        RemiItem.create_table(billing_mode="PAY_PER_REQUEST", wait=True)
    RemiItem.update_ttl(ignore_update_ttl_errors=True)
