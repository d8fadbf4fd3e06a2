"""HTML tables for notebooks: pure functions from result values to escaped HTML text.

Jupyter shows an object through its ``_repr_html_`` method; the result classes
delegate to these functions (imported lazily, so the core never pays for them)
and a host can call them directly to put a table in its own page.  Every piece
of text that comes from data — titles, ids, property values, criterion labels
— goes through :func:`html.escape`, so a contact named ``<script>`` is shown,
never run.  Nothing here reads a clock or a file: times are printed as stored.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guided_actions.actions import Explanation, GuidedAction, Reconciliation
    from guided_actions.crm import Task
    from guided_actions.sales import TaskBuckets
    from guided_actions.success import HealthSummary, ScoreResult

__all__ = [
    "render_explanation",
    "render_health_summary",
    "render_reconciliation",
    "render_score_result",
    "render_task_buckets",
]

_TABLE = '<table class="guided-actions">'


def _text(value: object) -> str:
    """One cell's text: ``None`` as an empty cell, datetimes in ISO form, everything escaped."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return escape(value.isoformat())
    return escape(str(value))


def _table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    parts = [_TABLE, f"<caption>{escape(caption)}</caption>", "<thead><tr>"]
    parts += [f"<th>{escape(h)}</th>" for h in headers]
    parts.append("</tr></thead><tbody>")
    for row in rows:
        parts.append("<tr>" + "".join(f"<td>{_text(cell)}</td>" for cell in row) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _mark(holds: bool) -> str:
    return "✓" if holds else "✗"


def _action_row(change: str, action: GuidedAction) -> tuple[object, ...]:
    return (
        change,
        action.owner_id,
        action.type,
        action.subject,
        len(action.items),
        action.triggered_at,
        action.expiry_reason,
    )


def render_reconciliation(reconciliation: Reconciliation) -> str:
    """A table of every action a reconcile returned, one row each, grouped created/updated/expired/unchanged.

    The caption counts each group, so a notebook shows at a glance whether a
    second reconcile changed anything.
    """
    groups = (
        ("created", reconciliation.created),
        ("updated", reconciliation.updated),
        ("expired", reconciliation.expired),
        ("unchanged", reconciliation.unchanged),
    )
    caption = "Reconciliation: " + ", ".join(f"{len(actions)} {name}" for name, actions in groups)
    rows = [_action_row(name, action) for name, actions in groups for action in actions]
    headers = ("change", "owner", "type", "subject", "items", "triggered at", "expiry reason")
    return _table(caption, headers, rows)


def render_explanation(explanation: Explanation) -> str:
    """The explain checklist as a table: each criterion and condition with ✓ or ✗ and its description."""
    verdict = "would be created" if explanation.would_create else "would not be created"
    caption = f"{explanation.title} for {explanation.subject}, user {explanation.user_id}: {verdict}"
    rows: list[tuple[object, ...]] = [
        ("creation criterion (all must hold)", _mark(check.holds), check.name, check.description)
        for check in explanation.criteria
    ]
    rows += [
        ("expiration condition (none may hold)", _mark(check.holds), check.name, check.description)
        for check in explanation.conditions
    ]
    table = _table(caption, ("kind", "holds", "name", "description"), rows)
    if explanation.key is not None:
        table += f"<p>key: <code>{escape(explanation.key)}</code></p>"
    return table


def _task_rows(bucket: str, tasks: Iterable[Task]) -> list[tuple[object, ...]]:
    return [(bucket, task.id, task.title, task.priority, task.due_at) for task in tasks]


def render_task_buckets(buckets: TaskBuckets) -> str:
    """The three task queues (overdue, due today, due tomorrow) in one table, in queue order."""
    counts = buckets.counts
    caption = f"Tasks: {counts.overdue} overdue, {counts.due_today} due today, {counts.due_tomorrow} due tomorrow"
    rows = (
        _task_rows("overdue", buckets.overdue)
        + _task_rows("due today", buckets.due_today)
        + _task_rows("due tomorrow", buckets.due_tomorrow)
    )
    return _table(caption, ("bucket", "task", "title", "priority", "due at"), rows)


def render_health_summary(summary: HealthSummary) -> str:
    """The Summary tab's health card: count and share per status, then the ten-bucket distribution."""
    caption = f"Health of {summary.count} records, average score {summary.average:.1f}"
    status_rows = [(status.value, summary.counts[status], f"{summary.shares[status]:.0%}") for status in summary.counts]
    statuses = _table(caption, ("status", "records", "share"), status_rows)
    last = len(summary.distribution) - 1
    buckets = [
        (f"{10 * i}–{10 * i + 9}" if i < last else f"{10 * i}–100", n) for i, n in enumerate(summary.distribution)
    ]
    return statuses + _table("Score distribution", ("score", "records"), buckets)


def _criterion_label(criterion: object) -> str:
    """The criterion's own label, else what it looks at (an event type or the properties of its conditions)."""
    label = getattr(criterion, "label", "")
    if label:
        return str(label)
    event_type = getattr(criterion, "event_type", None)
    if event_type:
        return f"event {event_type}"
    names = [condition.property for condition in getattr(criterion, "conditions", ())]
    return ", ".join(names) if names else "baseline"


def render_score_result(result: ScoreResult) -> str:
    """A record's score broken down by group and criterion: what matched and how many points it gave."""
    caption = f"{result.record_id}: {result.score} ({result.status.value})"
    rows: list[tuple[object, ...]] = []
    for group in result.groups:
        rows.append((group.name, "", "", "", f"{group.points} / {group.max_points}"))
        for item in group.criteria:
            label = _criterion_label(item.criterion)
            rows.append(("", label, _mark(item.matched), item.count, item.points))
    return _table(caption, ("group", "criterion", "matched", "count", "points"), rows)
