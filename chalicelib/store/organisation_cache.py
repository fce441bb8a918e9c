"""A short-lived, per-process cache of organisation items.

The status check reads the contract state of every organisation a person belongs to on
each login. Caching it for `organisation_cache_seconds` (60 by default) brings that path
down to one DynamoDB request. A contract recorded or ended shows after at most that delay;
writes that depend on the contract check it again with a condition in their transaction.
"""

from __future__ import annotations

import threading
import time
from typing import Iterable

from chalicelib.settings import get_settings
from chalicelib.store.models import Organisation, organisation_key

_lock = threading.Lock()
# enterprise number -> (monotonic time stored, organisation or None when it does not exist)
_entries: dict[str, tuple[float, Organisation | None]] = {}


def get_many(enterprise_numbers: Iterable[str]) -> dict[str, Organisation]:
    """Return the organisations that exist among `enterprise_numbers`, with one BatchGetItem for the misses."""
    wanted = sorted(set(enterprise_numbers))
    max_age = get_settings().organisation_cache_seconds
    now = time.monotonic()
    found: dict[str, Organisation] = {}
    missing: list[str] = []
    with _lock:
        for number in wanted:
            entry = _entries.get(number)
            if entry is not None and now - entry[0] < max_age:
                if entry[1] is not None:
                    found[number] = entry[1]
            else:
                missing.append(number)
    if missing:
        fetched = {item.enterprise_number: item for item in Organisation.batch_get(
            [organisation_key(number) for number in missing])}
        with _lock:
            for number in missing:
                _entries[number] = (now, fetched.get(number))
        found.update(fetched)
    return found


def get(enterprise_number: str) -> Organisation | None:
    return get_many([enterprise_number]).get(enterprise_number)


def forget(enterprise_number: str) -> None:
    """Drop one entry, after this process changed that organisation."""
    with _lock:
        _entries.pop(enterprise_number, None)


def clear() -> None:
    with _lock:
        _entries.clear()
