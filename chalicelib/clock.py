"""The current time, and Belgian calendar dates.

Validity and expiry dates are calendar dates in Europe/Brussels: a role valid until
2026-03-31 works until 2026-04-01 00:00 in Brussels, whatever the daylight-saving offset.
All instants are timezone-aware UTC datetimes; the API shows them as ISO 8601 with `Z`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")

# Tests move time by replacing this function; everything else calls now().
_now_override: datetime | None = None


def now() -> datetime:
    if _now_override is not None:
        return _now_override
    return datetime.now(timezone.utc)


def set_now(moment: datetime | None) -> None:
    """Freeze the clock at `moment` (timezone-aware), or unfreeze it with None. Tests only."""
    global _now_override
    if moment is not None and moment.tzinfo is None:
        raise ValueError("set_now needs a timezone-aware datetime")
    _now_override = moment.astimezone(timezone.utc) if moment else None


def today_in_brussels(moment: datetime | None = None) -> date:
    return (moment or now()).astimezone(BRUSSELS).date()


def start_of_day(day: date) -> datetime:
    """Return the UTC instant at which `day` begins in Brussels."""
    return datetime.combine(day, time.min, tzinfo=BRUSSELS).astimezone(timezone.utc)


def end_of_day(day: date) -> datetime:
    """Return the UTC instant at which `day` ends in Brussels, which is the start of the next day."""
    return start_of_day(day + timedelta(days=1))


def is_within(valid_from: date, valid_until: date | None, moment: datetime | None = None) -> bool:
    """Return whether `moment` falls in the inclusive Brussels date range from..until (None = unlimited)."""
    today = today_in_brussels(moment)
    return valid_from <= today and (valid_until is None or today <= valid_until)


def isoformat(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"instant {text!r} has no timezone")
    return moment.astimezone(timezone.utc)
