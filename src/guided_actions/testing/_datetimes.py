"""Aware datetimes for tests: pendulum and stdlib, in zones with and without DST, around a ``now``."""

from __future__ import annotations

import datetime as _dt
import zoneinfo
from collections.abc import Sequence

import pendulum
from hypothesis import strategies as st

__all__ = ["TIMEZONES", "aware_datetimes", "later", "near"]

TIMEZONES = (
    "UTC",
    "Europe/Berlin",
    "America/Los_Angeles",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
)
"""Zones the strategies draw from: DST north and south, half-hour and 30-minute-DST offsets, UTC."""


def _utc(value: _dt.datetime) -> _dt.datetime:
    """The same instant as a plain stdlib UTC datetime."""
    u = value.astimezone(_dt.UTC)
    return _dt.datetime(u.year, u.month, u.day, u.hour, u.minute, u.second, u.microsecond, tzinfo=_dt.UTC)


def _to_zone(value: _dt.datetime, zone: str, as_pendulum: bool) -> _dt.datetime:
    # Never a pendulum DateTime with a stdlib tzinfo: pendulum 3 drops such a tzinfo on ``+ timedelta``.
    if as_pendulum:
        return pendulum.instance(value).in_timezone(zone)
    return _utc(value).astimezone(zoneinfo.ZoneInfo(zone))


def later(start: _dt.datetime, duration: _dt.timedelta) -> _dt.datetime:
    """``start + duration``, in UTC when the zone's repeated hour would put it before ``start``.

    Python adds a timedelta to an aware datetime on the wall clock and drops
    ``fold``, and compares two datetimes that share a tzinfo by wall time: on the
    night clocks go back, 02:30 (second pass) + 15 minutes is 02:45 (first
    pass), an earlier instant.  The entities refuse an end before its start by
    instant, so such an end is given in UTC instead.
    """
    end = start + duration
    if end >= start and end.timestamp() >= start.timestamp():
        return end
    return _utc(start) + duration


def aware_datetimes(
    *,
    min_value: _dt.datetime = _dt.datetime(2000, 1, 1),  # noqa: DTZ001 - naive bounds, as Hypothesis wants them
    max_value: _dt.datetime = _dt.datetime(2040, 12, 31),  # noqa: DTZ001
    timezones: Sequence[str] = TIMEZONES,
) -> st.SearchStrategy[_dt.datetime]:
    """Aware datetimes, some ``pendulum.DateTime`` and some stdlib ``zoneinfo``, in several zones.

    Entities keep datetimes as given, so code under test must treat both kinds
    alike; DST zones (both hemispheres, and Lord Howe's 30-minute shift) bring
    ambiguous and skipped wall-clock hours into play.  Bounds are naive local
    wall times, as :func:`hypothesis.strategies.datetimes` takes them.
    """
    zones = st.sampled_from([zoneinfo.ZoneInfo(name) for name in timezones])
    local = st.datetimes(min_value, max_value, timezones=zones, allow_imaginary=False)
    return st.builds(lambda value, flavour: pendulum.instance(value) if flavour else value, local, st.booleans())


def near(now: _dt.datetime, *, timezones: Sequence[str] = TIMEZONES) -> st.SearchStrategy[_dt.datetime]:
    """Instants around ``now``: on the rules' windows (10 min, 1 h, 24 h, 7/14/30 days), either side, or between.

    The same instant is handed out in several zones and in both flavours, so a
    rule that compares wall times instead of instants is caught.
    """
    windows = [_dt.timedelta(minutes=10), _dt.timedelta(hours=1), _dt.timedelta(hours=24)]
    windows += [_dt.timedelta(days=d) for d in (7, 14, 30)]
    second = _dt.timedelta(seconds=1)
    edges = [_dt.timedelta(0)] + [
        sign * (w + nudge) for w in windows for sign in (1, -1) for nudge in (-second, 0 * second, second)
    ]
    offsets = st.sampled_from(edges) | st.integers(-40 * 86400, 40 * 86400).map(lambda s: _dt.timedelta(seconds=s))
    base = _utc(now)
    return st.builds(
        lambda offset, zone, flavour: _to_zone(base + offset, zone, flavour),
        offsets,
        st.sampled_from(timezones),
        st.booleans(),
    )
