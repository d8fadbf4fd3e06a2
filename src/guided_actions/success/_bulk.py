"""The Actions tab's bulk actions on selected tasks: complete, reopen, assign, edit, delete.

:func:`bulk_update_tasks` checks the whole request first and refuses it with
every problem at once (:class:`RequestRefused`), so either every selected task
changes or none does.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType

import attrs

from guided_actions.crm import CrmSnapshot, PropertyValue, Task, TaskPriority, TaskStatus, User
from guided_actions.errors import Problem
from guided_actions.success._common import did_you_mean, worded_problem
from guided_actions.success._refusals import RequestRefused

__all__ = ["BULK_PROBLEMS", "EDITABLE_TASK_PROPERTIES", "BulkAction", "bulk_update_tasks"]


class BulkAction(StrEnum):
    """What to do with the selected tasks."""

    COMPLETE = "complete"
    """Mark as completed: ``status=COMPLETED``, ``completed_at=now``."""
    INCOMPLETE = "incomplete"
    """Mark as not completed: ``status=NOT_STARTED``, ``completed_at`` cleared."""
    ASSIGN = "assign"
    """Give them to the user ``value`` (default: the acting user)."""
    EDIT = "edit"
    """Set ``property`` to ``value``."""
    DELETE = "delete"
    """Delete them (their ids come back as ``deleted_ids``)."""


BULK_PROBLEMS: Mapping[str, str] = MappingProxyType(
    {
        "missing_property": "editing tasks needs the property to update",
        "unknown_property": "tasks have no editable property {name!r}{hint}",
        "unknown_user": "{value!r} is not a user of this portal{hint}",
        "wrong_value_type": "{name!r} takes {expected}, got {value!r}",
    }
)


def _problem(code: str, path: str, **fields: object) -> Problem:
    return worded_problem(BULK_PROBLEMS, code, path, **fields)


def _enum_value(enum: type[StrEnum]) -> Callable[[object], object]:
    def parse(value: object) -> object:
        if isinstance(value, enum):
            return value
        if isinstance(value, str) and value in enum._value2member_map_:
            return enum(value)
        raise TypeError

    return parse


def _title(value: object) -> object:
    if isinstance(value, str):
        return value
    raise TypeError


def _due_at(value: object) -> object:
    if value is None or (isinstance(value, _dt.datetime) and value.utcoffset() is not None):
        return value
    raise TypeError


#: property -> (what it takes, in words; a parser that raises TypeError for a wrong value).
EDITABLE_TASK_PROPERTIES: Mapping[str, tuple[str, Callable[[object], object]]] = MappingProxyType(
    {
        "title": ("a string", _title),
        "priority": ("a TaskPriority", _enum_value(TaskPriority)),
        "status": ("a TaskStatus", _enum_value(TaskStatus)),
        "due_at": ("an aware datetime or None", _due_at),
    }
)


def _user_ids(users: CrmSnapshot | Iterable[User | str]) -> frozenset[str]:
    if isinstance(users, CrmSnapshot):
        return frozenset(user.id for user in users.users)
    return frozenset(user.id if isinstance(user, User) else user for user in users)


def _with_status(task: Task, status: TaskStatus, now: _dt.datetime) -> Task:
    if status is TaskStatus.COMPLETED:
        if task.status is TaskStatus.COMPLETED:
            return task
        return attrs.evolve(task, status=status, completed_at=now)
    return attrs.evolve(task, status=status, completed_at=None)


def bulk_update_tasks(
    tasks: Iterable[Task],
    action: BulkAction,
    *,
    by: User,
    now: _dt.datetime,
    users: CrmSnapshot | Iterable[User | str] = (),
    value: PropertyValue | TaskPriority | TaskStatus = None,
    property: str | None = None,
) -> tuple[tuple[Task, ...], tuple[str, ...]]:
    """Apply one bulk action to the selected tasks; returns ``(changed_tasks, deleted_ids)``.

    ``changed_tasks`` holds only tasks that actually changed (completing a task
    already completed keeps its ``completed_at``).  ``ASSIGN`` needs ``value`` to
    be the id of one of ``users`` (a snapshot, users or ids) and defaults to
    ``by``; ``EDIT`` needs ``property`` (``title``, ``priority``, ``status``,
    ``due_at``) and a ``value`` of its type.  A refused request raises
    :class:`RequestRefused` with every problem.
    """
    selected = tuple(tasks)
    action = BulkAction(action)
    problems: list[Problem] = []
    if action is BulkAction.DELETE:
        return (), tuple(dict.fromkeys(task.id for task in selected))
    changed: list[Task] = []
    if action is BulkAction.ASSIGN:
        assignee = by.id if value is None else value
        known = _user_ids(users)
        if not isinstance(assignee, str) or assignee not in known:
            hint = did_you_mean(assignee, known) if isinstance(assignee, str) else ""
            problems.append(_problem("unknown_user", "value", value=assignee, hint=hint))
            raise RequestRefused(problems)
        changed = [attrs.evolve(t, owner_id=assignee) for t in selected if t.owner_id != assignee]
    elif action is BulkAction.COMPLETE:
        changed = [_with_status(t, TaskStatus.COMPLETED, now) for t in selected if t.status is not TaskStatus.COMPLETED]
    elif action is BulkAction.INCOMPLETE:
        changed = [_with_status(t, TaskStatus.NOT_STARTED, now) for t in selected if t.status is TaskStatus.COMPLETED]
    else:
        changed = _edit(selected, property, value, now, problems)
    if problems:
        raise RequestRefused(problems)
    return tuple(changed), ()


def _edit(
    selected: tuple[Task, ...], name: str | None, value: object, now: _dt.datetime, problems: list[Problem]
) -> list[Task]:
    if name is None:
        problems.append(_problem("missing_property", "property"))
        return []
    spec = EDITABLE_TASK_PROPERTIES.get(name)
    if spec is None:
        problems.append(
            _problem("unknown_property", "property", name=name, hint=did_you_mean(name, EDITABLE_TASK_PROPERTIES))
        )
        return []
    expected, parse = spec
    try:
        parsed = parse(value)
    except TypeError:
        problems.append(_problem("wrong_value_type", "value", name=name, expected=expected, value=value))
        return []
    changed: list[Task] = []
    for task in selected:
        if getattr(task, name) == parsed:
            continue
        if name == "status":
            changed.append(_with_status(task, parsed, now))  # type: ignore[arg-type]
        else:
            changed.append(attrs.evolve(task, **{name: parsed}))  # type: ignore[arg-type]
    return changed
