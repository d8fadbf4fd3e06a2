"""Input checks and calendar helpers shared by the sales workspace modules.

Bad input is refused with a :class:`~guided_actions.errors.GuidedActionsError`
whose message names the function, the argument and the value, so a host sees at
once which call was wrong.  The calendar helpers do the expensive pendulum work
(``in_timezone`` ≈100 µs) once per call; the loops that follow only compare.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import zoneinfo
from collections.abc import Iterable

from guided_actions.crm import CrmSnapshot, Engagement, Meeting, MeetingOutcome, Task, TaskPriority, User
from guided_actions.crm._calendar import to_pendulum
from guided_actions.errors import GuidedActionsError

__all__ = [
    "PRIORITY_RANK",
    "as_utc",
    "check_aware",
    "check_timezone",
    "did_you_mean",
    "is_scheduled_meeting",
    "is_scheduled_task",
    "local_midnights",
    "require_user",
    "task_order",
]

#: HIGH first, then MEDIUM, LOW and NONE: the order of equal due times in a queue.
PRIORITY_RANK: dict[TaskPriority, int] = {
    TaskPriority.HIGH: 0,
    TaskPriority.MEDIUM: 1,
    TaskPriority.LOW: 2,
    TaskPriority.NONE: 3,
}

_FAR_FUTURE = _dt.datetime.max.replace(tzinfo=_dt.UTC)


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a close candidate exists, else an empty string."""
    close = difflib.get_close_matches(value, list(candidates), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def require_user(crm: CrmSnapshot, user_id: object, *, where: str, argument: str = "user_id") -> User:
    """The user ``user_id`` of the snapshot, or a clear error naming the call and argument."""
    if not isinstance(user_id, str) or not user_id:
        raise GuidedActionsError(f"{where}: {argument} must be a non-empty user id, got {user_id!r}")
    try:
        return crm.user(user_id)
    except KeyError:
        hint = did_you_mean(user_id, [u.id for u in crm.users])
        raise GuidedActionsError(f"{where}: unknown user {argument}={user_id!r}{hint}") from None


def check_aware(value: object, *, where: str, argument: str) -> _dt.datetime:
    """``value`` if it is a timezone-aware datetime; naive or non-datetime values are refused."""
    if not isinstance(value, _dt.datetime):
        raise GuidedActionsError(f"{where}: {argument} must be a timezone-aware datetime, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise GuidedActionsError(
            f"{where}: {argument} must be timezone-aware, got the naive datetime {value.isoformat()!r}"
        )
    return value


def check_timezone(tz: object, *, where: str) -> str:
    """The IANA name of ``tz`` (a name, a ``ZoneInfo`` or a pendulum ``Timezone``); anything else is refused.

    ``datetime.timezone.utc`` is taken as ``"UTC"``; other fixed offsets are
    refused because a calendar window needs the zone's DST rules, not an offset.
    """
    if isinstance(tz, zoneinfo.ZoneInfo) and tz.key:
        tz = tz.key
    elif tz is _dt.UTC:
        tz = "UTC"
    if not isinstance(tz, str) or not tz:
        raise GuidedActionsError(f"{where}: tz must be an IANA timezone name such as 'Europe/Berlin', got {tz!r}")
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise GuidedActionsError(f"{where}: unknown timezone {tz!r}") from None
    return tz


def as_utc(value: _dt.datetime) -> _dt.datetime:
    """The same instant as a stdlib datetime in ``datetime.UTC``: a cutoff that compares fast.

    Comparing two aware datetimes whose ``tzinfo`` differ asks both zones for
    their offset (≈1.4 µs with a pendulum zone); when both sides share
    ``datetime.UTC`` the comparison is ≈0.03 µs.  Hosts mostly store instants
    in UTC, so cutoffs are converted once per call and compared many times.
    """
    offset = value.utcoffset()
    assert offset is not None  # callers check awareness first
    return (
        _dt.datetime(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            tzinfo=_dt.UTC,
        )
        - offset
    )


def local_midnights(now: _dt.datetime, tz: str, count: int) -> tuple[_dt.datetime, ...]:
    """``count + 1`` consecutive local midnights in ``tz``, from the one starting ``now``'s day, as UTC cutoffs.

    Calendar arithmetic (``add(days=n)`` from the local start of day), so a day
    across a DST change is 23 or 25 hours long.  One ``in_timezone`` per call;
    the results are :func:`as_utc` values, made to be compared.
    """
    start = to_pendulum(now).in_timezone(tz).start_of("day")
    return (as_utc(start), *(as_utc(start.add(days=n)) for n in range(1, count + 1)))


def task_order(task: Task) -> tuple[bool, _dt.datetime, int, str]:
    """Sort key of a task queue: due time (undated last), priority HIGH first, id."""
    due = task.due_at
    return (due is None, _FAR_FUTURE if due is None else due, PRIORITY_RANK[task.priority], task.id)


def is_scheduled_meeting(engagement: Engagement, now: _dt.datetime) -> bool:
    """Whether ``engagement`` is a meeting starting after ``now`` that was not canceled."""
    return (
        isinstance(engagement, Meeting) and engagement.start > now and engagement.outcome is not MeetingOutcome.CANCELED
    )


def is_scheduled_task(engagement: Engagement, now: _dt.datetime) -> bool:
    """Whether ``engagement`` is an open task due after ``now``."""
    return (
        isinstance(engagement, Task)
        and engagement.is_open
        and engagement.due_at is not None
        and engagement.due_at > now
    )
