"""Task buckets: overdue, due today and due tomorrow, in the user's own timezone.

The summary tab shows three numbers and opens a queue for each; a queue is
simply a bucket's order.  "Today" is the user's local calendar day, so a task due
at 23:30 in Berlin is due *today* for its Berlin owner even though it is already
tomorrow in UTC.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import KeysView, Mapping
from typing import NamedTuple, SupportsIndex, overload

import attrs

from guided_actions.crm import CrmSnapshot, ObjectType, Task
from guided_actions.sales._common import check_aware, local_midnights, require_user, task_order

__all__ = ["TaskBuckets", "TaskCounts", "task_buckets"]


class TaskCounts(NamedTuple):
    """The three numbers of the summary tab: ``overdue``, ``due_today``, ``due_tomorrow``.

    A named tuple that also reads like a mapping, because hosts use both
    shapes: ``counts.due_today``, ``counts["due_today"]``, ``dict(counts)`` and
    ``overdue, today, tomorrow = counts`` all work, and it compares equal to the
    tuple ``(overdue, due_today, due_tomorrow)`` and to the dict with those keys.
    """

    overdue: int
    due_today: int
    due_tomorrow: int

    def keys(self) -> KeysView[str]:
        """The three bucket names, in order (what ``dict(counts)`` reads)."""
        return self._asdict().keys()

    def items(self) -> tuple[tuple[str, int], ...]:
        """``(bucket name, count)`` pairs, in order."""
        return tuple(zip(self._fields, self, strict=True))

    @overload
    def __getitem__(self, key: SupportsIndex) -> int: ...
    @overload
    def __getitem__(self, key: slice) -> tuple[int, ...]: ...
    @overload
    def __getitem__(self, key: str) -> int: ...
    def __getitem__(self, key: SupportsIndex | slice | str) -> int | tuple[int, ...]:
        if isinstance(key, str):
            if key not in self._fields:
                raise KeyError(key)
            return int(getattr(self, key))
        return tuple.__getitem__(self, key)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other)
        return tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return tuple.__hash__(self)


@attrs.frozen(kw_only=True)
class TaskBuckets:
    """A user's open tasks by local due date: ``overdue``, ``due_today``, ``due_tomorrow``.

    The buckets never overlap.  Each is sorted the way the task queue works
    through it: by ``due_at``, then priority (``HIGH`` first), then id.  Tasks
    without a due date, completed tasks and tasks due after tomorrow are in no
    bucket.
    """

    overdue: tuple[Task, ...] = ()
    due_today: tuple[Task, ...] = ()
    due_tomorrow: tuple[Task, ...] = ()

    def _repr_html_(self) -> str:
        """An HTML table, so notebooks show this result readably (escaped)."""
        from guided_actions._html import render_task_buckets

        return render_task_buckets(self)

    @property
    def counts(self) -> TaskCounts:
        """The three numbers the summary tab shows (see :class:`TaskCounts`)."""
        return TaskCounts(len(self.overdue), len(self.due_today), len(self.due_tomorrow))

    @property
    def total(self) -> int:
        """How many tasks are in the three buckets together."""
        return len(self.overdue) + len(self.due_today) + len(self.due_tomorrow)


def task_buckets(crm: CrmSnapshot, user_id: str, *, now: _dt.datetime) -> TaskBuckets:
    """Bucket the open tasks assigned to ``user_id`` by their local due date.

    The local date is taken in the user's ``timezone``: before today →
    ``overdue``; today (even if the hour has passed) → ``due_today``; tomorrow →
    ``due_tomorrow``.  The user's local midnights are computed once; each task is
    then placed by comparing instants, which is why this stays cheap for a rep
    with thousands of tasks.

    Raises :class:`~guided_actions.errors.GuidedActionsError` for an unknown
    user or a naive ``now``.
    """
    where = "task_buckets"
    user = require_user(crm, user_id, where=where)
    check_aware(now, where=where, argument="now")
    today, tomorrow, day_after = local_midnights(now, user.timezone, 2)
    overdue: list[Task] = []
    due_today: list[Task] = []
    due_tomorrow: list[Task] = []
    task: Task
    for task in crm.owned_by(user.id, ObjectType.TASK):
        due = task.due_at
        if due is None or not task.is_open or due >= day_after:
            continue
        if due < today:
            overdue.append(task)
        elif due < tomorrow:
            due_today.append(task)
        else:
            due_tomorrow.append(task)
    return TaskBuckets(
        overdue=tuple(sorted(overdue, key=task_order)),
        due_today=tuple(sorted(due_today, key=task_order)),
        due_tomorrow=tuple(sorted(due_tomorrow, key=task_order)),
    )
