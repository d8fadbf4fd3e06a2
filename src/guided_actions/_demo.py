"""The embedded demo portal and the overview the ``demo`` command prints.

Pure: builds values and text, reads nothing.  The CLI prints what comes back.
The demo runs the whole library on one small, deterministic portal: for each
user the summary tab (task buckets, sequence cards, guided actions under their
filter chips, today's schedule), then a health summary of the customers.
"""

from __future__ import annotations

import pendulum

from guided_actions.actions import ActionCategory, GuidedAction, default_registry
from guided_actions.crm import CrmSnapshot, ObjectRef, ObjectType
from guided_actions.crm._calendar import to_pendulum
from guided_actions.sales import sales_summary
from guided_actions.success import calculate, default_health_score, engagement_events, summarize

__all__ = ["DEMO_NOW", "demo_portal", "render_overview"]

DEMO_NOW = pendulum.datetime(2026, 3, 4, 10, 30, tz="UTC")
"""The demo's fixed "now": Wednesday 4 March 2026, 10:30 UTC."""


def demo_portal() -> CrmSnapshot:
    """The embedded demo portal: a small, realistic, deterministic portal."""
    from guided_actions._portal import synthetic_portal

    return synthetic_portal(users=3, scale=0.05, seed=7, now=DEMO_NOW)


def _counts(crm: CrmSnapshot) -> list[str]:
    lines = ["Records per kind:"]
    lines += [f"  {name:<10} {count:>7}" for name, count in crm.counts().items()]
    return lines


def _user_section(crm: CrmSnapshot, user_id: str, now: pendulum.DateTime) -> list[str]:
    registry = default_registry()
    user = crm.user(user_id)
    summary = sales_summary(crm, user_id, now=now, registry=registry)
    counts = summary.task_counts
    lines = [
        f"== {user.email} ({user.timezone}) ==",
        f"  Tasks: {counts.overdue} overdue, {counts.due_today} due today, {counts.due_tomorrow} due tomorrow",
    ]
    if summary.sequence_cards:
        cards = ", ".join(
            f"{c.sequence_name or c.sequence_id} ({sum(len(s.tasks) for s in c.steps)})" for c in summary.sequence_cards
        )
        lines.append(f"  Sequences: {cards}")
    lines.append(f"  Today's schedule: {len(summary.schedule_today)} item(s)")
    for item in summary.schedule_today[:5]:
        lines.append(
            f"    {to_pendulum(item.start).in_timezone(user.timezone).format('HH:mm')}  {item.kind:<8} {item.title}"
        )
    lines.append(f"  Guided actions: {len(summary.guided_actions)}")
    rules = {rule.type: rule for rule in registry}
    chips: list[tuple[str, tuple[GuidedAction, ...]]] = [
        ("Deal-related", summary.actions(ActionCategory.DEAL)),
        ("Prospecting-related", summary.actions(ActionCategory.PROSPECTING)),
        ("Other (All only)", tuple(a for a in summary.guided_actions if rules[a.type].category is None)),
    ]
    for chip, actions in chips:
        lines.append(f"    {chip}: {len(actions)}")
        for action in actions[:6]:
            rule = rules[action.type]
            subject = action.subject
            extra = f" ({len(action.items)} items)" if rule.combined else ""
            lines.append(f"      - {rule.title}: {subject}{extra}")
        if len(actions) > 6:
            lines.append(f"      … and {len(actions) - 6} more")
    return lines


def _health_section(crm: CrmSnapshot, now: pendulum.DateTime) -> list[str]:
    score = default_health_score("companies", ("all-customers",))
    results = []
    for company in sorted(crm.companies, key=lambda c: c.id):
        events = engagement_events(crm, ObjectRef(ObjectType.COMPANY, company.id), now=now, include_contacts=True)
        results.append(calculate(score, company, events, now=now))
    summary = summarize(results)
    lines = [f"== Customer health ({summary.count} companies, default health score) =="]
    lines.append(f"  Average score: {summary.average:.1f}")
    for status, count in summary.counts.items():
        lines.append(f"  {status.value:<10} {count:>4}  ({summary.shares[status]:.0%})")
    lines.append("  Distribution: " + " ".join(str(n) for n in summary.distribution))
    return lines


def render_overview(crm: CrmSnapshot, *, now: pendulum.DateTime) -> str:
    """The demo's text: record counts, each user's summary tab, the customers' health."""
    lines = [f"Demo portal at {now.to_iso8601_string()}", ""]
    lines += _counts(crm)
    for user in sorted(crm.users, key=lambda u: u.id):
        lines.append("")
        lines += _user_section(crm, user.id, now)
    lines.append("")
    lines += _health_section(crm, now)
    return "\n".join(lines) + "\n"
