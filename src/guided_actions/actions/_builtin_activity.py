"""Built-in activity rules: meetings, calls and tasks of the day (rows 6, 7, 8, 12, 13)."""

from __future__ import annotations

import datetime as _dt

from guided_actions.actions._criteria import ASSIGNED_TO_YOU, CRITERIA_UNMET, NO_ITEMS
from guided_actions.actions._model import ActionType
from guided_actions.actions._rule import Candidate, Context, Criterion, Rule, Trigger, stamp
from guided_actions.crm import CallStatus, MeetingOutcome, ObjectType, TaskPriority, TaskStatus, User

__all__ = [
    "follow_up_meeting",
    "log_call_outcome",
    "log_meeting_outcome",
    "todays_high_priority_tasks",
    "upcoming_meeting_prep",
]

_HOUR = _dt.timedelta(hours=1)
_DAYS = _dt.timedelta(days=1)


def _meeting_key(ctx: Context, c: Candidate) -> str:
    return str(c.record.id)


def _end_trigger(ctx: Context, c: Candidate) -> Trigger:
    return Trigger(at=c.record.end)


def _not_canceled(ctx: Context, c: Candidate) -> bool:
    return c.record.outcome is not MeetingOutcome.CANCELED


NOT_CANCELED = Criterion(name="not_canceled", description="the meeting's outcome is not CANCELED", test=_not_canceled)


def _ended_recently(ctx: Context, c: Candidate) -> bool:
    return bool(c.record.end > ctx.ago(c.rule.window))


ENDED_RECENTLY = Criterion(
    name="ended_recently", description="the meeting ended less than {window} ago", test=_ended_recently
)


def _combined_key(ctx: Context, c: Candidate) -> str:
    first = c.items[0].id if c.items else "none"
    return f"{c.owner.id}/{first}"


# -- 6 ------------------------------------------------------------------------


def _started(ctx: Context, c: Candidate) -> bool:
    return bool(c.record.start <= ctx.now_utc)


def _follow_up_done(ctx: Context, c: Candidate) -> bool:
    tasks = ctx.crm.follow_up_tasks(c.record.id)
    return bool(tasks) and all(task.status is TaskStatus.COMPLETED for task in tasks)


def follow_up_meeting() -> Rule:
    """Row 6: a meeting of yours happened this week; follow up on it."""
    return Rule(
        type=ActionType.FOLLOW_UP_MEETING,
        title="Follow up on your meeting",
        subject=ObjectType.MEETING,
        criteria=(
            ASSIGNED_TO_YOU,
            Criterion(name="started", description="the meeting has started", test=_started),
            ENDED_RECENTLY,
            NOT_CANCELED,
        ),
        conditions=(
            CRITERIA_UNMET,
            Criterion(
                name="follow_up_done",
                description="the meeting has follow-up tasks and all are completed",
                test=_follow_up_done,
                done=True,
            ),
        ),
        key=_meeting_key,
        trigger=_end_trigger,
        window=7 * _DAYS,
    )


# -- 7 ------------------------------------------------------------------------


def _ended_a_while_ago(ctx: Context, c: Candidate) -> bool:
    return bool(c.record.end <= ctx.ago(c.rule.delay))


def _outcome_unlogged(ctx: Context, c: Candidate) -> bool:
    return c.record.outcome is None or c.record.outcome is MeetingOutcome.SCHEDULED


def log_meeting_outcome() -> Rule:
    """Row 7 (combined): your meetings of this week whose outcome is still unlogged."""
    return Rule(
        type=ActionType.LOG_MEETING_OUTCOME,
        title="Log meeting outcome",
        subject=ObjectType.MEETING,
        combined=True,
        criteria=(
            ASSIGNED_TO_YOU,
            Criterion(
                name="ended_a_while_ago",
                description="at least {delay} since the meeting ended",
                test=_ended_a_while_ago,
            ),
            ENDED_RECENTLY,
            Criterion(
                name="outcome_unlogged", description="the outcome is not set or SCHEDULED", test=_outcome_unlogged
            ),
        ),
        conditions=(NO_ITEMS,),
        key=_combined_key,
        trigger=_end_trigger,
        delay=_HOUR,
        window=7 * _DAYS,
    )


# -- 8 ------------------------------------------------------------------------


def _started_a_while_ago(ctx: Context, c: Candidate) -> bool:
    return bool(c.record.started_at <= ctx.ago(c.rule.delay))


def _started_recently(ctx: Context, c: Candidate) -> bool:
    return bool(c.record.started_at > ctx.ago(c.rule.window))


def _call_completed(ctx: Context, c: Candidate) -> bool:
    status = c.record.status
    if c.record.via_calling:
        return status is CallStatus.COMPLETED
    return status is None or status is CallStatus.COMPLETED


def _call_outcome_blank(ctx: Context, c: Candidate) -> bool:
    return not c.record.outcome_logged


def _call_trigger(ctx: Context, c: Candidate) -> Trigger:
    return Trigger(at=c.record.started_at)


def log_call_outcome() -> Rule:
    """Row 8 (combined): your completed calls of this week with no outcome logged."""
    return Rule(
        type=ActionType.LOG_CALL_OUTCOME,
        title="Log call outcome",
        subject=ObjectType.CALL,
        combined=True,
        criteria=(
            ASSIGNED_TO_YOU,
            Criterion(
                name="started_a_while_ago",
                description="at least {delay} since the call started",
                test=_started_a_while_ago,
            ),
            Criterion(
                name="call_completed",
                description="status is COMPLETED (or, for a call not made with the CRM's calling, not set)",
                test=_call_completed,
            ),
            Criterion(name="outcome_blank", description="no call outcome is logged", test=_call_outcome_blank),
            Criterion(
                name="started_recently", description="the call started less than {window} ago", test=_started_recently
            ),
        ),
        conditions=(NO_ITEMS,),
        key=_combined_key,
        trigger=_call_trigger,
        delay=_HOUR,
        window=7 * _DAYS,
    )


# -- 12 -----------------------------------------------------------------------


def _not_started_long_ago(ctx: Context, c: Candidate) -> bool:
    return bool(c.record.start > ctx.ago(c.rule.delay))


def _starts_soon(ctx: Context, c: Candidate) -> bool:
    return bool(c.record.start <= ctx.ahead(c.rule.window))


def _meeting_started(ctx: Context, c: Candidate) -> bool:
    return bool(c.record.start <= ctx.ago(c.rule.delay))


def _canceled_or_moved(ctx: Context, c: Candidate) -> bool:
    return c.record.outcome is MeetingOutcome.CANCELED or c.record.start > ctx.ahead(c.rule.window)


def upcoming_meeting_prep() -> Rule:
    """Row 12: prepare for a meeting of yours starting within the next day."""
    return Rule(
        type=ActionType.UPCOMING_MEETING_PREP,
        title="Upcoming meeting prep",
        subject=ObjectType.MEETING,
        criteria=(
            ASSIGNED_TO_YOU,
            Criterion(
                name="not_started_long_ago",
                description="less than {delay} have passed since the meeting started",
                test=_not_started_long_ago,
            ),
            Criterion(name="starts_soon", description="the meeting starts within {window}", test=_starts_soon),
            NOT_CANCELED,
        ),
        conditions=(
            Criterion(
                name="meeting_started",
                description="{delay} have passed since the meeting started",
                test=_meeting_started,
            ),
            Criterion(
                name="criteria_unmet",
                description="the meeting was canceled or moved more than {window} away",
                test=_canceled_or_moved,
            ),
        ),
        key=lambda ctx, c: f"{c.record.id}@{stamp(c.record.start)}",
        trigger=lambda ctx, c: Trigger(at=c.record.start),
        delay=10 * _dt.timedelta(minutes=1),
        window=24 * _HOUR,
    )


# -- 13 -----------------------------------------------------------------------


def _task_open(ctx: Context, c: Candidate) -> bool:
    return c.record.status is not TaskStatus.COMPLETED


def _high_priority(ctx: Context, c: Candidate) -> bool:
    return c.record.priority is TaskPriority.HIGH


def _due_today(ctx: Context, c: Candidate) -> bool:
    due = c.record.due_at
    if due is None:
        return False
    start, end = ctx.local_day(c.owner.timezone)
    return bool(start <= due < end)


def _today(ctx: Context, user: User) -> str:
    return ctx.local_date(user.timezone)


def todays_high_priority_tasks() -> Rule:
    """Row 13 (combined, one per local day): your open high-priority tasks due today."""
    return Rule(
        type=ActionType.TODAYS_HIGH_PRIORITY_TASKS,
        title="Today's high-priority tasks",
        subject=ObjectType.TASK,
        combined=True,
        criteria=(
            Criterion(name="task_open", description="the task is open", test=_task_open),
            ASSIGNED_TO_YOU,
            Criterion(name="high_priority", description="the task's priority is HIGH", test=_high_priority),
            Criterion(name="due_today", description="the task is due today in your time zone", test=_due_today),
        ),
        conditions=(NO_ITEMS,),
        key=lambda ctx, c: f"{c.owner.id}/{ctx.local_date(c.owner.timezone)}",
        trigger=lambda ctx, c: Trigger(at=c.record.due_at or ctx.now_utc),
        period=_today,
    )
