"""Render a rep's sales workspace as text: summary, queues, schedule, feed, deals.

Run it with ``python examples/sales_workspace.py``.  The portal comes from
``guided_actions.testing.synthetic_portal`` around a fixed ``now`` (never the
clock), so the output is the same on every run.  A host would build the snapshot
from its own rows and render the same values as HTML instead.
"""

from __future__ import annotations

import datetime as _dt

import pendulum

from guided_actions.actions import ActionCategory
from guided_actions.crm import CrmSnapshot, User
from guided_actions.errors import AccessDenied
from guided_actions.sales import (
    DashboardAccess,
    activity_feed,
    add_dashboard,
    can_view_dashboard,
    contacts_with_meetings_today,
    deal_insights,
    deal_views,
    sales_summary,
    schedule,
    week_window,
)
from guided_actions.testing import synthetic_portal

NOW = pendulum.datetime(2026, 3, 25, 8, 30, tz="Europe/Berlin")  # Wednesday of the week clocks spring forward
SHOW = 4  # lines per list: enough to see the shape of each screen


def local(value: _dt.datetime, tz: str) -> str:
    """An instant as the rep reads it on their screen."""
    return pendulum.instance(value).in_timezone(tz).format("ddd DD MMM HH:mm")


def main() -> None:
    """Print one rep's workspace, then what a super admin and a colleague may see of it."""
    crm: CrmSnapshot = synthetic_portal(users=4, scale=0.05, seed=7, now=NOW)
    rep = next(u for u in crm.users if not u.super_admin and u.timezone == "Europe/Berlin")
    admin = next(u for u in crm.users if u.super_admin)
    colleague = next(u for u in crm.users if not u.super_admin and u.id != rep.id)
    tz = rep.timezone
    summary = sales_summary(crm, rep.id, now=NOW)

    print(f"== Sales workspace of {rep.id} at {local(NOW, tz)} ({tz}) ==")
    counts = summary.task_counts
    print(f"Tasks: {counts.overdue} overdue · {counts.due_today} due today · {counts.due_tomorrow} due tomorrow")
    for name, bucket in (("Overdue", summary.tasks.overdue), ("Due today", summary.tasks.due_today)):
        for task in bucket[:SHOW]:
            assert task.due_at is not None
            print(f"  {name:<10} {local(task.due_at, tz)}  [{task.priority.value:>6}] {task.title}")

    for card in summary.sequence_cards[:SHOW]:
        steps = ", ".join(f"step {group.step}: {len(group.tasks)}" for group in card.steps)
        print(f"Sequence {card.sequence_name or card.sequence_id}: {steps}")

    print("Guided actions:")
    for chip in (None, ActionCategory.DEAL, ActionCategory.PROSPECTING):
        actions = summary.actions(chip)
        label = "All" if chip is None else chip.value.capitalize()
        print(f"  {label:<12} {len(actions):>3}: {', '.join(sorted({a.type for a in actions}))}")

    print("Today:")
    for item in summary.schedule_today[:SHOW]:
        print(f"  {local(item.start, tz)}  {item.kind.value:<7} {item.title}")
    today_contacts = contacts_with_meetings_today(crm, rep.id, now=NOW)
    print(f"Contacts with meetings today: {len(today_contacts)}")

    start, end = week_window(NOW, tz)
    print(f"\nThis week: {local(start, tz)} to {local(end, tz)} ({(end - start).total_seconds() / 3600:.0f} hours)")
    print(f"{admin.id} (super admin) sees {rep.id}'s week, weekends hidden, as:")
    for item in schedule(crm, rep.id, viewer_id=admin.id, start=start, end=end, hide_weekends=True)[:SHOW]:
        print(f"  {local(item.start, tz)}  {item.kind.value:<7} {item.title} {item.contact_ids}")
    try:
        schedule(crm, rep.id, viewer_id=colleague.id, start=start, end=end)
    except AccessDenied as refused:
        print(f"{colleague.id} is refused: {refused}")

    print("\nFeed:")
    for group in activity_feed(crm, rep.id, now=NOW)[:SHOW]:
        flag = " [target account]" if group.target_account else ""
        kinds = ", ".join(e.kind.value for e in group.activities)
        print(f"  {group.contact_id}{flag}: {kinds}")

    print("\nDeals:")
    views = deal_views(crm, rep.id, now=NOW)
    for name, deals in views.items():
        print(f"  {name}: {len(deals)}")
    for deal in views["all_open"][:2]:
        for viewer in (rep, colleague):  # two reps, two views of the same deal
            insights = deal_insights(crm, deal.id, viewer_id=viewer.id, now=NOW)
            recent = ", ".join(e.id for e in insights.recent_activity)
            print(f"  {deal.name} as seen by {viewer.id}: recent [{recent}] risks [{', '.join(insights.risk_codes)}]")

    team = sorted(t.id for t in crm.teams)[0]
    dashboards = add_dashboard({}, "pipeline", DashboardAccess.teams(team), confirmed_view_access=True, known_teams=crm)
    viewers: list[User] = [u for u in crm.users if can_view_dashboard(u, dashboards["pipeline"])]
    print(f"\nDashboard 'pipeline' (team {team}) is visible to: {', '.join(u.id for u in viewers)}")


if __name__ == "__main__":
    main()
