"""The schedule tab: a user's meetings and tasks in a day, week or month window.

Windows are calendar windows in a timezone (a day across a DST change is 23 or
25 hours, a week is seven local days starting Monday, a month is a calendar
month), computed with pendulum once per call.  The items are then selected by
comparing instants.

Privacy: a super admin may look at another user's schedule, but only as busy
time — every meeting (and task) loses its title, associations and id; anyone
else is refused with :class:`~guided_actions.errors.AccessDenied`.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from typing import Literal

import attrs
import pendulum

from guided_actions.crm import Contact, CrmSnapshot, Meeting, ObjectType, Task
from guided_actions.crm._calendar import to_pendulum
from guided_actions.errors import AccessDenied, GuidedActionsError
from guided_actions.sales._common import as_utc, check_aware, check_timezone, require_user

__all__ = [
    "BUSY_TITLE",
    "HIDDEN_TASK_TITLE",
    "ScheduleItem",
    "contacts_with_meetings_today",
    "day_window",
    "month_window",
    "schedule",
    "week_window",
]

BUSY_TITLE = "Busy"
"""The title every meeting gets when someone other than its owner views the schedule."""
HIDDEN_TASK_TITLE = "Task"
"""The title every task gets when someone other than its owner views the schedule."""

_Unit = Literal["day", "week", "month"]


@attrs.frozen(kw_only=True)
class ScheduleItem:
    """One block on the schedule: a meeting (``start``–``end``) or a task (at ``due_at``).

    ``kind`` is ``ObjectType.MEETING`` or ``ObjectType.TASK``; a task's
    ``start`` and ``end`` are both its ``due_at``.  ``redacted`` is ``True`` when
    the viewer is not the owner: the item then carries only its kind and time
    (``title`` is :data:`BUSY_TITLE` or :data:`HIDDEN_TASK_TITLE`, no contact
    ids, and an ``id`` that only numbers the hidden items of this answer).
    """

    kind: ObjectType
    id: str
    title: str
    start: _dt.datetime
    end: _dt.datetime
    contact_ids: tuple[str, ...] = ()
    redacted: bool = False


def _window(
    now: _dt.datetime, tz: str | _dt.tzinfo, unit: _Unit, where: str
) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    check_aware(now, where=where, argument="now")
    tz = check_timezone(tz, where=where)
    local = to_pendulum(now).in_timezone(tz)
    day = local.start_of("day")
    if unit == "day":
        return day, day.add(days=1)
    if unit == "week":
        # Monday first, whatever pendulum's global week start is set to.
        start = day.subtract(days=day.weekday()) if day.weekday() else day
        return start, start.add(days=7)
    start = local.start_of("month")
    return start, start.add(months=1)


def day_window(now: _dt.datetime, tz: str | _dt.tzinfo) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    """``[start, end)`` of the local day containing ``now`` in ``tz``, in that zone.

    Calendar arithmetic: the day of a DST change is 23 or 25 hours long.
    """
    return _window(now, tz, "day", "day_window")


def week_window(now: _dt.datetime, tz: str | _dt.tzinfo) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    """``[start, end)`` of the week (Monday 00:00 to the next Monday 00:00) containing ``now`` in ``tz``.

    Seven local days, not 168 hours: a week with a DST change is 167 or 169 hours.
    """
    return _window(now, tz, "week", "week_window")


def month_window(now: _dt.datetime, tz: str | _dt.tzinfo) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    """``[start, end)`` of the calendar month containing ``now`` in ``tz``, in that zone."""
    return _window(now, tz, "month", "month_window")


def _overlaps(item_start: _dt.datetime, item_end: _dt.datetime, start: _dt.datetime, end: _dt.datetime) -> bool:
    """Whether ``[item_start, item_end)`` overlaps ``[start, end)``; a point item must lie inside."""
    return item_start < end and (item_end > start or item_start >= start)


def _item_order(item: ScheduleItem) -> tuple[_dt.datetime, _dt.datetime, str, str]:
    return (item.start, item.end, item.kind.value, item.id)


def schedule(
    crm: CrmSnapshot,
    owner_id: str,
    *,
    viewer_id: str,
    start: _dt.datetime,
    end: _dt.datetime,
    hide_weekends: bool = False,
) -> tuple[ScheduleItem, ...]:
    """The meetings and open tasks of ``owner_id`` that overlap ``[start, end)``, sorted by start.

    A meeting is in the window when it overlaps it; a task when its ``due_at``
    lies in it (tasks without a due date and completed tasks are not on the
    schedule).  With ``hide_weekends``, items whose start falls on a Saturday or
    Sunday in the *owner's* timezone are left out.

    When ``viewer_id`` is not ``owner_id`` the viewer must be a super admin
    (anyone else gets :class:`~guided_actions.errors.AccessDenied`), and every
    item is redacted: meetings become :data:`BUSY_TITLE`, tasks
    :data:`HIDDEN_TASK_TITLE`, with no contact ids and a numbering id; only the
    time is kept.

    Raises :class:`~guided_actions.errors.GuidedActionsError` for an unknown
    owner or viewer, a naive ``start`` or ``end``, or ``start >= end``.
    """
    where = "schedule"
    owner = require_user(crm, owner_id, where=where, argument="owner_id")
    viewer = require_user(crm, viewer_id, where=where, argument="viewer_id")
    check_aware(start, where=where, argument="start")
    check_aware(end, where=where, argument="end")
    if start >= end:
        raise GuidedActionsError(
            f"schedule: start must be before end, got start={start.isoformat()} and end={end.isoformat()}"
        )
    redact = viewer.id != owner.id
    if redact and not viewer.super_admin:
        raise AccessDenied(
            f"schedule: user {viewer.id!r} may not view the schedule of {owner.id!r}; "
            "only a super admin may view another user's schedule"
        )
    lo, hi = as_utc(start), as_utc(end)  # converted once, compared many times
    items: list[ScheduleItem] = []
    meeting: Meeting
    for meeting in crm.owned_by(owner.id, ObjectType.MEETING):
        if _overlaps(meeting.start, meeting.end, lo, hi):
            items.append(
                ScheduleItem(
                    kind=ObjectType.MEETING,
                    id=meeting.id,
                    title=meeting.title,
                    start=meeting.start,
                    end=meeting.end,
                    contact_ids=meeting.contact_ids,
                )
            )
    task: Task
    for task in crm.owned_by(owner.id, ObjectType.TASK):
        due = task.due_at
        if due is not None and task.is_open and lo <= due < hi:
            items.append(
                ScheduleItem(
                    kind=ObjectType.TASK, id=task.id, title=task.title, start=due, end=due, contact_ids=task.contact_ids
                )
            )
    if hide_weekends:
        items = _without_weekends(items, owner.timezone)
    items.sort(key=_item_order)
    if redact:
        return tuple(_redacted(item, n) for n, item in enumerate(items, start=1))
    return tuple(items)


def _redacted(item: ScheduleItem, number: int) -> ScheduleItem:
    title = BUSY_TITLE if item.kind is ObjectType.MEETING else HIDDEN_TASK_TITLE
    return ScheduleItem(
        kind=item.kind, id=f"hidden-{number}", title=title, start=item.start, end=item.end, redacted=True
    )


def _without_weekends(items: list[ScheduleItem], tz: str) -> list[ScheduleItem]:
    """Drop items whose start is on a local Saturday or Sunday in ``tz``.

    The local days spanned by the items' starts are computed once (calendar
    arithmetic), then each item is placed by bisecting instants: no per-item
    ``in_timezone``.
    """
    if not items:
        return items
    first = min(item.start for item in items)
    last = max(item.start for item in items)
    day = to_pendulum(first).in_timezone(tz).start_of("day")
    day_ends: list[_dt.datetime] = []
    weekend: list[bool] = []
    while day <= last:
        following = day.add(days=1)
        day_ends.append(as_utc(following))
        weekend.append(day.weekday() >= 5)
        day = following
    return [item for item in items if not weekend[bisect.bisect_right(day_ends, item.start)]]


def contacts_with_meetings_today(crm: CrmSnapshot, user_id: str, *, now: _dt.datetime) -> tuple[Contact, ...]:
    """The contacts of the user's meetings that overlap the user's local today.

    "Contacts with meetings today" on the schedule tab: each contact once, in
    the order of their first meeting today (then contact id).  Contacts that the
    snapshot does not hold (``strict=False``) are left out.

    Raises :class:`~guided_actions.errors.GuidedActionsError` for an unknown
    user or a naive ``now``.
    """
    where = "contacts_with_meetings_today"
    user = require_user(crm, user_id, where=where)
    check_aware(now, where=where, argument="now")
    lo, hi = (as_utc(bound) for bound in day_window(now, user.timezone))
    meetings = sorted(
        (m for m in crm.owned_by(user.id, ObjectType.MEETING) if _overlaps(m.start, m.end, lo, hi)),
        key=lambda m: (m.start, m.id),
    )
    seen: dict[str, Contact] = {}
    for meeting in meetings:
        for contact_id in sorted(meeting.contact_ids):
            if contact_id not in seen:
                try:
                    seen[contact_id] = crm.contact(contact_id)
                except KeyError:
                    continue
    return tuple(seen.values())
