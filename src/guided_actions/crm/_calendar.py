"""Calendar helpers shared by the workspaces: local days as instant ranges.

Calendar questions ("due today") are asked in the user's own zone.  These
helpers do the expensive pendulum work (``in_timezone`` ≈100 µs) once per
question, so hot loops only compare datetimes.
"""

from __future__ import annotations

import datetime as _dt

import pendulum

__all__ = ["local_day_bounds", "local_date", "to_pendulum"]


def to_pendulum(value: _dt.datetime) -> pendulum.DateTime:
    """The same instant as a ``pendulum.DateTime`` (kept in its own zone)."""
    if isinstance(value, pendulum.DateTime):
        return value
    return pendulum.instance(value)


def local_date(value: _dt.datetime, tz: str) -> _dt.date:
    """The calendar date of an instant in the zone ``tz``."""
    return to_pendulum(value).in_timezone(tz).date()


def local_day_bounds(now: _dt.datetime, tz: str, *, days_ahead: int = 0) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    """``[start, end)`` of the local day containing ``now`` in ``tz`` (shifted by ``days_ahead``).

    Days are calendar days: across a DST change a day is 23 or 25 hours long.
    """
    local = to_pendulum(now).in_timezone(tz)
    start = local.start_of("day")
    if days_ahead:
        start = start.add(days=days_ahead)
    return start, start.add(days=1)
